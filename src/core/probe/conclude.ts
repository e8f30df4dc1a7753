/**
 * The conclusion: the few root causes, most fundamental first.
 *
 * Causes come from failed probes and from module failures grouped by category. A failed probe explains the
 * network-type module failures of the same host (or with no host), so those modules join the probe's cause
 * instead of standing as causes of their own. Ranking: the category order below (go missing and
 * configuration first, then the network from the bottom up), then the number of modules explained, then
 * probes before module groups.
 */
import type { Category } from '../categories.ts';
import { classify } from '../classify/index.ts';
import type { FixId } from '../classify/types.ts';
import { t } from '../l10n.ts';
import type { ModuleRow, ProbeResult, RootCause } from '../report/model.ts';

export const CATEGORY_RANK: Category[] = [
  'go-missing',
  'config',
  'syntax',
  'dns',
  'connect',
  'tls',
  'http-proxy',
  'auth',
  'timeout',
  'server',
  'sumdb',
  'toolchain',
  'checksum-mismatch',
  'not-found',
  'invalid-version',
  'path-mismatch',
  'vcs',
  'cache',
  'unknown',
];

const NETWORK: ReadonlySet<Category> = new Set<Category>([
  'dns',
  'connect',
  'timeout',
  'tls',
  'http-proxy',
  'auth',
  'server',
  'vcs',
  'sumdb',
]);

export function rankOf(c: Category): number {
  const i = CATEGORY_RANK.indexOf(c);
  return i < 0 ? CATEGORY_RANK.length : i;
}

/** The fixes for a failed probe (ids of the quick fixes). */
export function probeFixes(p: ProbeResult): FixId[] {
  const tlsInfo = p.stages.find((s) => s.id === 'tls')?.tls;
  switch (p.category) {
    case 'dns':
      return p.kind === 'goproxy'
        ? ['check-dns', 'set-goproxy', 'check-network']
        : ['check-dns', 'check-network'];
    case 'connect':
      return p.kind === 'goproxy'
        ? ['check-firewall', 'set-proxy-env', 'set-goproxy', 'check-network']
        : ['check-firewall', 'set-proxy-env', 'check-network'];
    case 'tls': {
      if (tlsInfo && !tlsInfo.trusted && /EXPIRED|NOT_YET_VALID/.test(tlsInfo.verifyError ?? ''))
        return ['check-system-clock', 'check-network'];
      if (tlsInfo && tlsInfo.trusted && !tlsInfo.hostMatch) return ['check-network', 'set-goproxy'];
      return ['install-ca-certificate', 'check-network'];
    }
    case 'http-proxy': {
      const proxyStage = p.stages.find((s) => s.id === 'proxy');
      return proxyStage?.http?.status === 407
        ? ['proxy-credentials', 'set-proxy-env']
        : ['set-proxy-env', 'check-network'];
    }
    case 'auth':
      return p.kind === 'private-host'
        ? ['netrc-credentials', 'git-credentials']
        : ['netrc-credentials', 'fix-goauth'];
    case 'timeout':
      return p.kind === 'goproxy'
        ? ['set-goproxy', 'check-network', 'retry-later']
        : ['check-network', 'retry-later'];
    case 'server':
      return p.kind === 'goproxy' ? ['retry-later', 'set-goproxy-pipe', 'set-goproxy'] : ['retry-later'];
    case 'sumdb':
      return ['set-gonosumdb', 'set-goprivate', 'retry-later'];
    case 'vcs':
      return ['git-credentials', 'check-repository-exists'];
    default:
      return ['check-network'];
  }
}

function explains(p: ProbeResult, m: ModuleRow): boolean {
  if (!m.category || !NETWORK.has(m.category)) return false;
  if (p.kind === 'private-host') return m.path === p.host || m.path.startsWith(`${p.host}/`);
  if (m.host === undefined) return p.kind === 'goproxy' ? m.category !== 'sumdb' : m.category === 'sumdb';
  return m.host === p.host;
}

export interface LooseFinding {
  category: Category;
  summary: string;
  fixes: FixId[];
  module?: string;
}

/** A cause before ranking; `order` breaks ties: go first, then probes, then modules and loose findings. */
type Unranked = RootCause & { order: number };

/** go exists but will not start, or is missing: the first cause when it applies. */
function goCause(goError: string): Unranked {
  // go may exist and refuse to start for a reason of its own (a go line it cannot satisfy, bad GOFLAGS).
  const f = classify({ stderr: goError, exitCode: 1 })[0];
  const own = f && f.category !== 'unknown' && f.category !== 'go-missing' ? f : undefined;
  return {
    id: 'go',
    category: own?.category ?? 'go-missing',
    rank: 0,
    title: own ? own.summary : t('The go command cannot be run'),
    detail: goError,
    source: { kind: 'go' },
    modules: [],
    fixes: own?.fixes.length ? own.fixes : ['install-go'],
    order: 0,
  };
}

type FailedProbe = ProbeResult & Required<Pick<ProbeResult, 'failedStage' | 'category'>>;

function failed(p: ProbeResult): p is FailedProbe {
  return !!p.failedStage && !!p.category;
}

/** A failed probe's cause, with the failing modules it explains. */
function probeCause(p: FailedProbe, mods: ModuleRow[]): Unranked {
  const stage = p.stages.find((s) => s.id === p.failedStage);
  const tlsInfo = p.stages.find((s) => s.id === 'tls')?.tls;
  let detail = stage?.summary ?? p.summary;
  if (p.category === 'tls' && tlsInfo?.interception?.suspected) {
    detail += ` — ${t('possibly a TLS-intercepting proxy: {0}', tlsInfo.interception.reason)}`;
  }
  return {
    id: `probe:${p.id}`,
    category: p.category,
    rank: 0,
    title:
      stage?.status === 'timeout'
        ? t('{0} ({1}) hangs at the {2} stage', p.label, p.host, p.failedStage.toUpperCase())
        : t('{0} ({1}) fails at the {2} stage', p.label, p.host, p.failedStage.toUpperCase()),
    detail,
    source: { kind: 'probe', probeId: p.id, stage: p.failedStage },
    host: p.host,
    modules: mods.map((m) => `${m.path}@${m.version}`),
    fixes: probeFixes(p),
    order: 1,
  };
}

/** One cause per category for the failing modules no probe explains. */
function moduleGroupCauses(unexplained: ModuleRow[]): Unranked[] {
  const groups = new Map<Category, ModuleRow[]>();
  for (const m of unexplained) {
    const list = groups.get(m.category!) ?? [];
    list.push(m);
    groups.set(m.category!, list);
  }
  return [...groups].map(([category, mods]) => {
    const first = mods[0];
    return {
      id: `modules:${category}`,
      category,
      rank: 0,
      title:
        mods.length === 1
          ? t('{0}@{1}: {2}', first.path, first.version, category)
          : t('{0} modules fail with {1}', mods.length, category),
      detail: first.summary ?? '',
      source: { kind: 'modules' },
      ...(first.host ? { host: first.host } : {}),
      module: first.path,
      modules: mods.map((m) => `${m.path}@${m.version}`),
      fixes: first.fixes,
      order: 2,
    };
  });
}

/** A loose finding (one tied to no module row) as a cause. */
function looseCause(f: LooseFinding): Unranked {
  return {
    id: `go-line:${f.category}`,
    category: f.category,
    rank: 0,
    title: f.summary,
    detail: f.summary,
    source: { kind: 'modules' },
    ...(f.module ? { module: f.module } : {}),
    modules: [],
    fixes: f.fixes,
    order: 2,
  };
}

export function conclude(
  probes: ProbeResult[],
  modules: ModuleRow[],
  loose: LooseFinding[],
  goError?: string,
): RootCause[] {
  const causes: Unranked[] = goError !== undefined ? [goCause(goError)] : [];
  const failing = modules.filter((m) => m.status === 'failed' && m.category);
  const explained = new Set<ModuleRow>();
  for (const p of probes.filter(failed)) {
    const mods = failing.filter((m) => explains(p, m));
    for (const m of mods) explained.add(m);
    causes.push(probeCause(p, mods));
  }
  causes.push(...moduleGroupCauses(failing.filter((m) => !explained.has(m))));
  for (const f of loose) {
    // Not said twice: a go or module cause of the same category already stands for it.
    if (causes.some((c) => c.category === f.category && c.source.kind !== 'probe')) continue;
    causes.push(looseCause(f));
  }
  causes.sort(
    (a, b) =>
      rankOf(a.category) - rankOf(b.category) || b.modules.length - a.modules.length || a.order - b.order,
  );
  return causes.map(({ order: _order, ...c }, i) => ({ ...c, rank: i + 1 }));
}
