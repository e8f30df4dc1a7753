/**
 * GOWORK and GOFLAGS as the go command sees them when it plans a build, for the workspace planner: go reads each
 * with cfg.Getenv, so a non-empty value in its environment (the process environment plus the editor settings
 * handed to go) wins, else the user's go env file (`go env -w`, located by GOENV), else the default (empty:
 * the nearest go.work, no -mod). Measured with go 1.19-1.27: a GOWORK line in the file is obeyed although
 * `go env -w GOWORK=…` itself refuses to write one ("GOWORK cannot be modified"); go ignores an unreadable
 * file and every line that is not KEY=VALUE without a word; a relative GOWORK, or one naming a missing file,
 * makes every go command fail.
 */
import { isAbsolute } from 'node:path';
import { statSync } from 'node:fs';
import { locateGoEnvFile, readGoEnvFileSync, type GoEnvFileRead } from '../env/goEnvFile.ts';
import { t } from '../l10n.ts';

export type PlanVar = 'GOWORK' | 'GOFLAGS';
/** Where a value came from: the environment go is started with, the go env file, or go's default. */
export type PlanVarSource = 'env' | 'goenv-file' | 'default';

export interface PlanEnv {
  GOWORK: string;
  GOFLAGS: string;
  sources: Record<PlanVar, PlanVarSource>;
  /** The go env file consulted (undefined: GOENV=off, or no user configuration folder). */
  goEnvFile?: string;
}

export type PlanNoteCode = 'goenv-unreadable' | 'goenv-skipped-line' | 'gowork-relative' | 'gowork-missing';

/** Something about the environment the plan could not follow as written; `message` is translated. */
export interface PlanNote {
  code: PlanNoteCode;
  message: string;
  file?: string;
  line?: number;
}

/** A go env file as the plan read it, to notice an edit later (see goEnvFilesChanged). */
export interface GoEnvStamp {
  path: string;
  text: string;
  error?: string;
}

export interface ResolvedPlanEnv {
  env: PlanEnv;
  notes: PlanNote[];
  stamp?: GoEnvStamp;
}

/** go's cfg.Getenv for GOWORK and GOFLAGS: a non-empty environment value, else the file's, else ''. */
export function effectivePlanEnv(
  env: Record<string, string | undefined>,
  file: Record<string, string> | undefined,
  goEnvFile?: string,
): PlanEnv {
  const sources = {} as Record<PlanVar, PlanVarSource>;
  const pick = (k: PlanVar): string => {
    const fromEnv = env[k] ?? '';
    const fromFile = file?.[k] ?? '';
    sources[k] = fromEnv !== '' ? 'env' : fromFile !== '' ? 'goenv-file' : 'default';
    return fromEnv !== '' ? fromEnv : fromFile;
  };
  const out: PlanEnv = { GOWORK: pick('GOWORK'), GOFLAGS: pick('GOFLAGS'), sources };
  if (goEnvFile !== undefined) out.goEnvFile = goEnvFile;
  return out;
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Where GOWORK was set, in words. */
function whereSet(pe: PlanEnv): string {
  return pe.sources.GOWORK === 'goenv-file'
    ? t('the go env file {0}', pe.goEnvFile ?? '')
    : t('the environment or the settings');
}

/** What a user should know: an unreadable file, lines go skips, a GOWORK with which go cannot run. */
export function planEnvNotes(pe: PlanEnv, read: GoEnvFileRead | undefined): PlanNote[] {
  const notes: PlanNote[] = [];
  if (read?.error !== undefined) {
    const message = t(
      'The go env file {0} cannot be read ({1}): go ignores it, and so does the check.',
      read.path,
      read.error,
    );
    notes.push({ code: 'goenv-unreadable', message, file: read.path });
  }
  for (const line of read?.skipped ?? []) {
    const message = t(
      'Line {0} of the go env file {1} is not a setting go reads (KEY=VALUE, the name in capitals): go ignores it, and so does the check.',
      line,
      read!.path,
    );
    notes.push({ code: 'goenv-skipped-line', message, file: read!.path, line });
  }
  const gw = pe.GOWORK;
  if (gw === '' || gw === 'off' || gw === 'auto') return notes;
  const file = pe.sources.GOWORK === 'goenv-file' ? { file: pe.goEnvFile } : {};
  if (!isAbsolute(gw)) {
    const message = t(
      'GOWORK={0} (from {1}) is not an absolute path: every go command fails with "invalid GOWORK: not an absolute path". The modules are checked on their own until it is corrected.',
      gw,
      whereSet(pe),
    );
    notes.push({ code: 'gowork-relative', message, ...file });
  } else if (!isFile(gw)) {
    const message = t(
      'GOWORK={0} (from {1}) names no file: every go command fails with "reading go.work". The modules are checked on their own until it is corrected.',
      gw,
      whereSet(pe),
    );
    notes.push({ code: 'gowork-missing', message, ...file });
  }
  return notes;
}

/**
 * The planner's GOWORK and GOFLAGS for a folder whose environment (what go is started with) is `env`: the go env
 * file is the one GOENV in that environment names, read with the engine's own reader.
 */
export function resolvePlanEnv(
  env: Record<string, string | undefined>,
  platform: NodeJS.Platform = process.platform,
): ResolvedPlanEnv {
  const path = locateGoEnvFile(env, platform);
  const read = path === undefined ? undefined : readGoEnvFileSync(path);
  const pe = effectivePlanEnv(env, read?.values, path);
  const out: ResolvedPlanEnv = { env: pe, notes: planEnvNotes(pe, read) };
  if (read) out.stamp = { path: read.path, text: read.text, ...(read.error ? { error: read.error } : {}) };
  return out;
}

/** Whether any of these go env files reads differently now (edited, created, deleted): the plan is stale. */
export function goEnvFilesChanged(stamps: readonly GoEnvStamp[]): boolean {
  return stamps.some((s) => {
    const now = readGoEnvFileSync(s.path);
    return now.text !== s.text || now.error !== s.error;
  });
}
