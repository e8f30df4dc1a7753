/**
 * The harness git server (git http-backend over smart HTTP) against the real go command with
 * GOPROXY=direct: go's ?go-get=1 request and git's requests both reach it through the harness
 * forward proxy (HTTPS_PROXY, TLS terminated with the test CA), as they would reach a real host.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createTestCA } from '../harness/ca.ts';
import { buildModules, downloadErrors, parseJsonStream, type BuiltFixtures } from '../harness/fixtures.ts';
import { createForwardProxy } from '../harness/fwdproxy.ts';
import { createGitServer, type GitServer } from '../harness/gitserver.ts';
import { openHandles, type Listening } from '../harness/http.ts';
import { runGo, sandbox, toolchains, type Toolchain } from '../helpers/go.ts';

const HOST = 'git.example.test';
const MOD = `${HOST}/team/private`;
const USER = 'alice';
const PASSWORD = 's3cret';

let work: string;
let fx: BuiltFixtures;
let git: GitServer;
let proxy: Listening;
let caFile: string;
let baseline: Record<string, number>;

before(async () => {
  baseline = openHandles();
  work = mkdtempSync(join(tmpdir(), 'gmd-harness-git-'));
  fx = await buildModules(
    [{ path: MOD, versions: [{ version: 'v1.0.0' }, { version: 'v1.2.0' }], git: {} }],
    work,
  );
  const ca = await createTestCA(join(work, 'ca'));
  caFile = ca.caCertPath;
  git = createGitServer({ repos: fx.gitRepos, host: HOST, auth: { user: USER, password: PASSWORD } });
  const fwd = createForwardProxy({
    certFor: (h) => ca.issue([h]),
    route: (h, port) => (h === HOST && port === 443 ? git.handler : undefined),
  });
  proxy = await fwd.listen();
});

after(async () => {
  await proxy?.close();
  git?.close();
  rmSync(work, { recursive: true, force: true });
  await new Promise((r) => setTimeout(r, 50));
  const now = openHandles();
  for (const k of ['TCPServerWrap', 'TCPSocketWrap', 'ProcessWrap']) {
    assert.ok((now[k] ?? 0) <= (baseline[k] ?? 0), `leaked ${k}: ${JSON.stringify(now)}`);
  }
});

async function download(
  tc: Toolchain,
  netrc?: string,
): Promise<{ code: number | undefined; error?: string; stdout: string }> {
  const sb = sandbox(tc, {
    GOPROXY: 'direct',
    GOPRIVATE: HOST,
    HTTPS_PROXY: proxy.url,
    SSL_CERT_FILE: caFile,
    GIT_SSL_CAINFO: caFile,
  });
  try {
    if (netrc !== undefined) writeFileSync(sb.env.NETRC, netrc);
    const r = await runGo(tc, sb, ['mod', 'download', '-json', `${MOD}@v1.2.0`], { timeoutMs: 60_000 });
    return { code: r.exitCode, error: downloadErrors(r.stdout).get(MOD), stdout: r.stdout + r.stderr };
  } finally {
    sb.cleanup();
  }
}

const minor = (tc: Toolchain): number => Number(tc.version.split('.')[1]);

for (const tc of toolchains()) {
  describe(`go ${tc.version} with the harness git server (GOPROXY=direct)`, () => {
    test('without credentials: git ls-remote fails with "terminal prompts disabled"', async (t) => {
      const r = await download(tc);
      t.diagnostic(r.error ?? r.stdout);
      const e = r.error ?? '';
      const lsRemote =
        minor(tc) >= 25
          ? `git ls-remote -q --end-of-options https://${HOST}/team/private.git`
          : 'git ls-remote -q origin';
      const faq =
        minor(tc) >= 27 ? 'https://go.dev/doc/faq#git_https' : 'https://golang.org/doc/faq#git_https';
      assert.ok(e.startsWith(`${MOD}@v1.2.0: invalid version: ${lsRemote} in `), e);
      assert.match(
        e,
        new RegExp(
          `: exit status 128:\n\tfatal: could not read Username for 'https://${HOST.replace(/\./g, '\\.')}': terminal prompts disabled\n` +
            `Confirm the import path was entered correctly\\.\nIf this is a private repository, see ${faq.replace(/[./]/g, '\\$&')} for additional information\\.$`,
        ),
      );
    });

    test('with credentials in .netrc: downloads, and the zip go builds from git has the fixture hash', async () => {
      const r = await download(tc, `machine ${HOST} login ${USER} password ${PASSWORD}\n`);
      assert.equal(r.code, 0, r.stdout);
      const obj = parseJsonStream(r.stdout)[0];
      assert.equal(obj.Sum, fx.goSumLines(MOD, 'v1.2.0')[0].split(' ')[2]);
      assert.equal(obj.GoModSum, fx.goSumLines(MOD, 'v1.2.0')[1].split(' ')[2]);
    });

    test('wrong credentials in .netrc: git (2.39) rejects them and asks again, so prompts are disabled', async (t) => {
      const r = await download(tc, `machine ${HOST} login ${USER} password wrong\n`);
      t.diagnostic(r.error ?? r.stdout);
      // git does not say the .netrc password was wrong: after the 401 it asks for a user name.
      assert.match(
        r.error ?? '',
        /exit status 128:\n\tfatal: could not read Username for 'https:\/\/git\.example\.test': terminal prompts disabled\n/,
      );
    });

    test('meta tag missing: "no go-import meta tags ()"; wrong: the tag that did not match', async (t) => {
      try {
        git.setMeta('missing');
        const missing = await download(tc);
        t.diagnostic(missing.error ?? '');
        assert.equal(
          missing.error,
          `${MOD}@v1.2.0: unrecognized import path "${MOD}": parse https://${MOD}?go-get=1: no go-import meta tags ()`,
        );
        git.setMeta('wrong');
        const wrong = await download(tc);
        t.diagnostic(wrong.error ?? '');
        assert.equal(
          wrong.error,
          `${MOD}@v1.2.0: unrecognized import path "${MOD}": parse https://${MOD}?go-get=1: no go-import meta tags ` +
            `(meta tag ${HOST}/elsewhere/team/private did not match import path ${MOD})`,
        );
      } finally {
        git.setMeta('correct');
      }
    });
  });
}
