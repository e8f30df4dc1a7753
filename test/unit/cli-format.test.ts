/** Pure parts of the CLI: option parsing, colour rules, GitHub escaping, grouping, cache-trust helpers. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseDiagnoseArgs } from '../../src/cli/commands/diagnose.ts';
import { UsageError } from '../../src/cli/exitCodes.ts';
import { escapeData, escapeProperty, workflowCommand } from '../../src/cli/format/github.ts';
import { displayPath, groupByCause, toLocation, type ReportFinding } from '../../src/cli/format/model.ts';
import { colorEnabled } from '../../src/cli/term.ts';
import { compareGoVersions, goModH1 } from '../../src/core/download/cachedGraph.ts';
import { buildModule } from '../harness/fixtures.ts';

describe('diagnose options', () => {
  test('defaults', () => {
    const a = parseDiagnoseArgs([]);
    assert.equal(a.dir, '.');
    assert.equal(a.format, 'text');
    assert.equal(a.timeoutSec, 120);
    assert.equal(a.offline, false);
    assert.equal(a.failOn, undefined);
  });
  test('values with = and with a separate argument; --json is --format json', () => {
    const a = parseDiagnoseArgs([
      '--format=sarif',
      '--timeout',
      '2.5',
      '--fail-on',
      'auth, not-found',
      'dir',
    ]);
    assert.equal(a.format, 'sarif');
    assert.equal(a.timeoutSec, 2.5);
    assert.deepEqual(a.failOn, ['auth', 'not-found']);
    assert.equal(a.dir, 'dir');
    assert.equal(parseDiagnoseArgs(['--json']).format, 'json');
  });
  test('usage errors', () => {
    for (const argv of [
      ['--format', 'yaml'],
      ['--timeout', '-1'],
      ['--timeout', '1e3'],
      ['--fail-on', 'nope'],
      ['--fail-on', ','],
      ['--go', ''],
      ['--lang', 'fr'],
      ['--probe=yes'],
      ['-q', '-v'],
      ['a', 'b'],
      ['--timeout'],
    ]) {
      assert.throws(() => parseDiagnoseArgs(argv), UsageError, argv.join(' '));
    }
  });
});

describe('colour', () => {
  const tty = { isTTY: true, write: () => undefined };
  const pipe = { isTTY: false, write: () => undefined };
  test('a TTY gets colour, a pipe does not', () => {
    assert.equal(colorEnabled(tty, {}), true);
    assert.equal(colorEnabled(pipe, {}), false);
    assert.equal(colorEnabled(tty, { TERM: 'dumb' }), false);
  });
  test('NO_COLOR wins; FORCE_COLOR forces, except 0/false', () => {
    assert.equal(colorEnabled(tty, { NO_COLOR: '1' }), false);
    assert.equal(colorEnabled(pipe, { FORCE_COLOR: '1' }), true);
    assert.equal(colorEnabled(pipe, { FORCE_COLOR: '1', NO_COLOR: 'x' }), false);
    assert.equal(colorEnabled(tty, { FORCE_COLOR: '0' }), false);
    assert.equal(colorEnabled(tty, { FORCE_COLOR: 'false' }), false);
    assert.equal(colorEnabled(tty, { NO_COLOR: '' }), true, 'an empty NO_COLOR does not count');
  });
});

describe('github workflow commands', () => {
  test('escaping of data and properties', () => {
    assert.equal(escapeData('50% done\r\nnext'), '50%25 done%0D%0Anext');
    assert.equal(escapeProperty('a:b,c%\n'), 'a%3Ab%2Cc%25%0A');
    assert.equal(
      workflowCommand('error', { file: 'sub dir/go.mod', line: 5, col: 2, title: 'x: y, z' }, 'one\ntwo: 3'),
      '::error file=sub dir/go.mod,line=5,col=2,title=x%3A y%2C z::one%0Atwo: 3',
    );
    assert.equal(workflowCommand('warning', { file: undefined }, 'm'), '::warning::m');
  });
});

describe('locations and grouping', () => {
  test('1-based locations relative to the base folder', () => {
    const loc = toLocation(
      '/w/repo/svc/go.mod',
      { start: { line: 5, character: 1 }, end: { line: 5, character: 20 } },
      '/w/repo',
    );
    assert.deepEqual(loc, { file: 'svc/go.mod', line: 6, column: 2, endLine: 6, endColumn: 21 });
    assert.equal(displayPath('/elsewhere/go.mod', '/w/repo'), '/elsewhere/go.mod');
  });
  test('one cause shared by two requires is one group with two places', () => {
    const base: ReportFinding = {
      category: 'not-found',
      stage: 'http',
      ruleId: 'r',
      summary: 's',
      evidence: [],
      fixes: [],
      module: 'm',
      version: 'v1.0.0',
    };
    const at = (line: number, requirePath: string): ReportFinding => ({
      ...base,
      requirePath,
      location: { file: 'go.mod', line, column: 2, endLine: line, endColumn: 9 },
    });
    const groups = groupByCause([at(6, 'a'), at(7, 'b'), { ...at(8, 'c'), category: 'auth' }]);
    assert.equal(groups.length, 2);
    assert.deepEqual(
      groups[0].locations.map((l) => l.line),
      [6, 7],
    );
    assert.deepEqual(groups[0].requirePaths, ['a', 'b']);
  });
});

describe('cache-trust helpers', () => {
  test('go versions compare numerically, pre-releases first', () => {
    assert.ok(compareGoVersions('1.99', '1.27.3') > 0);
    assert.ok(compareGoVersions('1.21', '1.21.0') === 0);
    assert.ok(compareGoVersions('1.22rc1', '1.22.0') < 0);
    assert.ok(compareGoVersions('1.9', '1.19') < 0);
  });
  test("goModH1 is go's go.sum hash of a go.mod (agrees with the harness fixtures' hash)", () => {
    const m = buildModule('example.test/h', { version: 'v1.2.3' });
    assert.equal(goModH1(m.path, m.version, m.mod), m.modH1);
  });
});
