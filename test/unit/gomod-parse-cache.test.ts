/** Unit tests of the shared go.mod parses (src/core/gomod/parseCache.ts): same results as parseGoMod. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseGoMod } from '../../src/core/gomod/parse.ts';
import { parseGoModShared } from '../../src/core/gomod/parseCache.ts';

const mod = (i: number, v = 'v1.0.0'): string =>
  `module example.com/m${i}\n\ngo 1.21\n\nrequire (\n\texample.com/a ${v}\n\texample.com/b v0.1.0 // indirect\n)\n`;

test('a shared parse equals a fresh one, and an identical text gets the same object', () => {
  const text = mod(1);
  const first = parseGoModShared(text);
  assert.deepEqual(first, parseGoMod(text));
  assert.equal(parseGoModShared(`${text}`.slice(0)), first);
  assert.equal(parseGoModShared(text.split('').join('')), first, 'equal content, another string');
});

test('another text gets its own parse (one character differs)', () => {
  const a = parseGoModShared(mod(2, 'v1.0.0'));
  const b = parseGoModShared(mod(2, 'v1.0.1'));
  assert.notEqual(a, b);
  assert.equal(b.require[0].version.value, 'v1.0.1');
  assert.deepEqual(b, parseGoMod(mod(2, 'v1.0.1')));
});

test('a text with errors is shared with its errors', () => {
  const text = 'module m\nrequire example.com/a\n';
  assert.deepEqual(parseGoModShared(text), parseGoMod(text));
  assert.ok(parseGoModShared(text).errors.length > 0);
});

test('past its budget the oldest parses go, and a large text is parsed but not kept', () => {
  const oldest = mod(3);
  const first = parseGoModShared(oldest);
  for (let i = 0; i < 6000; i++) parseGoModShared(mod(1000 + i));
  const again = parseGoModShared(oldest);
  assert.notEqual(again, first, 'evicted: parsed again');
  assert.deepEqual(again, first);
  const big = mod(4) + '// filler\n'.repeat(10_000);
  const p = parseGoModShared(big);
  assert.deepEqual(p, parseGoMod(big));
  assert.notEqual(parseGoModShared(big), p, 'not kept');
});
