/**
 * Proxy credentials in VS Code: kept in the extension's SecretStorage per workspace (the workspace's settings get
 * the proxy URL without them) and put back into the settings the language server receives; or, when the user
 * chooses, written to the user's settings. Never into a file inside the workspace.
 */
import * as vscode from 'vscode';
import {
  hasCredentials,
  injectProxySecrets,
  placeProxyEnv,
  type CredentialPlace,
  type ProxyPlacement,
} from '../core/fix/proxySecrets.ts';

function secretKey(): string {
  const ws =
    vscode.workspace.workspaceFile?.toString() ??
    (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.toString()).join('\n');
  return `gomodDoctor.proxyCredentials\n${ws}`;
}

async function readSecrets(context: vscode.ExtensionContext): Promise<Record<string, string>> {
  const raw = await context.secrets.get(secretKey());
  try {
    const parsed = raw ? (JSON.parse(raw) as unknown) : {};
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}

/** The gomodDoctor section the server gets, with the stored credentials put back into its env. */
export async function withProxySecrets(
  context: vscode.ExtensionContext,
  section: string | undefined,
  config: unknown,
): Promise<unknown> {
  if (section !== 'gomodDoctor' || !config || typeof config !== 'object') return config;
  const o = config as Record<string, unknown>;
  const secrets = await readSecrets(context);
  if (Object.keys(secrets).length === 0) return config;
  return { ...o, env: injectProxySecrets((o.env as Record<string, string> | undefined) ?? {}, secrets) };
}

async function askPlace(): Promise<CredentialPlace | undefined> {
  const secret = {
    label: vscode.l10n.t("VS Code's secret storage (recommended)"),
    description: vscode.l10n.t("this workspace's settings get the proxy URL without the password"),
    place: 'secret-storage' as const,
  };
  const user = {
    label: vscode.l10n.t('My user settings'),
    description: vscode.l10n.t('readable in your settings.json, outside this workspace'),
    place: 'user-settings' as const,
  };
  const pick = await vscode.window.showQuickPick([secret, user], {
    title: vscode.l10n.t('Where should the proxy credentials be kept? Never in the workspace.'),
  });
  return pick?.place;
}

/**
 * Splits a fix's workspace variables so no credential reaches the workspace's settings; undefined when the user
 * cancels. The message says where the credentials went.
 */
export async function placeCredentials(
  context: vscode.ExtensionContext,
  vars: Record<string, string>,
): Promise<{ placement: ProxyPlacement; message?: string } | undefined> {
  if (!hasCredentials(vars)) return { placement: placeProxyEnv(vars, 'secret-storage') };
  const place = await askPlace();
  if (!place) return undefined;
  const placement = placeProxyEnv(vars, place);
  if (place === 'secret-storage') {
    await context.secrets.store(
      secretKey(),
      JSON.stringify({ ...(await readSecrets(context)), ...placement.secrets }),
    );
    return {
      placement,
      message: vscode.l10n.t(
        "The credentials of {0} are kept in VS Code's secret storage; this workspace's settings have the proxy URL without them.",
        Object.keys(placement.secrets).join(', '),
      ),
    };
  }
  const doctor = vscode.workspace.getConfiguration('gomodDoctor');
  const current = doctor.inspect<Record<string, string>>('env')?.globalValue ?? {};
  await doctor.update('env', { ...current, ...placement.user }, vscode.ConfigurationTarget.Global);
  return {
    placement,
    message: vscode.l10n.t(
      'The credentials of {0} are in your user settings (gomodDoctor.env), not in this workspace.',
      Object.keys(placement.user).join(', '),
    ),
  };
}
