/**
 * The language client and the commands around it, loaded after activation (see extension.ts).
 */
import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type ConfigurationParams,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { FIX_IDS, type FixId } from '../core/classify/types.ts';
import { defaultScope, FIX_SPECS, questionsFor, type FixQuestion } from '../core/fix/specs.ts';
import {
  ClientCommands,
  ServerCommands,
  type ApplyFixParams,
  type ApplyFixResult,
  type FixScope,
  type ProbeProxiesParams,
  type ProxyCandidate,
} from '../shared/protocol.ts';
import { SERVER_EXEC_ARGV, serverEnv } from '../shared/serverExecArgv.ts';
import { BinaryGate } from './binaryGate.ts';
import { GoplsOverlap } from './goplsOverlap.ts';
import { placeCredentials, withProxySecrets } from './proxySecrets.ts';
import { registerRecheck } from './recheck.ts';
import { registerDiagnose } from './report/panel.ts';
import { followStatus, registerStop, trackContext } from './status.ts';

export interface ClientHandle {
  stop(): Promise<void>;
}

/** The documents the server reads as the editor shows them (GOWORK may name a go.work of any name: dev.work). */
const DOCUMENTS = [
  { scheme: 'file', pattern: '**/go.mod' },
  { scheme: 'file', pattern: '**/go.work' },
  { scheme: 'file', pattern: '**/*.work' },
  { scheme: 'file', pattern: '**/go.sum' },
];

export async function startClient(
  context: vscode.ExtensionContext,
  status: vscode.LanguageStatusItem,
): Promise<ClientHandle> {
  const output = vscode.window.createOutputChannel(vscode.l10n.t('Go Module Doctor'), { log: true });
  context.subscriptions.push(output);
  const gate = new BinaryGate(context);
  const serverModule = context.asAbsolutePath('dist/server.cjs');
  // The language client adds these to the extension host's environment.
  const processOptions = { execArgv: [...SERVER_EXEC_ARGV], env: serverEnv(process.env) };
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: processOptions },
    debug: { module: serverModule, transport: TransportKind.ipc, options: processOptions },
  };
  const overlap = new GoplsOverlap();
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENTS,
    outputChannel: output,
    // Results are kept between sessions in the extension's own storage, never in the workspace.
    initializationOptions: { richClient: true, storageDir: context.globalStorageUri.fsPath },
    middleware: {
      ...overlap.middleware,
      workspace: {
        configuration: async (params: ConfigurationParams, token, next) => {
          // Every request, so a setting changed later is checked too (not only at start).
          const result = (await next(params, token)) as unknown[];
          if (!Array.isArray(result)) return result;
          const gated = await gate.filter(params, result);
          // Proxy credentials kept in the secret storage reach the server's go here, never a file.
          return Promise.all(gated.map((r, i) => withProxySecrets(context, params.items[i]?.section, r)));
        },
      },
    },
  };
  const client = new LanguageClient(
    'gomodDoctor',
    vscode.l10n.t('Go Module Doctor'),
    serverOptions,
    clientOptions,
  );

  context.subscriptions.push(
    vscode.commands.registerCommand(ClientCommands.showOutput, () => output.show(true)),
    registerRecheck(client),
    vscode.commands.registerCommand(ClientCommands.fix, (params: Omit<ApplyFixParams, 'scope'>) =>
      runFix(context, client, params),
    ),
    ...registerDiagnose(context, client),
    followStatus(client, status),
    registerStop(client),
    overlap.attach(client),
  );

  await client.start();
  context.subscriptions.push(trackContext());
  return { stop: () => client.stop() };
}

async function askScope(): Promise<FixScope | undefined> {
  const setting = vscode.workspace.getConfiguration('gomodDoctor').get<string>('fixScope', 'ask');
  if (setting === 'user' || setting === 'workspace') return setting;
  const user = {
    label: vscode.l10n.t('For me, everywhere'),
    description: vscode.l10n.t('go env -w: the terminal and other editors benefit too'),
    scope: 'user' as const,
  };
  const ws = {
    label: vscode.l10n.t('This workspace only'),
    description: vscode.l10n.t('workspace settings'),
    scope: 'workspace' as const,
  };
  const pick = await vscode.window.showQuickPick([user, ws], {
    title: vscode.l10n.t('Where should this fix apply?'),
  });
  return pick?.scope;
}

/** Asks one question of a fix (the fix table says which, src/core/fix/specs.ts); false when the user cancels. */
async function ask(
  q: FixQuestion,
  client: LanguageClient,
  params: Omit<ApplyFixParams, 'scope'>,
  answers: { inputs: Record<string, string>; scope: FixScope },
): Promise<boolean> {
  const inputs = answers.inputs;
  switch (q) {
    case 'confirm-danger':
      return confirmDanger();
    case 'credentials':
      return askCredentials(params.host ?? '', inputs);
    case 'proxy':
      return askProxy(client, params, inputs);
    case 'env-value':
      return askEnvValue(inputs);
    case 'scope': {
      const s = await askScope();
      if (s) answers.scope = s;
      return s !== undefined;
    }
  }
}

async function confirmDanger(): Promise<boolean> {
  const go = vscode.l10n.t('Apply anyway');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('This fix weakens the security of module downloads.'),
    {
      modal: true,
      detail: vscode.l10n.t(
        'Downloads for these modules will no longer be checked against tampering. Prefer GOPRIVATE and proper certificates.',
      ),
    },
    go,
  );
  return answer === go;
}

async function askCredentials(host: string, inputs: Record<string, string>): Promise<boolean> {
  const login = await vscode.window.showInputBox({
    title: vscode.l10n.t('Credentials for {0}', host),
    prompt: vscode.l10n.t('User name (login)'),
    ignoreFocusOut: true,
    validateInput: (v) =>
      v.trim() === '' || /\s/.test(v) ? vscode.l10n.t('No spaces, not empty') : undefined,
  });
  if (login === undefined) return false;
  const password = await vscode.window.showInputBox({
    title: vscode.l10n.t('Credentials for {0}', host),
    prompt: vscode.l10n.t('Password or access token (stored in ~/.netrc with mode 0600)'),
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => (v === '' || /\s/.test(v) ? vscode.l10n.t('No spaces, not empty') : undefined),
  });
  if (password === undefined) return false;
  inputs.login = login.trim();
  inputs.password = password;
  return true;
}

async function askProxy(
  client: LanguageClient,
  params: Omit<ApplyFixParams, 'scope'>,
  inputs: Record<string, string>,
): Promise<boolean> {
  // Only the candidates that serve the module now (the server probes them the way go would reach them).
  const probeParams: ProbeProxiesParams = { uri: params.uri, module: params.module, version: inputs.version };
  const probed = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Trying the module proxies…') },
    () =>
      client.sendRequest<ProxyCandidate[]>('workspace/executeCommand', {
        command: ServerCommands.probeProxies,
        arguments: [probeParams],
      }),
  );
  const usable = probed.filter((c) => c.ok);
  if (usable.length === 0) {
    void vscode.window.showErrorMessage(
      vscode.l10n.t(
        'None of the proxies in gomodDoctor.proxyCandidates can serve this module now: {0}',
        probed.map((c) => c.summary).join('; '),
      ),
    );
    return false;
  }
  const pick = await vscode.window.showQuickPick(
    usable.map((c) => ({ label: c.url, detail: c.summary })),
    { title: vscode.l10n.t('Choose a module proxy (direct stays as the fallback)') },
  );
  if (!pick) return false;
  inputs.proxy = pick.label;
  return true;
}

async function askEnvValue(inputs: Record<string, string>): Promise<boolean> {
  // HTTPS_PROXY may carry a password (http://user:token@host:port): typed like one.
  const value = await vscode.window.showInputBox({
    title: vscode.l10n.t('Set {0} for this workspace', inputs.variable ?? ''),
    prompt:
      inputs.variable === 'SSL_CERT_FILE'
        ? vscode.l10n.t('Path of a PEM file with the certificate authorities go should trust')
        : vscode.l10n.t('Value (a proxy URL may include user:token@)'),
    password: inputs.variable === 'HTTPS_PROXY' || inputs.variable === 'HTTP_PROXY',
    ignoreFocusOut: true,
  });
  if (value === undefined || value.trim() === '') return false;
  inputs.value = value.trim();
  return true;
}

async function runFix(
  context: vscode.ExtensionContext,
  client: LanguageClient,
  params: Omit<ApplyFixParams, 'scope'>,
): Promise<void> {
  if (!(FIX_IDS as readonly string[]).includes(params.fix)) return;
  const id = params.fix as FixId;
  const answers = { inputs: { ...(params.inputs ?? {}) }, scope: defaultScope(id) };
  for (const q of questionsFor(id)) if (!(await ask(q, client, params, answers))) return;
  const { inputs, scope } = answers;
  const result = await client.sendRequest<ApplyFixResult | undefined>('workspace/executeCommand', {
    command: ServerCommands.applyFix,
    arguments: [{ ...params, inputs, scope }],
  });
  if (!result) return;
  let message = result.message;
  if (result.ok && result.workspaceEnv) {
    // A proxy URL with credentials: they go to the secret storage or the user's settings, never the workspace.
    const placed = await placeCredentials(context, result.workspaceEnv);
    if (!placed) return;
    await setWorkspaceEnv(placed.placement.workspace, placed.placement.removeFromWorkspace);
    if (placed.message) message = `${message} ${placed.message}`;
  }
  // go.mod and go.sum rewritten through go: saved, as go itself would have left them on disk.
  const writes = FIX_SPECS[id].writes;
  if (result.ok && (writes === 'go.mod' || writes === 'go.sum')) await saveModFiles(params.uri);
  if (result.ok) void vscode.window.showInformationMessage(message);
  else void vscode.window.showErrorMessage(result.message);
}

async function saveModFiles(gomodUri: string): Promise<void> {
  const gomod = vscode.Uri.parse(gomodUri);
  const paths = [gomod.fsPath, vscode.Uri.joinPath(gomod, '..', 'go.sum').fsPath];
  for (const doc of vscode.workspace.textDocuments)
    if (paths.includes(doc.uri.fsPath) && doc.isDirty) await doc.save();
}

/** Workspace-scope environment: our own setting, and vscode-go's go.toolsEnvVars when vscode-go is installed. */
async function setWorkspaceEnv(vars: Record<string, string>, remove: string[] = []): Promise<void> {
  const merge = (current: Record<string, string>): Record<string, string> => {
    const next = { ...current, ...vars };
    for (const k of remove) delete next[k];
    return next;
  };
  const doctor = vscode.workspace.getConfiguration('gomodDoctor');
  const current = doctor.inspect<Record<string, string>>('env')?.workspaceValue ?? {};
  await doctor.update('env', merge(current), vscode.ConfigurationTarget.Workspace);
  if (vscode.extensions.getExtension('golang.go')) {
    const go = vscode.workspace.getConfiguration('go');
    const tools = go.inspect<Record<string, string>>('toolsEnvVars')?.workspaceValue ?? {};
    await go.update('toolsEnvVars', merge(tools), vscode.ConfigurationTarget.Workspace);
  }
}
