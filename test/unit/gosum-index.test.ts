/**
 * The go.sum lines of a check split once (src/core/gosum/index.ts), for the cache confirmation and the missing-lines step.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildSumIndex, sumFields, sumIndexOf } from '../../src/core/gosum/index.ts';

const H = `h1:${'A'.repeat(43)}=`;

test('the go.sum index keeps each path its lines as written and the keys of the h1 lines only', () => {
  const a = `ex.test/a v1.0.0 ${H}\n  ex.test/a\tv1.0.0/go.mod  ${H}  \n\nex.test/b v0.1.0 h2:other\n`;
  const ix = buildSumIndex([a, `ex.test/c v2.0.0/go.mod ${H}`]);
  assert.deepEqual(ix.byPath.get('ex.test/a'), [
    `ex.test/a v1.0.0 ${H}`,
    `  ex.test/a\tv1.0.0/go.mod  ${H}  `,
  ]);
  assert.deepEqual(ix.byPath.get('ex.test/b'), ['ex.test/b v0.1.0 h2:other']);
  assert.deepEqual([...ix.keys].sort(), [
    'ex.test/a v1.0.0',
    'ex.test/a v1.0.0/go.mod',
    'ex.test/c v2.0.0/go.mod',
  ]);
  assert.equal(ix.byPath.has(''), false);
});

test("a loaded world's go.sum texts are split once: the same map gives the same index", () => {
  const sums = new Map([['/m/go.sum', `ex.test/a v1.0.0 ${H}\n`]]);
  assert.equal(sumIndexOf(sums), sumIndexOf(sums));
  assert.notEqual(sumIndexOf(sums), sumIndexOf(new Map(sums)));
});

test('sumFields splits a line as trim().split(/\\s+/) does, up to four fields', () => {
  const pieces = [
    'a',
    'ex.test/m',
    'v1.0.0/go.mod',
    'h1:x=',
    ' ',
    '\t',
    '  ',
    '\u00a0',
    '\u2003',
    '\r',
    'é',
    '',
  ];
  let seed = 7;
  const next = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648);
  for (let n = 0; n < 20_000; n++) {
    let line = '';
    for (let k = next() % 9; k > 0; k--) line += pieces[next() % pieces.length];
    const want = line.trim() === '' ? [] : line.trim().split(/\s+/).slice(0, 4);
    assert.deepEqual(sumFields(line), want, JSON.stringify(line));
  }
});
