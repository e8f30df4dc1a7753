/**
 * "Why does it work in my terminal?": the environment go gets in the editor against the one a login shell gives
 * it. On request only (the Diagnose report), the user's own login shell is run once — `$SHELL -lc` with a fixed
 * script that prints `command -v go`, `go env -json` and the proxy and trust variables — with a minimal
 * environment (as a new terminal starts), a timeout and no file of the workspace involved. Only the differences
 * that change downloads are listed, each with where the editor's value came from (process environment, go env
 * file, vscode-go's go.toolsEnvVars, gomodDoctor.env).
 */
import { tmpdir } from 'node:os';
import type { EnvSource } from '../env/buildEnv.ts';
import { parseGoEnvJson } from '../env/effective.ts';
import { displayValue } from '../probe/snapshot.ts';
import { redact } from '../redact.ts';
import { run } from '../run/runner.ts';

/** go env variables that change what or how go downloads. */
export const DOWNLOAD_GO_VARS = [
  'GOPROXY',
  'GOPRIVATE',
  'GONOPROXY',
  'GONOSUMDB',
  'GOSUMDB',
  'GOINSECURE',
  'GOFLAGS',
  'GOAUTH',
  'GOTOOLCHAIN',
  'GOVCS',
  'GO111MODULE',
  'GOMODCACHE',
  'GOVERSION',
];

/** Variables go env -json does not print but go's downloads read. */
export const DOWNLOAD_OS_VARS = [
  'HTTPS_PROXY',
  'https_proxy',
  'HTTP_PROXY',
  'http_proxy',
  'NO_PROXY',
  'no_proxy',
  'NETRC',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'GIT_SSL_CAINFO',
];

const SEP = '\x1e';

/** The fixed script the login shell runs (no user input in it). */
export const SHELL_SCRIPT = [
  'command -v go',
  `printf '${SEP}'`,
  'go env -json',
  `printf '${SEP}'`,
  `for v in ${DOWNLOAD_OS_VARS.join(' ')}; do printf '%s=%s\\n' "$v" "$(printenv "$v")"; done`,
].join('; ');

export interface ShellEnv {
  goPath?: string;
  go: Record<string, string>;
  os: Record<string, string>;
}

/** Parses what SHELL_SCRIPT printed; undefined when it is not that. */
export function parseShellOutput(stdout: string): ShellEnv | undefined {
  const parts = stdout.split(SEP);
  if (parts.length < 3) return undefined;
  const go = parseGoEnvJson(parts[1].trim());
  if (!go) return undefined;
  const os: Record<string, string> = {};
  for (const line of parts[2].split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0 && line.slice(eq + 1) !== '') os[line.slice(0, eq)] = line.slice(eq + 1);
  }
  const goPath = parts[0].trim().split('\n').pop();
  return { ...(goPath ? { goPath } : {}), go, os };
}

export interface EnvDifference {
  name: string;
  /** Redacted; empty when unset. */
  editor: string;
  editorSource: EnvSource | 'go-default' | 'unset';
  terminal: string;
}

export interface TerminalComparison {
  shell: string;
  ok: boolean;
  error?: string;
  goEditor?: string;
  goTerminal?: string;
  differences: EnvDifference[];
}

export interface CompareInput {
  /** The environment go runs with in the editor (buildEnv's env) and where each value came from. */
  env: Record<string, string>;
  sources: Record<string, EnvSource>;
  /** `go env -json` in the editor. */
  effective: Record<string, string>;
  goBin?: string;
}

/** The differences between the editor's go environment and the login shell's (pure). */
export function differences(i: CompareInput, shell: ShellEnv): EnvDifference[] {
  const out: EnvDifference[] = [];
  const add = (name: string, editor: string, terminal: string): void => {
    if (editor === terminal) return;
    const fromEnv = (i.env[name] ?? '') !== '';
    const editorSource = fromEnv ? (i.sources[name] ?? 'process') : editor === '' ? 'unset' : 'go-default';
    out.push({
      name,
      editor: displayValue(name, editor),
      editorSource,
      terminal: displayValue(name, terminal),
    });
  };
  for (const n of DOWNLOAD_GO_VARS) add(n, i.effective[n] ?? i.env[n] ?? '', shell.go[n] ?? '');
  for (const n of DOWNLOAD_OS_VARS) add(n, i.env[n] ?? '', shell.os[n] ?? '');
  return out;
}

/** Runs the user's login shell once (on request) and compares. */
export async function compareWithLoginShell(
  i: CompareInput & { timeoutMs?: number; signal?: AbortSignal },
): Promise<TerminalComparison> {
  const shell = i.env.SHELL || process.env.SHELL || '';
  if (process.platform === 'win32' || shell === '')
    return { shell, ok: false, error: 'no login shell to compare with', differences: [] };
  const base = ['HOME', 'USER', 'LOGNAME', 'SHELL', 'LANG', 'TMPDIR'];
  const env: Record<string, string> = { PATH: '/usr/local/bin:/usr/bin:/bin', TERM: 'dumb' };
  for (const k of base) if (i.env[k]) env[k] = i.env[k];
  const r = await run([shell, '-lc', SHELL_SCRIPT], {
    env,
    cwd: tmpdir(),
    timeoutMs: i.timeoutMs ?? 10_000,
    signal: i.signal,
    maxOutputBytes: 256 * 1024,
  });
  const parsed = r.exitCode !== undefined ? parseShellOutput(r.stdout) : undefined;
  if (!parsed) {
    const why = r.timedOut
      ? `no answer within ${Math.round((i.timeoutMs ?? 10_000) / 1000)} s`
      : r.stderr.trim().split('\n').pop() || "go is not on the login shell's PATH";
    return {
      shell,
      ok: false,
      error: redact(why),
      ...(i.goBin ? { goEditor: i.goBin } : {}),
      differences: [],
    };
  }
  return {
    shell,
    ok: true,
    ...(i.goBin ? { goEditor: i.goBin } : {}),
    ...(parsed.goPath ? { goTerminal: parsed.goPath } : {}),
    differences: differences(i, parsed),
  };
}
