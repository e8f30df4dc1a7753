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

/** Per environment: each rule's findings when the rule did not read the requires (they hold for any module). */
export type RuleMemo = Map<string, LintFinding[]>;

/**
 * lintContext for one module of an environment whose other modules were linted before: a rule that never read
 * the requires gave findings of the environment alone, kept in `memo`; the others run for each module.
 */
export function lintModule(env: LintEnvironment, requires: string[], memo: RuleMemo): LintFinding[] {
  return LINT_RULES.flatMap((rule) => {
    const known = memo.get(rule.id);
    if (known) return known;
    let read = false;
    const c: LintContext = {
      ...env,
      get requires() {
        read = true;
        return requires;
      },
    };
    const out = rule.check(c).map((f) => ({ ...f, message: redact(f.message) }));
    if (!read) memo.set(rule.id, out);
    return out;
  });
}

export function lintSettings(r: LintRequest): LintFinding[] {
  return lintContext({ ...lintEnvironment(r), requires: r.requires });
}
