/**
 * Applying a language server's code action exactly as an editor would, for tests with the plain LSP client:
 * workspace edits are applied to the file on disk and announced as a saved change; commands are executed with
 * workspace/executeCommand. For the VS Code client's own command (gomodDoctor.fix, offered to rich clients), the
 * test plays the VS Code side: it asks its scripted "user" the same questions the extension asks (scope, login
 * and token, which proxy, the warning for dangerous fixes) and sends the server the same applyFix request.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FixId } from '../../src/core/classify/types.ts';
import { injectProxySecrets, placeProxyEnv, type CredentialPlace } from '../../src/core/fix/proxySecrets.ts';
import { defaultScope, questionsFor, type FixQuestion } from '../../src/core/fix/specs.ts';
import {
  ClientCommands,
  ServerCommands,
  type ApplyFixParams,
  type ApplyFixResult,
  type FixScope,
  type ProbeProxiesParams,
  type ProxyCandidate,
} from '../../src/shared/protocol.ts';
import type { TestLspClient } from './lspClient.ts';

export interface LspRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

export interface LspTextEdit {
  range: LspRange;
  newText: string;
}

export interface LspCodeAction {
  title: string;
  kind?: string;
  isPreferred?: boolean;
  edit?: { changes?: Record<string, LspTextEdit[]> };
  command?: { title: string; command: string; arguments?: unknown[] };
}

/** What the scripted user answers when the client asks. Unanswered questions cancel the fix (as Escape would). */
export interface UserAnswers {
  scope?: FixScope;
  login?: string;
  password?: string;
  /** Picks a proxy from the candidates the client shows. */
  pickProxy?: (candidates: string[]) => string | undefined;
  /** The value typed for an environment variable (set-proxy-env). */
  envValue?: (variable: string) => string | undefined;
  /** Where proxy credentials go (the client asks): the secret storage unless said otherwise. */
  credentialPlace?: CredentialPlace;
  /** Confirms a fix that weakens security. */
  confirmDangerous?: boolean;
}

/** A record of what the client asked, in order, for assertions. */
export interface FixTranscript {
  asked: string[];
  request?: ApplyFixParams;
  result?: ApplyFixResult;
  editedFiles: string[];
  /** What the client wrote into the workspace's settings (gomodDoctor.env), and what it kept secret. */
  workspaceSettingsEnv?: Record<string, string>;
  secrets?: Record<string, string>;
  /** set-goproxy: the candidates the client offered (those the server's probe found serving the module). */
  offeredProxies?: string[];
}

/** A stable key for an action: its fix id (commands) or "edit:<new text>" (go.mod edits, direct or through go). */
export function actionKey(a: LspCodeAction): string {
  const arg = a.command?.arguments?.[0] as
    { fix?: string; inputs?: { variable?: string; edits?: string } } | undefined;
  // A require change is a command carrying its go.mod edits (the server runs go get on them): keyed like an edit.
  const carried = arg?.inputs?.edits ? (JSON.parse(arg.inputs.edits) as LspTextEdit[]) : undefined;
  if (arg?.fix && !carried) return arg.inputs?.variable ? `${arg.fix}:${arg.inputs.variable}` : arg.fix;
  const edits = carried ?? Object.values(a.edit?.changes ?? {}).flat();
  if (edits.length > 0) return `edit:${edits.map((e) => e.newText.trim()).join('|')}`;
  return a.command?.command ?? a.title;
}

/** Applies text edits to a document's text (positions in UTF-16 code units, as LSP says). */
export function applyTextEdits(text: string, edits: LspTextEdit[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = (p: { line: number; character: number }): number =>
    p.line >= lineStarts.length ? text.length : Math.min(lineStarts[p.line] + p.character, text.length);
  const sorted = [...edits]
    .map((e) => ({ start: offset(e.range.start), end: offset(e.range.end), text: e.newText }))
    .sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/** Answers one of the client's questions with the scripted user; false when the user cancels. */
async function answer(
  q: FixQuestion,
  lsp: TestLspClient,
  params: Omit<ApplyFixParams, 'scope'>,
  inputs: Record<string, string>,
  user: UserAnswers,
  tr: FixTranscript,
): Promise<boolean | FixScope> {
  switch (q) {
    case 'confirm-danger':
      tr.asked.push('confirm-dangerous');
      return user.confirmDangerous === true;
    case 'credentials':
      tr.asked.push('login', 'password');
      if (user.login === undefined || user.password === undefined) return false;
      inputs.login = user.login;
      inputs.password = user.password;
      return true;
    case 'proxy': {
      // The client asks the server which candidates serve the module now and offers only those.
      const probeParams: ProbeProxiesParams = {
        uri: params.uri,
        module: params.module,
        version: inputs.version,
      };
      const probed = await lsp.conn.sendRequest<ProxyCandidate[]>('workspace/executeCommand', {
        command: ServerCommands.probeProxies,
        arguments: [probeParams],
      });
      tr.offeredProxies = probed.filter((c) => c.ok).map((c) => c.url);
      if (tr.offeredProxies.length === 0) return false;
      tr.asked.push('proxy');
      const pick = user.pickProxy?.(tr.offeredProxies);
      if (!pick) return false;
      inputs.proxy = pick;
      return true;
    }
    case 'env-value': {
      tr.asked.push(`value:${inputs.variable}`);
      const value = user.envValue?.(inputs.variable ?? '');
      if (value === undefined || value.trim() === '') return false;
      inputs.value = value.trim();
      return true;
    }
    case 'scope':
      tr.asked.push('scope');
      return user.scope ?? false;
  }
}

/**
 * Applies `action` as an editor would. `settings` is the object the client answers workspace/configuration
 * with for "gomodDoctor" (mutated when a fix asks for workspace settings).
 */
export async function applyCodeAction(
  lsp: TestLspClient,
  action: LspCodeAction,
  user: UserAnswers,
  settings: Record<string, unknown>,
): Promise<FixTranscript> {
  const tr: FixTranscript = { asked: [], editedFiles: [] };
  for (const [uri, edits] of Object.entries(action.edit?.changes ?? {})) {
    const path = fileURLToPath(uri);
    writeFileSync(path, applyTextEdits(readFileSync(path, 'utf8'), edits));
    tr.editedFiles.push(path);
    // The file was changed and saved: a client with go.mod open sends didSave, a watcher didChangeWatchedFiles.
    await lsp.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 2 }] });
  }
  const cmd = action.command;
  if (!cmd) return tr;
  if (cmd.command === ServerCommands.applyFix) {
    const p = cmd.arguments?.[0] as ApplyFixParams;
    tr.request = p;
    tr.result = await lsp.conn.sendRequest<ApplyFixResult>('workspace/executeCommand', {
      command: cmd.command,
      arguments: cmd.arguments,
    });
    return tr;
  }
  if (cmd.command !== ClientCommands.fix) {
    throw new Error(`unknown command ${cmd.command}`);
  }
  // The VS Code client's side of gomodDoctor.fix (src/client/clientMain.ts runFix), with scripted answers.
  const params = cmd.arguments?.[0] as Omit<ApplyFixParams, 'scope'>;
  const inputs: Record<string, string> = { ...(params.inputs ?? {}) };
  let scope: FixScope = defaultScope(params.fix as FixId);
  // The same questions as the client, from the same table (src/core/fix/specs.ts).
  for (const q of questionsFor(params.fix as FixId)) {
    const answered = await answer(q, lsp, params, inputs, user, tr);
    if (answered === false) return tr;
    if (q === 'scope') scope = answered as FixScope;
  }
  const request: ApplyFixParams = { ...params, inputs, scope };
  tr.request = request;
  tr.result = await lsp.conn.sendRequest<ApplyFixResult>('workspace/executeCommand', {
    command: ServerCommands.applyFix,
    arguments: [request],
  });
  if (tr.result?.ok && tr.result.workspaceEnv) {
    // The client writes workspace settings (credentials kept apart: src/client/proxySecrets.ts) and the server
    // hears about it as a configuration change, receiving the stored credentials back in its settings.
    const placement = placeProxyEnv(tr.result.workspaceEnv, user.credentialPlace ?? 'secret-storage');
    tr.workspaceSettingsEnv = placement.workspace;
    tr.secrets = placement.secrets;
    const env = {
      ...((settings.env as Record<string, string> | undefined) ?? {}),
      ...placement.workspace,
      ...placement.user,
    };
    settings.env = injectProxySecrets(env, placement.secrets);
    await lsp.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
  }
  return tr;
}
