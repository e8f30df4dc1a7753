/**
 * The go.sum of a batch's runs (src/core/download/batch.ts): only the lines every unit agrees on, and each run's
 * private go.sum only the lines of its own modules.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { agreedSumLines, chunkSums } from '../../src/core/download/batch.ts';

const a1 = 'example.com/a v1.0.0 h1:AAAA=';
const a1mod = 'example.com/a v1.0.0/go.mod h1:aaaa=';
const a2 = 'example.com/a v1.1.0 h1:A2A2=';
const b1 = 'example.com/b v1.0.0 h1:BBBB=';
const b1wrong = 'example.com/b v1.0.0 h1:XXXX=';
const c1 = 'example.com/c v1.0.0 h1:CCCC=';

test('agreedSumLines keeps the lines of the asked paths that no unit contradicts, by module path', () => {
  const units = [`${a1}\n${a1mod}\n${b1}\n${c1}\n`, `${a1}\n${a2}\n${b1wrong}\n`];
  const sums = agreedSumLines(new Set(['example.com/a', 'example.com/b']), units);
  assert.deepEqual([...sums.keys()].sort(), ['example.com/a']);
  assert.equal(sums.get('example.com/a'), `${a1}\n${a1mod}\n${a2}\n`);
});

test('chunkSums gives a run the lines of its own module paths once, whatever their versions', () => {
  const sums = agreedSumLines(new Set(['example.com/a', 'example.com/c']), [`${a1}\n${a2}\n${c1}\n`]);
  assert.equal(chunkSums(['example.com/a@v1.0.0', 'example.com/a@v1.1.0'], sums), `${a1}\n${a2}\n`);
  assert.equal(chunkSums(['example.com/c@v1.0.0', 'example.com/none@v0.1.0'], sums), `${c1}\n`);
  assert.equal(chunkSums([], sums), '');
});
