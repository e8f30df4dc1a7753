/**
 * A proxy URL typed with its credentials (http://user:token@proxy:3128) never goes into a file inside the
 * workspace: the workspace's settings get the URL without them, the full value is kept in the editor's secret
 * storage and put back into go's environment when the server asks for its settings (or, on the user's explicit
 * choice, the full value goes into the user's own settings, outside the workspace).
 */

const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)([^@/?#]*)@/i;

/** The value without the URL's user information, and the full value when it had any. */
export function splitProxyCredentials(value: string): { public: string; secret?: string } {
  const m = USERINFO.exec(value);
  if (!m || m[2] === '') return { public: value };
  return { public: value.replace(USERINFO, '$1'), secret: value };
}

/** Where credentials go: the editor's secret storage (default) or the user's settings. */
export type CredentialPlace = 'secret-storage' | 'user-settings';

export interface ProxyPlacement {
  /** For the workspace's settings: never a credential. */
  workspace: Record<string, string>;
  /** Variables to remove from the workspace's settings (their value now lives in the user's settings). */
  removeFromWorkspace: string[];
  /** For the user's settings (only on the user's choice). */
  user: Record<string, string>;
  /** For the secret storage: the full values, by variable. */
  secrets: Record<string, string>;
}

export function placeProxyEnv(vars: Record<string, string>, place: CredentialPlace): ProxyPlacement {
  const out: ProxyPlacement = { workspace: {}, removeFromWorkspace: [], user: {}, secrets: {} };
  for (const [k, v] of Object.entries(vars)) {
    const split = splitProxyCredentials(v);
    if (split.secret === undefined) out.workspace[k] = v;
    else if (place === 'user-settings') {
      out.user[k] = v;
      out.removeFromWorkspace.push(k);
    } else {
      out.workspace[k] = split.public;
      out.secrets[k] = split.secret;
    }
  }
  return out;
}

/** Whether a fix's variables carry credentials (the client then asks where they go). */
export function hasCredentials(vars: Record<string, string>): boolean {
  return Object.values(vars).some((v) => splitProxyCredentials(v).secret !== undefined);
}

/**
 * The environment the server gets: a variable whose setting still names the stored proxy (the same URL without
 * its credentials) gets the stored value; one changed since names another proxy and is left alone.
 */
export function injectProxySecrets(
  env: Record<string, string>,
  secrets: Record<string, string>,
): Record<string, string> {
  const out = { ...env };
  for (const [k, full] of Object.entries(secrets)) {
    if (out[k] !== undefined && out[k] === splitProxyCredentials(full).public) out[k] = full;
  }
  return out;
}
