/** The settings linter's input and findings (plain JSON, shown in the report, the CLI and on go.mod). */
import type { EnvSource } from '../env/buildEnv.ts';
import type { CredentialInput } from '../route/credentials.ts';
import type { RouteEnv, RouteSource } from '../route/goenv.ts';

export type LintRuleId =
  | 'unknown-variable'
  | 'goflags-insecure'
  | 'go111module-off'
  | 'pattern-malformed'
  | 'pattern-unused'
  | 'goproxy-entry'
  | 'insteadof-unreachable'
  | 'netrc-unmatched'
  | 'gosumdb-off'
  | 'goinsecure-wide';

/** A change that fixes the finding: applied only by the user (go env -w, or the setting the value came from). */
export type LintFix =
  | { action: 'set'; variable: string; value: string }
  | { action: 'unset'; variable: string }
  | { action: 'rename'; variable: string; to: string; value: string };

export interface LintFinding {
  rule: LintRuleId;
  severity: 'error' | 'warning' | 'info';
  /** The variable (or file, or git key) the finding is about. */
  variable: string;
  /** Where the value came from, for variables. */
  source?: RouteSource;
  /** The file, for .netrc and git findings. */
  origin?: string;
  /** Plain explanation (translated, redacted). */
  message: string;
  fix?: LintFix;
}

export interface LintContext {
  renv: RouteEnv;
  creds: CredentialInput;
  /** buildEnv's env and sources (every variable, to find misspelled names). */
  env: Record<string, string>;
  sources: Record<string, EnvSource>;
  /** Module paths the workspace requires. */
  requires: string[];
}
