/**
 * The route go takes for one module, computed in-process from the effective settings (no network, no go
 * process), following cmd/go's rules: GOPROXY's entries in order, where `,` moves on only after a 404/410 and
 * `|` after any error, `direct` and `off` end the list; a GONOPROXY (default GOPRIVATE) match sends the module
 * straight to its origin even when GOPROXY has no `direct`; GONOSUMDB (default GOPRIVATE) or GOSUMDB=off skip the
 * checksum database; GOINSECURE allows plain http for direct fetches only. And for every host on the way, the
 * credentials go or git will send.
 */
import { t } from '../l10n.ts';
import { displayValue } from '../probe/snapshot.ts';
import { redact } from '../redact.ts';
import {
  goCredentials,
  gitRoute,
  type CredentialInput,
  type CredentialUse,
  type GitRoute,
} from './credentials.ts';
import { goAtLeast, type RouteEnv, type RouteSource } from './goenv.ts';
import { matchingGlob } from './patterns.ts';

export const ROUTE_SCHEMA_VERSION = 1;

export type PatternVariable = 'GOPRIVATE' | 'GONOPROXY' | 'GONOSUMDB' | 'GOINSECURE';

export interface PatternMatch {
  variable: PatternVariable;
  /** The glob that matched. */
  pattern: string;
  /** The variable whose value holds it (GOPRIVATE when GONOPROXY/GONOSUMDB are unset). */
  from: PatternVariable;
  source: RouteSource;
}

export type StepKind = 'proxy' | 'direct' | 'off' | 'skipped';
/** What happens when this step fails. */
export type OnError = 'next-on-not-found' | 'next-on-any-error' | 'end';

export interface RouteStep {
  /** The GOPROXY entry as written (redacted), or "GONOPROXY" for the implicit direct step. */
  entry: string;
  kind: StepKind;
  /** The URL go asks (redacted), for proxies. */
  url?: string;
  onError: OnError;
  /** One line in words (translated). */
  note: string;
}

export interface HostRoute {
  role: 'proxy' | 'checksum-db' | 'origin' | 'git';
  host: string;
  url: string;
  client: 'go' | 'git';
  credentials: CredentialUse[];
  /** For role git: the URL before git's insteadOf rewrite and the rule applied. */
  insteadOf?: { before: string; from: string; to: string; origin: string };
}

export interface ChecksumDbRoute {
  used: boolean;
  name?: string;
  url?: string;
  /** 'proxies': asked through the first GOPROXY entry that supports it, else directly; 'url': GOSUMDB names it. */
  access?: 'proxies' | 'url';
  /** Why it is or is not consulted (translated). */
  reason: string;
  source: RouteSource;
}

export interface ModuleRoute {
  schemaVersion: typeof ROUTE_SCHEMA_VERSION;
  module: string;
  version?: string;
  goVersion?: string;
  settings: { name: string; value: string; source: RouteSource }[];
  matches: PatternMatch[];
  steps: RouteStep[];
  /** A GOPROXY go rejects (every lookup then fails with this). */
  configError?: string;
  checksumDb: ChecksumDbRoute;
  hosts: HostRoute[];
}

export interface ProxyEntry {
  /** As written (trimmed). */
  raw: string;
  /** After go's implicit https:// for bare host names. */
  url: string;
  /** The separator after the entry. */
  next?: ',' | '|';
}

/** GOPROXY as cmd/go's proxyList reads it (entries after `direct` or `off` are returned but never used). */
export function parseGoproxy(value: string): ProxyEntry[] {
  const out: ProxyEntry[] = [];
  let rest = value;
  while (rest !== '') {
    const i = rest.search(/[,|]/);
    const raw = (i >= 0 ? rest.slice(0, i) : rest).trim();
    const next = i >= 0 ? (rest[i] as ',' | '|') : undefined;
    rest = i >= 0 ? rest.slice(i + 1) : '';
    if (raw === '') continue;
    const bare =
      /[.:/]/.test(raw) && !raw.includes(':/') && !raw.startsWith('/') && !/^[A-Za-z]:\\/.test(raw);
    out.push({ raw, url: bare ? `https://${raw}` : raw, ...(next ? { next } : {}) });
  }
  return out;
}

/** go's check of a proxy URL (newProxyRepo): undefined when go accepts it, else go's complaint. */
export function proxyUrlProblem(url: string): string | undefined {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url);
  if (!m) return `invalid proxy URL missing scheme: ${redact(url)}`;
  if (!['http', 'https', 'file'].includes(m[1].toLowerCase()))
    return `invalid proxy URL scheme (must be https, http, file): ${redact(url)}`;
  return undefined;
}

/** The checksum database GOSUMDB names (go's dbDial), or why it is unusable. */
export function parseGosumdb(
  value: string,
): { name: string; url: string; explicit: boolean } | { error: string } {
  const f = value
    .trim()
    .split(/\s+/)
    .filter((x) => x !== '');
  if (f.length === 0) return { error: 'missing GOSUMDB' };
  if (f.length > 2) return { error: 'invalid GOSUMDB: too many fields' };
  const key = f[0] === 'sum.golang.google.cn' ? 'sum.golang.org' : f[0];
  const name = key.split('+')[0];
  if (f.length === 2) return { name, url: f[1], explicit: true };
  const host = f[0] === 'sum.golang.google.cn' ? 'sum.golang.google.cn' : name;
  return { name, url: `https://${host}`, explicit: false };
}

export interface RouteInputs {
  renv: RouteEnv;
  creds: CredentialInput;
}

function matchesFor(path: string, renv: RouteEnv): PatternMatch[] {
  const v = renv.vars;
  const out: PatternMatch[] = [];
  // GONOPROXY and GONOSUMDB default to GOPRIVATE; GOINSECURE does not.
  const check = (variable: PatternVariable, own: PatternVariable): void => {
    const from: PatternVariable = v[own].value !== '' || own === 'GOINSECURE' ? own : 'GOPRIVATE';
    const glob = matchingGlob(v[from].value, path);
    if (glob !== undefined) out.push({ variable, pattern: glob, from, source: v[from].source });
  };
  check('GOPRIVATE', 'GOPRIVATE');
  check('GONOPROXY', 'GONOPROXY');
  check('GONOSUMDB', 'GONOSUMDB');
  check('GOINSECURE', 'GOINSECURE');
  return out;
}

function proxySteps(entries: ProxyEntry[], noproxy: PatternMatch | undefined): RouteStep[] {
  const steps: RouteStep[] = [];
  if (noproxy) {
    steps.push({
      entry: 'GONOPROXY',
      kind: 'direct',
      onError: 'end',
      note: t(
        '{0} pattern {1} matches: go fetches it straight from its origin',
        noproxy.from,
        noproxy.pattern,
      ),
    });
  }
  let ended = noproxy !== undefined;
  for (const e of entries) {
    const entry = redact(e.raw);
    if (ended) {
      steps.push({
        entry,
        kind: 'skipped',
        onError: 'end',
        note: noproxy
          ? t('not asked: the module is fetched directly')
          : t('ignored: go never reads past direct or off'),
      });
      continue;
    }
    if (e.raw === 'off' || e.raw === 'direct') {
      ended = true;
      const off = e.raw === 'off';
      steps.push({
        entry,
        kind: off ? 'off' : 'direct',
        onError: 'end',
        note: off
          ? t('stop: module lookup disabled by GOPROXY=off')
          : t('go asks the origin itself (git or another version control system)'),
      });
      continue;
    }
    const onError: OnError =
      e.next === '|' ? 'next-on-any-error' : e.next === ',' ? 'next-on-not-found' : 'end';
    const note =
      onError === 'next-on-any-error'
        ? t('on any error (after "|") go tries the next entry')
        : onError === 'next-on-not-found'
          ? t('only on 404 or 410 (after ",") go tries the next entry; any other error stops here')
          : t('the last entry: its error is final');
    steps.push({ entry, kind: 'proxy', url: redact(e.url), onError, note });
  }
  return steps;
}

function checksumDb(renv: RouteEnv, matches: PatternMatch[]): ChecksumDbRoute {
  const g = renv.vars.GOSUMDB;
  if (g.value === 'off')
    return { used: false, reason: t('GOSUMDB=off: no checksum database is consulted'), source: g.source };
  const skip = matches.find((m) => m.variable === 'GONOSUMDB');
  if (skip)
    return {
      used: false,
      reason: t('{0} matches {1}: the checksum database is not consulted for it', skip.from, skip.pattern),
      source: skip.source,
    };
  const db = parseGosumdb(g.value);
  if ('error' in db) return { used: false, reason: db.error, source: g.source };
  return {
    used: true,
    name: db.name,
    url: redact(db.url),
    access: db.explicit ? 'url' : 'proxies',
    reason: db.explicit
      ? t('consulted at the URL GOSUMDB names, for go.sum lines go does not have yet')
      : t(
          'consulted through the first GOPROXY entry that supports it, else directly, for go.sum lines go does not have yet',
        ),
    source: g.source,
  };
}

/** Hosts go knows without asking for a go-import meta tag (cmd/go/internal/vcs vcsPaths). */
const KNOWN_HOSTS = [
  'github.com',
  'bitbucket.org',
  'hub.jazz.net',
  'git.apache.org',
  'git.openstack.org',
  'chiselapp.com',
  'launchpad.net',
];

/** The repository URL go hands git: known hosts by their layout; others as the meta tag usually says. */
export function originRepoUrl(path: string, insecure: boolean): string {
  const elems = path.split('/');
  const cut = elems.findIndex((e, i) => i > 0 && /\.(git|hg|svn|bzr)$/.test(e));
  const repo = cut > 0 ? elems.slice(0, cut + 1) : elems.slice(0, Math.min(elems.length, 3));
  return `${insecure ? 'http' : 'https'}://${repo.join('/')}`;
}

function proxyHosts(steps: RouteStep[], entries: ProxyEntry[], i: RouteInputs): HostRoute[] {
  const out: HostRoute[] = [];
  for (const e of entries) {
    const step = steps.find((s) => s.kind === 'proxy' && s.entry === redact(e.raw));
    if (!step || !/^https?:\/\//i.test(e.url)) continue;
    out.push({
      role: 'proxy',
      host: hostOf(e.url),
      url: redact(e.url),
      client: 'go',
      credentials: goCredentials(e.url, i.creds),
    });
  }
  return out;
}

function hostOf(url: string): string {
  return redact(/^[a-z][a-z0-9+.-]*:\/\/(?:[^@/]*@)?([^/?#]*)/i.exec(url)?.[1] ?? url);
}

function originHosts(path: string, i: RouteInputs): HostRoute[] {
  const out: HostRoute[] = [];
  const host = path.split('/')[0];
  if (!KNOWN_HOSTS.includes(host)) {
    const url = `https://${path}?go-get=1`;
    out.push({ role: 'origin', host, url, client: 'go', credentials: goCredentials(url, i.creds) });
  }
  const g: GitRoute = gitRoute(originRepoUrl(path, false), i.creds);
  const hr: HostRoute = {
    role: 'git',
    host: hostOf(g.rewritten),
    url: redact(g.rewritten),
    client: 'git',
    credentials: g.credentials,
  };
  if (g.rule)
    hr.insteadOf = {
      before: redact(g.url),
      from: redact(g.rule.from),
      to: redact(g.rule.to),
      origin: g.rule.origin,
    };
  out.push(hr);
  return out;
}

/** The route of `path` (see the file comment). */
export function computeRoute(path: string, version: string | undefined, i: RouteInputs): ModuleRoute {
  const v = i.renv.vars;
  const matches = matchesFor(path, i.renv);
  const entries = parseGoproxy(v.GOPROXY.value);
  const nonproxyList = v.GONOPROXY.value !== '' ? v.GONOPROXY.value : v.GOPRIVATE.value;
  const noproxy =
    nonproxyList !== '' && v.GOPROXY.value !== 'direct'
      ? matches.find((m) => m.variable === 'GONOPROXY')
      : undefined;
  const steps = proxySteps(entries, noproxy);
  const used = entries.slice(
    0,
    entries.findIndex((e) => e.raw === 'off' || e.raw === 'direct') + 1 || entries.length,
  );
  const configError = used
    .map((e) => (e.raw === 'off' || e.raw === 'direct' ? undefined : proxyUrlProblem(e.url)))
    .find((x) => x);
  const db = checksumDb(i.renv, matches);
  const hosts = noproxy ? [] : proxyHosts(steps, used, i);
  if (db.used && db.url)
    hosts.push({
      role: 'checksum-db',
      host: hostOf(db.url),
      url: db.url,
      client: 'go',
      credentials: goCredentials(db.url, i.creds),
    });
  if (steps.some((s) => s.kind === 'direct')) hosts.push(...originHosts(path, i));
  const shown = [
    'GOPROXY',
    'GOPRIVATE',
    'GONOPROXY',
    'GONOSUMDB',
    'GOSUMDB',
    'GOINSECURE',
    'GOAUTH',
  ] as const;
  return {
    schemaVersion: ROUTE_SCHEMA_VERSION,
    module: path,
    ...(version ? { version } : {}),
    ...(i.renv.goVersion ? { goVersion: i.renv.goVersion } : {}),
    settings: shown
      .filter((n) => n !== 'GOAUTH' || goAtLeast(i.renv.goVersion, 24))
      .map((n) => ({ name: n, value: displayValue(n, v[n].value), source: v[n].source })),
    matches,
    steps,
    ...(configError ? { configError } : {}),
    checksumDb: db,
    hosts,
  };
}
