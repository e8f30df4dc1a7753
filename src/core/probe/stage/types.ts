/** The shapes shared by the endpoint probe (stages.ts) and its stages (one file each in this folder). */
import type { ProxyChoice } from '../proxyEnv.ts';
import type { TrustStore } from '../trust.ts';

/** A resolver: every address of a name. Tests inject one pointed at the harness DNS responder. */
export type LookupFn = (host: string) => Promise<string[]>;

export interface StageTimeouts {
  dnsMs: number;
  tcpMs: number;
  tlsMs: number;
  httpMs: number;
  gitMs: number;
}

export interface EndpointProbeInput {
  /** The URL to request (its path is the cheap request). */
  url: URL;
  proxy?: ProxyChoice;
  /** Basic credentials go would send, with their kind ('url' or 'netrc'). */
  credentials?: { user: string; password: string; kind: string };
  trust: TrustStore;
  lookup: LookupFn;
  timeouts: StageTimeouts;
  /** Epoch ms after which nothing new starts and every wait ends. */
  deadline: number;
  signal?: AbortSignal;
  /** Called after each stage (the probe object is updated in place). */
  onStage: () => void;
}
