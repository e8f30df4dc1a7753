/**
 * One endpoint probed stage by stage, the way go's HTTP client reaches it:
 *
 *   DNS (all addresses) → TCP connect → [forward proxy: CONNECT] → TLS handshake → HTTP request → auth
 *
 * Each stage has its own time limit and stops at the overall deadline; a cancelled signal stops everything.
 * When a forward proxy applies, DNS and TCP concern the proxy (go never resolves the target itself then), the
 * proxy stage is the CONNECT tunnel (https) or the proxy's answer (http), and TLS is end to end through the
 * tunnel. Credentials are sent as go would send them (URL user info, then .netrc), and only their kind is
 * recorded.
 */
import { promises as dnsPromises } from 'node:dns';
import type { ProbeResult } from '../report/model.ts';
import { connectStage } from './stage/connect.ts';
import { dnsStage } from './stage/dns.ts';
import { authStage, httpStage, requestInfo } from './stage/http.ts';
import { proxyStage } from './stage/proxy.ts';
import { EndpointRun, endpointTarget, stagePlan, type EndpointTarget } from './stage/run.ts';
import { tlsStage } from './stage/tls.ts';
import type { EndpointProbeInput, LookupFn, StageTimeouts } from './stage/types.ts';

export { categoryOfStage } from './stage/run.ts';
export type { EndpointProbeInput, LookupFn, StageTimeouts } from './stage/types.ts';

export const defaultLookup: LookupFn = async (host) =>
  (await dnsPromises.lookup(host, { all: true, verbatim: true })).map((a) => a.address);

export const DEFAULT_STAGE_TIMEOUTS: StageTimeouts = {
  dnsMs: 5_000,
  tcpMs: 5_000,
  tlsMs: 5_000,
  httpMs: 10_000,
  gitMs: 10_000,
};

/**
 * Probes one endpoint, filling `probe.stages` as it goes. Never throws; a failed or hung stage ends the probe
 * and marks the stages after it as skipped.
 */
export async function probeEndpoint(probe: ProbeResult, input: EndpointProbeInput): Promise<void> {
  const target = endpointTarget(input.url, input.proxy);
  probe.stages = stagePlan(target).map((id) => ({ id, status: 'pending', summary: '' }));
  probe.state = 'running';
  const started = Date.now();
  const run = new EndpointRun(probe, input);
  try {
    await runStages(run, target);
  } finally {
    for (const s of run.sockets) s.destroy();
    probe.durationMs = Date.now() - started;
  }
}

/** DNS → TCP → [proxy] → [TLS] → HTTP → auth; each stage records its own result and ends the run when it fails. */
async function runStages(run: EndpointRun, target: EndpointTarget): Promise<void> {
  const addresses = await dnsStage(run, target);
  if (!addresses) return;
  let sock = await connectStage(run, target, addresses);
  if (!sock) return;
  const { http, proxyAuth } = requestInfo(target);
  if (target.proxy) {
    sock = await proxyStage(run, target, target.proxy, sock, http, proxyAuth);
    if (!sock) return;
  }
  if (target.https) {
    sock = await tlsStage(run, target, sock);
    if (!sock) return;
  }
  const head = await httpStage(run, target, sock, http, proxyAuth);
  if (head) authStage(run, head, http);
}
