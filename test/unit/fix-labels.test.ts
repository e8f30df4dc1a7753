// Every fix id has its own label, in English and in Chinese (the report panel and lists name fixes by it).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FIX_IDS, fixLabel } from '../../src/core/classify/index.ts';
import { setLocale } from '../../src/core/l10n.ts';

test('every fix id has a distinct label in en and zh-cn', () => {
  try {
    setLocale('en');
    const en = FIX_IDS.map((id) => fixLabel(id));
    assert.equal(new Set(en).size, FIX_IDS.length, 'two fixes share a label');
    for (const [i, label] of en.entries()) {
      assert.ok(label.length > 3 && label !== FIX_IDS[i], `${FIX_IDS[i]}: "${label}"`);
    }
    setLocale('zh-cn');
    const zh = FIX_IDS.map((id) => fixLabel(id));
    for (const [i, label] of zh.entries()) {
      assert.notEqual(label, en[i], `${FIX_IDS[i]} is not translated`);
      assert.match(label, /[\u4e00-\u9fff]/, `${FIX_IDS[i]}: "${label}"`);
    }
  } finally {
    setLocale('en');
  }
});
