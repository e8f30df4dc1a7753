/**
 * A plain LSP client for tests: starts the built language server (dist/server.cjs --stdio) as a real process,
 * or (inProcess) the server's createServer in this process over a pair of in-memory streams, as
 * vscode-languageserver-node's own tests do, and talks JSON-RPC to it, answering the few requests a server
 * makes of its client (workspace/configuration per folder, by scopeUri).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duplex } from 'node:stream';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { createServer, type DoctorServer, type ServerOptions } from '../../src/server/server.ts';
import { applyTextEdits } from '../../src/core/gomod/textEdits.ts';

type LspEdit = Parameters<typeof applyTextEdits>[1][number];
interface WorkspaceEditLike {
  changes?: Record<string, LspEdit[]>;
  documentChanges?: ({ kind: 'create'; uri: string } | { textDocument: { uri: string }; edits: LspEdit[] })[];
}

/** Applies a workspace edit to the files on disk; returns the URIs changed. */
export function applyWorkspaceEdit(edit: WorkspaceEditLike): string[] {
  const touched: string[] = [];
  const apply = (uri: string, edits: LspEdit[]): void => {
    const path = fileURLToPath(uri);
    writeFileSync(path, applyTextEdits(existsSync(path) ? readFileSync(path, 'utf8') : '', edits));
    touched.push(uri);
  };
  for (const [uri, edits] of Object.entries(edit.changes ?? {})) apply(uri, edits);
  for (const c of edit.documentChanges ?? []) {
    if ('kind' in c) {
      const path = fileURLToPath(c.uri);
      if (!existsSync(path)) writeFileSync(path, '');
    } else apply(c.textDocument.uri, c.edits);
  }
  return touched;
}

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
  /** client/registerCapability requests received (file watchers among them), in order. */
  registrations: { registrations: { method: string; registerOptions?: unknown }[] }[];
  /** Waits until the latest diagnostics for `uri` satisfy `pred`. */
  waitForDiagnostics(
    uri: string,
    pred: (d: PublishedDiagnostics) => boolean,
    timeoutMs?: number,
  ): Promise<PublishedDiagnostics>;
  /** Waits until `pred` holds for the statuses received so far (woken by each notification, no polling). */
  waitForStatus(pred: (statuses: unknown[]) => boolean, timeoutMs?: number): Promise<void>;
  stderr(): string;
  close(): Promise<void>;
}

/** A stream whose writes are read back from it: two of them make a pair of pipes. */
class LoopStream extends Duplex {
  override _write(chunk: unknown, _enc: BufferEncoding, done: () => void): void {
    this.push(chunk);
    done();
  }
  override _read(): void {}
}

export interface StartLspOptions {
  env: Record<string, string>;
  /** The workspace folder (the first one when `folders` is given). */
  workspace: string;
  /** More workspace folders (a multi-root window). */
  folders?: string[];
  /** gomodDoctor settings for the window and every folder without its own. */
  settings?: Record<string, unknown>;
  /** gomodDoctor settings of one folder (by its path), answered for a request with that folder's scopeUri. */
  folderSettings?: Record<string, Record<string, unknown>>;
  /** What the client answers for the "go" section (vscode-go's settings). */
  goSettings?: Record<string, unknown>;
  /** The server's working folder (VS Code starts it in the first workspace folder). */
  cwd?: string;
  locale?: string;
  richClient?: boolean;
  /** Where the server keeps results between sessions (initializationOptions.storageDir); none by default. */
  storageDir?: string;
}

/** A server run in this process (startLspInProcess): no child process, its objects at hand. */
export type InProcessLspClient = Omit<TestLspClient, 'child'> & { server: DoctorServer };

interface Transport {
  conn: MessageConnection;
  child?: ChildProcess;
  inProcess: boolean;
  stderr: () => string;
}

function inProcessTransport(
  env: Record<string, string>,
  serverOpts: ServerOptions,
): Transport & { server: DoctorServer } {
  const toServer = new LoopStream();
  const toClient = new LoopStream();
  const server = createServer(
    createConnection(
      ProposedFeatures.all,
      new StreamMessageReader(toServer),
      new StreamMessageWriter(toClient),
    ),
    { ...serverOpts, processEnv: env },
  );
  const conn = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  return { conn, server, inProcess: true, stderr: () => '' };
}

function processTransport(env: Record<string, string>, cwd?: string): Transport & { child: ChildProcess } {
  const child = spawn(process.execPath, [join(repoRoot, 'dist/server.cjs'), '--stdio'], {
    env,
    ...(cwd ? { cwd } : {}),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const conn = createMessageConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  return { conn, child, inProcess: false, stderr: () => stderr };
}

/** The gomodDoctor settings a workspace/configuration item asks for (by its scopeUri's folder). */
function settingsFor(opts: StartLspOptions, scopeUri: string | undefined): Record<string, unknown> {
  const folder = scopeUri === undefined ? undefined : decodeURIComponent(scopeUri.replace(/^file:\/\//, ''));
  return (folder !== undefined ? opts.folderSettings?.[folder] : undefined) ?? opts.settings ?? {};
}

/** Starts the built server (dist/server.cjs) as a process. */
export async function startLsp(opts: StartLspOptions): Promise<TestLspClient> {
  const t = processTransport(opts.env, opts.cwd);
  return { ...(await connect(opts, t)), child: t.child };
}

/**
 * Runs createServer in this process over a pair of in-memory streams, with `opts.env` as the environment go
 * starts from. Its objects are at hand (`server`); nothing else of the process is shared but the locale.
 */
export async function startLspInProcess(
  opts: StartLspOptions,
  serverOpts: Omit<ServerOptions, 'processEnv'> = {},
): Promise<InProcessLspClient> {
  const t = inProcessTransport(opts.env, serverOpts);
  return { ...(await connect(opts, t)), server: t.server };
}

/** What the client records of the server, and who waits for the next diagnostics or message. */
interface Recorded {
  registrations: TestLspClient['registrations'];
  published: PublishedDiagnostics[];
  statuses: unknown[];
  messages: { type: number; message: string }[];
  logs: string[];
  waiters: (() => void)[];
}

/** Records what the server sends and answers what it asks, as a plain editor would. */
function answerServer(conn: MessageConnection, opts: StartLspOptions): Recorded {
  const r: Recorded = { registrations: [], published: [], statuses: [], messages: [], logs: [], waiters: [] };
  const wake = (): void => {
    for (const w of r.waiters.splice(0)) w();
  };
  conn.onNotification('textDocument/publishDiagnostics', (p: PublishedDiagnostics) => {
    r.published.push(p);
    wake();
  });
  conn.onNotification('gomodDoctor/status', (p: unknown) => {
    r.statuses.push(p);
    wake();
  });
  conn.onNotification('window/showMessage', (p: { type: number; message: string }) => {
    r.messages.push(p);
    wake();
  });
  conn.onNotification('window/logMessage', (p: { message: string }) => void r.logs.push(p.message));
  conn.onRequest('workspace/configuration', (p: { items: { section?: string; scopeUri?: string }[] }) =>
    p.items.map((i) =>
      i.section === 'gomodDoctor'
        ? settingsFor(opts, i.scopeUri)
        : i.section === 'go'
          ? (opts.goSettings ?? {})
          : {},
    ),
  );
  conn.onRequest('client/registerCapability', (p: TestLspClient['registrations'][number]) => {
    r.registrations.push(p);
    return null;
  });
  // A message with buttons: recorded like a plain message, answered as if dismissed.
  conn.onRequest('window/showMessageRequest', (p: { type: number; message: string }) => {
    r.messages.push({ type: p.type, message: p.message });
    wake();
    return null;
  });
  conn.onRequest('window/workDoneProgress/create', () => null);
  // A workspace edit from the server (a require change through go): applied to the files as an editor would,
  // then announced as saved changes.
  conn.onRequest('workspace/applyEdit', async (p: { edit: WorkspaceEditLike }) => {
    const uris = applyWorkspaceEdit(p.edit);
    await conn.sendNotification('workspace/didChangeWatchedFiles', {
      changes: uris.map((uri) => ({ uri, type: 2 })),
    });
    return { applied: true };
  });
  return r;
}

async function initialize(conn: MessageConnection, opts: StartLspOptions, inProcess: boolean): Promise<void> {
  const folders = [opts.workspace, ...(opts.folders ?? [])];
  await conn.sendRequest('initialize', {
    processId: inProcess ? null : process.pid,
    rootUri: `file://${opts.workspace}`,
    workspaceFolders: folders.map((f, i) => ({ uri: `file://${f}`, name: `ws${i}` })),
    locale: opts.locale ?? 'en',
    capabilities: {
      workspace: {
        applyEdit: true,
        workspaceEdit: { documentChanges: true, resourceOperations: ['create'] },
        configuration: true,
        workspaceFolders: true,
        didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true },
      },
      textDocument: {
        publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, dataSupport: true },
      },
    },
    initializationOptions: {
      richClient: opts.richClient ?? false,
      ...(opts.storageDir ? { storageDir: opts.storageDir } : {}),
    },
  });
  await conn.sendNotification('initialized', {});
}

/** Shuts the server down; a process is told to exit (and killed if it does not). */
async function closeServer(conn: MessageConnection, child: ChildProcess | undefined): Promise<void> {
  try {
    await Promise.race([conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
    // In process, 'exit' would end this process: the shutdown request already stopped the server's work.
    if (child) await conn.sendNotification('exit');
  } catch {
    // already gone
  }
  conn.dispose();
  if (!child) return;
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
}

/** Resolves once `ok()` holds, checking again at each notification (at least once a second). */
async function until(r: Recorded, ok: () => boolean, timeoutMs: number, why: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(why());
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, Math.min(left, 1000));
      r.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

async function connect(opts: StartLspOptions, tr: Transport): Promise<Omit<TestLspClient, 'child'>> {
  const { conn, child, stderr } = tr;
  const r = answerServer(conn, opts);
  conn.listen();
  await initialize(conn, opts, tr.inProcess);
  const latest = (uri: string): PublishedDiagnostics | undefined =>
    [...r.published].reverse().find((p) => p.uri === uri);
  return {
    conn,
    published: r.published,
    statuses: r.statuses,
    logs: r.logs,
    messages: r.messages,
    registrations: r.registrations,
    stderr,
    async waitForDiagnostics(uri, pred, timeoutMs = 60_000) {
      let l: PublishedDiagnostics | undefined;
      await until(
        r,
        () => {
          l = latest(uri);
          return l !== undefined && pred(l);
        },
        timeoutMs,
        () =>
          `timed out waiting for diagnostics on ${uri}; last: ${JSON.stringify(l)}\nserver stderr:\n${stderr()}`,
      );
      return l!;
    },
    waitForStatus: (pred, timeoutMs = 60_000) =>
      until(
        r,
        () => pred(r.statuses),
        timeoutMs,
        () =>
          `timed out waiting for a status; last: ${JSON.stringify(r.statuses.at(-1))}\nserver stderr:\n${stderr()}`,
      ),
    close: () => closeServer(conn, child),
  };
}
