/**
 * The harness forward proxy against the real go command: HTTPS_PROXY with CONNECT and TLS
 * terminated by a test-CA certificate for proxy.example.test, plain HTTP_PROXY requests, 407,
 * refused CONNECT, and a proxy that hangs or closes.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createTestCA } from '../harness/ca.ts';
import { buildModules, downloadErrors } from '../harness/fixtures.ts';
import { createForwardProxy, type ForwardProxy } from '../harness/fwdproxy.ts';
import { createGoProxy } from '../harness/goproxy.ts';
import { openHandles, type Listening } from '../harness/http.ts';
import { runGo, sandbox, toolchains, type Toolchain } from '../helpers/go.ts';

const HOST = 'proxy.example.test';
const MOD = 'example.test/ok';
const INFO = `https://${HOST}/${MOD}/@v/v1.0.0.info`;

let work: string;
let fwd: ForwardProxy;
let listening: Listening;
let caFile: string;
let baseline: Record<string, number>;

before(async () => {
  baseline = openHandles();
  work = mkdtempSync(join(tmpdir(), 'gmd-harness-fwd-'));
  const fx = await buildModules([{ path: MOD, versions: [{ version: 'v1.0.0' }] }], work);
  const goproxy = createGoProxy({ modules: fx.modules });
  const ca = await createTestCA(join(work, 'ca'));
  caFile = ca.caCertPath;
  fwd = createForwardProxy({
    certFor: (h) => ca.issue([h]),
    route: (h) => (h === HOST ? goproxy.handler : undefined),
  });
  listening = await fwd.listen();
});

after(async () => {
  await listening?.close();
  rmSync(work, { recursive: true, force: true });
  await new Promise((r) => setTimeout(r, 50));
  const now = openHandles();
  for (const k of ['TCPServerWrap', 'TCPSocketWrap', 'ProcessWrap']) {
    assert.ok((now[k] ?? 0) <= (baseline[k] ?? 0), `leaked ${k}: ${JSON.stringify(now)}`);
  }
});

async function download(
  tc: Toolchain,
  env: Record<string, string> = {},
  timeoutMs = 30_000,
): Promise<{ code: number | undefined; error?: string; out: string }> {
  const sb = sandbox(tc, {
    GOPROXY: `https://${HOST}`,
    HTTPS_PROXY: listening.url,
    SSL_CERT_FILE: caFile,
    ...env,
  });
  try {
    const r = await runGo(tc, sb, ['mod', 'download', '-x', '-json', `${MOD}@v1.0.0`], { timeoutMs });
    return { code: r.exitCode, error: downloadErrors(r.stdout).get(MOD), out: r.stdout + r.stderr };
  } finally {
    sb.cleanup();
  }
}

for (const tc of toolchains()) {
  describe(`go ${tc.version} through the harness forward proxy`, () => {
    test('HTTPS_PROXY: CONNECT proxy.example.test:443, TLS with a test-CA certificate, download works', async () => {
      const before = fwd.connects.length;
      const r = await download(tc);
      assert.equal(r.code, 0, r.out);
      assert.ok(fwd.connects.slice(before).includes(`${HOST}:443`));
    });

    test('HTTP_PROXY: plain absolute-URI requests for an http GOPROXY', async () => {
      const before = fwd.requests.length;
      const r = await download(tc, { GOPROXY: `http://${HOST}`, HTTP_PROXY: listening.url });
      assert.equal(r.code, 0, r.out);
      assert.ok(fwd.requests.slice(before).includes(`GET http://${HOST}:80/${MOD}/@v/v1.0.0.zip`));
    });

    test('407 without Proxy-Authorization gives the reason phrase; credentials in HTTPS_PROXY pass', async (t) => {
      fwd.setAuth({ user: 'bob', password: 'pw' });
      try {
        const r = await download(tc);
        t.diagnostic(r.error ?? r.out);
        assert.equal(r.error, `${MOD}@v1.0.0: Get "${INFO}": Proxy Authentication Required`);
        const u = new URL(listening.url);
        const ok = await download(tc, { HTTPS_PROXY: `http://bob:pw@${u.host}` });
        assert.equal(ok.code, 0, ok.out);
      } finally {
        fwd.setAuth(undefined);
      }
    });

    test('refused CONNECT (403, 502) gives the reason phrase only', async (t) => {
      try {
        for (const [mode, reason] of [
          ['refuse-403', 'Forbidden'],
          ['bad-gateway-502', 'Bad Gateway'],
        ] as const) {
          fwd.setMode(mode);
          const r = await download(tc);
          t.diagnostic(r.error ?? r.out);
          assert.equal(r.error, `${MOD}@v1.0.0: Get "${INFO}": ${reason}`);
        }
      } finally {
        fwd.setMode('ok');
      }
    });

    test('a proxy that closes the connection at once: EOF', async (t) => {
      fwd.setMode('close');
      try {
        const r = await download(tc);
        t.diagnostic(r.error ?? r.out);
        assert.match(
          r.error ?? '',
          new RegExp(`^${MOD}@v1\\.0\\.0: Get "${INFO.replace(/[.]/g, '\\.')}": (unexpected )?EOF$`),
        );
      } finally {
        fwd.setMode('ok');
      }
    });

    test('a proxy that hangs on CONNECT is only caught by a timeout', async () => {
      fwd.setMode('hang');
      try {
        const r = await download(tc, {}, 2500);
        assert.equal(r.code, undefined, r.out);
        assert.match(r.out, new RegExp(`^# get ${INFO.replace(/[.]/g, '\\.')}$`, 'm'));
      } finally {
        fwd.setMode('ok');
      }
    });
  });
}
