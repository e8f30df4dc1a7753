/**
 * The "Diagnose downloads" report panel: a webview built from the static files in media/report/ with a strict
 * Content-Security-Policy (a fresh nonce per load); the report reaches it only by postMessage. The diagnosis
 * runs in the language server (gomodDoctor/diagnose) and partial reports stream in as notifications.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { isCategory } from '../../core/categories.ts';
import { fixLabel } from '../../core/classify/fixLabels.ts';
import { FIX_IDS } from '../../core/classify/types.ts';
import { setLocale } from '../../core/l10n.ts';
import type { Report } from '../../core/report/model.ts';
import { renderReportJson, renderReportMarkdown } from '../../core/report/render.ts';
import {
  ClientCommands,
  DiagnoseProgressNotification,
  DiagnoseRequest,
  type DiagnoseParams,
  type DiagnoseProgressParams,
  type DiagnoseResult,
} from '../../shared/protocol.ts';
import { fixRequestFor, parseFromWebview, reportMessage, type ToWebview } from './messages.ts';

/** The strings the webview shows, translated here (the webview has no l10n of its own). */
function strings(): Record<string, string> {
  const s: Record<string, string> = {
    title: vscode.l10n.t('Go Module Doctor: download diagnosis'),
    'state.starting': vscode.l10n.t('Starting…'),
    'state.running': vscode.l10n.t('Diagnosing… ({0})'),
    'state.canceled': vscode.l10n.t('Cancelled.'),
    'state.done': vscode.l10n.t('Done in {0} · {1} · go {2}'),
    'action.rerun': vscode.l10n.t('Run again'),
    'action.cancel': vscode.l10n.t('Cancel'),
    'action.copy': vscode.l10n.t('Copy as Markdown'),
    'action.save': vscode.l10n.t('Save as JSON'),
    'section.conclusion': vscode.l10n.t('Conclusion'),
    'section.probes': vscode.l10n.t('Probes'),
    'section.modules': vscode.l10n.t('Modules'),
    'section.env': vscode.l10n.t('Environment'),
    'conclusion.pending': vscode.l10n.t('Waiting for results…'),
    'conclusion.none': vscode.l10n.t(
      'No problem found: every probe passed and every module can be downloaded.',
    ),
    'conclusion.explains': vscode.l10n.t('Explains: {0}'),
    'probe.via': vscode.l10n.t('via {0}'),
    'probe.stagesOf': vscode.l10n.t('Stages of {0}'),
    'probe.interception': vscode.l10n.t('the issuer may be a TLS-intercepting proxy ({0})'),
    'stage.proxy': vscode.l10n.t('Proxy'),
    'stage.auth': vscode.l10n.t('Auth'),
    'status.pending': vscode.l10n.t('pending'),
    'status.ok': vscode.l10n.t('ok'),
    'status.warning': vscode.l10n.t('warning'),
    'status.failed': vscode.l10n.t('failed'),
    'status.timeout': vscode.l10n.t('hung'),
    'status.skipped': vscode.l10n.t('skipped'),
    'module.ok': vscode.l10n.t('downloaded'),
    'module.cached': vscode.l10n.t('cached'),
    'module.failed': vscode.l10n.t('failed'),
    'module.unknown': vscode.l10n.t('unknown'),
    'modules.filter': vscode.l10n.t('Category'),
    'modules.all': vscode.l10n.t('All'),
    'modules.running': vscode.l10n.t('Checking modules…'),
    'modules.transitive': vscode.l10n.t('transitive'),
    'col.module': vscode.l10n.t('Module'),
    'col.version': vscode.l10n.t('Version'),
    'col.status': vscode.l10n.t('Status'),
    'col.category': vscode.l10n.t('Category'),
    'col.time': vscode.l10n.t('Time'),
    'col.fix': vscode.l10n.t('Fix'),
    'col.variable': vscode.l10n.t('Variable'),
    'col.value': vscode.l10n.t('Value'),
    'col.source': vscode.l10n.t('Source'),
    'source.process': vscode.l10n.t('process environment'),
    'source.goenv-file': vscode.l10n.t('go env -w file'),
    'source.settings': vscode.l10n.t('gomodDoctor.env setting'),
    'source.vscode-go': vscode.l10n.t('go.toolsEnvVars setting'),
    'source.http.proxy': vscode.l10n.t('http.proxy setting'),
    'source.doctor': vscode.l10n.t('set by Go Module Doctor'),
    'source.go-default': vscode.l10n.t("go's default"),
    'env.netrc': vscode.l10n.t('.netrc {0}: mode {1}; machines: {2}'),
    'env.netrcOpen': vscode.l10n.t('(readable by other users)'),
    'env.noNetrc': vscode.l10n.t('.netrc {0} does not exist'),
    'env.git': vscode.l10n.t('git {0}; credential helpers: {1}'),
    'env.trust': vscode.l10n.t('TLS probes trust: {0}'),
    none: vscode.l10n.t('none'),
  };
  // Every fix by its label from the core (the same language: setLocale follows vscode.env.language).
  for (const id of FIX_IDS) s[`fix.${id}`] = fixLabel(id);
  return s;
}

const listeners = new Set<(p: DiagnoseProgressParams) => void>();

/** The root of the active go.mod/go.work editor, if any (the server picks the first root otherwise). */
function activeRoot(): string | undefined {
  const doc = vscode.window.activeTextEditor?.document;
  if (!doc || doc.uri.scheme !== 'file' || !/(^|[\\/])go\.(mod|work|sum)$/.test(doc.uri.fsPath))
    return undefined;
  return vscode.Uri.joinPath(doc.uri, '..').fsPath;
}

function html(webview: vscode.Webview, media: vscode.Uri, template: string): string {
  const nonce = randomBytes(18).toString('base64');
  const fill: Record<string, string> = {
    nonce,
    cspSource: webview.cspSource,
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'report.js')).toString(),
    styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'report.css')).toString(),
  };
  return template.replace(/\{\{(\w+)\}\}/g, (_m, k: string) => fill[k] ?? '');
}

class ReportPanel {
  private report: Report | undefined;
  private cancel: vscode.CancellationTokenSource | undefined;
  private token = '';

  constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly client: LanguageClient,
    private readonly root: string | undefined,
  ) {}

  post(m: ToWebview): void {
    void this.panel.webview.postMessage(m);
  }

  async run(): Promise<void> {
    this.cancel?.cancel();
    const cts = new vscode.CancellationTokenSource();
    this.cancel = cts;
    this.token = randomBytes(8).toString('hex');
    const token = this.token;
    const onProgress = (p: DiagnoseProgressParams): void => {
      if (p.token !== token) return;
      this.report = p.report;
      this.post(reportMessage('progress', p.report));
    };
    listeners.add(onProgress);
    this.post({ type: 'started' });
    try {
      const params: DiagnoseParams = { token, ...(this.root ? { root: this.root } : {}) };
      const result = await this.client.sendRequest<DiagnoseResult>(DiagnoseRequest, params, cts.token);
      if (token !== this.token) return;
      this.report = result;
      this.post(reportMessage('done', result));
    } catch (e) {
      if (token !== this.token) return;
      const canceled = cts.token.isCancellationRequested;
      if (canceled && this.report) this.post(reportMessage('done', { ...this.report, state: 'canceled' }));
      else this.post({ type: 'error', message: canceled ? vscode.l10n.t('Cancelled.') : String(e) });
    } finally {
      listeners.delete(onProgress);
      cts.dispose();
      if (this.cancel === cts) this.cancel = undefined;
    }
  }

  async handle(raw: unknown): Promise<void> {
    const m = parseFromWebview(raw);
    if (!m) return;
    switch (m.type) {
      case 'ready':
        this.post({ type: 'init', strings: strings(), locale: vscode.env.language });
        if (this.report) this.post(reportMessage('done', this.report));
        else await this.run();
        return;
      case 'rerun':
        await this.run();
        return;
      case 'cancel':
        this.cancel?.cancel();
        return;
      case 'copyMarkdown':
        if (!this.report) return;
        await vscode.env.clipboard.writeText(renderReportMarkdown(this.report));
        void vscode.window.showInformationMessage(
          vscode.l10n.t('The report (redacted) was copied as Markdown.'),
        );
        return;
      case 'saveJson': {
        if (!this.report) return;
        const uri = await vscode.window.showSaveDialog({
          filters: { JSON: ['json'] },
          saveLabel: vscode.l10n.t('Save report'),
          defaultUri: vscode.Uri.file(`${this.report.root}/gomod-doctor-report.json`),
        });
        if (uri) await vscode.workspace.fs.writeFile(uri, Buffer.from(renderReportJson(this.report), 'utf8'));
        return;
      }
      case 'fix': {
        if (!(FIX_IDS as readonly string[]).includes(m.fix) || !isCategory(m.category)) return;
        const root = this.report?.root ?? this.root;
        if (!root) return;
        const params = fixRequestFor(m, root);
        if (!params) {
          void vscode.window.showInformationMessage(
            vscode.l10n.t('"{0}" is advice to follow by hand; see the report for details.', fixLabel(m.fix)),
          );
          return;
        }
        await vscode.commands.executeCommand(ClientCommands.fix, params);
        return;
      }
    }
  }

  dispose(): void {
    this.cancel?.cancel();
  }
}

/** Registers the `gomodDoctor.diagnose` command and the progress notification; returns the disposables. */
export function registerDiagnose(
  context: vscode.ExtensionContext,
  client: LanguageClient,
): vscode.Disposable[] {
  setLocale(vscode.env.language);
  const media = vscode.Uri.joinPath(context.extensionUri, 'media', 'report');
  return [
    client.onNotification(DiagnoseProgressNotification, (p: DiagnoseProgressParams) => {
      for (const l of listeners) l(p);
    }),
    // From the editor title the command gets that go.mod/go.work: its folder is the root to diagnose.
    vscode.commands.registerCommand(ClientCommands.diagnose, async (resource?: unknown) => {
      const panel = vscode.window.createWebviewPanel(
        'gomodDoctor.report',
        vscode.l10n.t('Go Module Doctor: diagnosis'),
        vscode.ViewColumn.Active,
        { enableScripts: true, localResourceRoots: [media], retainContextWhenHidden: true },
      );
      const template = new TextDecoder().decode(
        await vscode.workspace.fs.readFile(vscode.Uri.joinPath(media, 'report.html')),
      );
      const root =
        resource instanceof vscode.Uri && resource.scheme === 'file'
          ? vscode.Uri.joinPath(resource, '..').fsPath
          : activeRoot();
      const view = new ReportPanel(panel, client, root);
      const sub = panel.webview.onDidReceiveMessage((m: unknown) => view.handle(m));
      panel.onDidDispose(() => {
        view.dispose();
        sub.dispose();
      });
      panel.webview.html = html(panel.webview, media, template);
    }),
  ];
}
