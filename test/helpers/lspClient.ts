/**
 * A plain LSP client for tests: starts the built language server (dist/server.cjs --stdio) as a real process
 * and talks JSON-RPC to it, answering the few requests a server makes of its client.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';

const repoRoot = new URL('../..', import.meta.url).pathname;

export interface PublishedDiagnostics {
  uri: string;
  diagnostics: {
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
    message: string;
    code?: string;
    source?: string;
    severity?: number;
    codeDescription?: { href: string };
    data?: unknown;
    relatedInformation?: unknown[];
  }[];
}

export interface TestLspClient {
  conn: MessageConnection;
  child: ChildProcess;
  /** Every publishDiagnostics received, in order. */
  published: PublishedDiagnostics[];
  statuses: unknown[];
  /** window/logMessage texts (the server's log). */
  logs: string[];
  messages: { type: number; message: string }[];
  /** Waits until the latest diagnostics for `uri` satisfy `pred`. */
  waitForDiagnostics(
    uri: string,
    pred: (d: PublishedDiagnostics) => boolean,
    timeoutMs?: number,
  ): Promise<PublishedDiagnostics>;
  stderr(): string;
  close(): Promise<void>;
}

export async function startLsp(opts: {
  env: Record<string, string>;
  workspace: string;
  settings?: Record<string, unknown>;
  locale?: string;
  richClient?: boolean;
}): Promise<TestLspClient> {
  const child = spawn(process.execPath, [join(repoRoot, 'dist/server.cjs'), '--stdio'], {
    env: opts.env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const conn = createMessageConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  const published: PublishedDiagnostics[] = [];
  const statuses: unknown[] = [];
  const messages: { type: number; message: string }[] = [];
  const waiters: (() => void)[] = [];
  conn.onNotification('textDocument/publishDiagnostics', (p: PublishedDiagnostics) => {
    published.push(p);
    for (const w of waiters.splice(0)) w();
  });
  conn.onNotification('gomodDoctor/status', (p: unknown) => {
    statuses.push(p);
  });
  conn.onNotification('window/showMessage', (p: { type: number; message: string }) => {
    messages.push(p);
    for (const w of waiters.splice(0)) w();
  });
  const logs: string[] = [];
  conn.onNotification('window/logMessage', (p: { message: string }) => {
    logs.push(p.message);
  });
  conn.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) =>
    p.items.map((i) => (i.section === 'gomodDoctor' ? (opts.settings ?? {}) : {})),
  );
  conn.onRequest('client/registerCapability', () => null);
  // A message with buttons: recorded like a plain message, answered as if dismissed.
  conn.onRequest('window/showMessageRequest', (p: { type: number; message: string }) => {
    messages.push({ type: p.type, message: p.message });
    for (const w of waiters.splice(0)) w();
    return null;
  });
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.listen();
  const folderUri = `file://${opts.workspace}`;
  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: folderUri,
    workspaceFolders: [{ uri: folderUri, name: 'ws' }],
    locale: opts.locale ?? 'en',
    capabilities: {
      workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } },
      textDocument: {
        publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, dataSupport: true },
      },
    },
    initializationOptions: { richClient: opts.richClient ?? false },
  });
  await conn.sendNotification('initialized', {});

  const latest = (uri: string): PublishedDiagnostics | undefined =>
    [...published].reverse().find((p) => p.uri === uri);
  return {
    conn,
    child,
    published,
    statuses,
    logs,
    messages,
    stderr: () => stderr,
    async waitForDiagnostics(uri, pred, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const l = latest(uri);
        if (l && pred(l)) return l;
        const left = deadline - Date.now();
        if (left <= 0) {
          throw new Error(
            `timed out waiting for diagnostics on ${uri}; last: ${JSON.stringify(l)}\nserver stderr:\n${stderr}`,
          );
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(left, 1000));
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
    async close() {
      try {
        await Promise.race([conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
        await conn.sendNotification('exit');
      } catch {
        // already gone
      }
      conn.dispose();
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
        }, 2000);
        child.on('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
  };
}
