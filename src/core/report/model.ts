/**
 * The diagnosis report: plain JSON (no classes, no functions, no undefined-only meaning), the same object the
 * language server sends to the webview, the CLI prints as JSON and the renderers turn into Markdown or text.
 * Every string in it is redacted before it leaves the engine (see redactReport.ts).
 *
 * Add fields; never rename or remove one (schemaVersion says which shape a consumer reads).
 */
import type { Category, Stage } from '../categories.ts';
import type { FixId } from '../classify/types.ts';
import type { EnvSource } from '../env/buildEnv.ts';
import type { LintFinding } from '../lint/types.ts';
import type { ModuleRoute } from '../route/route.ts';
import type { TerminalComparison } from '../terminal/compare.ts';

export const REPORT_SCHEMA_VERSION = 1;

/** The stages of one probe, in the order they run. */
export const PROBE_STAGES = ['dns', 'tcp', 'proxy', 'tls', 'http', 'auth', 'git'] as const;
export type ProbeStageId = (typeof PROBE_STAGES)[number];

export type StageStatus = 'pending' | 'ok' | 'warning' | 'failed' | 'timeout' | 'skipped';

export interface TlsInfo {
  /** "TLSv1.3". */
  protocol?: string;
  subjectCN?: string;
  issuerCN?: string;
  issuerO?: string;
  /** ISO dates. */
  validFrom?: string;
  validTo?: string;
  /** Did the certificate's names cover the host (tls.checkServerIdentity)? */
  hostMatch: boolean;
  /** Did the chain verify against the trust store go would use? */
  trusted: boolean;
  /** OpenSSL's reason when not trusted ("UNABLE_TO_VERIFY_LEAF_SIGNATURE"). */
  verifyError?: string;
  /** Where the trusted roots came from ("SSL_CERT_FILE=/…", "/etc/ssl/certs/ca-certificates.crt", "node"). */
  trustStore: string;
  /** A heuristic: the issuer looks like a TLS-intercepting corporate proxy or security product. */
  interception?: { suspected: boolean; reason: string };
}

export interface HttpInfo {
  method: string;
  /** The URL asked (redacted). */
  url: string;
  status?: number;
  statusText?: string;
  /** The forward proxy the request went through (redacted), when one was used. */
  via?: string;
  /** What kind of credentials were sent ('netrc', 'url', 'proxy-url'); never the values. */
  credentials?: string[];
  /** Scheme of a WWW-Authenticate or Proxy-Authenticate challenge ("Basic"). */
  challenge?: string;
}

export interface StageResult {
  id: ProbeStageId;
  status: StageStatus;
  /** Milliseconds the stage took. */
  ms?: number;
  /** One line (translated). */
  summary: string;
  /** DNS: every address. */
  addresses?: string[];
  /** TCP: the address connected to. */
  address?: string;
  tls?: TlsInfo;
  http?: HttpInfo;
  /** git ls-remote: the command and the last lines of its output (redacted). */
  git?: { command: string[]; exitCode?: number; output: string[] };
}

export type ProbeKind = 'goproxy' | 'sumdb' | 'private-host';

export interface ProbeResult {
  /** Stable within a report: "goproxy:0", "sumdb", "private:git.corp.example". */
  id: string;
  kind: ProbeKind;
  /** What was probed, in words ("GOPROXY entry 1", "checksum database sum.golang.org"). */
  label: string;
  /** Base URL (redacted). */
  url: string;
  host: string;
  port: number;
  /** The forward proxy on the way, redacted; undefined when connecting directly. */
  via?: string;
  state: 'pending' | 'running' | 'done';
  stages: StageResult[];
  /** Set when a stage failed or hung: the first such stage. */
  failedStage?: ProbeStageId;
  /** The failure category of the failed stage. */
  category?: Category;
  /** One line about the outcome (translated). */
  summary: string;
  durationMs?: number;
}

export interface EnvVar {
  name: string;
  /** Redacted. Empty when unset. */
  value: string;
  /** Where the value came from: a source of buildEnv, or 'go-default' when go computed it. */
  source: EnvSource | 'go-default' | 'unset';
}

export interface NetrcInfo {
  path: string;
  exists: boolean;
  /** "0600". */
  mode?: string;
  /** Readable by group or others (go does not care; curl and ssh users are warned). */
  tooOpen?: boolean;
  machines: { machine: string; hasLogin: boolean; hasPassword: boolean }[];
  error?: string;
}

export interface EnvSnapshot {
  go: { path?: string; version?: string; ok: boolean; error?: string };
  /** Module-related variables from `go env -json`, with their sources. */
  vars: EnvVar[];
  /** HTTP(S)_PROXY / NO_PROXY (both spellings), redacted. */
  proxyVars: EnvVar[];
  netrc: NetrcInfo;
  /** GOAUTH on Go 1.24+ (its commands' arguments are never shown). */
  goauth?: { value: string; applies: boolean };
  git: {
    path?: string;
    version?: string;
    credentialHelpers: string[];
    insteadOf: { from: string; to: string }[];
    error?: string;
  };
  /** The trust store the TLS probes use (the one go would use). */
  trustStore: string;
}

export type ModuleRowStatus = 'ok' | 'failed' | 'cached' | 'unknown';

export interface ModuleRow {
  path: string;
  version: string;
  status: ModuleRowStatus;
  /** 'direct' when a go.mod line requires it, 'transitive' when the failure is in a module it pulls in. */
  origin: 'direct' | 'transitive';
  category?: Category;
  stage?: Stage;
  summary?: string;
  /** Redacted lines of go's output. */
  evidence?: string[];
  fixes: FixId[];
  /** 'A@v1', 'B@v2', … from the failing requirement chain. */
  chain?: string[];
  host?: string;
  /** Milliseconds of the go run that settled this module (0 for a module-cache hit). */
  ms: number;
}

export interface RootCause {
  /** Stable within a report. */
  id: string;
  category: Category;
  /** 1 = most fundamental. */
  rank: number;
  /** One line (translated). */
  title: string;
  /** Why this is believed to be the cause (translated, redacted). */
  detail: string;
  /** Where the evidence comes from. */
  source: { kind: 'probe'; probeId: string; stage: ProbeStageId } | { kind: 'modules' } | { kind: 'go' };
  host?: string;
  module?: string;
  /** Modules whose failure this cause explains ("path@version"). */
  modules: string[];
  /** The same fix ids as the quick fixes; the first is the one-click fix. */
  fixes: FixId[];
}

export interface Report {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  tool: 'gomod-doctor';
  /** ISO date. */
  createdAt: string;
  /** The module or workspace root diagnosed. */
  root: string;
  /** The go.work go uses in `root` (absolute), whose modules were checked; absent: module mode. */
  goWork?: string;
  state: 'running' | 'done' | 'canceled';
  durationMs: number;
  env: EnvSnapshot;
  probes: ProbeResult[];
  modules: ModuleRow[];
  modulesState: 'pending' | 'running' | 'done' | 'skipped';
  /** Why the module check was skipped or stopped (translated). */
  modulesNote?: string;
  conclusion: RootCause[];
  /** Findings about the configuration itself (the settings linter, src/core/lint). */
  settings?: LintFinding[];
  /** The route go takes for each failing module (src/core/route). */
  routes?: ModuleRoute[];
  /** The editor's go environment against the login shell's: differences that change downloads. */
  terminal?: TerminalComparison;
}

/** A cause's fixes need a go.mod or host to apply to; this says whether a report has any problem at all. */
export function reportHasProblems(r: Report): boolean {
  return r.conclusion.length > 0;
}
