/** Unit tests of the one-require-changed shortcuts of the check: changedRequires, patchedParse, sumLinesOf. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { changedRequires, lastModuleOf, patchedParse, sumLinesOf } from '../../src/core/download/check.ts';
import { parseGoMod } from '../../src/core/gomod/parse.ts';

const repoRoot = new URL('../..', import.meta.url).pathname;
const K8S = readFileSync(join(repoRoot, 'test/data/gomod/kubernetes__kubernetes__go.mod'), 'utf8');

const BASE = [
  'module example.com/main',
  '',
  'go 1.22',
  '',
  'require example.com/a v1.2.3',
  'require (',
  '\texample.com/b v0.1.0 // indirect',
  '\texample.com/c v1.0.0-20230101000000-abcdefabcdef',
  '\t"example.com/q" v1.0.0',
  ')',
  'replace example.com/r => example.com/s v1.0.0',
  'require example.com/r v1.0.0',
  '',
].join('\n');

function last(text: string) {
  const parsed = parseGoMod(text);
  assert.deepEqual(parsed.errors, []);
  return lastModuleOf({ mode: 'module', mods: [{ path: '/x/go.mod', text, parsed }], sums: new Map() });
}

describe('changedRequires', () => {
  const l = last(BASE);
  test('only versions changed: the new versions', () => {
    const t = BASE.replace('example.com/a v1.2.3', 'example.com/a v1.10.0').replace('b v0.1.0', 'b v0.2.0');
    assert.deepEqual(changedRequires(l, t), [
      { path: 'example.com/a', version: 'v1.10.0' },
      { path: 'example.com/b', version: 'v0.2.0' },
    ]);
  });
  test('anything else changed, or a version that is not canonical: undefined', () => {
    for (const t of [
      BASE,
      BASE.replace('v1.2.3', 'v1.2'),
      BASE.replace('v1.2.3', 'latest'),
      BASE.replace('v1.2.3', 'v1.2.3 // x'),
      BASE.replace('// indirect', ''),
      BASE.replace('go 1.22', 'go 1.23'),
      BASE.replace('example.com/a v1.2.3', 'example.com/z v1.2.3'),
      BASE + 'require example.com/d v1.0.0\n',
      BASE.replace('example.com/r v1.0.0', 'example.com/r v1.1.0'), // replaced: not a shortcut
    ])
      assert.equal(changedRequires(l, t), undefined, t);
  });
});

describe('patchedParse', () => {
  const cases: [string, string, string][] = [
    ['longer', 'example.com/a v1.2.3', 'example.com/a v1.22.333'],
    ['shorter, before a comment', 'example.com/b v0.1.0 // indirect', 'example.com/b v0.9.0 // indirect'],
    ['pseudo-version to release', 'example.com/c v1.0.0-20230101000000-abcdefabcdef', 'example.com/c v1.0.1'],
    ['quoted path', '"example.com/q" v1.0.0', '"example.com/q" v1.0.0-rc.1'],
  ];
  for (const [name, from, to] of cases) {
    test(`equals a full parse: ${name}`, () => {
      const t = BASE.replace(from, to);
      const changed = changedRequires(last(BASE), t);
      assert.ok(changed, name);
      assert.deepEqual(patchedParse(last(BASE), changed, t), parseGoMod(t));
    });
  }
  test('equals a full parse: CRLF line ends, and the kubernetes go.mod with three versions changed', () => {
    const crlf = BASE.replace(/\n/g, '\r\n');
    const t1 = crlf.replace('v1.2.3', 'v1.2.4');
    assert.deepEqual(patchedParse(last(crlf), changedRequires(last(crlf), t1)!, t1), parseGoMod(t1));
    const lines = K8S.split('\n');
    const idx = lines.map((l, i) => (/^\t\S+ v\d+\.\d+\.\d+$/.test(l) ? i : -1)).filter((i) => i >= 0);
    assert.ok(idx.length > 10);
    for (const i of [idx[0], idx[5], idx[idx.length - 1]])
      lines[i] = lines[i].replace(/ (v\d+\.\d+\.)(\d+)$/, (_, mm: string, p: string) => ` ${mm}${+p + 1000}`);
    const t2 = lines.join('\n');
    const changed = changedRequires(last(K8S), t2);
    assert.equal(changed?.length, 3);
    assert.ok(changed);
    assert.deepEqual(patchedParse(last(K8S), changed, t2), parseGoMod(t2));
  });
  test('a version a require may not have on its own (wrong major version): no patch', () => {
    const t = BASE.replace('example.com/a v1.2.3', 'example.com/a v2.0.0');
    const changed = changedRequires(last(BASE), t);
    assert.ok(changed);
    assert.equal(patchedParse(last(BASE), changed, t), undefined);
    assert.ok(parseGoMod(t).errors.length > 0);
  });
});

describe('sumLinesOf', () => {
  test('the lines of exactly those modules, not of paths that contain them', () => {
    const sum = [
      'example.com/a v1.0.0 h1:aaa=',
      'example.com/a v1.0.0/go.mod h1:bbb=',
      'example.com/a/v2 v2.0.0 h1:ccc=',
      'x.example.com/a v1.0.0 h1:ddd=',
      'example.com/b v1.0.0/go.mod h1:eee=',
      'example.com/a v1.1.0/go.mod h1:fff=',
    ].join('\n');
    assert.equal(
      sumLinesOf(new Set(['example.com/a']), [sum]),
      'example.com/a v1.0.0 h1:aaa=\nexample.com/a v1.0.0/go.mod h1:bbb=\nexample.com/a v1.1.0/go.mod h1:fff=\n',
    );
    assert.equal(sumLinesOf(new Set(['example.com/b']), [sum]), 'example.com/b v1.0.0/go.mod h1:eee=\n');
    assert.equal(sumLinesOf(new Set(['example.com/none']), [sum]), '');
  });
});
