/**
 * One endpoint probe in progress: where it connects, which stages it plans, and how a stage is run, passed and
 * failed. Each stage file (dns, connect, proxy, tls, http) works through an EndpointRun.
 */
import type net from 'node:net';
import type { Category } from '../../categories.ts';
import { t } from '../../l10n.ts';
import type { HttpInfo, ProbeResult, ProbeStageId, StageResult } from '../../report/model.ts';
import type { ProxyChoice } from '../proxyEnv.ts';
import type { EndpointProbeInput } from './types.ts';
import { errText, limited, StageError } from './wire.ts';

/** Where the probe connects: the target itself, or the forward proxy that applies to it. */
export interface EndpointTarget {
  url: URL;
  https: boolean;
  targetPort: number;
  proxy?: ProxyChoice;
  connectHost: string;
  connectPort: number;
}

export function endpointTarget(url: URL, proxy: ProxyChoice | undefined): EndpointTarget {
  const https = url.protocol === 'https:';
  const targetPort = Number(url.port || (https ? 443 : 80));
  const connectHost = proxy
    ? proxy.url.hostname.replace(/^\[|\]$/g, '')
    : url.hostname.replace(/^\[|\]$/g, '');
  const connectPort = proxy
    ? Number(proxy.url.port || (proxy.url.protocol === 'https:' ? 443 : 80))
    : targetPort;
  return { url, https, targetPort, proxy, connectHost, connectPort };
}

/** The stages the probe of this target goes through, in order. */
export function stagePlan(target: EndpointTarget): ProbeStageId[] {
  const plan: ProbeStageId[] = ['dns', 'tcp'];
  if (target.proxy) plan.push('proxy');
  if (target.https) plan.push('tls');
  plan.push('http', 'auth');
  return plan;
}

/** The category a failed or hung stage stands for. */
export function categoryOfStage(
  stage: ProbeStageId,
  status: 'failed' | 'timeout',
  http?: HttpInfo,
  kind?: ProbeResult['kind'],
): Category {
  if (stage === 'proxy') return status === 'timeout' ? 'timeout' : 'http-proxy';
  if (status === 'timeout') return stage === 'dns' ? 'dns' : 'timeout';
  switch (stage) {
    case 'dns':
      return 'dns';
    case 'tcp':
      return 'connect';
    case 'tls':
      return 'tls';
    case 'auth':
      return 'auth';
    case 'git':
      return 'vcs';
    case 'http': {
      const s = http?.status;
      if (s !== undefined && (s === 404 || s === 410) && kind === 'sumdb') return 'sumdb';
      if (s !== undefined && s >= 500) return kind === 'sumdb' ? 'sumdb' : 'server';
      if (s === 429) return 'server';
      return 'server';
    }
  }
}

export type StageOutcome<T> = { ok: true; value: T; t0: number } | { ok: false };

export class EndpointRun {
  /** Every socket opened, destroyed when the probe ends. */
  readonly sockets: net.Socket[] = [];

  constructor(
    readonly probe: ProbeResult,
    readonly input: EndpointProbeInput,
  ) {}

  stage(id: ProbeStageId): StageResult {
    return this.probe.stages.find((s) => s.id === id)!;
  }

  /** Marks a stage failed (or hung), names the probe's category and summary, and skips the stages after it. */
  fail(s: StageResult, e: unknown, t0: number, http?: HttpInfo): void {
    const probe = this.probe;
    const { message, code } = errText(e);
    s.status = e instanceof StageError ? e.status : 'failed';
    s.ms = Date.now() - t0;
    s.summary = code && !message.includes(code) ? `${message} (${code})` : message;
    probe.failedStage = s.id;
    probe.category = categoryOfStage(s.id, s.status === 'timeout' ? 'timeout' : 'failed', http, probe.kind);
    probe.summary =
      s.status === 'timeout'
        ? t('{0} hung at the {1} stage: {2}', probe.host, s.id.toUpperCase(), s.summary)
        : t('{0} failed at the {1} stage: {2}', probe.host, s.id.toUpperCase(), s.summary);
    for (const x of probe.stages) if (x.status === 'pending') x.status = 'skipped';
  }

  /** Runs one stage's work within its time limit; a failure is recorded, and onStage is called either way. */
  async run<T>(
    id: ProbeStageId,
    ms: number,
    what: string,
    fn: (onCleanup: (c: () => void) => void) => Promise<T>,
  ): Promise<StageOutcome<T>> {
    const s = this.stage(id);
    const t0 = Date.now();
    try {
      const value = await limited(ms, this.input.deadline, this.input.signal, what, fn);
      s.ms = Date.now() - t0;
      return { ok: true, value, t0 };
    } catch (e) {
      this.fail(s, e, t0);
      return { ok: false };
    } finally {
      this.input.onStage();
    }
  }

  /** Fails a stage with a message of its own (a stage whose work succeeded but whose answer is a failure). */
  refuse(s: StageResult, message: string, t0: number, http?: HttpInfo): void {
    this.fail(s, new StageError('failed', message), t0, http);
  }
}
