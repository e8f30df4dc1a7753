/**
 * "Diagnose downloads": one function that takes what the caller already knows (go, the environment and where
 * each variable came from, go env -json) and returns the whole report, calling `onProgress` with partial
 * reports as results arrive.
 *
 * Three things run at the same time, all bounded by one deadline (default 25 s, so the whole diagnosis ends
 * within 30 s even when every endpoint hangs) and by the caller's AbortSignal:
 *   - the environment snapshot (go env values and their sources, proxies, .netrc machines, GOAUTH, git);
 *   - the probes (diagnoseProbes.ts), stage by stage (stages.ts, one file per stage in stage/), for each GOPROXY
 *     entry, the checksum database and each private module host (plus `git ls-remote` for private hosts);
 *   - the module check (diagnoseModules.ts: every require, failures attributed through the module graph).
 * Then the conclusion ranks the root causes (conclude.ts). The returned report and every partial one are
 * redacted (redactReport.ts).
 */
import type { EnvSource } from '../env/buildEnv.ts';
import { REPORT_SCHEMA_VERSION, type EnvSnapshot, type Report } from '../report/model.ts';
import { gorootOf } from '../route/goenv.ts';
import { outsideNote } from '../workspace/folderRoot.ts';
import { envSecrets, redactReport } from '../report/redactReport.ts';
import { configSections, failingRoutes } from './configSections.ts';
import { conclude, type LooseFinding } from './conclude.ts';
import { checkModules } from './diagnoseModules.ts';
import { planProbes, runProbe, type PlannedProbe, type ProbeContext } from './diagnoseProbes.ts';
import { goauthSecrets, netrcPath, readNetrcInfo, snapshotEnv, versionAtLeast } from './snapshot.ts';
import { DEFAULT_STAGE_TIMEOUTS, defaultLookup, type LookupFn, type StageTimeouts } from './stages.ts';
import { netrcSecrets, workspaceRequires } from './targets.ts';
import { trustStoreFor, type TrustStore } from './trust.ts';

export interface DiagnoseTimeouts extends Partial<StageTimeouts> {
  /** The whole diagnosis. Default 25 000 ms. */
  totalMs?: number;
}

export interface DiagnoseOptions {
  goBin: string;
  /** The module or workspace root. */
  root: string;
  /** The environment go runs with (buildEnv's `env`). */
  env: Record<string, string>;
  /** buildEnv's `sources`. */
  envSources: Record<string, EnvSource>;
  /** `go env -json` values (readEffectiveGoEnv's `values`); empty when go could not be run. */
  effective: Record<string, string>;
  /** "1.23.5". */
  goVersion?: string;
  /** Why go could not be run (readEffectiveGoEnv's `error`), when it could not. */
  goError?: string;
  signal?: AbortSignal;
  /** Called with a redacted partial report whenever something new is known. */
  onProgress?: (partial: Report) => void;
  timeouts?: DiagnoseTimeouts;
  /** DNS resolver for the probes (default: the system's, like go's). */
  lookup?: LookupFn;
  /** Compare with the user's login shell (default true: the report is only made on request). */
  compareLoginShell?: boolean;
}

const DEFAULT_TOTAL_MS = 25_000;

function emptySnapshot(o: DiagnoseOptions, trustStore: string): EnvSnapshot {
  return {
    go: { path: o.goBin, ok: o.goError === undefined, ...(o.goVersion ? { version: o.goVersion } : {}) },
    vars: [],
    proxyVars: [],
    netrc: { path: netrcPath(o.env), exists: false, machines: [] },
    git: { credentialHelpers: [], insteadOf: [] },
    trustStore,
  };
}

/** The report as it starts: every planned probe pending, the modules running (or skipped without go). */
function startReport(
  o: DiagnoseOptions,
  started: number,
  trust: TrustStore,
  planned: PlannedProbe[],
): Report {
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: 'gomod-doctor',
    createdAt: new Date(started).toISOString(),
    root: o.root,
    state: 'running',
    durationMs: 0,
    env: emptySnapshot(o, trust.source),
    probes: planned.map((p) => p.probe),
    modules: [],
    modulesState: o.goError === undefined ? 'running' : 'skipped',
    conclusion: [],
  };
}

/**
 * Partial reports for `onProgress`: `now` sends one at once, `soon` at most one per 100 ms (the jobs call it
 * after every stage), `stop` drops a pending one.
 */
function progress(
  o: DiagnoseOptions,
  report: Report,
  started: number,
  secrets: string[],
): { now: () => void; soon: () => void; stop: () => void } {
  let lastEmit = 0;
  let pendingEmit: NodeJS.Timeout | undefined;
  const now = (): void => {
    if (!o.onProgress) return;
    lastEmit = Date.now();
    report.durationMs = lastEmit - started;
    o.onProgress(redactReport(report, secrets));
  };
  const soon = (): void => {
    if (!o.onProgress || pendingEmit) return;
    const wait = Math.max(0, 100 - (Date.now() - lastEmit));
    pendingEmit = setTimeout(() => {
      pendingEmit = undefined;
      now();
    }, wait);
  };
  const stop = (): void => {
    if (pendingEmit) clearTimeout(pendingEmit);
  };
  return { now, soon, stop };
}

/** Every value the report must never show: from the environment, .netrc and GOAUTH. */
function secretsOf(o: DiagnoseOptions, netrcText: string | undefined): string[] {
  return [
    ...envSecrets({ ...o.env, ...o.effective }),
    ...envSecrets(o.env),
    ...netrcSecrets(netrcText),
    ...goauthSecrets(o.effective.GOAUTH ?? o.env.GOAUTH ?? ''),
  ];
}

/** The environment snapshot job: fills `report.env` when it is known. */
async function snapshotJob(
  o: DiagnoseOptions,
  report: Report,
  trust: TrustStore,
  deadline: number,
  emit: () => void,
): Promise<void> {
  const { snapshot } = await snapshotEnv({
    goBin: o.goBin,
    goVersion: o.goVersion,
    goError: o.goError,
    env: o.env,
    envSources: o.envSources,
    effective: o.effective,
    trustSource: trust.source,
    signal: o.signal,
    timeoutMs: Math.max(1000, Math.min(5000, deadline - Date.now())),
  });
  report.env = snapshot;
  emit();
}

/** Closes the report once every job ended: leftovers skipped, the conclusion ranked, the state final. */
function finishReport(o: DiagnoseOptions, report: Report, loose: LooseFinding[], started: number): void {
  report.routes = failingRoutes(report.modules, o);
  const canceled = o.signal?.aborted === true;
  for (const p of report.probes) {
    for (const s of p.stages) if (s.status === 'pending') s.status = 'skipped';
    p.state = 'done';
  }
  if (report.modulesState === 'running') report.modulesState = canceled ? 'skipped' : 'done';
  report.conclusion = conclude(report.probes, report.modules, loose, o.goError);
  report.state = canceled ? 'canceled' : 'done';
  report.durationMs = Date.now() - started;
}

export async function diagnoseDownloads(o: DiagnoseOptions): Promise<Report> {
  const started = Date.now();
  const deadline = started + (o.timeouts?.totalMs ?? DEFAULT_TOTAL_MS);
  const timeouts: StageTimeouts = { ...DEFAULT_STAGE_TIMEOUTS, ...o.timeouts };
  const trust = trustStoreFor(o.env);
  const netrc = await readNetrcInfo(netrcPath(o.env));
  const goauth = versionAtLeast(o.goVersion, 1, 24) ? (o.effective.GOAUTH ?? o.env.GOAUTH ?? '') : undefined;
  const secrets = secretsOf(o, netrc.text);
  // The go.work go uses in the folder, as the CLI and the planner take it: its modules are checked and probed.
  const goroot = gorootOf({ env: o.env, effective: o.effective, goBin: o.goBin });
  const { place, requires } = await workspaceRequires(o.root, o.env, goroot);
  const { planned, notes } = planProbes(o, requires);
  const report = startReport(o, started, trust, planned);
  if (place.work !== undefined) report.goWork = place.work;
  if (place.outside !== undefined) notes.unshift(outsideNote(place.outside, o.root));
  if (notes.length > 0) report.modulesNote = notes.join(' ');
  const emit = progress(o, report, started, secrets);
  emit.now();

  const snapshot = snapshotJob(o, report, trust, deadline, emit.soon);
  const lookup = o.lookup ?? defaultLookup;
  const c: ProbeContext = {
    o,
    netrcText: netrc.text,
    goauth,
    trust,
    lookup,
    timeouts,
    deadline,
    emit: emit.soon,
  };
  const probeJobs = planned.map((p) => runProbe(p, c));
  const moduleJob = checkModules({ ...o, root: place.dir, env: place.env }, report, deadline, emit.soon);
  const configJob = configSections(o, requires, deadline, report, emit.soon);
  const [, loose] = await Promise.all([snapshot, moduleJob, configJob, ...probeJobs]);
  emit.stop();
  finishReport(o, report, loose, started);
  const final = redactReport(report, secrets);
  o.onProgress?.(final);
  return final;
}
