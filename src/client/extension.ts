/**
 * VS Code entry point. It stays tiny so activation is fast: it registers the status item and waits for trust;
 * the language client (a large library) is loaded from its own bundle after activate() has returned.
 */
import * as vscode from 'vscode';
import type { ClientHandle } from './clientMain.ts';

let handle: ClientHandle | undefined;
let starting: Promise<void> | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const status = vscode.languages.createLanguageStatusItem('gomodDoctor.status', [
    { pattern: '**/go.mod' },
    { pattern: '**/go.work' },
  ]);
  status.name = vscode.l10n.t('Go Module Doctor');
  context.subscriptions.push(status);
  if (!vscode.workspace.isTrusted) {
    status.text = vscode.l10n.t('Go Module Doctor: off');
    status.detail = vscode.l10n.t('This workspace is not trusted, so the go command is not run.');
    status.severity = vscode.LanguageStatusSeverity.Warning;
    status.command = { title: vscode.l10n.t('Manage Workspace Trust'), command: 'workbench.trust.manage' };
    context.subscriptions.push(
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        start(context, status);
      }),
    );
    return;
  }
  start(context, status);
}

function start(context: vscode.ExtensionContext, status: vscode.LanguageStatusItem): void {
  starting ??= new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const main = require('./clientMain.cjs') as typeof import('./clientMain.ts');
    handle = await main.startClient(context, status);
  });
  void starting.catch((err: unknown) => {
    status.text = vscode.l10n.t('Go Module Doctor: failed to start');
    status.detail = String(err);
    status.severity = vscode.LanguageStatusSeverity.Error;
  });
}

export async function deactivate(): Promise<void> {
  await starting?.catch(() => undefined);
  await handle?.stop();
  handle = undefined;
}
