/**
 * The modules whose versions the language server lists for a batch (src/server/versions.ts): the classifier says
 * which failures offer the change-version fix, unless a unit's saved result holds the same words of go's and
 * says so itself (then the failure is not classified again).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Prefetched, SavedFailures } from '../../src/core/download/batch.ts';
import { failureHash } from '../../src/core/download/saved.ts';
import { changeVersionModules } from '../../src/server/versions.ts';

const KEY = 'example.test/m@v9.9.9';
const UNKNOWN = 'example.test/m@v9.9.9: invalid version: unknown revision v9.9.9';
const AUTH =
  'example.test/m@v9.9.9: reading https://proxy.example/example.test/m/@v/v9.9.9.info: 401 Unauthorized';
const failedWith = (error: string): Prefetched =>
  new Map([[KEY, { Path: 'example.test/m', Version: 'v9.9.9', Error: error }]]);
const savedAs = (error: string, changeVersion: string): SavedFailures =>
  new Map([[KEY, { hash: failureHash(failedWith(error), KEY)!, changeVersion }]]);

test('without saved results the classifier decides: an unknown revision offers other versions, a 401 not', () => {
  assert.deepEqual(changeVersionModules(failedWith(UNKNOWN), '1.27'), ['example.test/m']);
  assert.deepEqual(changeVersionModules(failedWith(AUTH), '1.27'), []);
});

test('a saved result with the same words decides instead of the classifier, either way', () => {
  assert.deepEqual(changeVersionModules(failedWith(UNKNOWN), '1.27', savedAs(UNKNOWN, '')), []);
  assert.deepEqual(changeVersionModules(failedWith(AUTH), '1.27', savedAs(AUTH, 'example.test/m')), [
    'example.test/m',
  ]);
});

test('a saved result with other words, or units that disagree, leave it to the classifier', () => {
  assert.deepEqual(changeVersionModules(failedWith(UNKNOWN), '1.27', savedAs(AUTH, '')), ['example.test/m']);
  const disagree: SavedFailures = new Map([[KEY, undefined]]);
  assert.deepEqual(changeVersionModules(failedWith(UNKNOWN), '1.27', disagree), ['example.test/m']);
});
