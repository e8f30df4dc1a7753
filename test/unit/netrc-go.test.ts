// Issue 18, finding 5: after every .netrc fix, go's own reading of the file (goNetrcLines, checked against the
// real go in test/integration/netrc-go.test.ts) finds exactly the credentials written, and every other host's
// as before; values go could not read are refused.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { goNetrcLookup, NetrcValueError, upsertNetrcEntry } from '../../src/core/fix/netrc.ts';
import { generatedLayout, NAMED_LAYOUTS } from '../helpers/netrcLayouts.ts';

const T = 'git.corp.test';
const hosts = (text: string): string[] => [
  ...new Set([...text.matchAll(/machine\s+(\S+)/g)].map((m) => m[1]).filter((h) => h !== T)),
];

function check(layout: string): void {
  const before = layout.replace(/\bT\b/g, T);
  const after = upsertNetrcEntry(before, T, 'new-user', 'new-pass');
  assert.deepEqual(
    goNetrcLookup(after, T),
    { login: 'new-user', password: 'new-pass' },
    JSON.stringify(after),
  );
  for (const h of hosts(before)) assert.deepEqual(goNetrcLookup(after, h), goNetrcLookup(before, h), h);
}

describe('the .netrc writer agrees with go’s reading', () => {
  for (const [name, layout] of Object.entries(NAMED_LAYOUTS)) test(name, () => check(layout));
  test('2,000 generated layouts', () => {
    for (let seed = 1; seed <= 2000; seed++) {
      try {
        check(generatedLayout(seed));
      } catch (e) {
        assert.fail(`seed ${seed}: ${JSON.stringify(generatedLayout(seed))}: ${(e as Error).message}`);
      }
    }
  });
  test('go’s reading: pairs per line, macros end at an empty line only, nothing after a lone default', () => {
    assert.deepEqual(goNetrcLookup('machine h login u password macdef\n', 'h'), {
      login: 'u',
      password: 'macdef',
    });
    assert.equal(goNetrcLookup('macdef m\nx\r\n\r\nmachine h login u password p\n', 'h'), undefined);
    assert.deepEqual(goNetrcLookup('macdef m\nx\n\nmachine h login u password p\n', 'h'), {
      login: 'u',
      password: 'p',
    });
    assert.equal(goNetrcLookup('default\nmachine h login u password p\n', 'h'), undefined);
    assert.equal(goNetrcLookup('# machine h login u password p\n', 'h'), undefined);
    assert.deepEqual(goNetrcLookup('machine h\nlogin u\npassword p\n', 'h'), { login: 'u', password: 'p' });
    assert.deepEqual(goNetrcLookup('machine h login a password b\nmachine h login c password d\n', 'h'), {
      login: 'a',
      password: 'b',
    });
  });
  test('NUL, line breaks and control characters in values are refused', () => {
    for (const bad of ['a\u0000b', 'a\nb', 'a\rb', 'a\u0085b', 'a\u001bb', 'a\u2028b', 'a b', ''])
      assert.throws(() => upsertNetrcEntry('', T, bad, 'p'), NetrcValueError, JSON.stringify(bad));
    assert.throws(() => upsertNetrcEntry('', T, 'u', 'p\u0000'), NetrcValueError);
    assert.throws(() => upsertNetrcEntry('', `${T}\n`, 'u', 'p'), NetrcValueError);
  });
});
