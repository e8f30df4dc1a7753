/**
 * Diagnose one root from scratch, the way every surface needs it: build the environment (buildEnv), find go,
 * read `go env -json`, then diagnoseDownloads. The language server and the CLI both call this.
 */
import { buildEnv, type BuildEnvInput } from '../env/buildEnv.ts';
import { readEffectiveGoEnv } from '../env/effective.ts';
import { resolveGoBinary, type GoBinaryInput } from '../env/goBinary.ts';
import { locateGoEnvFile, readGoEnvFile } from '../env/goEnvFile.ts';
import { t } from '../l10n.ts';
import type { Report } from '../report/model.ts';
import { diagnoseDownloads, type DiagnoseTimeouts } from './diagnose.ts';
import type { LookupFn } from './stages.ts';

export interface DiagnoseRootInput {
  root: string;
  processEnv?: Record<string, string | undefined>;
  settingsEnv?: BuildEnvInput['settingsEnv'];
  toolsEnvVars?: BuildEnvInput['toolsEnvVars'];
  httpProxy?: string;
  go?: Omit<GoBinaryInput, 'path'>;
  signal?: AbortSignal;
  onProgress?: (partial: Report) => void;
  timeouts?: DiagnoseTimeouts;
  lookup?: LookupFn;
}

export async function diagnoseRoot(i: DiagnoseRootInput): Promise<Report> {
  const processEnv = i.processEnv ?? process.env;
  const goEnvFile = await readGoEnvFile(locateGoEnvFile(processEnv));
  const built = buildEnv({
    processEnv,
    goEnvFile,
    settingsEnv: i.settingsEnv,
    toolsEnvVars: i.toolsEnvVars,
    httpProxy: i.httpProxy,
  });
  const go = await resolveGoBinary({ ...(i.go ?? {}), path: built.env.PATH });
  const goBin = go.bin ?? 'go';
  const eff = go.bin
    ? await readEffectiveGoEnv(go.bin, built.env, { cwd: i.root, timeoutMs: 15_000, signal: i.signal })
    : undefined;
  const goError = !go.bin
    ? t('The go command was not found (looked in: {0}).', go.tried.slice(0, 6).join(', ') || 'PATH')
    : eff?.error;
  return diagnoseDownloads({
    goBin,
    root: i.root,
    env: built.env,
    envSources: built.sources,
    effective: eff?.values ?? {},
    ...(eff?.goVersion ? { goVersion: eff.goVersion } : {}),
    ...(goError !== undefined ? { goError } : {}),
    signal: i.signal,
    onProgress: i.onProgress,
    timeouts: i.timeouts,
    lookup: i.lookup,
  });
}
