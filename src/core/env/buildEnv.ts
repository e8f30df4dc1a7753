/**
 * The environment the engine runs go with, built by one pure function.
 *
 * Precedence, lowest first:
 *   1. the process environment ('process');
 *   2. the user's go env file (`go env -w`), only for keys the process environment leaves unset or empty —
 *      exactly the go command's own rule (a non-empty OS variable beats the file). Copying the file's values
 *      into the environment changes nothing for go and makes every effective value visible in `sources`;
 *   3. vscode-go's `go.toolsEnvVars` ('vscode-go'), then the extension's `gomodDoctor.env` ('settings'):
 *      both are handed to go in its process environment, so for the go command they beat the file and the
 *      process environment alike; our own setting is the more specific one and wins over vscode-go's;
 *   4. VS Code's `http.proxy` ('http.proxy'), only when no HTTP(S)_PROXY variable is set by anything above;
 *   5. what the doctor adds ('doctor') so a background run never waits for a person, prints English and
 *      never fetches a Go toolchain nobody asked for: GIT_TERMINAL_PROMPT=0, GCM_INTERACTIVE=never, LC_ALL=C,
 *      GOTOOLCHAIN=local (a go or toolchain line that needs another Go becomes a `toolchain` finding whose
 *      download-toolchain fix fetches it on request).
 *
 * Never added: GOPROXY=off or any other setting that would change what go downloads. GOFLAGS is passed as
 * is: a `-mod=...` in GOFLAGS does not affect `go mod download` (it ignores -mod), and where the engine loads
 * the module graph it passes `-mod=mod` on the command line, which overrides GOFLAGS for that one run (and
 * only writes the engine's temporary copy of go.mod). The user's files and settings are never changed.
 */

import { delimiter as pathDelimiter, posix, win32 } from 'node:path';

export type EnvSource = 'process' | 'goenv-file' | 'settings' | 'vscode-go' | 'http.proxy' | 'doctor';

export interface BuildEnvInput {
  processEnv: Record<string, string | undefined>;
  /** The parsed user go env file (see readGoEnvFile); undefined when absent or GOENV=off. */
  goEnvFile?: Record<string, string>;
  /** The extension's `gomodDoctor.env` setting. */
  settingsEnv?: Record<string, string | undefined | null>;
  /** vscode-go's `go.toolsEnvVars`. */
  toolsEnvVars?: Record<string, string | undefined | null>;
  /** VS Code's `http.proxy`. */
  httpProxy?: string;
}

export interface BuiltEnv {
  env: Record<string, string>;
  sources: Record<string, EnvSource>;
  /** Relative PATH entries removed: they would resolve against the working folder (a workspace's bin/go). */
  refusedPath: string[];
}

/** Variables the doctor always sets. */
export const DOCTOR_ENV: Readonly<Record<string, string>> = {
  GIT_TERMINAL_PROMPT: '0',
  GCM_INTERACTIVE: 'never',
  LC_ALL: 'C',
  GOTOOLCHAIN: 'local',
};

const PROXY_VARS = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];

export function buildEnv(input: BuildEnvInput): BuiltEnv {
  const env: Record<string, string> = {};
  const sources: Record<string, EnvSource> = {};
  const put = (k: string, v: string, s: EnvSource): void => {
    env[k] = v;
    sources[k] = s;
  };
  for (const [k, v] of Object.entries(input.processEnv)) if (typeof v === 'string') put(k, v, 'process');
  for (const [k, v] of Object.entries(input.goEnvFile ?? {})) {
    if ((env[k] ?? '') === '' && v !== '') put(k, v, 'goenv-file');
  }
  for (const [k, v] of Object.entries(input.toolsEnvVars ?? {}))
    if (typeof v === 'string') put(k, v, 'vscode-go');
  for (const [k, v] of Object.entries(input.settingsEnv ?? {}))
    if (typeof v === 'string') put(k, v, 'settings');
  const proxy = input.httpProxy?.trim() ?? '';
  if (proxy !== '' && PROXY_VARS.every((k) => (env[k] ?? '') === '')) {
    for (const k of PROXY_VARS) put(k, proxy, 'http.proxy');
  }
  for (const [k, v] of Object.entries(DOCTOR_ENV)) put(k, v, 'doctor');
  const path = absolutePath(env.PATH ?? '');
  if (path.refused.length > 0) env.PATH = path.kept;
  return { env, sources, refusedPath: path.refused };
}

/**
 * Only absolute PATH entries: a relative one (or an empty one, which means ".") would find go, git or a
 * credential helper in whatever folder the process runs in — a workspace's own binaries, without consent.
 */
export function absolutePath(path: string, delimiter = pathDelimiter): { kept: string; refused: string[] } {
  const entries = path.split(delimiter);
  const abs = (e: string): boolean => (delimiter === ';' ? win32 : posix).isAbsolute(e);
  const refused = entries.filter((e) => e !== '' && !abs(e));
  return { kept: entries.filter((e) => e !== '' && abs(e)).join(delimiter), refused };
}
