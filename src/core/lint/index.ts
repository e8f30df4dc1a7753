/**
 * The settings linter (rules.ts): findings about the configuration itself, from the environment the engine
 * built, in-process.
 */
import type { EnvSource } from '../env/buildEnv.ts';
import { redact } from '../redact.ts';
import { credentialInput } from '../route/context.ts';
import { resolveRouteEnv } from '../route/goenv.ts';
import { LINT_RULES } from './rules.ts';
import type { LintContext, LintFinding } from './types.ts';

export type { LintFinding, LintFix, LintRuleId, LintContext } from './types.ts';
export { LINT_RULES } from './rules.ts';

/** Runs every rule; the findings are redacted. */
export function lintContext(c: LintContext): LintFinding[] {
  return LINT_RULES.flatMap((r) => r.check(c)).map((f) => ({ ...f, message: redact(f.message) }));
}

/** Findings about what go will do wrong (not advisory, not info): the ones shown on the go.mod module line. */
export function editorFindings(findings: LintFinding[]): LintFinding[] {
  const advisory = new Set(LINT_RULES.filter((r) => r.advisory).map((r) => r.id));
  return findings.filter((f) => f.severity !== 'info' && !advisory.has(f.rule));
}

export interface LintRequest {
  env: Record<string, string>;
  sources: Record<string, EnvSource>;
  goBin?: string;
  effective?: Record<string, string>;
  requires: string[];
}

/** What a lint reads of the environment (go env file, .netrc, git config): the same for every module it holds. */
export type LintEnvironment = Omit<LintContext, 'requires'>;

/** The environment half of lintSettings, so modules sharing one environment read its files once. */
export function lintEnvironment(r: Omit<LintRequest, 'requires'>): LintEnvironment {
  const renv = resolveRouteEnv({
    env: r.env,
    sources: r.sources,
    ...(r.goBin ? { goBin: r.goBin } : {}),
    ...(r.effective ? { effective: r.effective } : {}),
  });
  return { renv, creds: credentialInput(renv), env: r.env, sources: r.sources };
}

export function lintSettings(r: LintRequest): LintFinding[] {
  return lintContext({ ...lintEnvironment(r), requires: r.requires });
}
