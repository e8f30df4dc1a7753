/**
 * The loopback servers behind the end-to-end scenarios: fixture modules served by a plain module proxy over
 * HTTP, and by a private one over HTTPS (test CA) that asks for Basic credentials for the private module.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestCA } from '../harness/ca.ts';
import { buildModules, type BuiltFixtures } from '../harness/fixtures.ts';
import { createGoProxy, type GoProxy } from '../harness/goproxy.ts';
import { listen, type Listening } from '../harness/http.ts';

export const PUBLIC_MODULE = 'example.test/lib';
export const PRIVATE_MODULE = 'corp.example/private/tool';
export const PRIVATE_LOGIN = 'alice';
export const PRIVATE_TOKEN = 'tok-e2e-7f3a9c';

export interface E2EWorld {
  fixtures: BuiltFixtures;
  /** Plain module proxy (http) serving every fixture module, no faults. */
  proxy: Listening;
  /** Module proxy over HTTPS that requires Basic credentials for PRIVATE_MODULE. */
  privateProxy: Listening;
  privateGoProxy: GoProxy;
  /** The test CA's root certificate: SSL_CERT_FILE for go. */
  caCertPath: string;
  close(): Promise<void>;
}

export async function startWorld(): Promise<E2EWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'gmd-e2e-world-'));
  const fixtures = await buildModules(
    [
      { path: PUBLIC_MODULE, versions: [{ version: 'v1.0.0' }, { version: 'v1.2.0' }] },
      { path: PRIVATE_MODULE, versions: [{ version: 'v0.3.0' }] },
    ],
    join(dir, 'fixtures'),
  );
  const ca = await createTestCA(join(dir, 'ca'));
  const proxy = await listen(createGoProxy({ modules: fixtures.modules }).handler);
  const privateGoProxy = createGoProxy({ modules: fixtures.modules });
  privateGoProxy.faults.set(
    { module: PRIVATE_MODULE },
    { kind: 'basic-auth', user: PRIVATE_LOGIN, password: PRIVATE_TOKEN },
  );
  const privateProxy = await listen(privateGoProxy.handler, { tls: ca.issue(['127.0.0.1']) });
  return {
    fixtures,
    proxy,
    privateProxy,
    privateGoProxy,
    caCertPath: ca.caCertPath,
    async close() {
      await Promise.all([proxy.close(), privateProxy.close()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A go.mod for the scenarios' main module. */
export function goMod(requires: [string, string][]): string {
  return `module example.test/app\n\ngo 1.19\n\nrequire (\n${requires.map(([p, v]) => `\t${p} ${v}\n`).join('')})\n`;
}
