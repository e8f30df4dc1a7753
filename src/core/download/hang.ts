/**
 * A go process the engine had to stop: the finding that names what go was still waiting for (from the `-x`
 * trace's open requests and commands), and the target it was working for.
 */
import type { Stage } from '../categories.ts';
import type { Finding, FixId } from '../classify/types.ts';
import { t } from '../l10n.ts';
import { redact } from '../redact.ts';
import type { RunResult } from '../run/runner.ts';
import type { OpenOperation } from './trace.ts';
import type { Target } from './types.ts';

const HANG_FIXES: Record<Stage, FixId[]> = {
  resolve: ['check-dns', 'check-network'],
  connect: ['check-network', 'check-firewall'],
  tls: ['check-network'],
  proxy: ['set-proxy-env', 'check-network'],
  http: ['check-network', 'set-goproxy', 'retry-later'],
  vcs: ['check-network', 'set-goproxy', 'git-credentials'],
  verify: ['check-network', 'set-gonosumdb'],
  extract: ['retry-later'],
  toolchain: ['check-network', 'gotoolchain-local'],
  config: ['check-network'],
};

/** The finding for a go process the engine had to stop: it names what go was still waiting for. */
export function hangFinding(r: RunResult, ops: OpenOperation[], timeoutMs: number): Finding {
  const op = ops[0];
  const secs = Math.round(timeoutMs / 100) / 10;
  const f: Finding = {
    category: 'timeout',
    stage: op?.stage,
    ruleId: op ? 'engine-timeout-open-request' : 'engine-timeout',
    summary: op
      ? t(
          'go was still waiting for {0} ({1}) when it was stopped after {2} s.',
          op.host || op.what,
          op.stage,
          secs,
        )
      : t('go did not finish within {0} s and was stopped.', secs),
    evidence: ops.slice(0, 5).map((o) => redact(o.kind === 'http' ? `# get ${o.what}` : o.what)),
    fixes: op ? HANG_FIXES[op.stage] : ['check-network', 'retry-later'],
  };
  if (op?.host) f.host = op.host;
  if (op?.module) f.module = op.module;
  if (op?.version) f.version = op.version;
  if (r.signal) f.signal = r.signal;
  return f;
}

/** The target a hung request or git command was working for. */
export function hungTarget(
  ops: OpenOperation[],
  candidates: Target[],
  byModule: (p: string | undefined, v?: string) => Target | undefined,
): Target | undefined {
  for (const op of ops) {
    const tg = byModule(op.module, op.version);
    if (tg && candidates.includes(tg)) return tg;
    if (op.kind === 'vcs' && op.host) {
      // git's remote URL: host/path names the repository, a prefix of the module path.
      let repo = op.host;
      const u = /^[a-z+]+:\/\/[^/]+(\/[^\s]*)/.exec(op.url ?? '');
      if (u) repo += u[1].replace(/\.git$/, '').replace(/\/$/, '');
      const hit = candidates.find((c) => c.path === repo || c.path.startsWith(`${repo}/`));
      if (hit) return hit;
      const sameHost = candidates.filter((c) => c.path.startsWith(`${op.host}/`));
      if (sameHost.length === 1) return sameHost[0];
    }
  }
  return undefined;
}
