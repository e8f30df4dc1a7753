/**
 * VS Code entry point: activates and disposes, nothing else. The language client is started only in a
 * trusted workspace, because the server runs the go command.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): void {
  if (vscode.workspace.isTrusted) {
    void startClient(context);
  } else {
    context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => void startClient(context)));
  }
}

async function startClient(context: vscode.ExtensionContext): Promise<void> {
  if (client) return;
  const { LanguageClient, TransportKind } = await import('vscode-languageclient/node');
  const serverModule = context.asAbsolutePath('dist/server.cjs');
  client = new LanguageClient(
    'gomodDoctor',
    vscode.l10n.t('Go Module Doctor'),
    {
      run: { module: serverModule, transport: TransportKind.ipc },
      debug: { module: serverModule, transport: TransportKind.ipc },
    },
    {
      documentSelector: [
        { scheme: 'file', pattern: '**/go.mod' },
        { scheme: 'file', pattern: '**/go.work' },
      ],
    },
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
