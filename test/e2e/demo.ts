/**
 * The demo: loopback module servers and code-server with the installed extension on a workspace (a temporary
 * copy) that fails in several ways at once. Used by `npm run demo` (scripts/demo.ts), by the demo's e2e test and
 * by the screenshot script.
 *
 * Everything goes through one HTTPS module proxy (test CA) and one checksum database, both on loopback:
 *   - example.test/lib v1.1.0 does not exist (the proxy has v1.0.0 and v1.2.0)            → not-found
 *   - corp.example/private/tool needs credentials (401 without them)                        → auth
 *   - corp.example/internal/secret is private: the checksum database has never seen it (404) → sumdb
 *   - example.test/framework is fine, but it requires example.test/gone, which does not exist → transitive
 *     (reported once the direct failures are fixed: go stops loading the module graph at the first module it
 *     cannot fetch, so while 7 and 8 fail the engine cannot see past them)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createTestCA } from '../harness/ca.ts';
import { buildModules } from '../harness/fixtures.ts';
import { createGoProxy } from '../harness/goproxy.ts';
import { listen, type Listening } from '../harness/http.ts';
import { createSumDB } from '../harness/sumdb.ts';
import {
  createSandbox,
  folderUrl,
  installExtension,
  startCodeServer,
  type RunningCodeServer,
  type WorkbenchSandbox,
} from './codeServer.ts';

export const DEMO_GO_MOD = `module example.test/demo

go 1.19

require (
\texample.test/lib v1.1.0
\tcorp.example/private/tool v0.3.0
\tcorp.example/internal/secret v1.0.0
\texample.test/framework v1.0.0
)
`;

/** 1-based lines of the failing requires in DEMO_GO_MOD. */
export const DEMO_LINES = { notFound: 6, auth: 7, sumdb: 8, transitive: 9 } as const;

export interface Demo {
  /** The URL that opens the demo workspace. */
  url: string;
  proxy: Listening;
  sumdb: Listening;
  server: RunningCodeServer;
  sandbox: WorkbenchSandbox;
  stop(): Promise<void>;
}

export async function startDemo(opts: { goBin: string; port?: number }): Promise<Demo> {
  const dir = mkdtempSync(join(tmpdir(), 'gmd-demo-'));
  const stops: (() => Promise<void> | void)[] = [() => rmSync(dir, { recursive: true, force: true })];
  const stop = async (): Promise<void> => {
    for (const s of stops.reverse()) await s();
  };
  try {
    const fx = await buildModules(
      [
        { path: 'example.test/lib', versions: [{ version: 'v1.0.0' }, { version: 'v1.2.0' }] },
        { path: 'corp.example/private/tool', versions: [{ version: 'v0.3.0' }] },
        { path: 'corp.example/internal/secret', versions: [{ version: 'v1.0.0' }] },
        {
          path: 'example.test/framework',
          versions: [
            {
              version: 'v1.0.0',
              goMod: 'module example.test/framework\n\ngo 1.19\n\nrequire example.test/gone v0.1.0\n',
            },
          ],
        },
      ],
      join(dir, 'fixtures'),
    );
    const ca = await createTestCA(join(dir, 'ca'));
    const publicModules = fx.modules.filter((m) => m.path.startsWith('example.test/'));
    const sumdb = createSumDB({ name: 'sum.demo.test', modules: publicModules });
    const sumdbServer = await listen(sumdb.handler);
    stops.push(() => sumdbServer.close());
    const goproxy = createGoProxy({ modules: fx.modules });
    goproxy.faults.set(
      { module: 'corp.example/private/tool' },
      { kind: 'basic-auth', user: 'demo', password: 'demo-token' },
    );
    const proxy = await listen(goproxy.handler, { tls: ca.issue(['127.0.0.1']) });
    stops.push(() => proxy.close());

    const extensionsDir = await installExtension(join(dir, 'extensions'));
    const sandbox = createSandbox({
      goBinDir: dirname(opts.goBin),
      goEnv: { GOPROXY: proxy.url, GOSUMDB: `${sumdb.verifierKey} ${sumdbServer.url}` },
      env: { SSL_CERT_FILE: ca.caCertPath },
      userSettings: { 'workbench.colorTheme': 'Default Light Modern' },
      files: { 'go.mod': DEMO_GO_MOD },
    });
    stops.push(() => sandbox.cleanup());
    const server = await startCodeServer({ sandbox, extensionsDir, port: opts.port ?? 0 });
    stops.push(() => server.stop());
    return { url: folderUrl(server, sandbox.workspace), proxy, sumdb: sumdbServer, server, sandbox, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
