/**
 * The language status item follows the server's status notifications (rendered by statusView.ts), and the
 * context keys that decide where the commands are offered (package.json `enablement` and `menus`).
 */
import * as vscode from 'vscode';
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';
import { ClientCommands, ServerCommands, StatusNotification, type StatusParams } from '../shared/protocol.ts';
import { statusView } from './statusView.ts';

const SEVERITY = {
  information: vscode.LanguageStatusSeverity.Information,
  warning: vscode.LanguageStatusSeverity.Warning,
  error: vscode.LanguageStatusSeverity.Error,
} as const;

export function followStatus(client: LanguageClient, item: vscode.LanguageStatusItem): vscode.Disposable {
  return client.onNotification(StatusNotification, (p: StatusParams) => {
    const view = statusView(p);
    item.busy = view.busy;
    item.severity = SEVERITY[view.severity];
    item.text = view.text;
    item.detail = view.detail;
    item.command =
      view.command === 'recheck'
        ? { title: vscode.l10n.t('Re-check'), command: 'gomodDoctor.recheck' }
        : view.command === 'stop'
          ? { title: vscode.l10n.t('Stop checking'), command: STOP }
          : { title: vscode.l10n.t('Show log'), command: ClientCommands.showOutput };
  });
}

/** The status item's Stop link while checks run: the server stops every check in flight. */
const STOP = 'gomodDoctor.stopChecks';

export function registerStop(client: LanguageClient): vscode.Disposable {
  return vscode.commands.registerCommand(STOP, () =>
    client.sendRequest(ExecuteCommandRequest.type, { command: ServerCommands.cancel, arguments: [] }),
  );
}

/** Context keys: `gomodDoctor.started` (the client runs, so the workspace is trusted) and `gomodDoctor.hasModuleRoot`. */
export function trackContext(): vscode.Disposable {
  const set = (key: string, value: boolean): Thenable<unknown> =>
    vscode.commands.executeCommand('setContext', key, value);
  const refresh = async (): Promise<void> => {
    const found = await vscode.workspace.findFiles(
      '**/{go.mod,go.work}',
      '**/{node_modules,vendor,testdata,.git}/**',
      1,
    );
    await set('gomodDoctor.hasModuleRoot', found.length > 0);
  };
  void set('gomodDoctor.started', true);
  void refresh();
  const watcher = vscode.workspace.createFileSystemWatcher('**/{go.mod,go.work}', false, true, false);
  return vscode.Disposable.from(
    watcher,
    watcher.onDidCreate(() => void set('gomodDoctor.hasModuleRoot', true)),
    watcher.onDidDelete(() => void refresh()),
    vscode.workspace.onDidChangeWorkspaceFolders(() => void refresh()),
    { dispose: () => void set('gomodDoctor.started', false) },
  );
}
