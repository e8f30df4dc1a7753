/**
 * The settings linter's claims, checked against the real go on loopback servers: for each rule whose effect go
 * can show, the linter fires on the setting and go misbehaves as the message says, and on the near miss the
 * linter is quiet and go does what was meant. (.netrc host:port and insteadOf are shown on go in route.test.ts.)
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { lintSettings, type LintRuleId } from '../../src/core/lint/index.ts';
import { buildModules, writeMainModule } from '../harness/fixtures.ts';
import { createGoProxy, type GoProxy } from '../harness/goproxy.ts';
import { listen, type Listening } from '../harness/http.ts';
import { createSumDB, type SumDB } from '../harness/sumdb.ts';
import { runGo, sandbox, toolchains, type Toolchain } from '../helpers/go.ts';

const MOD = 'example.com/hello';
let work: string;
let proxy: GoProxy;
let sumdb: SumDB;
let gosumdb: string;
const servers: Listening[] = [];

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'gmd-lint-'));
  const fx = await buildModules([{ path: MOD, versions: [{ version: 'v1.0.0' }] }], work);
  proxy = createGoProxy({ modules: fx.modules });
  sumdb = createSumDB({ name: 'sum.lint.test', modules: fx.modules });
  const p = await listen(proxy.handler);
  const s = await listen(sumdb.handler);
  servers.push(p, s);
  gosumdb = `${sumdb.verifierKey} ${s.url}`;
  proxy.requests.length = 0;
  Object.assign(proxy, { url: p.url });
});

after(async () => {
  for (const s of servers) await s.close();
  rmSync(work, { recursive: true, force: true });
});

interface Outcome {
  rules: LintRuleId[];
  ok: boolean;
  out: string;
  proxyAsked: boolean;
  sumdbAsked: boolean;
}

async function run(
  tc: Toolchain,
  env: Record<string, string>,
  args = ['mod', 'download', '-json', `${MOD}@v1.0.0`],
): Promise<Outcome> {
  const base = { GOPROXY: (proxy as GoProxy & { url: string }).url, GOSUMDB: gosumdb };
  const sb = sandbox(tc, { ...base, ...env });
  try {
    writeMainModule(join(sb.dir, 'm'), []);
    const sources = Object.fromEntries(Object.keys(sb.env).map((k) => [k, 'process' as const]));
    const rules = lintSettings({ env: sb.env, sources, goBin: tc.bin, requires: [MOD] }).map((f) => f.rule);
    proxy.requests.length = 0;
    sumdb.requests.length = 0;
    const r = await runGo(tc, sb, args, { cwd: join(sb.dir, 'm'), timeoutMs: 60_000 });
    return {
      rules,
      ok: r.exitCode === 0,
      out: r.stdout + r.stderr,
      proxyAsked: proxy.requests.some((q) => q.startsWith(`/${MOD}/`)),
      sumdbAsked: sumdb.requests.some((q) => q.startsWith('/lookup/')),
    };
  } finally {
    sb.cleanup();
  }
}

for (const tc of toolchains()) {
  describe(`settings linter against go ${tc.version}`, () => {
    test('go111module-off: go refuses; GO111MODULE=on is quiet and downloads', async () => {
      const bad = await run(tc, { GO111MODULE: 'off' });
      assert.ok(bad.rules.includes('go111module-off'));
      assert.equal(bad.ok, false);
      assert.match(bad.out, /modules disabled by GO111MODULE=off/);
      const near = await run(tc, { GO111MODULE: 'on' });
      assert.ok(!near.rules.includes('go111module-off'));
      assert.equal(near.ok, true, near.out);
    });

    test('goflags-insecure: go get fails because of it; without it go get works', async () => {
      const get = ['get', `${MOD}@v1.0.0`];
      const bad = await run(tc, { GOFLAGS: '-modcacherw -insecure' }, get);
      assert.ok(bad.rules.includes('goflags-insecure'));
      assert.match(bad.out, /-insecure flag is no longer supported/);
      const near = await run(tc, { GOFLAGS: '-modcacherw' }, get);
      assert.ok(!near.rules.includes('goflags-insecure'));
      assert.equal(near.ok, true, near.out);
    });

    test('goproxy-entry: go rejects "drect"; "direct" is quiet', async () => {
      const url = (proxy as GoProxy & { url: string }).url;
      const bad = await run(tc, { GOPROXY: `${url},drect` });
      assert.ok(bad.rules.includes('goproxy-entry'));
      assert.match(bad.out, /invalid proxy URL missing scheme: drect/);
      const near = await run(tc, { GOPROXY: `${url},direct` });
      assert.deepEqual(near.rules, []);
      assert.equal(near.ok, true, near.out);
    });

    test('pattern-malformed: GOPRIVATE "a, example.com" leaves the module public; without the space it is private', async () => {
      const bad = await run(tc, { GOPRIVATE: 'other.example, example.com' });
      assert.ok(bad.rules.includes('pattern-malformed'));
      assert.ok(bad.proxyAsked && bad.sumdbAsked, 'go treated the module as public');
      const near = await run(tc, { GOPRIVATE: 'other.example,example.com' });
      assert.ok(!near.rules.includes('pattern-malformed'));
      assert.ok(!near.proxyAsked && !near.sumdbAsked, 'go treated the module as private');
    });

    test('unknown-variable: GONOSUMCHECK is ignored (the checksum database is still asked); GONOSUMDB is obeyed', async () => {
      const bad = await run(tc, { GONOSUMCHECK: 'example.com' });
      assert.ok(bad.rules.includes('unknown-variable'));
      assert.ok(bad.sumdbAsked);
      const near = await run(tc, { GONOSUMDB: 'example.com' });
      assert.ok(!near.rules.includes('unknown-variable'));
      assert.equal(near.ok, true, near.out);
      assert.ok(!near.sumdbAsked);
    });
  });
}
