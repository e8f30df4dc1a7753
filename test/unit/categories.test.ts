import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CATEGORIES, STAGES, isCategory, isStage } from '../../src/core/categories.ts';

test('categories and stages are unique kebab-case ids', () => {
  for (const list of [CATEGORIES, STAGES]) {
    assert.equal(new Set(list).size, list.length);
    for (const id of list) assert.match(id, /^[a-z]+(-[a-z]+)*$/);
  }
  assert.ok(isCategory('sumdb'));
  assert.ok(!isCategory('SUMDB'));
  assert.ok(isStage('verify'));
  assert.ok(!isStage('dns'));
});
