/**
 * The finding model: what the classifier says about one cause of failure. Used by the runner, the language
 * server (diagnostic data), the CLI (`explain --json`) and the fixes.
 */
import type { Category, Stage } from '../categories.ts';

/** Ids of the fixes a finding suggests; the fix engine maps them to actions and documentation. */
export const FIX_IDS = [
  'set-goprivate',
  'set-gonosumdb',
  'set-goproxy',
  'set-goproxy-pipe',
  'enable-goproxy',
  'set-gosumdb',
  'set-goinsecure',
  'set-govcs',
  'netrc-credentials',
  'git-credentials',
  'ssh-keys',
  'check-module-path',
  'check-repository-exists',
  'change-version',
  'clear-cache-entry',
  'fix-cache-permissions',
  'free-disk-space',
  'set-gomodcache',
  'gotoolchain-local',
  'download-toolchain',
  'upgrade-go',
  'install-go',
  'install-vcs',
  'set-proxy-env',
  'proxy-credentials',
  'check-dns',
  'check-network',
  'check-firewall',
  'retry-later',
  'install-ca-certificate',
  'check-system-clock',
  'fix-go-mod-syntax',
  'add-replace-directive',
  'go-mod-download',
  'go-mod-tidy',
  'go-mod-vendor',
  'fix-goflags',
  'fix-goauth',
  'report-to-proxy',
  'contact-module-author',
] as const;

export type FixId = (typeof FIX_IDS)[number];

export interface Finding {
  category: Category;
  stage: Stage | undefined;
  /** The id of the rule that produced the finding (stable; used as the diagnostic code). */
  ruleId: string;
  /** What failed, when known. */
  module?: string;
  version?: string;
  host?: string;
  /** One line in plain words (translated). */
  summary: string;
  /** The relevant lines of go's output, redacted. */
  evidence: string[];
  fixes: FixId[];
  /** 'A@v1', 'B@v2', … for dependency chains ("requires" chains of the module graph). */
  chain?: string[];
  /** 'low' when no rule knew the wording and only the failing layer was recognised (an HTTP status, an HTTP/2 code). */
  confidence?: 'low';
  goExitCode?: number;
  signal?: string;
}

/** Everything one go run produced, or any text that contains go output. */
export interface ClassifyInput {
  /** Free text (a log, a paste): normalised and split into go error messages. */
  text?: string;
  /** The `Error` fields of `go mod download -json`, with their module path and version. */
  jsonErrors?: { path?: string; version?: string; error: string }[];
  stderr?: string;
  /** The `-x` trace (stderr lines starting with `# get`), used to find requests still open. */
  trace?: string;
  exitCode?: number;
  signal?: string;
  goVersion?: string;
}
