import assert from 'node:assert/strict';
import { test } from 'node:test';
import { localeFromEnv, normalizeLocale, setLocale, t } from '../../src/core/l10n.ts';

test('locales are recognised from editor and POSIX spellings', () => {
  assert.equal(normalizeLocale('zh-cn'), 'zh-cn');
  assert.equal(normalizeLocale('zh-Hans'), 'zh-cn');
  assert.equal(normalizeLocale('zh_CN.UTF-8'), 'zh-cn');
  assert.equal(normalizeLocale('en-US'), 'en');
  assert.equal(normalizeLocale(undefined), 'en');
  assert.equal(localeFromEnv({ LANG: 'zh_CN.UTF-8' }), 'zh-cn');
  assert.equal(localeFromEnv({ LC_ALL: 'C', LANG: 'zh_CN.UTF-8' }), 'en');
});

test('messages fall back to English and substitute arguments', () => {
  setLocale('en');
  assert.equal(t('{0} of {1} modules failed', 2, 5), '2 of 5 modules failed');
  setLocale('zh-cn');
  // A message with no translation yet falls back to the English text.
  assert.equal(t('an untranslated message {0}', 'x'), 'an untranslated message x');
  setLocale('en');
});
