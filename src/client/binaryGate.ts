/**
 * The gate in front of every program the language server would run on a workspace's say: the settings the server
 * asks for pass through here, and a go binary or PATH folder that a workspace-level setting names, or that lies
 * inside the workspace, reaches the server only once the user has approved it (src/core/env/binaryApproval.ts
 * decides what needs approval). Checked on every configuration request, so a setting added later is caught too.
 */
import { realpathSync } from 'node:fs';
import * as vscode from 'vscode';
import type { ConfigurationParams } from 'vscode-languageclient/node';
import {
  approvalsNeeded,
  stripRefused,
  type ApprovalNeed,
  type BinaryChoice,
} from '../core/env/binaryApproval.ts';

const APPROVED_KEY = 'gomodDoctor.approvedBinaries';

type Inspected<T> = { globalValue?: T; workspaceValue?: T; workspaceFolderValue?: T } | undefined;

function choice(setting: BinaryChoice['setting'], i: Inspected<string>): BinaryChoice {
  const ws = i?.workspaceFolderValue ?? i?.workspaceValue;
  return { setting, value: ws ?? i?.globalValue ?? '', fromWorkspace: ws !== undefined && ws !== '' };
}

/** The settings that choose a program, each with the level that set it. */
function readChoices(): BinaryChoice[] {
  const doctor = vscode.workspace.getConfiguration('gomodDoctor');
  const go = vscode.workspace.getConfiguration('go');
  const envPath = (i: Inspected<Record<string, string>>): Inspected<string> => ({
    globalValue: i?.globalValue?.PATH,
    workspaceValue: i?.workspaceValue?.PATH,
    workspaceFolderValue: i?.workspaceFolderValue?.PATH,
  });
  const alt = go.inspect<Record<string, string>>('alternateTools');
  return [
    choice('gomodDoctor.goPath', doctor.inspect<string>('goPath')),
    choice('go.alternateTools.go', {
      globalValue: alt?.globalValue?.go,
      workspaceValue: alt?.workspaceValue?.go,
      workspaceFolderValue: alt?.workspaceFolderValue?.go,
    }),
    choice('go.goroot', go.inspect<string>('goroot')),
    choice('gomodDoctor.env.PATH', envPath(doctor.inspect<Record<string, string>>('env'))),
    choice('go.toolsEnvVars.PATH', envPath(go.inspect<Record<string, string>>('toolsEnvVars'))),
    { setting: 'PATH', value: process.env.PATH ?? '', fromWorkspace: false },
  ];
}

function realpath(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}

export class BinaryGate {
  /** Asked and refused in this session: not asked again until the window reloads. */
  private readonly refused = new Set<string>();

  constructor(private readonly context: vscode.ExtensionContext) {}

  /** The needs the user has not approved, asking about each new one. */
  private async unapproved(): Promise<ApprovalNeed[]> {
    const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
    const workspace =
      vscode.workspace.workspaceFile?.toString() ??
      (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.toString()).join('\n');
    const needs = approvalsNeeded({
      choices: readChoices(),
      folders,
      workspace,
      processPath: process.env.PATH ?? '',
      realpath,
    });
    const out: ApprovalNeed[] = [];
    for (const n of needs) {
      const approved = this.context.globalState.get<string[]>(APPROVED_KEY, []);
      if (approved.includes(n.key)) continue;
      if (!this.refused.has(n.key) && (await this.ask(n))) {
        await this.context.globalState.update(APPROVED_KEY, [...approved, n.key]);
        continue;
      }
      this.refused.add(n.key);
      out.push(n);
    }
    return out;
  }

  private async ask(n: ApprovalNeed): Promise<boolean> {
    const allow = vscode.l10n.t('Allow');
    const answer = await vscode.window.showWarningMessage(
      n.setting === 'PATH'
        ? vscode.l10n.t('The go command on your PATH is inside this workspace: {0}. Run it?', n.realPath)
        : vscode.l10n.t('{0} makes Go Module Doctor run programs from {1}. Run them?', n.setting, n.realPath),
      {
        modal: true,
        detail: vscode.l10n.t(
          'Only allow a program you trust: it will run with your permissions. The approval holds for this workspace and this file only.',
        ),
      },
      allow,
    );
    return answer === allow;
  }

  /** One question at a time, however many configuration requests arrive together. */
  private queue: Promise<unknown> = Promise.resolve();

  /** The configuration the server gets: every choice the user did not approve is left out. */
  async filter(params: ConfigurationParams, result: unknown[]): Promise<unknown[]> {
    const next = this.queue.then(() => this.unapproved());
    this.queue = next.catch(() => undefined);
    const refused = await next;
    if (refused.length === 0) return result;
    return result.map((r, i) => stripRefused(params.items[i]?.section, r, refused, process.env.PATH ?? ''));
  }
}
