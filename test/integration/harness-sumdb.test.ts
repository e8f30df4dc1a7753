/**
 * The harness checksum database against the real go command: a real signed tree that go verifies
 * (also one large enough to need level-1 tiles, and served through a proxy's /sumdb/ path), the
 * 404/410 answers the public database gives for private paths, a record that disagrees with the
 * download, and a wrong key.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildModules, downloadErrors, parseJsonStream, type BuiltFixtures } from '../harness/fixtures.ts';
import { createGoProxy } from '../harness/goproxy.ts';
import { listen, openHandles, type Listening } from '../harness/http.ts';
import { createNoteSigner, createSumDB, type SumDB } from '../harness/sumdb.ts';
import { runGo, sandbox, toolchains, type Sandbox, type Toolchain } from '../helpers/go.ts';

const M = (name: string): string => `example.test/${name}`;
const PRIVATE_BODY =
  'not found: git.corp.example/team/x@v1.0.0: invalid version: git ls-remote -q origin in /tmp/gopath/pkg/mod/cache/vcs/abc: exit status 128:\n' +
  "\tfatal: could not read Username for 'https://git.corp.example': terminal prompts disabled\n";

let work: string;
let fx: BuiltFixtures;
let db: SumDB;
let big: SumDB;
const servers: Listening[] = [];
let proxyUrl: string;
let proxyWithDbUrl: string;
let dbUrl: string;
let bigUrl: string;
let proxyWithDb: ReturnType<typeof createGoProxy>;
let baseline: Record<string, number>;

before(async () => {
  baseline = openHandles();
  work = mkdtempSync(join(tmpdir(), 'gmd-harness-sumdb-'));
  fx = await buildModules(
    ['ok', 'private404', 'private410', 'badzip', 'badmod', 'big'].map((n) => ({
      path: M(n),
      versions: [{ version: 'v1.0.0' }],
    })),
    work,
  );
  db = createSumDB({ name: 'sum.test', modules: fx.modules.filter((m) => m.path !== M('big')) });
  db.faults.set(
    { module: M('private404'), route: 'lookup' },
    { kind: 'status', status: 404, body: PRIVATE_BODY },
  );
  db.faults.set(
    { module: M('private410'), route: 'lookup' },
    { kind: 'status', status: 410, body: 'gone\nfor good\n' },
  );
  const badZip = fx.goSumLines(M('ok'), 'v1.0.0')[0].split(' ')[2];
  db.setRecord(M('badzip'), 'v1.0.0', [
    `${M('badzip')} v1.0.0 ${badZip}`,
    fx.goSumLines(M('badzip'), 'v1.0.0')[1],
  ]);
  db.setRecord(M('badmod'), 'v1.0.0', [
    fx.goSumLines(M('badmod'), 'v1.0.0')[0],
    `${M('badmod')} v1.0.0/go.mod h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=`,
  ]);
  // 299 unrelated records first, so the real one (id 299) needs tiles on level 1 too.
  big = createSumDB({ name: 'big.test', modules: [] });
  for (let i = 0; i < 299; i++) {
    big.setRecord(`example.test/filler${i}`, 'v1.0.0', [
      `example.test/filler${i} v1.0.0 h1:${Buffer.alloc(32, i).toString('base64')}`,
      `example.test/filler${i} v1.0.0/go.mod h1:${Buffer.alloc(32, i + 1).toString('base64')}`,
    ]);
  }
  big.setRecord(M('big'), 'v1.0.0', fx.goSumLines(M('big'), 'v1.0.0'));
  const proxy = createGoProxy({ modules: fx.modules });
  proxyWithDb = createGoProxy({ modules: fx.modules, sumdb: { name: 'sum.test', handler: db.handler } });
  for (const h of [proxy.handler, proxyWithDb.handler, db.handler, big.handler])
    servers.push(await listen(h));
  [proxyUrl, proxyWithDbUrl, dbUrl, bigUrl] = servers.map((s) => s.url);
});

after(async () => {
  for (const s of servers) await s.close();
  rmSync(work, { recursive: true, force: true });
  await new Promise((r) => setTimeout(r, 50));
  const now = openHandles();
  for (const k of ['TCPServerWrap', 'TCPSocketWrap', 'ProcessWrap']) {
    assert.ok((now[k] ?? 0) <= (baseline[k] ?? 0), `leaked ${k}: ${JSON.stringify(now)}`);
  }
});

/** A fresh sandbox per case: the client caches tree notes and lookups. */
async function download(
  tc: Toolchain,
  env: Record<string, string>,
  mod: string,
): Promise<{
  exitCode: number | undefined;
  error: string | undefined;
  stdout: string;
  stderr: string;
  sb: Sandbox;
}> {
  const sb = sandbox(tc, { GOPROXY: proxyUrl, GOSUMDB: `${db.verifierKey} ${dbUrl}`, ...env });
  try {
    const r = await runGo(tc, sb, ['mod', 'download', '-json', `${mod}@v1.0.0`]);
    return { ...r, error: downloadErrors(r.stdout).get(mod), sb };
  } finally {
    sb.cleanup();
  }
}

for (const tc of toolchains()) {
  describe(`go ${tc.version} with the harness checksum database`, () => {
    test('verifies a download against the signed tree (empty go.sum)', async () => {
      const before = db.requests.length;
      const r = await download(tc, {}, M('ok'));
      assert.equal(r.exitCode, 0, r.stdout + r.stderr);
      const seen = db.requests.slice(before);
      assert.ok(seen.includes(`/lookup/${M('ok')}@v1.0.0`), seen.join(' '));
      assert.ok(
        seen.some((p) => p.startsWith('/tile/8/0/000')),
        seen.join(' '),
      );
    });

    test('verifies a record in a tree of 300 (level-1 tiles)', async () => {
      const before = big.requests.length;
      const r = await download(tc, { GOSUMDB: `${big.verifierKey} ${bigUrl}` }, M('big'));
      assert.equal(r.exitCode, 0, r.stdout + r.stderr);
      const seen = big.requests.slice(before);
      assert.ok(seen.includes('/tile/8/1/000.p/1'), seen.join(' '));
      assert.ok(seen.includes('/tile/8/0/001.p/44'), seen.join(' '));
    });

    test('is reached through a proxy that serves /sumdb/<name>/', async () => {
      const before = proxyWithDb.requests.length;
      const r = await download(tc, { GOPROXY: proxyWithDbUrl, GOSUMDB: db.verifierKey }, M('ok'));
      assert.equal(r.exitCode, 0, r.stdout + r.stderr);
      const seen = proxyWithDb.requests.slice(before);
      assert.ok(seen.includes('/sumdb/sum.test/supported'), seen.join(' '));
      assert.ok(seen.includes(`/sumdb/sum.test/lookup/${M('ok')}@v1.0.0`), seen.join(' '));
    });

    test('404 for a private path: "verifying go.mod: ... 404 Not Found" with the server response', async (t) => {
      const r = await download(tc, {}, M('private404'));
      t.diagnostic(r.error ?? '');
      const mod = M('private404');
      assert.equal(
        r.error,
        `${mod}@v1.0.0: verifying go.mod: ${mod}@v1.0.0/go.mod: reading ${dbUrl}/lookup/${mod}@v1.0.0: 404 Not Found\n` +
          `\tserver response:\n\t${PRIVATE_BODY.trimEnd().split('\n').join('\n\t')}`,
      );
    });

    test('410 with a multi-line body', async (t) => {
      const r = await download(tc, {}, M('private410'));
      t.diagnostic(r.error ?? '');
      assert.match(
        r.error ?? '',
        /\/lookup\/example\.test\/private410@v1\.0\.0: 410 Gone\n\tserver response:\n\tgone\n\tfor good$/,
      );
    });

    test('a record that disagrees with the zip: SECURITY ERROR from the checksum server', async (t) => {
      const r = await download(tc, {}, M('badzip'));
      t.diagnostic(r.error ?? r.stderr);
      const e = r.error ?? '';
      assert.match(
        e,
        /^example\.test\/badzip@v1\.0\.0: verifying module: checksum mismatch\n\tdownloaded: h1:\S+\n\tsum\.test: +h1:\S+\n/,
      );
      assert.match(
        e,
        /SECURITY ERROR\nThis download does NOT match the one reported by the checksum server\./,
      );
    });

    test('a record that disagrees with the go.mod: "verifying go.mod: checksum mismatch"', async (t) => {
      const r = await download(tc, {}, M('badmod'));
      t.diagnostic((r.error ?? r.stderr).split('\n').slice(0, 3).join(' | '));
      assert.match(r.error ?? '', /^example\.test\/badmod@v1\.0\.0: verifying go\.mod: checksum mismatch\n/);
      assert.match(r.error ?? '', /SECURITY ERROR/);
    });

    test('a verifier key that did not sign the tree: "note has no verifiable signatures"', async (t) => {
      const other = createNoteSigner('sum.test').verifierKey;
      const r = await download(tc, { GOSUMDB: `${other} ${dbUrl}` }, M('ok'));
      t.diagnostic((r.error ?? r.stderr).split('\n')[0]);
      assert.match(r.error ?? '', /reading tree note: note has no verifiable signatures/);
    });

    test('unreachable database: connection refused', async (t) => {
      const r = await download(tc, { GOSUMDB: `${db.verifierKey} http://127.0.0.1:1` }, M('ok'));
      t.diagnostic(r.error ?? '');
      assert.match(
        r.error ?? '',
        /verifying go\.mod: .*Get "http:\/\/127\.0\.0\.1:1\/lookup\/.*connect: connection refused/,
      );
      assert.equal(parseJsonStream(r.stdout).length, 1);
    });
  });
}
