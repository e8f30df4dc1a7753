import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { CheckCache, type CheckResult } from '../../src/core/download/check.ts';
import {
  cacheEntryStamp,
  cacheEntryStatus,
  escapeCasePath,
  unescapeCasePath,
} from '../../src/core/download/modcache.ts';

const ZIPHASH = 'h1:' + 'A'.repeat(43) + '=';

function populate(cache: string, path: string, version: string): string {
  const vdir = join(cache, 'cache/download', escapeCasePath(path), '@v');
  mkdirSync(vdir, { recursive: true });
  const v = escapeCasePath(version);
  writeFileSync(join(vdir, `${v}.info`), '{"Version":"' + version + '"}');
  writeFileSync(join(vdir, `${v}.mod`), `module ${path}\n`);
  writeFileSync(join(vdir, `${v}.zip`), 'PK');
  writeFileSync(join(vdir, `${v}.ziphash`), ZIPHASH);
  mkdirSync(join(cache, `${escapeCasePath(path)}@${v}`), { recursive: true });
  return vdir;
}

test('case escaping of module paths and versions', () => {
  assert.equal(escapeCasePath('github.com/BurntSushi/toml'), 'github.com/!burnt!sushi/toml');
  assert.equal(escapeCasePath('v1.0.0-RC1'), 'v1.0.0-!r!c1');
  assert.equal(unescapeCasePath('github.com/!burnt!sushi/toml'), 'github.com/BurntSushi/toml');
  assert.equal(unescapeCasePath('github.com/Bad'), undefined);
  assert.equal(unescapeCasePath('github.com/!1'), undefined);
});

test('a complete entry, and each way an entry is incomplete', async () => {
  const cache = mkdtempSync(join(tmpdir(), 'gmd-modcache-'));
  try {
    const path = 'example.test/Upper';
    const vdir = populate(cache, path, 'v1.0.0');
    assert.deepEqual(await cacheEntryStatus(cache, path, 'v1.0.0'), { complete: true, problems: [] });
    assert.equal(ZIPHASH.length, 47);

    writeFileSync(join(vdir, 'v1.0.0.partial'), '');
    assert.deepEqual((await cacheEntryStatus(cache, path, 'v1.0.0')).problems, ['v1.0.0.partial']);
    rmSync(join(vdir, 'v1.0.0.partial'));

    writeFileSync(join(vdir, 'v1.0.0.ziphash'), ZIPHASH.slice(0, 20) + '\0'.repeat(27));
    assert.deepEqual((await cacheEntryStatus(cache, path, 'v1.0.0')).problems, [
      'v1.0.0.ziphash (incomplete)',
    ]);
    writeFileSync(join(vdir, 'v1.0.0.ziphash'), ZIPHASH + '\n');
    assert.equal(
      (await cacheEntryStatus(cache, path, 'v1.0.0')).complete,
      false,
      '48 bytes is not a ziphash',
    );
    writeFileSync(join(vdir, 'v1.0.0.ziphash'), ZIPHASH);

    rmSync(join(vdir, 'v1.0.0.zip'));
    assert.deepEqual((await cacheEntryStatus(cache, path, 'v1.0.0')).problems, ['v1.0.0.zip']);
    writeFileSync(join(vdir, 'v1.0.0.zip'), 'PK');

    rmSync(join(cache, 'example.test/!upper@v1.0.0'), { recursive: true });
    assert.deepEqual((await cacheEntryStatus(cache, path, 'v1.0.0')).problems, ['extracted directory']);
    writeFileSync(join(cache, 'example.test/!upper@v1.0.0'), 'a file, not a directory');
    assert.deepEqual((await cacheEntryStatus(cache, path, 'v1.0.0')).problems, ['extracted directory']);

    const none = await cacheEntryStatus(cache, 'example.test/none', 'v0.1.0');
    assert.equal(none.complete, false);
    assert.equal(none.problems.length, 5);
    // The unescaped spelling is not what go writes: it does not count.
    assert.equal((await cacheEntryStatus(join(cache, 'nope'), path, 'v1.0.0')).complete, false);
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
});

test('the fingerprint of a verified entry changes with any file added, removed or replaced in its @v folder', async () => {
  const cache = mkdtempSync(join(tmpdir(), 'gmd-modcache-'));
  const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 15));
  try {
    const path = 'example.test/Upper';
    assert.equal(cacheEntryStamp(cache, path, 'v1.0.0'), undefined, 'no entry, no fingerprint');
    const vdir = populate(cache, path, 'v1.0.0');
    const first = cacheEntryStamp(cache, path, 'v1.0.0');
    assert.ok(first);
    await tick();
    assert.equal(cacheEntryStamp(cache, path, 'v1.0.0'), first, 'unchanged: the same');
    const changes: [string, () => void][] = [
      ['the .zip removed', () => rmSync(join(vdir, 'v1.0.0.zip'))],
      ['the .zip back', () => writeFileSync(join(vdir, 'v1.0.0.zip'), 'PK')],
      ['a .partial (a download under way)', () => writeFileSync(join(vdir, 'v1.0.0.partial'), '')],
      ['another version downloaded', () => writeFileSync(join(vdir, 'v1.1.0.info'), '{}')],
      [
        'the .mod replaced by a rename, as go writes',
        () => {
          writeFileSync(join(vdir, 'v1.0.0.mod.tmp'), 'module example.test/Upper\n');
          renameSync(join(vdir, 'v1.0.0.mod.tmp'), join(vdir, 'v1.0.0.mod'));
        },
      ],
    ];
    let before: string | undefined = first;
    for (const [what, change] of changes) {
      change();
      const now = cacheEntryStamp(cache, path, 'v1.0.0');
      assert.notEqual(now, before, what);
      before = now;
      await tick();
    }
    rmSync(join(cache, 'cache'), { recursive: true });
    assert.equal(cacheEntryStamp(cache, path, 'v1.0.0'), undefined, 'go clean -modcache');
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
});

test('the result cache: copies in and out, failures expire, successes stay', () => {
  const cache = new CheckCache({ failureTtlMs: 1000 });
  const ok: CheckResult = {
    findings: [],
    modules: [{ path: 'a', version: 'v1', status: 'ok' }],
    runs: [],
    fromCache: false,
  };
  const failed: CheckResult = {
    findings: [],
    modules: [{ path: 'b', version: 'v1', status: 'failed' }],
    runs: [],
    fromCache: false,
  };
  cache.setResult('ok', ok, 0);
  cache.setResult('failed', failed, 0);
  ok.modules[0].status = 'unknown';
  assert.equal(cache.getResult('ok', 10)?.modules[0].status, 'ok');
  assert.equal(cache.getResult('failed', 500)?.modules[0].status, 'failed');
  assert.equal(cache.getResult('failed', 2000), undefined);
  assert.equal(cache.getResult('ok', 1e9)?.modules[0].status, 'ok');
  assert.equal(cache.graphOk('g'), false);
  cache.setGraphOk('g');
  assert.equal(cache.graphOk('g'), true);
  cache.clear();
  assert.equal(cache.getResult('ok'), undefined);
});
