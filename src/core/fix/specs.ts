/**
 * Every fix once: its label, whether it weakens security, what applying it writes, what the user is asked, when
 * it applies, how it ranks, what it offers for a finding and the environment it sets. The language server's code
 * actions, the VS Code client's prompts, the report panel's buttons, the protocol's fix sets and the CLI's labels
 * are all derived from this table (adding a fix is one entry here).
 */
import type { Category } from '../categories.ts';
import type { Finding, FixId } from '../classify/types.ts';
import { t } from '../l10n.ts';
import { addToList, privatePatternFor } from './patternList.ts';

/** What applying a fix changes. */
export type FixWrite =
  /** A require, replace or go line of go.mod (the require-changing ones through go, so go.sum follows). */
  | 'go.mod'
  /** Lines of go.sum only (downloaded and verified by go, on request). */
  | 'go.sum'
  /** A variable of go's environment: `go env -w` for the user, or this workspace's settings. */
  | 'go-env'
  /** A variable go reads only from its process environment (HTTPS_PROXY): this workspace, secrets kept apart. */
  | 'process-env'
  /** Credentials in the user's .netrc. */
  | 'netrc'
  /** Removes an entry of the module cache. */
  | 'module-cache'
  /** Downloads the Go toolchain go.mod asks for into the module cache (go's own GOTOOLCHAIN switch). */
  | 'toolchain'
  /** Nothing: a step for the user to take by hand. */
  | 'advice';

/** What the VS Code client asks before a fix runs, in this order (the danger warning first, the scope last). */
export type FixQuestion = 'confirm-danger' | 'credentials' | 'proxy' | 'env-value' | 'scope';

/** One action a fix offers for a finding: its title and the inputs known before the user is asked. */
export interface FixOffer {
  title: string;
  inputs: Record<string, string>;
}

/** The part of a finding the fixes look at (the report panel has only some of it). */
export type FixFinding = Pick<Finding, 'category' | 'module' | 'version' | 'host'> &
  Partial<Pick<Finding, 'ruleId' | 'fixes' | 'evidence' | 'summary'>>;

export interface OfferContext {
  /** The client can ask the user (VS Code); other editors get only fixes that need no input. */
  richClient: boolean;
}

export interface FixSpec {
  label: () => string;
  /** Weakens security: never preferred, always confirmed. */
  danger?: boolean;
  writes: FixWrite;
  /** Inputs the client asks for (the danger warning and the scope question are derived). */
  asks?: FixQuestion[];
  /** Preference among the fixes of a finding, lower first; advice has none. */
  rank?: number;
  /** Categories where this fix addresses the cause itself and comes before the general order. */
  firstFor?: Category[];
  /** Findings it applies to although the classifier did not name it. */
  alsoWhen?: (f: FixFinding) => boolean;
  /** The actions it offers for a finding (command fixes; go.mod edits are built where the document is). */
  offers?: (f: FixFinding, ctx: OfferContext) => FixOffer[];
  /** The environment it sets, from the inputs and the current effective values. */
  env?: (inputs: Record<string, string>, effective: Record<string, string>) => EnvChange | undefined;
}

export type EnvChange = Record<string, string>;

/** Variables the set-proxy-env fix may set, per category: go reads them from its process environment only. */
export const PROXY_ENV_VARS: Partial<Record<Category, string[]>> = {
  'http-proxy': ['HTTPS_PROXY', 'NO_PROXY'],
  tls: ['SSL_CERT_FILE'],
};
const PROXY_ENV_VARIABLES = new Set([
  'HTTPS_PROXY',
  'HTTP_PROXY',
  'NO_PROXY',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
]);

const versionInput = (f: FixFinding): Record<string, string> => (f.version ? { version: f.version } : {});

const advice = (label: () => string): FixSpec => ({ label, writes: 'advice' });

/** A fix that adds the module's private pattern to a go list variable (GOPRIVATE, GONOSUMDB). */
function listFix(variable: string, label: () => string, title: (p: string) => string, rank: number): FixSpec {
  return {
    label,
    writes: 'go-env',
    rank,
    offers: (f) => {
      if (!f.module) return [];
      const pattern = privatePatternFor(f.module);
      return [{ title: title(pattern), inputs: { pattern } }];
    },
    env: (i, eff) => (i.pattern ? { [variable]: addToList(eff[variable] ?? '', i.pattern) } : undefined),
  };
}

function credentialsFix(label: () => string, rank: number): FixSpec {
  return {
    label,
    writes: 'netrc',
    asks: ['credentials'],
    rank,
    firstFor: ['auth'],
    offers: (f, ctx) =>
      f.host && ctx.richClient
        ? [{ title: t('Enter credentials for {0} (.netrc)…', f.host), inputs: {} }]
        : [],
  };
}

export const FIX_SPECS: Record<FixId, FixSpec> = {
  'change-version': { label: () => t('Change to a version that exists'), writes: 'go.mod', rank: 1 },
  'check-module-path': { label: () => t('Check the module path'), writes: 'go.mod', rank: 2 },
  'add-replace-directive': {
    label: () => t('Add a replace directive'),
    writes: 'go.mod',
    rank: 3,
    alsoWhen: (f) => f.category === 'path-mismatch',
  },
  'set-goprivate': listFix(
    'GOPRIVATE',
    () => t('Add to GOPRIVATE'),
    (p) => t('Add {0} to GOPRIVATE (no public proxy, no checksum database)', p),
    4,
  ),
  'netrc-credentials': credentialsFix(() => t('Enter credentials (.netrc)…'), 5),
  'git-credentials': credentialsFix(() => t('Enter git credentials…'), 6),
  'set-gonosumdb': {
    ...listFix(
      'GONOSUMDB',
      () => t('Add to GONOSUMDB'),
      (p) => t('Add {0} to GONOSUMDB (keep the proxy, skip the checksum database)', p),
      7,
    ),
    firstFor: ['sumdb'],
  },
  'set-goproxy': {
    label: () => t('Set GOPROXY…'),
    writes: 'go-env',
    asks: ['proxy'],
    rank: 8,
    // GOPROXY=off needs a proxy chosen; a missing git needs none when a proxy serves the module.
    alsoWhen: (f) => (f.fixes ?? []).includes('enable-goproxy') || (f.ruleId === 'vcs-missing' && !!f.module),
    offers: (f, ctx) => [
      {
        // The VS Code client lets the user choose among the candidates that serve the module; another editor
        // cannot ask, so the server takes the first one that does.
        title: ctx.richClient
          ? t('Set GOPROXY to a reachable proxy…')
          : t(
              'Set GOPROXY to the first proxy of gomodDoctor.proxyCandidates that serves {0}',
              f.module ?? '',
            ),
        inputs: versionInput(f),
      },
    ],
    env: (i) => {
      const proxy = (i.proxy ?? '').trim();
      if (!/^https?:\/\/\S+$/.test(proxy)) return undefined;
      // Keep `direct` after the proxy, so private and missing modules still come from their origin.
      return { GOPROXY: `${proxy.replace(/\/+$/, '')},direct` };
    },
  },
  'gotoolchain-local': {
    label: () => t('Set GOTOOLCHAIN=local'),
    writes: 'go-env',
    rank: 9,
    offers: () => [{ title: t('Set GOTOOLCHAIN=local (use the installed go)'), inputs: {} }],
    env: () => ({ GOTOOLCHAIN: 'local' }),
  },
  'clear-cache-entry': {
    label: () => t('Remove the cached copy'),
    writes: 'module-cache',
    rank: 10,
    firstFor: ['cache', 'checksum-mismatch'],
    // A checksum mismatch may come from a damaged or replaced copy in the module cache.
    alsoWhen: (f) => f.category === 'checksum-mismatch',
    offers: (f) =>
      f.module && f.version
        ? [
            {
              title: t('Remove the cached copy of {0}@{1} and download it again', f.module, f.version),
              inputs: { version: f.version },
            },
          ]
        : [],
  },
  'fix-cache-permissions': {
    label: () => t('Make the module cache writable'),
    writes: 'go-env',
    rank: 11,
    offers: () => [{ title: t('Add -modcacherw to GOFLAGS (writable module cache)'), inputs: {} }],
    env: (_i, eff) => {
      const flags = (eff.GOFLAGS ?? '').split(/\s+/).filter((f) => f !== '');
      return { GOFLAGS: (flags.includes('-modcacherw') ? flags : [...flags, '-modcacherw']).join(' ') };
    },
  },
  'set-proxy-env': {
    label: () => t('Set HTTPS_PROXY / NO_PROXY'),
    writes: 'process-env',
    asks: ['env-value'],
    rank: 12,
    offers: (f, ctx) =>
      ctx.richClient
        ? (PROXY_ENV_VARS[f.category] ?? []).map((variable) => ({
            title: t('Set {0} for this workspace…', variable),
            inputs: { variable },
          }))
        : [],
    env: (i) => {
      const variable = i.variable ?? '';
      const value = (i.value ?? '').trim();
      return PROXY_ENV_VARIABLES.has(variable) && value !== '' ? { [variable]: value } : undefined;
    },
  },
  'set-goinsecure': {
    label: () => t('⚠ Add to GOINSECURE…'),
    danger: true,
    writes: 'go-env',
    offers: (f, ctx) => {
      const pattern = f.host ?? (f.module ? privatePatternFor(f.module) : undefined);
      if (!pattern || !ctx.richClient) return [];
      return [
        {
          title: t('⚠ Add {0} to GOINSECURE (turns off TLS verification for it)…', pattern),
          inputs: { pattern },
        },
      ];
    },
    env: (i, eff) => (i.pattern ? { GOINSECURE: addToList(eff.GOINSECURE ?? '', i.pattern) } : undefined),
  },
  'download-toolchain': {
    label: () => t('Download the Go toolchain go.mod asks for'),
    writes: 'toolchain',
    // What go itself would do by default (GOTOOLCHAIN=auto): before changing go.mod's go line.
    rank: -1,
    firstFor: ['toolchain'],
    offers: () => [{ title: t('Download the Go toolchain go.mod asks for'), inputs: {} }],
  },
  'upgrade-go': {
    // Offered as the go line the installed go satisfies (an edit of go.mod), before anything else.
    label: () => t('Install a newer Go'),
    writes: 'go.mod',
    rank: 0,
    firstFor: ['toolchain', 'syntax'],
    // go 1.21+ calls a go line newer than the installed go a toolchain failure, go 1.19-1.20 a syntax error.
    alsoWhen: (f) => f.category === 'toolchain' || f.category === 'syntax',
  },
  'set-goproxy-pipe': advice(() => t('Let GOPROXY fall back on any error (use "|" between proxies)')),
  'enable-goproxy': advice(() => t('Turn the module proxy back on (GOPROXY is off)')),
  'set-gosumdb': { ...advice(() => t('Set GOSUMDB to a checksum database you can reach')), danger: true },
  'set-govcs': advice(() => t('Allow the version control tool in GOVCS')),
  'ssh-keys': advice(() => t('Set up an SSH key for the git host')),
  'check-repository-exists': advice(() => t('Check that the repository exists and you can read it')),
  'free-disk-space': advice(() => t('Free disk space')),
  'set-gomodcache': advice(() => t('Move the module cache (GOMODCACHE)')),
  'install-go': advice(() => t('Install Go or set its path')),
  'install-vcs': advice(() => t('Install the version control tool (git)')),
  'proxy-credentials': advice(() => t('Give the HTTP proxy its credentials')),
  'check-dns': advice(() => t('Check DNS')),
  'check-network': advice(() => t('Check the network connection')),
  'check-firewall': advice(() => t('Check the firewall')),
  'retry-later': advice(() => t('Try again later')),
  'install-ca-certificate': advice(() => t("Trust your network's root certificate (SSL_CERT_FILE)")),
  'check-system-clock': advice(() => t('Check the system clock')),
  'fix-go-mod-syntax': advice(() => t('Fix the syntax error')),
  'go-mod-download': {
    label: () => t('Run go mod download'),
    writes: 'go.sum',
    rank: 1,
    // Offered where go.sum lacks a module's lines: exactly those lines, through go.
    offers: (f) =>
      f.ruleId === 'gosum-missing' && f.module && f.version
        ? [
            {
              title: t('Add the missing go.sum lines of {0}@{1} (go mod download)', f.module, f.version),
              inputs: { version: f.version },
            },
          ]
        : [],
  },
  'go-mod-tidy': advice(() => t('Run go mod tidy')),
  'go-mod-vendor': advice(() => t('Run go mod vendor')),
  'fix-goflags': advice(() => t('Fix GOFLAGS')),
  'fix-goauth': advice(() => t('Fix GOAUTH')),
  'report-to-proxy': advice(() => t('Report it to the proxy operator')),
  'contact-module-author': advice(() => t("Contact the module's author")),
};

export function fixSpec(id: FixId): FixSpec {
  return FIX_SPECS[id];
}

/** Every fix id of the table (the same ids as FIX_IDS, in the table's order). */
export const SPEC_IDS = Object.keys(FIX_SPECS) as FixId[];

/** What the client asks before applying `id`, in order. */
export function questionsFor(id: FixId): FixQuestion[] {
  const s = FIX_SPECS[id];
  return [
    ...(s.danger ? (['confirm-danger'] as const) : []),
    ...(s.asks ?? []),
    ...(s.writes === 'go-env' ? (['scope'] as const) : []),
  ];
}

/** The scope of a fix the user is not asked about: a process variable is the workspace's, the rest the user's. */
export function defaultScope(id: FixId): 'user' | 'workspace' {
  return FIX_SPECS[id].writes === 'process-env' ? 'workspace' : 'user';
}

/** The fixes a finding gets: those its rule names and those that apply to it anyway, in the table's order. */
export function fixesFor(f: FixFinding): FixId[] {
  const named = new Set<FixId>(f.fixes ?? []);
  return SPEC_IDS.filter((id) => named.has(id) || FIX_SPECS[id].alsoWhen?.(f) === true);
}

/** The sort key of a fix for a finding of `category`: lower is preferred; dangerous fixes always last. */
export function fixRank(id: FixId, category: Category): number {
  const s = FIX_SPECS[id];
  if (s.danger) return 1000;
  const rank = s.rank ?? 500;
  return s.firstFor?.includes(category) ? rank - 100 : rank;
}

/** Fixes a surface can apply by id alone (a command, no document edit): the report panel's buttons. */
export function appliesByCommand(id: FixId): boolean {
  const w = FIX_SPECS[id].writes;
  return w !== 'advice' && w !== 'go.mod';
}

/** The ids of the fixes matching `pred`, for sets the protocol shares. */
export function fixIdsWhere(pred: (s: FixSpec) => boolean): FixId[] {
  return SPEC_IDS.filter((id) => pred(FIX_SPECS[id]));
}
