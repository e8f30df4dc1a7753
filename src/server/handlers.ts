/**
 * The server's answers to requests: hover, code actions, the commands it executes (re-check, cancel, apply a
 * fix, probe proxies) and the Diagnose downloads report. Each reads the root's folder settings and last result.
 */
import type {
  CancellationToken,
  Connection,
  ExecuteCommandParams,
  TextDocuments,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { dirname } from 'node:path';
import { URI } from 'vscode-uri';
import { probeProxyCandidates } from '../core/fix/proxyCandidates.ts';
import { t } from '../core/l10n.ts';
import { diagnoseRoot } from '../core/probe/diagnoseRoot.ts';
import { routeMarkdownFor } from '../core/route/index.ts';
import {
  DiagnoseProgressNotification,
  DiagnoseRequest,
  ServerCommands,
  type ApplyFixParams,
  type DiagnoseParams,
  type DiagnoseResult,
  type ProbeProxiesParams,
} from '../shared/protocol.ts';
import type { RootChecker } from './checker.ts';
import { codeActionsFor } from './codeActions.ts';
import type { CheckCoordinator } from './coordinator.ts';
import { applyFix } from './fixes.ts';
import { hoverFor, vendorHover } from './hover.ts';
import type { Publisher } from './publisher.ts';
import type { RootRegistry } from './rootRegistry.ts';
import type { Scheduler } from './scheduler.ts';
import type { SettingsStore } from './settingsStore.ts';

export interface HandlerDeps {
  connection: Connection;
  settings: SettingsStore;
  registry: RootRegistry;
  publisher: Publisher;
  scheduler: Scheduler;
  checker: RootChecker;
  coordinator: CheckCoordinator;
  /** Set by the VS Code client: it can ask for a fix's scope and for credentials. */
  richClient: () => boolean;
  log: (msg: string) => void;
  /** Open documents: a fix that rewrites go.mod/go.sum starts from the editor's text, unsaved edits included. */
  documents?: TextDocuments<TextDocument>;
}

const pathOf = (uri: string): string => URI.parse(uri).fsPath;

export function registerRequestHandlers(d: HandlerDeps): void {
  d.connection.onHover((params) => {
    const uri = params.textDocument.uri;
    const root = d.registry.rootOf(pathOf(uri));
    const result = root === undefined ? undefined : d.checker.result(root);
    const goVersion = result?.goVersion;
    const env = result?.env;
    const sources = result?.envSources;
    const routeOf =
      env && sources
        ? (module: string, version?: string): string =>
            routeMarkdownFor({
              module,
              version,
              env,
              sources,
              goBin: result?.goBin,
              effective: result?.effectiveEnv,
            })
        : undefined;
    const hover = hoverFor(
      d.publisher.diagnostics(uri),
      params.position,
      result?.effectiveEnv,
      (diag) => codeActionsFor(uri, diag, { richClient: d.richClient(), goVersion }).map((a) => a.title),
      routeOf,
    );
    if (hover || root === undefined || !d.checker.isVendored(root)) return hover;
    return vendorHover(pathOf(uri), params.position, d.registry.unit(root)?.vendor);
  });
  d.connection.onCodeAction((params) => {
    const uri = params.textDocument.uri;
    const root = d.registry.rootOf(pathOf(uri));
    const goVersion = root === undefined ? undefined : d.checker.result(root)?.goVersion;
    return params.context.diagnostics.flatMap((diag) =>
      codeActionsFor(uri, diag, { richClient: d.richClient(), goVersion }),
    );
  });
  d.connection.onExecuteCommand((params, token) => executeCommand(d, params, token));
  d.connection.onRequest(DiagnoseRequest, (params: DiagnoseParams, token: CancellationToken) =>
    diagnose(d, params, token),
  );
}

async function executeCommand(
  d: HandlerDeps,
  params: ExecuteCommandParams,
  token: CancellationToken,
): Promise<unknown> {
  switch (params.command) {
    case ServerCommands.recheck: {
      // Cancelling the request (the status item's cancel) stops the checks it started.
      const sub = token.onCancellationRequested(() => d.coordinator.cancelAll());
      d.coordinator.recheckAll(true);
      await d.coordinator.idle();
      sub.dispose();
      return { ok: !token.isCancellationRequested };
    }
    case ServerCommands.cancel:
      d.coordinator.cancelAll();
      return { ok: true };
    case ServerCommands.probeProxies:
      return probeProxies(d, params.arguments?.[0] as ProbeProxiesParams | undefined);
    case ServerCommands.applyFix:
      return fix(d, params.arguments?.[0] as ApplyFixParams | undefined);
    default:
      return undefined;
  }
}

function probeProxies(d: HandlerDeps, p: ProbeProxiesParams | undefined): Promise<unknown> {
  const path = p ? pathOf(p.uri) : undefined;
  const root = path === undefined ? undefined : d.registry.rootOf(path);
  const env = (root === undefined ? undefined : d.checker.result(root)?.env) ?? {};
  const candidates = d.settings.forPath(path ?? '').doctor.proxyCandidates;
  return probeProxyCandidates(candidates, { module: p?.module, version: p?.version }, env, {
    timeoutMs: 5_000,
  });
}

async function fix(d: HandlerDeps, p: ApplyFixParams | undefined): Promise<unknown> {
  if (!p) return { ok: false, message: t('No fix was given.') };
  const path = pathOf(p.uri);
  const root = d.registry.rootOf(path);
  const dir = root === undefined ? dirname(path) : d.registry.dirOf(root);
  const s = d.settings.forPath(dir);
  const result = await applyFix(p, {
    root: dir,
    readText: (file) => d.documents?.get(URI.file(file).toString())?.getText(),
    applyEdit: async (edit) => {
      try {
        return (await d.connection.workspace.applyEdit({ label: p.fix, edit })).applied;
      } catch {
        return false;
      }
    },
    settings: s.doctor,
    goSettings: s.go,
    httpProxy: s.httpProxy,
    rootResult: root === undefined ? undefined : d.checker.result(root),
  });
  d.log(`fix ${p.fix} (${p.scope}): ${result.ok ? 'ok' : 'failed'}: ${result.message}`);
  // A .netrc or module cache change is not part of the cache key: check again for real.
  if (result.ok) d.coordinator.recheckAll(true, root);
  return result;
}

async function diagnose(
  d: HandlerDeps,
  params: DiagnoseParams,
  token: CancellationToken,
): Promise<DiagnoseResult> {
  const first = d.registry.all()[0];
  const root =
    params.root ??
    (first === undefined ? undefined : d.registry.dirOf(first)) ??
    d.registry.folders[0] ??
    process.cwd();
  const s = d.settings.forPath(root);
  const abort = new AbortController();
  token.onCancellationRequested(() => abort.abort());
  return diagnoseRoot({
    root,
    settingsEnv: s.doctor.env,
    toolsEnvVars: s.go.toolsEnvVars,
    httpProxy: s.httpProxy,
    go: { explicit: s.doctor.goPath, alternateGo: s.go.alternateGo, goroot: s.go.goroot },
    signal: abort.signal,
    onProgress: (report) => {
      if (params.token)
        void d.connection.sendNotification(DiagnoseProgressNotification, { token: params.token, report });
    },
  });
}
