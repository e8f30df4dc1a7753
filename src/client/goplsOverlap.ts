/**
 * gopls reports go.mod and go.work syntax errors itself. When it runs (the vscode-go extension `golang.go` is
 * active and `go.useLanguageServer` is not false), the same error from this extension would show twice, so ours
 * is left out; it comes back when gopls stops. The server's diagnostics are kept as sent and filtered on the way
 * to the editor, so a change of either condition is applied to what is already shown.
 */
import * as vscode from 'vscode';
import type { LanguageClient, Middleware } from 'vscode-languageclient/node';

const SYNTAX = 'syntax';

export function goplsRuns(): boolean {
  if (!vscode.extensions.getExtension('golang.go')?.isActive) return false;
  return vscode.workspace.getConfiguration('go').get<boolean>('useLanguageServer', true) !== false;
}

function codeOf(d: vscode.Diagnostic): string | number | undefined {
  return typeof d.code === 'object' ? d.code.value : d.code;
}

/** The diagnostics to show for `uri`: without our syntax errors on go.mod/go.work while gopls runs. */
export function withoutGoplsDuplicates(
  uri: vscode.Uri,
  diagnostics: readonly vscode.Diagnostic[],
  gopls: boolean,
): vscode.Diagnostic[] {
  if (!gopls || !/(^|\/)go\.(mod|work)$/.test(uri.path)) return [...diagnostics];
  return diagnostics.filter((d) => codeOf(d) !== SYNTAX);
}

export class GoplsOverlap {
  private readonly sent = new Map<string, { uri: vscode.Uri; diagnostics: vscode.Diagnostic[] }>();
  private gopls = goplsRuns();
  private client: LanguageClient | undefined;

  readonly middleware: Middleware = {
    handleDiagnostics: (uri, diagnostics, next) => {
      this.sent.set(uri.toString(), { uri, diagnostics });
      next(uri, withoutGoplsDuplicates(uri, diagnostics, this.gopls));
    },
  };

  /** Watches the conditions: vscode-go has no activation event of its own, but gopls publishing shows it runs. */
  attach(client: LanguageClient): vscode.Disposable {
    this.client = client;
    return vscode.Disposable.from(
      vscode.languages.onDidChangeDiagnostics(() => this.update()),
      vscode.extensions.onDidChange(() => this.update()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('go.useLanguageServer')) this.update();
      }),
    );
  }

  private update(): void {
    const now = goplsRuns();
    if (now === this.gopls) return;
    this.gopls = now;
    for (const { uri, diagnostics } of this.sent.values())
      this.client?.diagnostics?.set(uri, withoutGoplsDuplicates(uri, diagnostics, now));
  }
}
