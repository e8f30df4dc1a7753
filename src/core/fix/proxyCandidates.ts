/**
 * Which module proxies from a list of candidates can serve a module right now: each candidate is asked for the
 * module's version info (or its version list), through the same forward proxy and with the same trusted
 * certificates go would use, stage by stage (DNS, TCP, proxy, TLS, HTTP). Only a candidate that answers 200 is
 * usable: a 404 means it does not have the module, anything else that it cannot serve it now.
 */
import { escapeCasePath } from '../download/modcache.ts';
import { t } from '../l10n.ts';
import { proxyFor, redactedUrl } from '../probe/proxyEnv.ts';
import { defaultLookup, DEFAULT_STAGE_TIMEOUTS, probeEndpoint, type LookupFn } from '../probe/stages.ts';
import { trustStoreFor } from '../probe/trust.ts';
import type { ProbeResult } from '../report/model.ts';

export interface CandidateResult {
  /** The candidate as configured (without a trailing slash). */
  url: string;
  ok: boolean;
  /** One line: what it answered, or where it failed (translated, redacted). */
  summary: string;
}

export interface ProbeCandidatesOptions {
  /** Total time for all candidates (they are probed side by side). */
  timeoutMs?: number;
  signal?: AbortSignal;
  lookup?: LookupFn;
}

/** The request that tells whether `base` serves the module: its version's .info, else its version list. */
export function candidateRequest(base: string, module?: string, version?: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(base.replace(/\/+$/, '') + '/');
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  if (!module) return url;
  const canonical = version !== undefined && /^v\d+\.\d+\.\d+/.test(version);
  const tail = canonical ? `@v/${escapeCasePath(version)}.info` : '@v/list';
  return new URL(`${escapeCasePath(module)}/${tail}`, url);
}

export async function probeProxyCandidates(
  candidates: string[],
  target: { module?: string; version?: string },
  env: Record<string, string>,
  opts: ProbeCandidatesOptions = {},
): Promise<CandidateResult[]> {
  const trust = trustStoreFor(env);
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const deadline = Date.now() + timeoutMs;
  const timeouts = {
    ...DEFAULT_STAGE_TIMEOUTS,
    httpMs: Math.min(DEFAULT_STAGE_TIMEOUTS.httpMs, timeoutMs),
  };
  return Promise.all(
    candidates.map(async (candidate): Promise<CandidateResult> => {
      const base = candidate.trim().replace(/\/+$/, '');
      const url = candidateRequest(base, target.module, target.version);
      if (!url) return { url: base, ok: false, summary: t('{0}: not an http(s) URL', base) };
      const probe: ProbeResult = {
        id: `candidate:${base}`,
        kind: 'goproxy',
        label: base,
        url: redactedUrl(url),
        host: url.hostname,
        port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
        state: 'pending',
        stages: [],
        summary: '',
      };
      await probeEndpoint(probe, {
        url,
        proxy: proxyFor(url, env),
        trust,
        lookup: opts.lookup ?? defaultLookup,
        timeouts,
        deadline,
        signal: opts.signal,
        onStage: () => undefined,
      });
      const status = probe.stages.find((s) => s.id === 'http')?.http?.status;
      return { url: base, ok: probe.failedStage === undefined && status === 200, summary: probe.summary };
    }),
  );
}
