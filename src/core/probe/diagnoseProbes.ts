/**
 * The probes of a diagnosis: which endpoints go would reach (each GOPROXY entry, the checksum database, each
 * private module host), each probed stage by stage (stages.ts), plus `git ls-remote` for private hosts.
 */
import { t } from '../l10n.ts';
import { redact } from '../redact.ts';
import type { ProbeResult, StageResult } from '../report/model.ts';
import { run, type RunResult } from '../run/runner.ts';
import type { DiagnoseOptions } from './diagnose.ts';
import { proxyFor, redactedUrl } from './proxyEnv.ts';
import { probeEndpoint, type LookupFn, type StageTimeouts } from './stages.ts';
import {
  credentialsFor,
  goproxyEntries,
  isPrivate,
  listPath,
  underBase,
  repoUrlFor,
  sumdbOf,
  type Requirement,
} from './targets.ts';
import type { TrustStore } from './trust.ts';

export interface PlannedProbe {
  probe: ProbeResult;
  url: URL;
  gitRepo?: string;
}

/** One probe per private module host (the first require on it names the path asked for, as go would ask). */
function privateHostProbes(requires: Requirement[], eff: Record<string, string>): PlannedProbe[] {
  const out: PlannedProbe[] = [];
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
    out.push({
      probe: newProbe(
        `private:${host}`,
        'private-host',
        t('private module host'),
        new URL(`https://${host}`),
      ),
      url,
      gitRepo: repoUrlFor(r.path),
    });
  }
  return out;
}

/** A probe not started yet, shown by its redacted base URL. */
function newProbe(id: string, kind: ProbeResult['kind'], label: string, url: URL): ProbeResult {
  return {
    id,
    kind,
    label,
    url: redactedUrl(url),
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
    state: 'pending',
    stages: [],
    summary: '',
  };
}

export function planProbes(
  o: DiagnoseOptions,
  requires: Requirement[],
): { planned: PlannedProbe[]; notes: string[] } {
  const planned: PlannedProbe[] = [];
  const notes: string[] = [];
  const eff = { ...o.env, ...o.effective };
  const publicReq = requires.find((r) => !isPrivate(r.path, eff, 'proxy'));
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
    planned.push({ probe: { ...newProbe(`goproxy:${i}`, 'goproxy', label, base) }, url });
  });
  const sumdb = sumdbOf(eff.GOSUMDB ?? '');
  const allPrivate = requires.length > 0 && requires.every((r) => isPrivate(r.path, eff, 'sumdb'));
  if (sumdb && !allPrivate) {
    try {
      const base = new URL(sumdb.url);
      const url = underBase(base, '/latest') ?? new URL('/latest', base);
      planned.push({ probe: newProbe('sumdb', 'sumdb', t('checksum database {0}', sumdb.name), base), url });
    } catch {
      notes.push(t('GOSUMDB names no usable URL: {0}', redact(eff.GOSUMDB ?? '')));
    }
  }
  planned.push(...privateHostProbes(requires, eff));
  return { planned, notes };
}

/** What every probe of one diagnosis shares. */
export interface ProbeContext {
  o: DiagnoseOptions;
  netrcText: string | undefined;
  goauth: string | undefined;
  trust: TrustStore;
  lookup: LookupFn;
  timeouts: StageTimeouts;
  deadline: number;
  emit: () => void;
}

/** Probes one planned endpoint (then its git stage, for a private host) and marks it done. */
export async function runProbe(p: PlannedProbe, c: ProbeContext): Promise<void> {
  const { o, emit } = c;
  await probeEndpoint(p.probe, {
    url: p.url,
    proxy: proxyFor(p.url, o.env),
    credentials: credentialsFor(p.url, c.netrcText, c.goauth),
    trust: c.trust,
    lookup: c.lookup,
    timeouts: c.timeouts,
    deadline: c.deadline,
    signal: o.signal,
    onStage: emit,
  });
  const proxy = proxyFor(p.url, o.env);
  if (proxy) p.probe.via = redactedUrl(proxy.url);
  if (p.gitRepo) await gitStage(p, o, c.timeouts.gitMs, c.deadline, emit);
  if (!p.probe.failedStage && p.probe.summary === '')
    p.probe.summary = t('{0}: every stage passed', p.probe.host);
  p.probe.state = 'done';
  emit();
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
  const v = gitVerdict(r, budget, p.probe.host, p.gitRepo!, output);
  stage.status = v.status;
  stage.summary = v.summary;
  if (v.status !== 'ok' && !p.probe.failedStage) {
    p.probe.failedStage = 'git';
    p.probe.category = v.category;
    p.probe.summary = t('{0} failed at the {1} stage: {2}', p.probe.host, 'GIT', v.summary);
  }
  onStage();
}

export type GitVerdict =
  | { status: 'ok'; summary: string }
  | { status: 'failed' | 'timeout'; summary: string; category: ProbeResult['category'] };

/** What a finished `git ls-remote` says of the repository: readable, or why not (and the category). */
export function gitVerdict(
  r: Pick<RunResult, 'spawnError' | 'timedOut' | 'canceled' | 'exitCode' | 'stderr'>,
  budget: number,
  host: string,
  repo: string,
  output: string[],
): GitVerdict {
  const fail = (
    status: 'failed' | 'timeout',
    summary: string,
    category: ProbeResult['category'],
  ): GitVerdict => ({
    status,
    summary,
    category,
  });
  if (r.spawnError) return fail('failed', t('git is not installed (or not on PATH)'), 'vcs');
  if (r.timedOut)
    return fail(
      'timeout',
      t('git ls-remote did not finish within {0} s', Math.round(budget / 1000)),
      'timeout',
    );
  if (r.canceled) return fail('failed', t('cancelled'), 'timeout');
  if (r.exitCode === 0) return { status: 'ok', summary: t('git can read {0}', redact(repo)) };
  const text = r.stderr;
  if (
    /terminal prompts disabled|could not read (Username|Password)|Authentication failed|HTTP Basic: Access denied|\b40[13]\b/i.test(
      text,
    )
  )
    return fail('failed', t('git needs credentials for {0} (none were accepted)', host), 'auth');
  if (/not found|does not exist|\b404\b/i.test(text))
    return fail('failed', t('git says the repository {0} does not exist', redact(repo)), 'not-found');
  return fail('failed', output[output.length - 1] ?? t('git ls-remote failed'), 'vcs');
}
