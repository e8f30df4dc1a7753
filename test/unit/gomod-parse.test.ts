/** Unit tests of the go.mod / go.work grammar, ranges and errors (no go needed). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseGoMod, parseGoWork } from '../../src/core/gomod/parse.ts';
import type { Range } from '../../src/core/gomod/types.ts';

const R = (l1: number, c1: number, l2: number, c2: number): Range => ({
  start: { line: l1, character: c1 },
  end: { line: l2, character: c2 },
});
const messages = (text: string) => parseGoMod(text).errors.map((e) => e.message);

describe('go.mod directives', () => {
  test('module, go, toolchain, godebug (single and block)', () => {
    const f = parseGoMod(
      'module example.com/m\ngo 1.22.1\ntoolchain go1.23.0\ngodebug panicnil=1\ngodebug (\n\tx509sha1=1\n)\n',
    );
    assert.deepEqual(f.errors, []);
    assert.deepEqual(f.module, { value: 'example.com/m', range: R(0, 7, 0, 20) });
    assert.deepEqual(f.go, { value: '1.22.1', range: R(1, 3, 1, 9) });
    assert.equal(f.toolchain?.value, 'go1.23.0');
    assert.deepEqual(
      f.godebug.map((g) => [g.key.value, g.value.value]),
      [
        ['panicnil', '1'],
        ['x509sha1', '1'],
      ],
    );
    assert.deepEqual(f.godebug[1].key.range, R(5, 1, 5, 9));
    assert.deepEqual(f.godebug[1].value.range, R(5, 10, 5, 11));
  });

  test('require: single line, block, indirect, canonical versions, pseudo and +incompatible', () => {
    const f = parseGoMod(
      'module m\nrequire a.com/b v1.2 // indirect\nrequire (\n\tc.com/d v0.0.0-20200101000000-abcdefabcdef\n' +
        '\te.com/f v2.0.0+incompatible // indirect; used by tests\n\t"g.com/h/v3" v3.1.0 // not indirect\n)\n',
    );
    assert.deepEqual(f.errors, []);
    assert.deepEqual(
      f.require.map((r) => [r.path.value, r.version.value, r.indirect]),
      [
        ['a.com/b', 'v1.2.0', true],
        ['c.com/d', 'v0.0.0-20200101000000-abcdefabcdef', false],
        ['e.com/f', 'v2.0.0+incompatible', true],
        ['g.com/h/v3', 'v3.1.0', false],
      ],
    );
    assert.deepEqual(f.require[0].range, R(1, 0, 1, 32));
    assert.deepEqual(f.require[0].version.range, R(1, 16, 1, 20));
    assert.deepEqual(f.require[3].path.range, R(5, 1, 5, 13), 'quoted path range covers the quotes');
  });

  test('exclude, replace (module and local, with and without old version), retract, tool, ignore', () => {
    const f = parseGoMod(
      [
        'module m',
        'exclude a.com/b v1.0.0',
        'replace a.com/b => ../b',
        'replace (',
        '\ta.com/c v1.0.0 => b.com/c v1.1.0',
        '\t`x.com/y` => ./y',
        ')',
        '// Published by mistake.',
        'retract v1.0.1',
        'retract (',
        '\t[v1.1.0, v1.2.0] // broken build',
        '\tv1.3.0',
        ')',
        'tool golang.org/x/tools/cmd/stringer',
        'ignore ./node_modules',
        '',
      ].join('\n'),
    );
    // go rejects a back-quoted path, like go mod edit does.
    assert.deepEqual(
      f.errors.map((e) => e.message),
      ['invalid quoted string: unquoted string cannot contain quote'],
    );
    assert.deepEqual(f.errors[0].range, R(5, 1, 5, 10));
    assert.equal(f.exclude[0].version.value, 'v1.0.0');
    assert.equal(f.replace.length, 2);
    assert.equal(f.replace[0].local, true);
    assert.equal(f.replace[0].old.version, undefined);
    assert.deepEqual(f.replace[0].new.path, { value: '../b', range: R(2, 19, 2, 23) });
    assert.deepEqual(f.replace[1].old.version?.range, R(4, 9, 4, 15));
    assert.deepEqual(f.replace[1].new.version, { value: 'v1.1.0', range: R(4, 27, 4, 33) });
    assert.deepEqual(
      f.retract.map((r) => [r.low.value, r.high.value, r.interval, r.rationale]),
      [
        ['v1.0.1', 'v1.0.1', false, 'Published by mistake.'],
        ['v1.1.0', 'v1.2.0', true, 'broken build'],
        ['v1.3.0', 'v1.3.0', false, ''],
      ],
    );
    assert.equal(f.tool[0].path.value, 'golang.org/x/tools/cmd/stringer');
    assert.equal(f.ignore[0].path.value, './node_modules');
  });

  test('retract rationale from the block comment and deprecation from the module comment', () => {
    const f = parseGoMod(
      '// Deprecated: use example.com/new.\nmodule m\n\n// Bad releases.\nretract (\n\tv1.0.0\n\tv1.0.1\n)\n',
    );
    assert.equal(f.deprecated, 'use example.com/new.');
    assert.deepEqual(
      f.retract.map((r) => r.rationale),
      ['Bad releases.', 'Bad releases.'],
    );
  });

  test('double-quoted strings with escapes', () => {
    const f = parseGoMod('module "example.com/\\u006d"\n');
    assert.deepEqual(f.errors, []);
    assert.equal(f.module?.value, 'example.com/m');
  });
});

describe('line endings, BOM, tabs and UTF-16 ranges', () => {
  test('CRLF and tabs give the same entries and ranges as LF and spaces', () => {
    const lf = parseGoMod('module m\nrequire (\n    a.com/b v1.0.0 // indirect\n)\n');
    const crlf = parseGoMod('module m\r\nrequire (\r\n\t\t\t\ta.com/b v1.0.0 // indirect\r\n)\r\n');
    assert.deepEqual(crlf.errors, []);
    assert.deepEqual(crlf.require, lf.require);
    assert.deepEqual(crlf.require[0].range, R(2, 4, 2, 30), 'the comment ends before the \\r');
  });

  test('a BOM is skipped for positions and reported like go reports it', () => {
    const f = parseGoMod('\ufeffmodule m\ngo 1.21\n');
    assert.deepEqual(f.module?.range, R(0, 7, 0, 8));
    assert.equal(f.go?.value, '1.21');
    assert.deepEqual(
      f.errors.map((e) => e.message),
      ["unexpected input character '\\ufeff'"],
    );
  });

  test('non-BMP characters count two UTF-16 units', () => {
    const f = parseGoMod('module m // 😀😀\nrequire "a.com/😀" v1.0.0 // x\nrequire b.com/c v1.0.0 // 😀\n');
    assert.deepEqual(f.errors, []);
    assert.deepEqual(f.require[0].path.range, R(1, 8, 1, 18));
    assert.deepEqual(f.require[0].version.range, R(1, 19, 1, 25));
    assert.deepEqual(f.require[1].range, R(2, 0, 2, 28));
  });
});

describe('errors, positions and recovery', () => {
  test('go-style messages with positions; later lines still parsed', () => {
    const f = parseGoMod(
      'module m\nrequire a.com/b\nrequre c.com/d v1.0.0\nrequire e.com/f v1.x\nrequire g.com/h/v2 v1.0.0\nrequire ok.com/x v1.0.0\n',
    );
    assert.deepEqual(
      f.errors.map((e) => [e.range.start.line, e.range.start.character, e.message]),
      [
        [1, 0, 'usage: require module/path v1.2.3'],
        [2, 0, 'unknown directive: requre'],
        [3, 16, 'require e.com/f: version "v1.x" invalid: must be of the form v1.2.3'],
        [4, 19, 'require g.com/h/v2: version "v1.0.0" invalid: should be v2, not v1'],
      ],
    );
    assert.deepEqual(
      f.require.map((r) => r.path.value),
      ['ok.com/x'],
    );
  });

  test('lexical errors do not hide the rest of the file', () => {
    const f = parseGoMod(
      'module m\nrequire a.com/b v1.0.0 /* c */\nrequire "x.com/y v1.0.0\ngo 1.21\nrequire\u0007 z\nrequire ok.com/x v1.0.0\n',
    );
    assert.deepEqual(messages('require "x.com/y v1.0.0\n'), ['unexpected newline in string']);
    assert.deepEqual(
      f.errors.map((e) => e.message),
      [
        'mod files must use // comments (not /* */ comments)',
        'unexpected newline in string',
        "unexpected input character '\\a'",
      ],
    );
    assert.equal(f.go?.value, '1.21');
    assert.deepEqual(
      f.require.map((r) => r.path.value),
      ['ok.com/x'],
    );
  });

  test('identifiers: a comment start inside a word, punctuation and non-ASCII runes end or join it', () => {
    const inWord = parseGoMod('module m\nrequire a.com/b/*x*/ v1.0.0\n');
    assert.deepEqual(
      inWord.errors.map((e) => [e.message, e.range.start.character]),
      [['mod files must use // comments (not /* */ comments)', 15]],
    );
    // "//" ends the word: the rest of the line is a comment, so the require lacks its version.
    assert.deepEqual(
      parseGoMod('module m\nrequire c.com/d//e v1.0.0\n').errors.map((e) => e.message),
      ['usage: require module/path v1.2.3'],
    );
    const uni = parseGoMod('module m\nrequire example.com/ü v1.0.0\nrequire x.com/y,z v1.0.0\n');
    assert.equal(uni.require[0]?.version.value, 'v1.0.0');
    assert.deepEqual(
      [uni.require[0]?.path.range.start.character, uni.require[0]?.path.range.end.character],
      [8, 21],
    );
    assert.ok(!uni.errors.some((e) => e.message.startsWith('unexpected input character')));
    assert.ok(uni.errors.length > 0, 'a "," splits the second require into too many words');
  });

  test('blocks: unterminated, garbage after ")", unknown block types', () => {
    assert.deepEqual(messages('module m\nrequire (\n\ta.com/b v1.0.0\n'), [
      'syntax error (unterminated block started at go.mod:2:1)',
    ]);
    assert.deepEqual(messages('require (\n\ta.com/b v1.0.0\n) x\ngo 1.21\n'), [
      'syntax error (expected newline after closing paren)',
    ]);
    assert.deepEqual(messages('go (\n\t1.21\n)\nrequire a (\n)\n'), [
      'unknown block type: go',
      'unknown block type: require a',
    ]);
  });

  test('duplicates and versions the go command refuses', () => {
    assert.deepEqual(messages('module a\nmodule b\ngo 1.21\ngo 1.22\ngo 1.21.x\ntoolchain 1.21\n'), [
      'repeated module statement',
      'repeated go statement',
      'repeated go statement',
      "invalid toolchain version '1.21': must match format go1.23.0 or default",
    ]);
    assert.deepEqual(messages('go 1.21.x\n'), ["invalid go version '1.21.x': must match format 1.23.0"]);
    assert.deepEqual(
      messages('replace a.com/b => c.com/d\nreplace a.com/v1 => ../x\nreplace a.com/b => ./x v1.0.0\n'),
      [
        'replacement module without version must be directory path (rooted or starting with . or ..)',
        'replace a.com/v1: invalid module path',
        'replacement module directory path "./x" cannot have version',
      ],
    );
    assert.deepEqual(messages('retract [v1.0.0 v1.1.0]\nretract v1.0.0 extra\n'), [
      "expected ',' after version",
      'unexpected token after version: "extra"',
    ]);
  });
});

describe('go.work', () => {
  test('go, toolchain, godebug, use (single and block), replace', () => {
    const f = parseGoWork(
      'go 1.22\ntoolchain go1.22.1\ngodebug default=go1.21\nuse ./a\nuse (\n\t./b\n\t"../c d"\n)\nreplace x.com/y v1.0.0 => ../y\n',
    );
    assert.deepEqual(f.errors, []);
    assert.deepEqual(
      f.use.map((u) => u.path.value),
      ['./a', './b', '../c d'],
    );
    assert.deepEqual(f.use[2].path.range, R(6, 1, 6, 9));
    assert.equal(f.replace[0].old.version?.value, 'v1.0.0');
    assert.equal(f.godebug[0].key.value, 'default');
  });

  test('go.mod-only directives are unknown in go.work', () => {
    const f = parseGoWork('go 1.22\nmodule m\nrequire (\n)\n');
    assert.deepEqual(
      f.errors.map((e) => e.message),
      ['unknown directive: module', 'unknown block type: require'],
    );
  });
});

// How long 20,000 requires take to parse is a benchmark figure (bench/micro.ts), not a test.
test('never throws on hostile input; 20,000 requires all parsed', () => {
  const big = 'require (\n' + '\ta.com/b v1.0.0 // indirect\n'.repeat(20000) + ')\n';
  const parsed = parseGoMod(big);
  assert.equal(parsed.require.length, 20000);
  assert.deepEqual(parsed.errors, []);
  assert.equal(parsed.require[19999].range.start.line, 20000);
  for (const s of [
    '',
    '(',
    ')',
    '"',
    '`',
    '\\',
    '//',
    '/*',
    '\r',
    '\r\n\r\n',
    '\ud800',
    'require ( ( ) )',
    '[',
    '\u0000',
  ]) {
    assert.doesNotThrow(() => parseGoMod(s));
    assert.doesNotThrow(() => parseGoWork(s));
  }
});
