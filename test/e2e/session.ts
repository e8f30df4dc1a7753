/**
 * One workbench session for a scenario: a sandbox, code-server on it, a browser page on the workspace; a
 * screenshot when the scenario ends (named `<name>.png`, or `<name>-failed.png` when it threw); everything
 * stopped afterwards.
 */
import type { Browser } from 'playwright-core';
import {
  createSandbox,
  folderUrl,
  startCodeServer,
  type RunningCodeServer,
  type SandboxOptions,
  type WorkbenchSandbox,
} from './codeServer.ts';
import { Workbench } from './workbench.ts';

export interface Session {
  sb: WorkbenchSandbox;
  server: RunningCodeServer;
  wb: Workbench;
}

export async function withSession(
  name: string,
  browser: Browser,
  extensionsDir: string,
  opts: SandboxOptions,
  body: (s: Session) => Promise<void>,
): Promise<void> {
  const sb = createSandbox(opts);
  let server: RunningCodeServer | undefined;
  let wb: Workbench | undefined;
  try {
    server = await startCodeServer({ sandbox: sb, extensionsDir });
    wb = await Workbench.open(browser, folderUrl(server, sb.workspace));
    await body({ sb, server, wb });
    await wb.screenshot(name);
  } catch (err) {
    if (wb) await wb.screenshot(`${name}-failed`).catch(() => undefined);
    if (server && process.env.GOMOD_DOCTOR_E2E_DEBUG) console.error(server.output());
    throw err;
  } finally {
    const stopping = Date.now();
    await wb?.close().catch(() => undefined);
    await server?.stop();
    if (process.env.GOMOD_DOCTOR_E2E_DEBUG)
      console.error(`e2e: stopping ${name}: ${Date.now() - stopping} ms`);
    sb.cleanup();
  }
}
