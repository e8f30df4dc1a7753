/**
 * The module cache facts a batch across roots shares among its units (moduleFacts.ts): the same verdicts as
 * reading each unit's entries from the files (confirm.ts's file reader, synchronous or not) in every case an
 * entry can be in; each entry and go.mod read once for the whole batch; and the cached-graph walk with the
 * facts' go.mod reader agrees with the walk over the files.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { cachedGraphComplete, goModH1 } from '../../src/core/download/cachedGraph.ts';
import { fileEntryReader } from '../../src/core/download/confirm.ts';
import { escapeCasePath } from '../../src/core/download/modcache.ts';
import { ModuleFacts } from '../../src/core/download/moduleFacts.ts';

const base = mkdtempSync(join(tmpdir(), 'gmd-facts-'));
after(() => rmSync(base, { recursive: true, force: true }));
let n = 0;
const ZIPHASH = 'h1:' + 'Z'.repeat(43) + '=';

/** A complete entry of path@version with this go.mod; returns its @v folder. */
function entry(cache: string, path: string, version: string, mod = `module ${path}\n\ngo 1.19\n`): string {
  const vdir = join(cache, 'cache/download', escapeCasePath(path), '@v');
  mkdirSync(vdir, { recursive: true });
  writeFileSync(join(vdir, `${version}.info`), `{"Version":"${version}"}`);
  writeFileSync(join(vdir, `${version}.mod`), mod);
  writeFileSync(join(vdir, `${version}.zip`), 'PK');
  writeFileSync(join(vdir, `${version}.ziphash`), ZIPHASH);
  mkdirSync(join(cache, `${escapeCasePath(path)}@${version}`), { recursive: true });
  return vdir;
}

const modLine = (path: string, version: string, mod = `module ${path}\n\ngo 1.19\n`): string =>
  `${path} ${version}/go.mod ${goModH1(path, version, mod)}`;

test('facts and the files give the same verdict for every state of an entry and every go.sum', async () => {
  const cache = join(base, `c${n++}`);
  const p = 'example.test/Mixed';
  const cases: { what: string; setup: (vdir: string) => void; sum: string; ok: boolean }[] = [
    {
      what: 'complete, go.sum agrees',
      setup: () => {},
      sum: `${p} v1.0.0 ${ZIPHASH}\n${modLine(p, 'v1.0.0')}`,
      ok: true,
    },
    { what: 'complete, no go.sum line', setup: () => {}, sum: '', ok: true },
    { what: 'zip hash disagrees', setup: () => {}, sum: `${p} v1.0.0 h1:${'A'.repeat(43)}=`, ok: false },
    {
      what: 'go.mod hash disagrees',
      setup: () => {},
      sum: `${p} v1.0.0/go.mod h1:${'B'.repeat(43)}=`,
      ok: false,
    },
    {
      what: 'a .partial left',
      setup: (v) => writeFileSync(join(v, 'v1.0.0.partial'), ''),
      sum: '',
      ok: false,
    },
    { what: 'no .ziphash', setup: (v) => rmSync(join(v, 'v1.0.0.ziphash')), sum: '', ok: false },
    {
      what: 'a cut .ziphash',
      setup: (v) => writeFileSync(join(v, 'v1.0.0.ziphash'), 'h1:AA'),
      sum: '',
      ok: false,
    },
    { what: 'no .zip', setup: (v) => rmSync(join(v, 'v1.0.0.zip')), sum: '', ok: false },
    { what: 'no .info', setup: (v) => rmSync(join(v, 'v1.0.0.info')), sum: '', ok: false },
    {
      what: 'no extracted directory',
      setup: () => rmSync(join(cache, `${escapeCasePath(p)}@v1.0.0`), { recursive: true }),
      sum: '',
      ok: false,
    },
  ];
  for (const c of cases) {
    rmSync(cache, { recursive: true, force: true });
    c.setup(entry(cache, p, 'v1.0.0'));
    const verdicts = [
      new ModuleFacts(cache).confirm(p, 'v1.0.0', c.sum).ok,
      (await fileEntryReader(cache, true).confirm(p, 'v1.0.0', c.sum)).ok,
      (await fileEntryReader(cache, false).confirm(p, 'v1.0.0', c.sum)).ok,
    ];
    assert.deepEqual(verdicts, [c.ok, c.ok, c.ok], c.what);
  }
  const never = new ModuleFacts(cache).confirm('example.test/never', 'v0.1.0', '');
  assert.deepEqual(never, { ok: false }, 'a version never downloaded');
});

test('one read per entry for the whole batch: each unit compares its own go.sum lines with it', () => {
  const cache = join(base, `c${n++}`);
  const p = 'example.test/shared';
  const vdir = entry(cache, p, 'v1.0.0');
  const facts = new ModuleFacts(cache);
  const right = `${p} v1.0.0 ${ZIPHASH}\n${modLine(p, 'v1.0.0')}`;
  const first = facts.confirm(p, 'v1.0.0', right);
  assert.equal(first.ok, true);
  assert.ok(first.stamp, 'with the stamp of the entry, for the cache of later checks');
  // Read once: the batch's snapshot stands (the next batch, or a check of its own, reads the files again).
  rmSync(join(vdir, 'v1.0.0.zip'));
  assert.equal(facts.confirm(p, 'v1.0.0', right).ok, true);
  assert.equal(new ModuleFacts(cache).confirm(p, 'v1.0.0', right).ok, false);
  // Another unit's go.sum with a wrong line is still told, from the same facts.
  assert.equal(facts.confirm(p, 'v1.0.0', `${p} v1.0.0/go.mod h1:${'C'.repeat(43)}=`).ok, false);
});

test('prime reads the entries and go.mod files ahead (while the batch go runs), the same facts after', async () => {
  const cache = join(base, `c${n++}`);
  const mvs = Array.from({ length: 40 }, (_, i) => ({ path: `example.test/p${i}`, version: 'v1.0.0' }));
  const vdirs = mvs.map((mv) => entry(cache, mv.path, mv.version));
  const facts = new ModuleFacts(cache);
  await facts.prime([...mvs, { path: 'example.test/absent', version: 'v1.0.0' }]);
  // Read during prime: removing the files afterwards changes nothing in this batch's facts.
  for (const v of vdirs) rmSync(v, { recursive: true });
  for (const mv of mvs) {
    assert.equal(facts.confirm(mv.path, mv.version, modLine(mv.path, mv.version)).ok, true, mv.path);
    assert.equal(facts.goMod(mv)?.module?.value, mv.path);
  }
  assert.equal(facts.confirm('example.test/absent', 'v1.0.0', '').ok, false);
});

test('the cached-graph walk with the facts agrees with the walk over the files', async () => {
  const cache = join(base, `c${n++}`);
  entry(
    cache,
    'example.test/a',
    'v1.0.0',
    'module example.test/a\n\ngo 1.19\n\nrequire example.test/b v1.0.0\n',
  );
  entry(cache, 'example.test/b', 'v1.0.0', 'module example.test/b\n\ngo 1.20\n');
  entry(cache, 'example.test/c', 'v1.0.0', 'module example.test/other\n');
  entry(cache, 'example.test/d', 'v1.0.0', 'module example.test/d\n\ngo 1.30\n');
  entry(cache, 'example.test/e', 'v1.0.0', 'module example.test/e\n\nrequire example.test/gone v1.0.0\n');
  const cases: [string, string, boolean][] = [
    ['a requires b, both in the cache', 'example.test/a', true],
    ['c declares another path', 'example.test/c', false],
    ['d needs a newer go', 'example.test/d', false],
    ['e requires a module not in the cache', 'example.test/e', false],
  ];
  const facts = new ModuleFacts(cache);
  for (const [what, path, want] of cases) {
    const roots = [{ path, version: 'v1.0.0' }];
    assert.equal(await cachedGraphComplete(cache, roots, [], '1.21'), want, `files: ${what}`);
    assert.equal(await cachedGraphComplete(cache, roots, [], '1.21', facts.goMod), want, `facts: ${what}`);
  }
  // After a verdict the facts keep the go.mod they read (one parse per module for the whole batch).
  writeFileSync(join(cache, 'cache/download/example.test/b/@v/v1.0.0.mod'), 'module example.test/renamed\n');
  const ab = [{ path: 'example.test/a', version: 'v1.0.0' }];
  assert.equal(await cachedGraphComplete(cache, ab, [], '1.21', facts.goMod), true);
  assert.equal(await cachedGraphComplete(cache, ab, [], '1.21'), false);
});

test("what go reports it downloaded is taken from its report: go.sum is compared with go's hashes, no file read", () => {
  // An empty module cache: a fact that had to be read from the files would be incomplete.
  const cache = join(base, `c${n++}`);
  mkdirSync(cache, { recursive: true });
  const facts = new ModuleFacts(cache);
  const p = 'example.test/fresh';
  const mod = `module ${p}\n\ngo 1.19\n`;
  const modH1 = goModH1(p, 'v1.0.0', mod);
  facts.learnDownloads([
    { Path: p, Version: 'v1.0.0', Dir: join(cache, `${p}@v1.0.0`), Sum: ZIPHASH, GoModSum: modH1 },
    { Path: 'example.test/failed', Version: 'v1.0.0', Error: 'not found', Sum: ZIPHASH, GoModSum: modH1 },
    { Path: 'example.test/nodir', Version: 'v1.0.0', Sum: ZIPHASH, GoModSum: modH1 },
  ]);
  const lines = (zip: string, h1: string): string => `${p} v1.0.0 ${zip}\n${p} v1.0.0/go.mod ${h1}`;
  assert.equal(facts.confirm(p, 'v1.0.0', lines(ZIPHASH, modH1)).ok, true);
  assert.equal(facts.confirm(p, 'v1.0.0', lines('h1:' + 'Y'.repeat(43) + '=', modH1)).ok, false);
  assert.equal(facts.confirm(p, 'v1.0.0', lines(ZIPHASH, 'h1:' + 'X'.repeat(43) + '=')).ok, false);
  // A failure is incomplete (go had found no .zip for it); a report without the extracted tree says nothing of
  // the entry, which is read from the (empty) cache.
  assert.equal(
    facts.confirm('example.test/failed', 'v1.0.0', `example.test/failed v1.0.0 ${ZIPHASH}`).ok,
    false,
  );
  assert.equal(
    facts.confirm('example.test/nodir', 'v1.0.0', `example.test/nodir v1.0.0 ${ZIPHASH}`).ok,
    false,
  );
});
