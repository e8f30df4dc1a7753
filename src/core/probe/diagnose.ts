/**
 * "Diagnose downloads": one function that takes what the caller already knows (go, the environment and where
 * each variable came from, go env -json) and returns the whole report, calling `onProgress` with partial
 * reports as results arrive.
 *
 * Three things run at the same time, all bounded by one deadline (default 25 s, so the whole diagnosis ends
 * within 30 s even when every endpoint hangs) and by the caller's AbortSignal:
 *   - the environment snapshot (go env values and their sources, proxies, .netrc machines, GOAUTH, git);
 *   - the probes, stage by stage (stages.ts), for each GOPROXY entry, the checksum database and each private
 *     module host (plus `git ls-remote` for private hosts);
 *   - the module check (checkModule: every require, failures attributed through the module graph).
 * Then the conclusion ranks the root causes (conclude.ts). The returned report and every partial one are
 * redacted (redactReport.ts).
 */
import { checkModule, type CheckResult } from '../download/check.ts';
import type { EnvSource } from '../env/buildEnv.ts';
import { t } from '../l10n.ts';
import { redact } from '../redact.ts';
import {
  REPORT_SCHEMA_VERSION,
  type EnvSnapshot,
  type ModuleRow,
  type ProbeResult,
  type Report,
  type StageResult,
} from '../report/model.ts';
import { envSecrets, redactReport } from '../report/redactReport.ts';
import { run } from '../run/runner.ts';
import { configSections, failingRoutes } from './configSections.ts';
import { conclude, type LooseFinding } from './conclude.ts';
import { proxyFor, redactedUrl } from './proxyEnv.ts';
import { goauthSecrets, netrcPath, readNetrcInfo, snapshotEnv, versionAtLeast } from './snapshot.ts';
import {
  DEFAULT_STAGE_TIMEOUTS,
  defaultLookup,
  probeEndpoint,
  type LookupFn,
  type StageTimeouts,
} from './stages.ts';
import {
  credentialsFor,
  goproxyEntries,
  isPrivate,
  listPath,
  underBase,
  netrcSecrets,
  repoUrlFor,
  sumdbOf,
  workspaceRequires,
  type Requirement,
} from './targets.ts';
import { trustStoreFor } from './trust.ts';

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

interface PlannedProbe {
  probe: ProbeResult;
  url: URL;
  gitRepo?: string;
}

function planProbes(
  o: DiagnoseOptions,
  requires: Requirement[],
): { planned: PlannedProbe[]; notes: string[] } {
  const planned: PlannedProbe[] = [];
  const notes: string[] = [];
  const eff = { ...o.env, ...o.effective };
  const publicReq = requires.find((r) => !isPrivate(r.path, eff, 'proxy'));
  const mk = (id: string, kind: ProbeResult['kind'], label: string, url: URL): ProbeResult => ({
    id,
    kind,
    label,
    url: redactedUrl(url),
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
    state: 'pending',
    stages: [],
    summary: '',
  });
  goproxyEntries(eff.GOPROXY ?? '').forEach((e, i) => {
    if (e.url === 'direct' || e.url === 'off') return;
    let base: URL;
    try {
      base = new URL(e.url);
    } catch {
      notes.push(t('GOPROXY entry {0} is not a URL: {1}', i + 1, redact(e.url)));
      return;
    }
    if (base.protocol !== 'https:' && base.protocol !== 'http:') {
      notes.push(t('GOPROXY entry {0} ({1}) is not probed over the network', i + 1, base.protocol));
      return;
    }
    const url = underBase(base, (publicReq && listPath(publicReq.path)) ?? '/');
    if (!url) return;
    const label = t('GOPROXY entry {0}', i + 1);
    planned.push({ probe: { ...mk(`goproxy:${i}`, 'goproxy', label, base) }, url });
  });
  const sumdb = sumdbOf(eff.GOSUMDB ?? '');
  const allPrivate = requires.length > 0 && requires.every((r) => isPrivate(r.path, eff, 'sumdb'));
  if (sumdb && !allPrivate) {
    try {
      const base = new URL(sumdb.url);
      const url = underBase(base, '/latest') ?? new URL('/latest', base);
      planned.push({ probe: mk('sumdb', 'sumdb', t('checksum database {0}', sumdb.name), base), url });
    } catch {
      notes.push(t('GOSUMDB names no usable URL: {0}', redact(eff.GOSUMDB ?? '')));
    }
  }
  const hosts = new Map<string, Requirement>();
  for (const r of requires) {
    if (!isPrivate(r.path, eff, 'proxy')) continue;
    const host = r.path.split('/')[0];
    if (!hosts.has(host) && /\./.test(host)) hosts.set(host, r);
  }
  for (const [host, r] of hosts) {
    let url: URL;
    try {
      url = new URL(`https://${r.path}?go-get=1`);
    } catch {
      continue;
    }
    planned.push({
      probe: mk(`private:${host}`, 'private-host', t('private module host'), new URL(`https://${host}`)),
      url,
      gitRepo: repoUrlFor(r.path),
    });
  }
  return { planned, notes };
}

/** Runs `git ls-remote` for a private host's repository, as go would (no prompts), as the probe's git stage. */
async function gitStage(
  p: PlannedProbe,
  o: DiagnoseOptions,
  ms: number,
  deadline: number,
  onStage: () => void,
): Promise<void> {
  const stage: StageResult = { id: 'git', status: 'pending', summary: '' };
  p.probe.stages.push(stage);
  const reached = !['dns', 'tcp', 'tls', 'proxy'].includes(p.probe.failedStage ?? '');
  const budget = Math.min(ms, deadline - Date.now());
  if (!reached || budget <= 0 || o.signal?.aborted) {
    stage.status = 'skipped';
    stage.summary = reached ? t('no time left') : t('not tried: the host cannot be reached');
    onStage();
    return;
  }
  const command = ['git', 'ls-remote', '--heads', p.gitRepo!];
  const env = {
    ...o.env,
    GIT_TERMINAL_PROMPT: '0',
    GCM_INTERACTIVE: 'never',
    GIT_ASKPASS: '',
    SSH_ASKPASS: '',
  };
  const r = await run(command, { env, timeoutMs: budget, signal: o.signal, maxOutputBytes: 64 * 1024 });
  const output = (r.stderr + r.stdout)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .slice(-6)
    .map(redact);
  stage.ms = r.durationMs;
  stage.git = { command, ...(r.exitCode !== undefined ? { exitCode: r.exitCode } : {}), output };
  const fail = (status: 'failed' | 'timeout', summary: string, category: ProbeResult['category']): void => {
    stage.status = status;
    stage.summary = summary;
    if (!p.probe.failedStage) {
      p.probe.failedStage = 'git';
      p.probe.category = category;
      p.probe.summary = t('{0} failed at the {1} stage: {2}', p.probe.host, 'GIT', summary);
    }
  };
  if (r.spawnError) fail('failed', t('git is not installed (or not on PATH)'), 'vcs');
  else if (r.timedOut)
    fail('timeout', t('git ls-remote did not finish within {0} s', Math.round(budget / 1000)), 'timeout');
  else if (r.canceled) fail('failed', t('cancelled'), 'timeout');
  else if (r.exitCode === 0) {
    stage.status = 'ok';
    stage.summary = t('git can read {0}', redact(p.gitRepo!));
  } else {
    const text = r.stderr;
    if (
      /terminal prompts disabled|could not read (Username|Password)|Authentication failed|HTTP Basic: Access denied|\b40[13]\b/i.test(
        text,
      )
    )
      fail('failed', t('git needs credentials for {0} (none were accepted)', p.probe.host), 'auth');
    else if (/not found|does not exist|\b404\b/i.test(text))
      fail('failed', t('git says the repository {0} does not exist', redact(p.gitRepo!)), 'not-found');
    else fail('failed', output[output.length - 1] ?? t('git ls-remote failed'), 'vcs');
  }
  onStage();
}

function moduleRows(result: CheckResult): { rows: ModuleRow[]; loose: LooseFinding[] } {
  const downloadMs = result.runs[0]?.durationMs ?? 0;
  const rows: ModuleRow[] = result.modules.map((m) => {
    const f = m.finding;
    const row: ModuleRow = {
      path: m.path,
      version: m.version,
      status: m.status,
      origin: 'direct',
      fixes: f?.fixes ?? [],
      ms: m.status === 'cached' ? 0 : downloadMs,
    };
    if (f) {
      row.category = f.category;
      if (f.stage) row.stage = f.stage;
      row.summary = f.summary;
      row.evidence = f.evidence.map(redact);
      if (f.chain && f.chain.length > 1) row.chain = f.chain;
      if (f.host) row.host = f.host;
    }
    return row;
  });
  // Modules deep in the graph whose failure reached a direct requirement: a row of their own.
  for (const f of result.findings) {
    const last = f.chain && f.chain.length > 1 ? f.chain[f.chain.length - 1] : undefined;
    const at = last ? last.lastIndexOf('@') : -1;
    if (!last || at <= 0) continue;
    const path = last.slice(0, at);
    const version = last.slice(at + 1);
    if (rows.some((r) => r.path === path && r.version === version)) continue;
    rows.push({
      path,
      version,
      status: 'failed',
      origin: 'transitive',
      category: f.category,
      ...(f.stage ? { stage: f.stage } : {}),
      summary: f.summary,
      evidence: f.evidence.map(redact),
      fixes: f.fixes,
      chain: f.chain,
      ...(f.host ? { host: f.host } : {}),
      ms: downloadMs,
    });
  }
  const loose: LooseFinding[] = [];
  for (const f of result.findings) {
    if (f.requirePath) continue;
    if (f.module && rows.some((r) => r.path === f.module)) continue;
    loose.push({
      category: f.category,
      summary: f.summary,
      fixes: f.fixes,
      ...(f.module ? { module: f.module } : {}),
    });
  }
  return { rows, loose };
}

export async function diagnoseDownloads(o: DiagnoseOptions): Promise<Report> {
  const started = Date.now();
  const deadline = started + (o.timeouts?.totalMs ?? DEFAULT_TOTAL_MS);
  const timeouts: StageTimeouts = { ...DEFAULT_STAGE_TIMEOUTS, ...o.timeouts };
  const trust = trustStoreFor(o.env);
  const netrc = await readNetrcInfo(netrcPath(o.env));
  const goauth = versionAtLeast(o.goVersion, 1, 24) ? (o.effective.GOAUTH ?? o.env.GOAUTH ?? '') : undefined;
  const secrets = [
    ...envSecrets({ ...o.env, ...o.effective }),
    ...envSecrets(o.env),
    ...netrcSecrets(netrc.text),
    ...goauthSecrets(o.effective.GOAUTH ?? o.env.GOAUTH ?? ''),
  ];
  const requires = await workspaceRequires(o.root, o.env);
  const { planned, notes } = planProbes(o, requires);

  const report: Report = {
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
  if (notes.length > 0) report.modulesNote = notes.join(' ');
  let lastEmit = 0;
  let pendingEmit: NodeJS.Timeout | undefined;
  const emitNow = (): void => {
    if (!o.onProgress) return;
    lastEmit = Date.now();
    report.durationMs = lastEmit - started;
    o.onProgress(redactReport(report, secrets));
  };
  const emit = (): void => {
    if (!o.onProgress || pendingEmit) return;
    const wait = Math.max(0, 100 - (Date.now() - lastEmit));
    pendingEmit = setTimeout(() => {
      pendingEmit = undefined;
      emitNow();
    }, wait);
  };
  emitNow();

  const snapshotJob = snapshotEnv({
    goBin: o.goBin,
    goVersion: o.goVersion,
    goError: o.goError,
    env: o.env,
    envSources: o.envSources,
    effective: o.effective,
    trustSource: trust.source,
    signal: o.signal,
    timeoutMs: Math.max(1000, Math.min(5000, deadline - Date.now())),
  }).then(({ snapshot }) => {
    report.env = snapshot;
    emit();
  });

  const lookup = o.lookup ?? defaultLookup;
  const probeJobs = planned.map(async (p) => {
    await probeEndpoint(p.probe, {
      url: p.url,
      proxy: proxyFor(p.url, o.env),
      credentials: credentialsFor(p.url, netrc.text, goauth),
      trust,
      lookup,
      timeouts,
      deadline,
      signal: o.signal,
      onStage: emit,
    });
    const proxy = proxyFor(p.url, o.env);
    if (proxy) p.probe.via = redactedUrl(proxy.url);
    if (p.gitRepo) await gitStage(p, o, timeouts.gitMs, deadline, emit);
    if (!p.probe.failedStage && p.probe.summary === '')
      p.probe.summary = t('{0}: every stage passed', p.probe.host);
    p.probe.state = 'done';
    emit();
  });

  let loose: LooseFinding[] = [];
  const moduleJob = (async () => {
    if (o.goError !== undefined) {
      report.modulesNote = [report.modulesNote, t('The modules were not checked: go cannot be run.')]
        .filter((x) => x)
        .join(' ');
      return;
    }
    const budget = deadline - Date.now() - 500;
    if (budget <= 0) {
      report.modulesState = 'skipped';
      return;
    }
    // go runs up to two processes (download, then the module graph): both stop at the deadline.
    const stop = new AbortController();
    const timer = setTimeout(() => stop.abort(), budget + 250);
    const forward = (): void => stop.abort();
    o.signal?.addEventListener('abort', forward);
    const result = await checkModule({
      goBin: o.goBin,
      dir: o.root,
      env: o.env,
      timeoutMs: budget,
      signal: stop.signal,
      goVersion: o.goVersion,
      ...(o.effective.GOMODCACHE ? { gomodcache: o.effective.GOMODCACHE } : {}),
    }).finally(() => {
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', forward);
    });
    if (result.skipped === 'no-module') {
      report.modulesState = 'skipped';
      report.modulesNote = t('No go.mod or go.work in {0}.', o.root);
      return;
    }
    if (result.skipped === 'syntax') {
      report.modulesState = 'skipped';
      report.modulesNote = t('go.mod or go.work does not parse; fix its syntax first.');
      loose = [{ category: 'syntax', summary: report.modulesNote, fixes: ['fix-go-mod-syntax'] }];
      return;
    }
    const m = moduleRows(result);
    report.modules = m.rows;
    loose = m.loose;
    report.modulesState = 'done';
    if (result.runs.some((r) => r.timedOut || (r.canceled && !o.signal?.aborted))) {
      report.modulesNote = [report.modulesNote, t('go was stopped at the diagnosis deadline.')]
        .filter((x) => x)
        .join(' ');
    }
    emit();
  })();

  const configJob = configSections(o, requires, deadline, report, emit);
  await Promise.all([snapshotJob, moduleJob, configJob, ...probeJobs]);
  report.routes = failingRoutes(report.modules, o);
  if (pendingEmit) clearTimeout(pendingEmit);
  const canceled = o.signal?.aborted === true;
  for (const p of report.probes) {
    for (const s of p.stages) if (s.status === 'pending') s.status = 'skipped';
    p.state = 'done';
  }
  if (report.modulesState === 'running') report.modulesState = canceled ? 'skipped' : 'done';
  report.conclusion = conclude(report.probes, report.modules, loose, o.goError);
  report.state = canceled ? 'canceled' : 'done';
  report.durationMs = Date.now() - started;
  const final = redactReport(report, secrets);
  o.onProgress?.(final);
  return final;
}
