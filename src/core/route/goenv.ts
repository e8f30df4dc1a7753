/**
 * The settings a download depends on, with where each value came from, computed in-process (no go process):
 * the environment the engine runs go with (buildEnv: process environment, the user's go env file, vscode-go's
 * go.toolsEnvVars, gomodDoctor.env) and, under it, $GOROOT/go.env (Go 1.21+, which distributions may patch) and
 * go's built-in defaults. `go env -json` values, when the caller already has them, win for the value only.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { EnvSource } from '../env/buildEnv.ts';
import { parseGoEnvFile } from '../env/goEnvFile.ts';

export type RouteSource = EnvSource | 'goroot-go.env' | 'go-default' | 'unset';

export interface RouteVar {
  name: string;
  value: string;
  source: RouteSource;
}

/** The variables the route and the settings linter read. */
export const ROUTE_VARS = [
  'GOPROXY',
  'GOSUMDB',
  'GOPRIVATE',
  'GONOPROXY',
  'GONOSUMDB',
  'GOINSECURE',
  'GOAUTH',
  'GOFLAGS',
  'GO111MODULE',
  'GOVCS',
  'NETRC',
] as const;
export type RouteVarName = (typeof ROUTE_VARS)[number];

export interface RouteEnvInput {
  /** The environment go runs with (buildEnv's env). */
  env: Record<string, string>;
  /** buildEnv's sources. */
  sources: Record<string, EnvSource>;
  /** The go binary (to find GOROOT when GOROOT is not set). */
  goBin?: string;
  /** `go env -json` values, when already read. */
  effective?: Record<string, string>;
}

export interface RouteEnv {
  vars: Record<RouteVarName, RouteVar>;
  /** "1.23.5", from go env -json or $GOROOT/VERSION; undefined when unknown. */
  goVersion?: string;
  /** The raw environment (HOME, NETRC, GIT_CONFIG_*, proxies). */
  env: Record<string, string>;
}

/** Built-in defaults of go 1.19/1.20, and of later versions whose go.env lacks a value. */
const BUILTIN: Partial<Record<RouteVarName, string>> = {
  GOPROXY: 'https://proxy.golang.org,direct',
  GOSUMDB: 'sum.golang.org',
};

function readText(p: string): string | undefined {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
}

/** GOROOT: set, reported by go env, or the folder above the real go binary's bin/. */
export function gorootOf(i: Pick<RouteEnvInput, 'env' | 'goBin' | 'effective'>): string | undefined {
  const set = i.env.GOROOT || i.effective?.GOROOT;
  if (set) return set;
  if (!i.goBin) return undefined;
  try {
    return dirname(dirname(realpathSync(i.goBin)));
  } catch {
    return undefined;
  }
}

/** "1.23.5" from "go1.23.5 …"; undefined for devel builds or a missing file. */
export function versionFromText(text: string | undefined): string | undefined {
  const m = /^go(\d+\.\d+(?:\.\d+)?)/.exec((text ?? '').trim());
  return m ? m[1] : undefined;
}

export function resolveRouteEnv(i: RouteEnvInput): RouteEnv {
  const goroot = gorootOf(i);
  const goEnvDefaults = goroot ? parseGoEnvFile(readText(join(goroot, 'go.env')) ?? '') : {};
  const goVersion =
    versionFromText(i.effective?.GOVERSION) ??
    (goroot ? versionFromText(readText(join(goroot, 'VERSION'))) : undefined);
  const vars = {} as Record<RouteVarName, RouteVar>;
  for (const name of ROUTE_VARS) {
    const own = i.env[name] ?? '';
    let v: RouteVar;
    if (own !== '') v = { name, value: own, source: i.sources[name] ?? 'process' };
    else if ((goEnvDefaults[name] ?? '') !== '')
      v = { name, value: goEnvDefaults[name], source: 'goroot-go.env' };
    else if (BUILTIN[name] !== undefined) v = { name, value: BUILTIN[name], source: 'go-default' };
    else if (name === 'GOAUTH' && goAtLeast(goVersion, 24))
      v = { name, value: 'netrc', source: 'go-default' };
    else v = { name, value: '', source: 'unset' };
    const eff = i.effective?.[name];
    if (eff !== undefined && eff !== v.value && name !== 'NETRC') {
      v = { name, value: eff, source: eff === '' ? 'unset' : v.source === 'unset' ? 'go-default' : v.source };
    }
    vars[name] = v;
  }
  return { vars, ...(goVersion ? { goVersion } : {}), env: i.env };
}

/** Is the go version at least major.minor? Unknown versions count as the newest (go's current rules). */
export function goAtLeast(goVersion: string | undefined, minor: number): boolean {
  const m = /^1\.(\d+)/.exec(goVersion ?? '');
  return m ? Number(m[1]) >= minor : true;
}
