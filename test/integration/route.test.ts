/**
 * The route against the real go, on loopback servers of the harness: for each case the route computed
 * in-process says what go will do, and go, run with the same settings, does exactly that — the proxies it asks
 * (requests seen by each server), whether the checksum database is asked, whether credentials are accepted, and
 * where git goes after insteadOf. Cases: "," and "|" separators, GOPRIVATE, GONOPROXY, GONOSUMDB, GOINSECURE,
 * .netrc with and without the port, GOAUTH (Go 1.24+: netrc, off, a command), insteadOf; and git's own reading of
 * the config files agrees with the in-process reader.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { readGitConfig } from '../../src/core/route/gitconfig.ts';
import { routeFor, type ModuleRoute } from '../../src/core/route/index.ts';
import { createTestCA } from '../harness/ca.ts';
import { buildModules, type BuiltFixtures } from '../harness/fixtures.ts';
import { createGitServer, type GitServer } from '../harness/gitserver.ts';
import { createGoProxy, type GoProxy } from '../harness/goproxy.ts';
import { listen, type Listening } from '../harness/http.ts';
import { createSumDB, type SumDB } from '../harness/sumdb.ts';
import { runGo, sandbox, toolchains, type Sandbox, type Toolchain } from '../helpers/go.ts';

const HELLO = 'example.com/hello';
const LIB = 'github.com/acme/lib';
const INSECURE = 'insecure.example/team/private';

let work: string;
let fx: BuiltFixtures;
let caFile: string;
const servers: Listening[] = [];
let a: GoProxy & { l: Listening };
let b: GoProxy & { l: Listening };
let authed: GoProxy & { l: Listening };
let sumdb: SumDB & { l: Listening; gosumdb: string };
let github: GitServer & { l: Listening };
let insecureGit: GitServer & { l: Listening };

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'gmd-route-'));
  fx = await buildModules(
    [
      { path: HELLO, versions: [{ version: 'v1.0.0' }] },
      { path: LIB, versions: [{ version: 'v1.0.0' }], git: {} },
      { path: INSECURE, versions: [{ version: 'v1.0.0' }], git: {} },
    ],
    work,
  );
  const ca = await createTestCA(join(work, 'ca'));
  caFile = ca.caCertPath;
  const up = async <T extends { handler: Parameters<typeof listen>[0] }>(
    s: T,
    tls = false,
  ): Promise<T & { l: Listening }> => {
    const l = await listen(s.handler, tls ? { tls: ca.issue(['127.0.0.1']) } : {});
    servers.push(l);
    return Object.assign(s, { l });
  };
  a = await up(createGoProxy({ modules: fx.modules }));
  b = await up(createGoProxy({ modules: fx.modules }));
  authed = await up(createGoProxy({ modules: fx.modules }), true);
  authed.faults.set({}, { kind: 'basic-auth', user: 'route-user', password: 'route-pass' });
  const db = await up(createSumDB({ name: 'sum.route.test', modules: fx.modules }));
  sumdb = Object.assign(db, { gosumdb: `${db.verifierKey} ${db.l.url}` });
  const repo = (key: string): Map<string, string> => new Map([[key, fx.gitRepos.get(key)!]]);
  github = await up(createGitServer({ repos: repo('acme/lib'), host: 'github.com' }));
  insecureGit = await up(
    createGitServer({ repos: repo('team/private'), host: 'insecure.example', repoScheme: 'http' }),
  );
});

after(async () => {
  github?.close();
  insecureGit?.close();
  for (const s of servers) await s.close();
  rmSync(work, { recursive: true, force: true });
});

interface Run {
  route: ModuleRoute;
  ok: boolean;
  out: string;
}

/** Computes the route in-process, then runs go with the same environment. */
async function both(
  tc: Toolchain,
  env: Record<string, string>,
  mod: string,
  files: { netrc?: string; gitconfig?: string } = {},
): Promise<Run> {
  const sb: Sandbox = sandbox(tc, { SSL_CERT_FILE: caFile, GIT_SSL_CAINFO: caFile, ...env });
  try {
    if (files.netrc !== undefined) writeFileSync(sb.env.NETRC, files.netrc, { mode: 0o600 });
    if (files.gitconfig !== undefined) writeFileSync(join(sb.home, '.gitconfig'), files.gitconfig);
    const sources = Object.fromEntries(Object.keys(sb.env).map((k) => [k, 'process' as const]));
    const route = routeFor({ module: mod, version: 'v1.0.0', env: sb.env, sources, goBin: tc.bin });
    const r = await runGo(tc, sb, ['mod', 'download', '-json', `${mod}@v1.0.0`], { timeoutMs: 60_000 });
    return { route, ok: r.exitCode === 0, out: r.stdout + r.stderr };
  } finally {
    sb.cleanup();
  }
}

const asked = (p: GoProxy, mod: string): boolean => p.requests.some((r) => r.startsWith(`/${mod}/@v/`));
const clear = (): void => {
  for (const s of [a, b, authed, sumdb]) s.requests.length = 0;
  github.requests.length = 0;
  insecureGit.requests.length = 0;
};
const minor = (tc: Toolchain): number => Number(tc.version.split('.')[1]);

for (const tc of toolchains()) {
  describe(`route against go ${tc.version}`, () => {
    test('",": a 403 stops (the next proxy is never asked), a 404 moves on', async () => {
      clear();
      a.faults.set({ module: HELLO }, { kind: 'status', status: 403, body: 'forbidden' });
      try {
        const env = { GOPROXY: `${a.l.url},${b.l.url}`, GOSUMDB: 'off' };
        const r = await both(tc, env, HELLO);
        assert.deepEqual(
          r.route.steps.map((s) => s.onError),
          ['next-on-not-found', 'end'],
        );
        assert.equal(r.ok, false, r.out);
        assert.ok(asked(a, HELLO) && !asked(b, HELLO), 'the second proxy must not be asked after a 403');
        a.faults.set({ module: HELLO }, { kind: 'status', status: 404, body: 'not found' });
        clear();
        const r2 = await both(tc, env, HELLO);
        assert.equal(r2.ok, true, r2.out);
        assert.ok(asked(b, HELLO));
      } finally {
        a.faults.clear();
      }
    });

    test('"|": any error moves on to the next proxy', async () => {
      clear();
      a.faults.set({ module: HELLO }, { kind: 'status', status: 403, body: 'forbidden' });
      try {
        const r = await both(tc, { GOPROXY: `${a.l.url}|${b.l.url}`, GOSUMDB: 'off' }, HELLO);
        assert.deepEqual(
          r.route.steps.map((s) => s.onError),
          ['next-on-any-error', 'end'],
        );
        assert.equal(r.ok, true, r.out);
        assert.ok(asked(a, HELLO) && asked(b, HELLO));
      } finally {
        a.faults.clear();
      }
    });

    const insteadOf = (): string => `[url "${github.l.url}/"]\n\tinsteadOf = https://github.com/\n`;

    test('GOPRIVATE: straight to the origin (the proxy is not asked, no checksum database), git rewritten by insteadOf', async () => {
      clear();
      const env = { GOPROXY: a.l.url, GOPRIVATE: 'github.com/acme', GOSUMDB: sumdb.gosumdb };
      const r = await both(tc, env, LIB, { gitconfig: insteadOf() });
      assert.equal(r.route.steps[0].kind, 'direct');
      assert.deepEqual(
        r.route.matches.map((m) => m.variable),
        ['GOPRIVATE', 'GONOPROXY', 'GONOSUMDB'],
      );
      assert.equal(r.route.checksumDb.used, false);
      const git = r.route.hosts.find((h) => h.role === 'git');
      assert.equal(git?.url, `${github.l.url}/acme/lib`);
      assert.equal(git?.insteadOf?.from, 'https://github.com/');
      assert.equal(r.ok, true, r.out);
      assert.ok(!asked(a, LIB), 'the proxy must not be asked');
      assert.ok(github.requests.length > 0, 'git must have gone where insteadOf sends it');
      assert.equal(sumdb.requests.length, 0);
    });

    test('GONOPROXY: straight to the origin, but the checksum database is asked', async () => {
      clear();
      const env = { GOPROXY: a.l.url, GONOPROXY: 'github.com/acme', GOSUMDB: sumdb.gosumdb };
      const r = await both(tc, env, LIB, { gitconfig: insteadOf() });
      assert.equal(r.route.steps[0].kind, 'direct');
      assert.equal(r.route.checksumDb.used, true);
      assert.equal(r.ok, true, r.out);
      assert.ok(!asked(a, LIB));
      assert.ok(
        sumdb.requests.some((p) => p.startsWith(`/lookup/${LIB}@`)),
        sumdb.requests.join(' '),
      );
    });

    test('GONOSUMDB: through the proxy without the checksum database; a near-miss pattern does not skip it', async () => {
      clear();
      const r = await both(tc, { GOPROXY: a.l.url, GOSUMDB: sumdb.gosumdb, GONOSUMDB: 'example.com' }, HELLO);
      assert.equal(r.route.checksumDb.used, false);
      assert.equal(r.ok, true, r.out);
      assert.equal(sumdb.requests.length, 0);
      clear();
      const near = await both(
        tc,
        { GOPROXY: a.l.url, GOSUMDB: sumdb.gosumdb, GONOSUMDB: 'example.co' },
        HELLO,
      );
      assert.equal(near.route.checksumDb.used, true);
      assert.equal(near.ok, true, near.out);
      assert.ok(sumdb.requests.some((p) => p.startsWith(`/lookup/${HELLO}@`)));
    });

    test('GOINSECURE: the direct fetch may use plain http (without it, go refuses)', async () => {
      const env = {
        GOPROXY: 'direct',
        GOPRIVATE: 'insecure.example',
        HTTPS_PROXY: 'http://127.0.0.1:1',
        https_proxy: 'http://127.0.0.1:1',
        HTTP_PROXY: insecureGit.l.url,
        http_proxy: insecureGit.l.url,
        NO_PROXY: '',
        no_proxy: '',
      };
      clear();
      const denied = await both(tc, env, INSECURE);
      assert.deepEqual(
        denied.route.matches.filter((m) => m.variable === 'GOINSECURE'),
        [],
      );
      assert.equal(denied.ok, false, denied.out);
      clear();
      const r = await both(tc, { ...env, GOINSECURE: 'insecure.example' }, INSECURE);
      assert.deepEqual(r.route.matches.find((m) => m.variable === 'GOINSECURE')?.pattern, 'insecure.example');
      assert.equal(r.ok, true, r.out);
      assert.ok(insecureGit.requests.some((q) => q.includes('go-get=1')));
    });

    const port = (): string => new URL(authed.l.url).port;
    const creds = 'login route-user password route-pass';

    test('.netrc: go 1.21+ sends "machine 127.0.0.1:PORT", not "machine 127.0.0.1"; go 1.19 the other way round', async () => {
      const env = { GOPROXY: authed.l.url, GOSUMDB: 'off' };
      const [good, bad] =
        minor(tc) >= 21 ? [`127.0.0.1:${port()}`, '127.0.0.1'] : ['127.0.0.1', `127.0.0.1:${port()}`];
      const sent = await both(tc, env, HELLO, { netrc: `machine ${good} ${creds}\n` });
      const proxyHost = sent.route.hosts.find((h) => h.role === 'proxy');
      assert.equal(proxyHost?.credentials[0].machine, good);
      assert.equal(sent.ok, true, sent.out);
      const missed = await both(tc, env, HELLO, { netrc: `machine ${bad} ${creds}\n` });
      assert.equal(missed.route.hosts.find((h) => h.role === 'proxy')?.credentials[0].kind, 'none');
      assert.equal(missed.ok, false, missed.out);
      assert.match(missed.out, /401 Unauthorized/);
    });

    test('GOAUTH (Go 1.24+): netrc by default, off sends nothing, a command supplies the header', async (t) => {
      if (minor(tc) < 24) {
        t.skip(`GOAUTH exists from Go 1.24 (this is ${tc.version})`);
        return;
      }
      const netrc = `machine 127.0.0.1:${port()} ${creds}\n`;
      const base = { GOPROXY: authed.l.url, GOSUMDB: 'off' };
      const dflt = await both(tc, base, HELLO, { netrc });
      assert.equal(dflt.route.hosts[0].credentials[0].kind, 'netrc');
      assert.equal(dflt.ok, true, dflt.out);
      const off = await both(tc, { ...base, GOAUTH: 'off' }, HELLO, { netrc });
      assert.deepEqual(
        off.route.hosts[0].credentials.map((c) => c.kind),
        ['none'],
      );
      assert.equal(off.ok, false, off.out);
      const script = join(work, 'goauth.sh');
      const basic = Buffer.from('route-user:route-pass').toString('base64');
      writeFileSync(
        script,
        `#!/bin/sh\nprintf '%s\\n\\n%s\\n\\n' '${authed.l.url}' 'Authorization: Basic ${basic}'\n`,
      );
      chmodSync(script, 0o700);
      const cmd = await both(tc, { ...base, GOAUTH: `${script} --token hidden-arg` }, HELLO);
      assert.deepEqual(
        cmd.route.hosts[0].credentials.map((c) => c.kind),
        ['goauth-command'],
      );
      assert.doesNotMatch(JSON.stringify(cmd.route), /hidden-arg/);
      assert.equal(cmd.ok, true, cmd.out);
    });
  });
}

describe("git's configuration", () => {
  test('the in-process reader finds the insteadOf rules and helpers git itself reports', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gmd-gitcfg-'));
    try {
      const inc = join(dir, 'inc.config');
      writeFileSync(inc, '[url "ssh://git@corp.example/"]\n\tinsteadOf = https://corp.example/\n');
      const global = join(dir, 'global');
      writeFileSync(
        global,
        `[include]\n\tpath = ${inc}\n[URL "https://m.example/a b/"] # c\n  INSTEADOF = "https://github.com/" ; x\n[credential]\n\thelper = store\n\thelper =\n\thelper = cache --timeout=1\n[credential "https://corp.example"]\n\thelper = corp\n`,
      );
      const env = {
        HOME: dir,
        GIT_CONFIG_GLOBAL: global,
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_CONFIG_COUNT: '1',
        GIT_CONFIG_KEY_0: 'url.https://x.example/.insteadOf',
        GIT_CONFIG_VALUE_0: 'https://y.example/',
      };
      const git = execFileSync(
        'git',
        ['config', '--null', '--get-regexp', '^(url\\..*\\.insteadof|credential\\..*helper)$'],
        { cwd: dir, env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' },
      );
      const fromGit = git
        .split('\0')
        .filter((x) => x !== '')
        .map((x) => x.replace('\n', ' = '));
      const ours = readGitConfig(env)
        .entries.filter((e) => /^(url\..*\.insteadof|credential\..*helper)$/.test(e.key))
        .map((e) => `${e.key} = ${e.value}`);
      assert.deepEqual(ours, fromGit);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
