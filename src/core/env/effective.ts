/**
 * The effective Go environment: `go env -json` run under the environment the engine will use.
 */
import { run, type RunResult } from '../run/runner.ts';

export interface EffectiveGoEnv {
  /** Every variable go reports (GOPROXY, GOSUMDB, GOMODCACHE, GOFLAGS, GOVERSION, …). Empty on failure. */
  values: Record<string, string>;
  /** "1.23.5" from GOVERSION "go1.23.5" (devel and other forms are kept as they are, without "go"). */
  goVersion?: string;
  run: RunResult;
  /** Why the values could not be read (go missing, bad configuration, unparsable output). */
  error?: string;
}

/** Parses the object `go env -json` prints (values are strings; anything else is dropped). */
export function parseGoEnvJson(stdout: string): Record<string, string> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(parsed as Record<string, unknown>))
    if (typeof v === 'string') out[k] = v;
  return out;
}

export function goVersionOf(goversion: string | undefined): string | undefined {
  if (!goversion) return undefined;
  const m = /^go(\d+(?:\.\d+){0,2}(?:(?:rc|beta)\d+)?)/.exec(goversion);
  return m ? m[1] : goversion.replace(/^go/, '');
}

export async function readEffectiveGoEnv(
  goBin: string,
  env: Record<string, string>,
  opts: { cwd?: string; timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<EffectiveGoEnv> {
  const r = await run([goBin, 'env', '-json'], {
    env,
    cwd: opts.cwd,
    timeoutMs: opts.timeoutMs ?? 30_000,
    signal: opts.signal,
    maxOutputBytes: 1024 * 1024,
  });
  const values = r.exitCode === 0 ? parseGoEnvJson(r.stdout) : undefined;
  if (!values) {
    const why =
      r.spawnError?.message ?? (r.stderr.trim() || `go env -json exited with ${r.exitCode ?? r.signal}`);
    return { values: {}, run: r, error: why };
  }
  return { values, goVersion: goVersionOf(values.GOVERSION), run: r };
}
