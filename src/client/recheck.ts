/**
 * The Re-check command: every module root is checked again, behind a progress notification with a Cancel button.
 * Cancel sends $/cancelRequest (the server stops the checks the request started) and closes the notification at
 * once, whether or not the server has answered yet.
 */
import * as vscode from 'vscode';
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';
import { ServerCommands } from '../shared/protocol.ts';

export function registerRecheck(client: LanguageClient): vscode.Disposable {
  return vscode.commands.registerCommand('gomodDoctor.recheck', () =>
    vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('Go Module Doctor: checking module downloads'),
        cancellable: true,
      },
      async (_progress, token) => {
        const cancelled = new Promise<void>((resolve) => token.onCancellationRequested(() => resolve()));
        const done = client
          .sendRequest(ExecuteCommandRequest.type, { command: ServerCommands.recheck, arguments: [] }, token)
          .then(
            () => undefined,
            (err: unknown) => {
              // The server answers a cancelled request with an error: that is the expected end, not a failure.
              if (!token.isCancellationRequested) throw err;
            },
          );
        await Promise.race([done, cancelled]);
      },
    ),
  );
}
