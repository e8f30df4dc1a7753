/**
 * Everything the engine needs before it can check a module, shared by the language server and the CLI: the
 * environment (process environment + the user's go env file + settings), the go binary, and the effective go
 * environment (`go env -json`, the one go process this costs).
 */
import { tmpdir } from 'node:os';
import { basename, isAbsolute } from 'node:path';
import { buildEnv, type BuildEnvInput, type EnvSource } from './buildEnv.ts';
import { readEffectiveGoEnv } from './effective.ts';
import { resolveGoBinary, type GoBinaryInput } from './goBinary.ts';
import { locateGoEnvFile, readGoEnvFile } from './goEnvFile.ts';

export interface PrepareGoInput {
  processEnv: Record<string, string | undefined>;
  settingsEnv?: BuildEnvInput['settingsEnv'];
  toolsEnvVars?: BuildEnvInput['toolsEnvVars'];
  httpProxy?: string;
  /** Where to look for go; `path` defaults to the built environment's PATH. */
  go?: Omit<GoBinaryInput, 'path'>;
  /**
   * Only `go.explicit` counts (the CLI's --go): when it is not an executable, go is 'not-found' instead of
   * falling back to vscode-go's choices and PATH.
   */
  strictExplicit?: boolean;
  /** The folder `go env -json` runs in (a go.work or go.mod there changes GOWORK/GOMOD only). */
  cwd?: string;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Effective environments already read, keyed by go binary + environment (the server keeps one). */
  effectiveCache?: Map<string, EffectiveValues>;
}

export interface EffectiveValues {
  values: Record<string, string>;
  goVersion?: string;
}

export type PreparedGo =
  | {
      ok: true;
      goBin: string;
      env: Record<string, string>;
      sources: Record<string, EnvSource>;
      /** Relative PATH entries left out (see buildEnv): the caller says so. */
      refusedPath: string[];
      effective: EffectiveValues;
      /** Processes started (0 or 1). */
      processes: number;
    }
  | {
      ok: false;
      /** 'not-found': no executable go; 'broken': go ran but `go env -json` failed (or could not start). */
      reason: 'not-found' | 'broken';
      goBin?: string;
      tried: string[];
      error?: string;
      env: Record<string, string>;
      sources: Record<string, EnvSource>;
      refusedPath: string[];
      processes: number;
    };

/** The variables go is started with before the doctor's own: the process environment, then the settings. */
function startEnv(input: PrepareGoInput): Record<string, string | undefined> {
  const out = { ...input.processEnv };
  for (const extra of [input.toolsEnvVars, input.settingsEnv])
    for (const [k, v] of Object.entries(extra ?? {})) if (typeof v === 'string') out[k] = v;
  return out;
}

export async function prepareGo(input: PrepareGoInput): Promise<PreparedGo> {
  // go finds its env file by the GOENV (HOME, XDG_CONFIG_HOME) it is started with: settings included.
  const goEnvFile = await readGoEnvFile(locateGoEnvFile(startEnv(input)));
  const built = buildEnv({
    processEnv: input.processEnv,
    goEnvFile,
    settingsEnv: input.settingsEnv,
    toolsEnvVars: input.toolsEnvVars,
    httpProxy: input.httpProxy,
  });
  const explicit = input.go?.explicit?.trim() ?? '';
  const strict = input.strictExplicit === true && explicit !== '';
  const go = strict
    ? await resolveGoBinary({ explicit, path: isAbsolute(explicit) ? '' : built.env.PATH })
    : await resolveGoBinary({ ...input.go, path: built.env.PATH });
  // A bare name (go1.22.3) not found on PATH makes resolveGoBinary fall back to plain "go": not for --go.
  if (strict && go.bin && !isAbsolute(explicit) && basename(go.bin) !== basename(explicit)) delete go.bin;
  if (!go.bin) {
    return {
      ok: false,
      reason: 'not-found',
      tried: go.tried,
      env: built.env,
      sources: built.sources,
      refusedPath: built.refusedPath,
      processes: 0,
    };
  }
  const key = JSON.stringify([go.bin, built.env]);
  const cached = input.effectiveCache?.get(key);
  if (cached) {
    return {
      ok: true,
      goBin: go.bin,
      env: built.env,
      sources: built.sources,
      refusedPath: built.refusedPath,
      effective: cached,
      processes: 0,
    };
  }
  let processes = 1;
  let e = await readEffectiveGoEnv(go.bin, built.env, {
    cwd: input.cwd,
    signal: input.signal,
    timeoutMs: input.timeoutMs,
  });
  if (e.error && input.cwd !== undefined && !input.signal?.aborted && e.run.spawnError === undefined) {
    // In a module whose go or toolchain line asks for a toolchain go cannot get (GOTOOLCHAIN=auto), every go
    // command fails there, go env included. Outside the module go works: that failure belongs to the check,
    // which reports it on the go line, not to "go does not work".
    const outside = await readEffectiveGoEnv(go.bin, built.env, {
      cwd: tmpdir(),
      signal: input.signal,
      timeoutMs: input.timeoutMs,
    });
    processes++;
    if (!outside.error) e = outside;
  }
  if (e.error) {
    return {
      ok: false,
      reason: 'broken',
      goBin: go.bin,
      tried: go.tried,
      error: e.error,
      env: built.env,
      sources: built.sources,
      refusedPath: built.refusedPath,
      processes,
    };
  }
  const effective: EffectiveValues = { values: e.values, ...(e.goVersion ? { goVersion: e.goVersion } : {}) };
  input.effectiveCache?.set(key, effective);
  return {
    ok: true,
    goBin: go.bin,
    env: built.env,
    sources: built.sources,
    refusedPath: built.refusedPath,
    effective,
    processes,
  };
}
