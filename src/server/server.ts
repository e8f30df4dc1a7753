/**
 * The language server: watches go.mod, go.work and go.sum, checks each root in the background with the user's
 * real go, and publishes one diagnostic per cause on the line that causes it, with hovers and quick fixes.
 *
 * Built from owned objects: SettingsStore (per folder), RootRegistry (folders and roots), Scheduler (debounce,
 * one run per root, concurrency), BatchRunner (batch downloads across roots that share an environment, when
 * several are checked at once), RootChecker (one check through the Engine), Publisher (merged, deduplicated
 * diagnostics), StatusReporter, CheckCoordinator (what is checked when), and the event and request handlers.
 */
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  MessageType,
  ShowMessageNotification,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { setLocale } from '../core/l10n.ts';
import { redact } from '../core/redact.ts';
import { planWorkspace } from '../core/workspace/planner.ts';
import { ServerCommands, StatusNotification } from '../shared/protocol.ts';
import { BatchRunner } from './batches.ts';
import { RootChecker } from './checker.ts';
import { CheckCoordinator } from './coordinator.ts';
import { Engine } from './engine.ts';
import { registerDocumentEvents, registerWorkspaceEvents } from './events.ts';
import { registerRequestHandlers } from './handlers.ts';
import { Publisher } from './publisher.ts';
import { RootRegistry, type Plan } from './rootRegistry.ts';
import { Scheduler } from './scheduler.ts';
import { SettingsStore } from './settingsStore.ts';
import { StatusReporter, type StatusSource } from './status.ts';
import { WorkFileWatch } from './workWatch.ts';

export interface ServerOptions {
  /** Debounce for edits, ms. */
  debounceMs?: number;
  /** The environment go starts from (default: the server's own); in-process tests pass a sandbox's. */
  processEnv?: Record<string, string | undefined>;
  /** How long a request of go's waits before a provisional diagnostic says so (default: the engine's, 10 s). */
  waitNoticeMs?: number;
  /** How the workspace is planned (default: the core's planner). */
  plan?: Plan;
}

interface InitOptions {
  /** Set by the VS Code client: it can ask for a fix's scope and for credentials. */
  richClient?: boolean;
  /**
   * An absolute folder outside every workspace where results are kept between sessions (VS Code's global
   * storage); without it nothing is kept.
   */
  storageDir?: string;
}

/** The server's objects, for in-process tests. */
export type DoctorServer = ReturnType<typeof build>;

function capabilities(): InitializeResult['capabilities'] {
  return {
    textDocumentSync: {
      openClose: true,
      change: TextDocumentSyncKind.Incremental,
      save: { includeText: false },
    },
    hoverProvider: true,
    codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
    executeCommandProvider: {
      commands: [
        ServerCommands.recheck,
        ServerCommands.applyFix,
        ServerCommands.probeProxies,
        ServerCommands.cancel,
      ],
    },
    workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
  };
}

function foldersOf(params: InitializeParams): string[] {
  const folders = (params.workspaceFolders ?? []).map((f) => URI.parse(f.uri).fsPath);
  if (folders.length === 0 && params.rootUri) return [URI.parse(params.rootUri).fsPath];
  return folders;
}

interface ClientInfo {
  richClient: boolean;
  configuration: boolean;
  workspaceFolders: boolean;
  /** File watchers registered later, and with relative patterns (LSP 3.17). */
  watchers?: { dynamic: boolean; relative: boolean };
}

/** What the status is computed from, each part asked when the status is sent. */
function statusSource(
  settings: SettingsStore,
  checker: RootChecker,
  scheduler: Scheduler,
  batches: BatchRunner,
  registry: RootRegistry,
  publisher: Publisher,
): StatusSource {
  return {
    enabled: () => settings.windowSettings.doctor.enable,
    goMissing: () => checker.goMissing,
    // A root waiting for its batch download is being checked too.
    checking: () => new Set([...scheduler.runningRoots(), ...batches.roots()]).size,
    roots: () => registry.size,
    vendored: () => registry.all().filter((r) => checker.isVendored(r)).length,
    problems: () => publisher.problems(),
    waiting: () => publisher.waiting(),
  };
}

/** The publisher, sending to the connection; a root's open documents get a list after each of its checks. */
function publisherFor(
  connection: Connection,
  documents: TextDocuments<TextDocument>,
  registry: RootRegistry,
): Publisher {
  const openUris = (root: string): string[] =>
    documents.all().flatMap((doc) => (registry.rootOf(URI.parse(doc.uri).fsPath) === root ? [doc.uri] : []));
  return new Publisher((uri, diagnostics) => void connection.sendDiagnostics({ uri, diagnostics }), openUris);
}

/** Logs and shows what the plan could not follow (a malformed go env file), each message once per session. */
function planNotesShower(connection: Connection, log: (msg: string) => void): (notes: string[]) => void {
  const shown = new Set<string>();
  return (notes) => {
    for (const message of notes.filter((n) => !shown.has(n))) {
      shown.add(message);
      log(message);
      void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message });
    }
  };
}

/** Builds the server's objects and wires them to each other (not yet to the connection's events). */
function build(connection: Connection, opts: ServerOptions, client: ClientInfo) {
  const log = (msg: string): void => connection.console.log(redact(msg));
  const documents = new TextDocuments(TextDocument);
  const settings = new SettingsStore((items) =>
    client.configuration
      ? connection.workspace.getConfiguration(items)
      : Promise.reject(new Error('no workspace/configuration')),
  );
  // Each plan also tells which go.work files need a watcher of their own (GOWORK=/elsewhere/dev.work).
  const workWatch = new WorkFileWatch({
    dynamic: () => client.watchers?.dynamic === true,
    relative: () => client.watchers?.relative === true,
    register: (watchers) => connection.client.register(DidChangeWatchedFilesNotification.type, { watchers }),
  });
  const planFolders: Plan = opts.plan ?? ((folders) => planWorkspace(folders));
  const registry: RootRegistry = new RootRegistry(async (folders) => {
    const plan = await planFolders(folders);
    workWatch.update(plan, registry.folders);
    return plan;
  });
  const publisher = publisherFor(connection, documents, registry);
  const engine = new Engine();
  engine.saved.log = log;
  // What tests may set: how long a request waits before it is reported, the environment go starts from.
  const testing = {
    ...(opts.waitNoticeMs === undefined ? {} : { waitNoticeMs: opts.waitNoticeMs }),
    ...(opts.processEnv ? { processEnv: opts.processEnv } : {}),
  };
  const checker = new RootChecker({
    ...{ engine, settings, registry, publisher, documents, log },
    // A notification, not showErrorMessage: that sends a request, and a client answering it with an error
    // (one without window/showMessageRequest) made the rejected promise end the server.
    onGoMissing: (message) =>
      void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Error, message }),
    onProvisional: () => status.update(),
    ...testing,
  });
  const scheduler: Scheduler = new Scheduler({
    debounceMs: opts.debounceMs ?? 400,
    concurrency: settings.windowSettings.doctor.concurrency,
    run: (root, signal) => checker.run(root, signal),
    onChange: () => status.update(),
  });
  const batches = new BatchRunner({
    ...{ engine, settings, registry, checker, scheduler, publisher, log },
    onChange: () => status.update(),
    ...testing,
  });
  const status: StatusReporter = new StatusReporter(
    (p) => void connection.sendNotification(StatusNotification, p),
    statusSource(settings, checker, scheduler, batches, registry, publisher),
  );
  const processEnv = opts.processEnv ?? process.env;
  const coordinator = new CheckCoordinator({
    ...{ registry, scheduler, batches, checker, publisher, settings, status, processEnv },
    onPlanNotes: planNotesShower(connection, log),
  });
  const checking = { registry, scheduler, batches, coordinator, publisher, checker, status, engine };
  return { connection, documents, settings, log, workWatch, ...checking };
}

export function createServer(connection: Connection, opts: ServerOptions = {}): DoctorServer {
  const client: ClientInfo = { richClient: false, configuration: false, workspaceFolders: false };
  const o = build(connection, opts, client);
  connection.onInitialize((params): InitializeResult => {
    setLocale(params.locale);
    const init = params.initializationOptions as InitOptions | undefined;
    client.richClient = init?.richClient === true;
    o.engine.saved.useDir(init?.storageDir, foldersOf(params));
    client.configuration = params.capabilities.workspace?.configuration === true;
    client.workspaceFolders = params.capabilities.workspace?.workspaceFolders === true;
    const watched = params.capabilities.workspace?.didChangeWatchedFiles;
    client.watchers = {
      dynamic: watched?.dynamicRegistration === true,
      relative: watched?.relativePatternSupport === true,
    };
    o.registry.addFolders(foldersOf(params));
    return { capabilities: capabilities(), serverInfo: { name: 'gomod-doctor' } };
  });
  connection.onInitialized(async () => {
    if (client.configuration)
      void connection.client.register(DidChangeConfigurationNotification.type, undefined);
    void connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: [{ globPattern: '**/go.mod' }, { globPattern: '**/go.work' }, { globPattern: '**/go.sum' }],
    });
    registerWorkspaceEvents(o, client.workspaceFolders);
    await o.settings.refresh(o.registry.folders);
    o.scheduler.setConcurrency(o.settings.windowSettings.doctor.concurrency);
    await o.coordinator.replan();
  });
  registerDocumentEvents(o);
  registerRequestHandlers({ ...o, richClient: () => client.richClient });
  connection.onShutdown(() => {
    o.batches.cancelAll();
    o.scheduler.dispose();
    o.checker.dispose();
  });
  o.documents.listen(connection);
  connection.listen();
  return o;
}
