import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { DEFAULT_SETTINGS, normalizeSettings } from '../../src/server/settings.ts';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, { default: unknown; enum?: string[] }> } };
};
const props = pkg.contributes.configuration.properties;
const PREFIX = 'gomodDoctor.';
// Settings that only the VS Code client reads (the language client's own trace).
const CLIENT_ONLY = new Set(['gomodDoctor.trace.server']);

test('package.json and the server agree on every setting and its default', () => {
  const fromPkg = Object.keys(props).filter((k) => !CLIENT_ONLY.has(k));
  const fromCode = Object.keys(DEFAULT_SETTINGS).map((k) => PREFIX + k);
  assert.deepEqual([...fromPkg].sort(), [...fromCode].sort());
  for (const [key, value] of Object.entries(DEFAULT_SETTINGS)) {
    assert.deepEqual(props[PREFIX + key].default, value, `default of ${PREFIX + key}`);
  }
});

test('enum settings accept exactly the values package.json declares', () => {
  for (const [key, schema] of Object.entries(props)) {
    if (!schema.enum || CLIENT_ONLY.has(key)) continue;
    const short = key.slice(PREFIX.length);
    for (const v of schema.enum) {
      assert.equal((normalizeSettings({ [short]: v }) as unknown as Record<string, unknown>)[short], v);
    }
    assert.equal(
      (normalizeSettings({ [short]: 'not-a-value' }) as unknown as Record<string, unknown>)[short],
      schema.default,
    );
  }
});

test('every %key% in package.json has an English and a Chinese text', () => {
  const raw = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  const keys = [...raw.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]);
  for (const file of ['package.nls.json', 'package.nls.zh-cn.json']) {
    const nls = JSON.parse(readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8')) as Record<
      string,
      string
    >;
    for (const k of keys) assert.ok(typeof nls[k] === 'string' && nls[k] !== '', `${file} lacks ${k}`);
    for (const k of Object.keys(nls)) assert.ok(keys.includes(k), `${file} has unused ${k}`);
  }
});

test('bad values fall back to defaults field by field', () => {
  const s = normalizeSettings({ timeout: 'x', concurrency: 1000, env: { A: 1 }, enable: false });
  assert.equal(s.timeout, DEFAULT_SETTINGS.timeout);
  assert.equal(s.concurrency, 16);
  assert.deepEqual(s.env, {});
  assert.equal(s.enable, false);
});

test('number settings are integers in package.json, and the server clamps and rounds them to its bounds', () => {
  const numeric = Object.entries(props).filter(([, schema]) => typeof schema.default === 'number');
  assert.ok(numeric.length >= 2, 'timeout and concurrency at least');
  for (const [key, schema] of numeric) {
    const s = schema as { type?: string; minimum?: number; maximum?: number };
    assert.equal(s.type, 'integer', `${key} is typed integer`);
    assert.ok(Number.isInteger(s.minimum) && Number.isInteger(s.maximum), `${key} has integer bounds`);
    const short = key.slice(PREFIX.length);
    const read = (v: number): unknown =>
      (normalizeSettings({ [short]: v }) as unknown as Record<string, unknown>)[short];
    assert.equal(read(s.minimum! - 1), s.minimum, `${key} below its minimum`);
    assert.equal(read(s.maximum! + 1), s.maximum, `${key} above its maximum`);
    assert.equal(read(s.minimum! + 1.4), s.minimum! + 1, `${key} with a fraction`);
  }
});
