/**
 * Everything the engine needs before it can check a module, shared by the language server and the CLI: the
 * environment (process environment + the user's go env file + settings), the go binary, and the effective go
 * environment (`go env -json`, the one go process this costs).
 */
import { tmpdir } from 'node:os';
import { basename, isAbsolute } from 'node:path';
import { buildEnv, type BuildEnvInput, type BuiltEnv, type EnvSource } from './buildEnv.ts';
import { readEffectiveGoEnv, type EffectiveGoEnv } from './effective.ts';
import { resolveGoBinary, type GoBinary, type GoBinaryInput } from './goBinary.ts';
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

/** The environment go will run with: process environment, the user's go env file, settings. */
async function environmentFor(input: PrepareGoInput): Promise<BuiltEnv> {
  // go finds its env file by the GOENV (HOME, XDG_CONFIG_HOME) it is started with: settings included.
  const goEnvFile = await readGoEnvFile(locateGoEnvFile(startEnv(input)));
  return buildEnv({
    processEnv: input.processEnv,
    goEnvFile,
    settingsEnv: input.settingsEnv,
    toolsEnvVars: input.toolsEnvVars,
    httpProxy: input.httpProxy,
  });
}

/** The go binary, looked for on the built PATH; with strictExplicit, only the one the caller named. */
async function findGo(input: PrepareGoInput, path: string | undefined): Promise<GoBinary> {
  const explicit = input.go?.explicit?.trim() ?? '';
  if (input.strictExplicit !== true || explicit === '') return resolveGoBinary({ ...input.go, path });
  const go = await resolveGoBinary({ explicit, path: isAbsolute(explicit) ? '' : path });
  // A bare name (go1.22.3) not found on PATH makes resolveGoBinary fall back to plain "go": not for --go.
  if (go.bin && !isAbsolute(explicit) && basename(go.bin) !== basename(explicit)) delete go.bin;
  return go;
}

/** `go env -json` in the caller's folder, or outside it when only the folder makes go fail. */
async function readEffective(
  input: PrepareGoInput,
  goBin: string,
  env: Record<string, string>,
): Promise<{ e: EffectiveGoEnv; processes: number }> {
  const opts = { signal: input.signal, timeoutMs: input.timeoutMs };
  const e = await readEffectiveGoEnv(goBin, env, { ...opts, cwd: input.cwd });
  if (!e.error || input.cwd === undefined || input.signal?.aborted || e.run.spawnError !== undefined) {
    return { e, processes: 1 };
  }
  // In a module whose go or toolchain line asks for a toolchain go cannot get (GOTOOLCHAIN=auto), every go
  // command fails there, go env included. Outside the module go works: that failure belongs to the check,
  // which reports it on the go line, not to "go does not work".
  const outside = await readEffectiveGoEnv(goBin, env, { ...opts, cwd: tmpdir() });
  return { e: outside.error ? e : outside, processes: 2 };
}

export async function prepareGo(input: PrepareGoInput): Promise<PreparedGo> {
  const built = await environmentFor(input);
  const go = await findGo(input, built.env.PATH);
  if (!go.bin) return { ok: false, reason: 'not-found', tried: go.tried, ...built, processes: 0 };
  const key = JSON.stringify([go.bin, built.env]);
  const cached = input.effectiveCache?.get(key);
  if (cached) return { ok: true, goBin: go.bin, ...built, effective: cached, processes: 0 };
  const { e, processes } = await readEffective(input, go.bin, built.env);
  if (e.error) {
    return {
      ok: false,
      reason: 'broken',
      goBin: go.bin,
      tried: go.tried,
      error: e.error,
      ...built,
      processes,
    };
  }
  const effective: EffectiveValues = { values: e.values, ...(e.goVersion ? { goVersion: e.goVersion } : {}) };
  input.effectiveCache?.set(key, effective);
  return { ok: true, goBin: go.bin, ...built, effective, processes };
}
