/** `gomod-doctor parse` through the built CLI: exit codes, the JSON contract, and a 1,000-require go.mod. */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

const root = new URL('../..', import.meta.url).pathname;
const cli = join(root, 'dist/cli.cjs');
let dir: string;

function run(args: string[]) {
  const r = spawnSync(process.execPath, [cli, 'parse', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('gomod-doctor parse', () => {
  before(() => {
    execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'ignore' });
    dir = mkdtempSync(join(tmpdir(), 'gmd-parse-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('exit 0 and schemaVersion 1 JSON for a valid go.mod', () => {
    const f = join(dir, 'go.mod');
    writeFileSync(f, 'module example.com/m\n\ngo 1.22\n\nrequire golang.org/x/text v0.14.0 // indirect\n');
    const r = run([f, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.equal(j.schemaVersion, 1);
    assert.equal(j.kind, 'go.mod');
    assert.deepEqual(j.require, [
      {
        path: {
          value: 'golang.org/x/text',
          range: { start: { line: 4, character: 8 }, end: { line: 4, character: 25 } },
        },
        version: {
          value: 'v0.14.0',
          range: { start: { line: 4, character: 26 }, end: { line: 4, character: 33 } },
        },
        indirect: true,
        range: { start: { line: 4, character: 0 }, end: { line: 4, character: 45 } },
      },
    ]);
  });

  test('exit 1 with every error printed, go.work chosen by name, --kind forces', () => {
    const f = join(dir, 'go.work');
    writeFileSync(f, 'go 1.22\nuse ./a\nrequire x v1.0.0\nuse\n');
    const r = run([f]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /go\.work:3:1: unknown directive: require/);
    assert.match(r.stdout, /go\.work:4:1: usage: use local\/dir/);
    assert.match(r.stdout, /use {7}\.\/a @2:1/);
    const asMod = run([f, '--kind', 'mod', '--json']);
    assert.equal(asMod.code, 1);
    assert.equal((JSON.parse(asMod.stdout) as { kind: string }).kind, 'go.mod');
  });

  test('exit 2 on usage errors, 3 on an unreadable file without a stack trace', () => {
    assert.equal(run([]).code, 2);
    assert.equal(run(['a', 'b']).code, 2);
    assert.equal(run(['x', '--kind', 'zip']).code, 2);
    const r = run([join(dir, 'missing', 'go.mod')]);
    assert.equal(r.code, 3);
    assert.match(r.stderr, /cannot read .*ENOENT/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });

  // How much CPU this costs (node start, bundle load, parse, JSON) is a benchmark figure (bench/micro.ts).
  test('a 1,000-require go.mod: all 1,000 requires in the JSON, in order, with their indirect marks', () => {
    const lines = ['module example.com/big', '', 'go 1.22', '', 'require ('];
    for (let i = 0; i < 1000; i++)
      lines.push(`\texample.com/dep${i}/v2 v2.${i}.0${i % 3 === 0 ? ' // indirect' : ''}`);
    lines.push(')', '');
    const f = join(dir, 'big', 'go.mod');
    execFileSync('mkdir', ['-p', join(dir, 'big')]);
    writeFileSync(f, lines.join('\n'));
    const r = run([f, '--json']);
    assert.equal(r.code, 0, r.stderr);
    type Spanned = { value: string };
    const req = (
      JSON.parse(r.stdout) as { require: { path: Spanned; version: Spanned; indirect: boolean }[] }
    ).require;
    assert.equal(req.length, 1000);
    assert.deepEqual(
      [req[0].path.value, req[0].version.value, req[999].path.value, req[999].version.value],
      ['example.com/dep0/v2', 'v2.0.0', 'example.com/dep999/v2', 'v2.999.0'],
    );
    assert.equal(req.filter((x) => x.indirect === true).length, 334);
  });
});
