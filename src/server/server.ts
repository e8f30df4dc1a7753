/**
 * The language server: watches go.mod, go.work and go.sum, checks each module root in the background with the
 * user's real go, and publishes one diagnostic per cause on the line that causes it, with hovers and quick fixes.
 */
import {
  CodeActionKind,
  type CancellationToken,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  MessageType,
  ShowMessageNotification,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { readFileSync } from 'node:fs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { probeProxyCandidates } from '../core/fix/proxyCandidates.ts';
import { setLocale, t } from '../core/l10n.ts';
import { diagnoseRoot } from '../core/probe/diagnoseRoot.ts';
import { redact } from '../core/redact.ts';
import {
  DiagnoseProgressNotification,
  DiagnoseRequest,
  ServerCommands,
  StatusNotification,
  type ApplyFixParams,
  type DiagnoseParams,
  type ProbeProxiesParams,
  type DiagnoseResult,
  type StatusParams,
} from '../shared/protocol.ts';
import { codeActionsFor } from './codeActions.ts';
import { toDiagnostic } from './diagnostics.ts';
import { checkRoot, disposeEngine, type RootResult } from './engine.ts';
import { applyFix } from './fixes.ts';
import { hoverFor } from './hover.ts';
import { findRoots, isModuleFile, rootOfFile } from './roots.ts';
import { Scheduler } from './scheduler.ts';
import {
  DEFAULT_SETTINGS,
  normalizeGoSettings,
  normalizeSettings,
  type DoctorSettings,
  type GoExtensionSettings,
} from './settings.ts';

export interface ServerOptions {
  /** Debounce for edits, ms. */
  debounceMs?: number;
}

interface InitOptions {
  /** Set by the VS Code client: it can ask for a fix's scope and for credentials. */
  richClient?: boolean;
}

/** Whether `text` is the content of the file at `path` (false when it cannot be read). */
function sameAsDisk(path: string, text: string): boolean {
  try {
    return readFileSync(path, 'utf8') === text;
  } catch {
    return false;
  }
}

export function createServer(connection: Connection, opts: ServerOptions = {}): void {
  const documents = new TextDocuments(TextDocument);
  let folders: string[] = [];
  let richClient = false;
  let hasConfiguration = false;
  let settings: DoctorSettings = DEFAULT_SETTINGS;
  let goSettings: GoExtensionSettings = normalizeGoSettings({});
  let httpProxy = '';
  const roots = new Set<string>();
  const results = new Map<string, RootResult>();
  /** Diagnostics per file URI, per root (a file can belong to a module and a workspace root). */
  const published = new Map<string, Map<string, Diagnostic[]>>();
  let goMissingShown = false;
  /** Roots whose next check must not reuse a cached result: a fix or a recheck changed what go would see. */
  const fresh = new Set<string>();

  const scheduler = new Scheduler({
    debounceMs: opts.debounceMs ?? 400,
    concurrency: DEFAULT_SETTINGS.concurrency,
    run: (root, signal) => runRoot(root, signal),
  });

  const log = (msg: string): void => connection.console.log(redact(msg));

  function sendStatus(): void {
    let failures = 0;
    for (const r of results.values()) failures += r.diagnostics.length;
    const running = scheduler.isBusy();
    const params: StatusParams = {
      state: !settings.enable ? 'disabled' : goMissingShown ? 'no-go' : running ? 'running' : 'idle',
      failures,
      roots: roots.size,
      detail:
        failures === 0
          ? t('All modules can be downloaded.')
          : t('{0} download problems in {1} module roots.', failures, roots.size),
    };
    void connection.sendNotification(StatusNotification, params);
  }

  async function refreshSettings(): Promise<void> {
    if (!hasConfiguration) return;
    const [doctor, go, http] = (await connection.workspace.getConfiguration([
      { section: 'gomodDoctor' },
      { section: 'go' },
      { section: 'http' },
    ])) as unknown[];
    settings = normalizeSettings(doctor);
    goSettings = normalizeGoSettings(go);
    const proxy = (http as { proxy?: unknown } | null)?.proxy;
    httpProxy = typeof proxy === 'string' ? proxy : '';
  }

  function publishRoot(root: string, diagnostics: Map<string, Diagnostic[]>): void {
    const touched = new Set<string>();
    for (const [uri, byRoot] of published) {
      if (byRoot.delete(root)) touched.add(uri);
    }
    for (const [uri, diags] of diagnostics) {
      let byRoot = published.get(uri);
      if (!byRoot) published.set(uri, (byRoot = new Map<string, Diagnostic[]>()));
      byRoot.set(root, diags);
      touched.add(uri);
    }
    // Open documents of this root always get a fresh (possibly empty) list, so a client knows the check ran.
    for (const doc of documents.all()) {
      if (rootOfFile(URI.parse(doc.uri).fsPath) === root) touched.add(doc.uri);
    }
    for (const uri of touched) {
      const all = [...(published.get(uri)?.values() ?? [])].flat();
      void connection.sendDiagnostics({ uri, diagnostics: all });
    }
  }

  async function runRoot(root: string, signal: AbortSignal): Promise<void> {
    if (!settings.enable) {
      publishRoot(root, new Map());
      return;
    }
    sendStatus();
    const overrides = new Map<string, string>();
    for (const doc of documents.all()) {
      const path = URI.parse(doc.uri).fsPath;
      if (rootOfFile(path) === root && settings.runOn === 'change') overrides.set(path, doc.getText());
    }
    const force = fresh.delete(root);
    const result = await checkRoot({
      root,
      settings,
      goSettings,
      httpProxy,
      overrides,
      signal,
      log,
      force,
    });
    if (signal.aborted) {
      if (force) fresh.add(root);
      return;
    }
    if (result.goMissing) {
      if (!goMissingShown) {
        goMissingShown = true;
        // A notification, not showErrorMessage: that sends a request, and a client answering it with an error
        // (one without window/showMessageRequest) made the rejected promise end the server.
        void connection.sendNotification(ShowMessageNotification.type, {
          type: MessageType.Error,
          message: result.goMissing,
        });
      }
    } else {
      goMissingShown = false;
    }
    results.set(root, result);
    const byUri = new Map<string, Diagnostic[]>();
    for (const d of result.diagnostics) {
      const uri = URI.file(d.finding.file).toString();
      const list = byUri.get(uri) ?? [];
      const diag = toDiagnostic(d.finding, root, d.extra);
      // One cause once per place: go reports a failing replacement from both its download and its module graph,
      // in the same words; the first (the download's) is kept.
      const same = (x: Diagnostic): boolean =>
        x.code === diag.code &&
        x.message === diag.message &&
        JSON.stringify(x.range) === JSON.stringify(diag.range);
      if (!list.some(same)) list.push(diag);
      byUri.set(uri, list);
    }
    publishRoot(root, byUri);
    sendStatus();
  }

  function requestRoot(root: string, delayMs?: number): void {
    if (!roots.has(root)) roots.add(root);
    scheduler.request(root, delayMs === undefined ? {} : { delayMs });
  }

  async function discover(): Promise<void> {
    const found = (await Promise.all(folders.map((f) => findRoots(f)))).flat();
    // A root already checked or being checked (an opened go.mod can start it first) is not started again.
    for (const r of found) if (!results.has(r) && !scheduler.isBusy(r)) requestRoot(r, 0);
    sendStatus();
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    setLocale(params.locale);
    const init = (params.initializationOptions ?? {}) as InitOptions;
    richClient = init.richClient === true;
    hasConfiguration = params.capabilities.workspace?.configuration === true;
    folders = (params.workspaceFolders ?? []).map((f) => URI.parse(f.uri).fsPath);
    if (folders.length === 0 && params.rootUri) folders = [URI.parse(params.rootUri).fsPath];
    return {
      capabilities: {
        textDocumentSync: {
          openClose: true,
          change: TextDocumentSyncKind.Incremental,
          save: { includeText: false },
        },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        executeCommandProvider: {
          commands: [ServerCommands.recheck, ServerCommands.applyFix, ServerCommands.probeProxies],
        },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'gomod-doctor' },
    };
  });

  connection.onInitialized(async () => {
    if (hasConfiguration) {
      void connection.client.register(DidChangeConfigurationNotification.type, undefined);
    }
    void connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: [{ globPattern: '**/go.mod' }, { globPattern: '**/go.work' }, { globPattern: '**/go.sum' }],
    });
    await refreshSettings();
    if (settings.runOn !== 'manual') await discover();
  });

  connection.onDidChangeConfiguration(async () => {
    await refreshSettings();
    for (const r of roots) requestRoot(r, 0);
  });

  connection.onDidChangeWatchedFiles((params) => {
    if (settings.runOn === 'manual') return;
    for (const change of params.changes) {
      const path = URI.parse(change.uri).fsPath;
      if (!isModuleFile(path)) continue;
      // Type 3 = deleted: a removed go.mod removes its root when no go.work remains.
      requestRoot(rootOfFile(path));
    }
  });

  documents.onDidOpen((e) => {
    if (settings.runOn === 'manual') return;
    const path = URI.parse(e.document.uri).fsPath;
    const root = rootOfFile(path);
    // The check reads open documents only with runOn "change"; a document opened as it is on disk (the usual
    // case, often while the first check of the folder runs) changes nothing that check sees, so it is not
    // restarted. A document with unsaved text (restored by the editor) is checked as it is.
    const seen = results.has(root) || scheduler.isBusy(root);
    if (!seen || (settings.runOn === 'change' && !sameAsDisk(path, e.document.getText())))
      requestRoot(root, 0);
  });
  documents.onDidChangeContent((e) => {
    if (settings.runOn !== 'change' || e.document.version <= 1) return;
    requestRoot(rootOfFile(URI.parse(e.document.uri).fsPath));
  });
  documents.onDidSave((e) => {
    if (settings.runOn === 'manual') return;
    requestRoot(rootOfFile(URI.parse(e.document.uri).fsPath), 0);
  });

  connection.onHover((params) => {
    const uri = params.textDocument.uri;
    const diags = [...(published.get(uri)?.values() ?? [])].flat();
    const root = rootOfFile(URI.parse(uri).fsPath);
    return hoverFor(diags, params.position, results.get(root)?.effectiveEnv, (d) =>
      codeActionsFor(uri, d, { richClient, goVersion: results.get(root)?.goVersion }).map((a) => a.title),
    );
  });

  connection.onCodeAction((params) => {
    const uri = params.textDocument.uri;
    const goVersion = results.get(rootOfFile(URI.parse(uri).fsPath))?.goVersion;
    return params.context.diagnostics.flatMap((d) => codeActionsFor(uri, d, { richClient, goVersion }));
  });

  connection.onExecuteCommand(async (params) => {
    if (params.command === ServerCommands.recheck) {
      for (const r of roots) {
        fresh.add(r);
        requestRoot(r, 0);
      }
      await scheduler.idle();
      return { ok: true };
    }
    if (params.command === ServerCommands.probeProxies) {
      const p = params.arguments?.[0] as ProbeProxiesParams | undefined;
      const root = p ? rootOfFile(URI.parse(p.uri).fsPath) : undefined;
      const env = (root === undefined ? undefined : results.get(root)?.env) ?? {};
      return probeProxyCandidates(settings.proxyCandidates, { module: p?.module, version: p?.version }, env, {
        timeoutMs: 5_000,
      });
    }
    if (params.command === ServerCommands.applyFix) {
      const p = params.arguments?.[0] as ApplyFixParams | undefined;
      if (!p) return { ok: false, message: t('No fix was given.') };
      const root = rootOfFile(URI.parse(p.uri).fsPath);
      const result = await applyFix(p, {
        root,
        settings,
        goSettings,
        httpProxy,
        rootResult: results.get(root),
      });
      log(`fix ${p.fix} (${p.scope}): ${result.ok ? 'ok' : 'failed'}: ${result.message}`);
      if (result.ok) {
        for (const r of roots) {
          // A .netrc or module cache change is not part of the cache key: check again for real.
          fresh.add(r);
          requestRoot(r, 0);
        }
      }
      return result;
    }
    return undefined;
  });

  connection.onRequest(
    DiagnoseRequest,
    async (params: DiagnoseParams, token: CancellationToken): Promise<DiagnoseResult> => {
      const root = params.root ?? [...roots][0] ?? folders[0] ?? process.cwd();
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      return diagnoseRoot({
        root,
        settingsEnv: settings.env,
        toolsEnvVars: goSettings.toolsEnvVars,
        httpProxy,
        go: { explicit: settings.goPath, alternateGo: goSettings.alternateGo, goroot: goSettings.goroot },
        signal: abort.signal,
        onProgress: (report) => {
          if (params.token)
            void connection.sendNotification(DiagnoseProgressNotification, { token: params.token, report });
        },
      });
    },
  );

  connection.onShutdown(() => {
    scheduler.dispose();
    disposeEngine();
  });

  documents.listen(connection);
  connection.listen();
}
