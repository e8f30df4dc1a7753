/**
 * The settings linter's rules, one table: each rule looks at the effective settings (with where each came from),
 * the .netrc go reads, git's configuration and the workspace's requires, and says what in the configuration
 * itself will make downloads fail or be less safe than intended. Each finding has a plain explanation and, where
 * a change is safe and mechanical, the change (never a credential, never a weaker setting).
 */
import { t } from '../l10n.ts';
import { redact } from '../redact.ts';
import { goNetrcMachineFor, goNetrcMachines, rawAuthority } from '../route/credentials.ts';
import { insteadOfRules } from '../route/gitconfig.ts';
import { goAtLeast } from '../route/goenv.ts';
import { globIsValid, matchPrefixPatterns, splitGlobs } from '../route/patterns.ts';
import { parseGoproxy, parseGosumdb, proxyUrlProblem } from '../route/route.ts';
import type { LintContext, LintFinding } from './types.ts';

/** Variables the go command reads for downloads (a misspelling of one is flagged). */
const DOWNLOAD_VARS = [
  'GOPROXY',
  'GOPRIVATE',
  'GONOPROXY',
  'GONOSUMDB',
  'GOSUMDB',
  'GOINSECURE',
  'GOFLAGS',
  'GOAUTH',
  'GOTOOLCHAIN',
  'GOVCS',
  'GO111MODULE',
  'GOMODCACHE',
];

/** Names copied from posts that go never read (1.19-1.27), with the variable meant. */
const KNOWN_WRONG: Record<string, string> = {
  GONOSUMCHECK: 'GONOSUMDB',
  GONOSUMCHECKS: 'GONOSUMDB',
  GOSUMCHECK: 'GONOSUMDB',
  GONOCHECKSUM: 'GONOSUMDB',
  GO_PROXY: 'GOPROXY',
  GO_PRIVATE: 'GOPRIVATE',
  GOPROXIES: 'GOPROXY',
  GOPRIVATES: 'GOPRIVATE',
  GONOSUM: 'GONOSUMDB',
  GOSUMDB_OFF: 'GOSUMDB',
};

/** Hosts that serve many owners: a GOINSECURE or GOPRIVATE glob covering all of one is wider than any company. */
const SHARED_HOSTS = [
  'github.com',
  'gitlab.com',
  'bitbucket.org',
  'gopkg.in',
  'golang.org',
  'google.golang.org',
  'go.googlesource.com',
];

function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length];
}

/** The download variable a name was probably meant to be, or undefined. */
export function meantVariable(name: string): string | undefined {
  if (DOWNLOAD_VARS.includes(name)) return undefined;
  if (KNOWN_WRONG[name]) return KNOWN_WRONG[name];
  if (!/^GO/.test(name)) return undefined;
  return DOWNLOAD_VARS.find((v) => distance(name, v) <= (v.length > 6 ? 2 : 1));
}

function unknownVariables(c: LintContext): LintFinding[] {
  const out: LintFinding[] = [];
  for (const [name, source] of Object.entries(c.sources)) {
    if (source === 'doctor' || (c.env[name] ?? '') === '') continue;
    const meant = meantVariable(name);
    if (!meant) continue;
    out.push({
      rule: 'unknown-variable',
      severity: 'warning',
      variable: name,
      source,
      message: t('{0} is not a variable go reads; it is ignored. Did you mean {1}?', name, meant),
      fix: { action: 'rename', variable: name, to: meant, value: c.env[name] },
    });
  }
  return out;
}

function goflagsInsecure(c: LintContext): LintFinding[] {
  const v = c.renv.vars.GOFLAGS;
  const words = v.value.split(/\s+/).filter((w) => w !== '');
  const bad = words.filter((w) => /^--?insecure(=.*)?$/.test(w));
  if (bad.length === 0) return [];
  return [
    {
      rule: 'goflags-insecure',
      severity: 'warning',
      variable: 'GOFLAGS',
      source: v.source,
      message: t(
        'GOFLAGS contains {0}, a flag go removed: it never makes a download insecure, and go get fails with "-insecure flag is no longer supported". Use GOINSECURE for the hosts that need it.',
        bad[0],
      ),
      fix: { action: 'set', variable: 'GOFLAGS', value: words.filter((w) => !bad.includes(w)).join(' ') },
    },
  ];
}

function go111moduleOff(c: LintContext): LintFinding[] {
  const v = c.renv.vars.GO111MODULE;
  if (v.value.trim().toLowerCase() !== 'off') return [];
  return [
    {
      rule: 'go111module-off',
      severity: 'error',
      variable: 'GO111MODULE',
      source: v.source,
      message: t(
        'GO111MODULE=off turns modules off: go mod download fails with "modules disabled by GO111MODULE=off".',
      ),
      fix: { action: 'unset', variable: 'GO111MODULE' },
    },
  ];
}

function patternProblems(c: LintContext): LintFinding[] {
  const out: LintFinding[] = [];
  for (const name of ['GOPRIVATE', 'GONOPROXY', 'GONOSUMDB', 'GOINSECURE'] as const) {
    const v = c.renv.vars[name];
    for (const glob of splitGlobs(v.value)) {
      if (glob.trim() !== glob || !globIsValid(glob))
        out.push({
          rule: 'pattern-malformed',
          severity: 'warning',
          variable: name,
          source: v.source,
          message: t(
            '{0} pattern "{1}" can never match: go does not trim spaces and rejects malformed globs.',
            name,
            glob,
          ),
          fix: {
            action: 'set',
            variable: name,
            value: splitGlobs(v.value)
              .map((g) => g.trim())
              .filter((g) => g !== '' && globIsValid(g))
              .join(','),
          },
        });
      else if (
        c.requires.length > 0 &&
        name !== 'GOINSECURE' &&
        !c.requires.some((r) => matchPrefixPatterns(glob, r)) &&
        glob !== 'none'
      )
        out.push({
          rule: 'pattern-unused',
          severity: 'info',
          variable: name,
          source: v.source,
          message: t(
            '{0} pattern "{1}" matches no require of this workspace (a typo, or a leftover?).',
            name,
            glob,
          ),
        });
    }
  }
  return out;
}

const SEPARATOR_WORDS = ['direct', 'off'];

function goproxyProblems(c: LintContext): LintFinding[] {
  const v = c.renv.vars.GOPROXY;
  const out: LintFinding[] = [];
  for (const e of parseGoproxy(v.value)) {
    if (SEPARATOR_WORDS.includes(e.raw)) continue;
    const typo = SEPARATOR_WORDS.find((w) => distance(e.raw.toLowerCase(), w) <= 2 && !/[.:/]/.test(e.raw));
    const scheme = /^([a-z][a-z0-9+.-]*):\/*/i.exec(e.url)?.[1]?.toLowerCase();
    const schemeTypo =
      scheme && !['http', 'https', 'file'].includes(scheme) && distance(scheme, 'https') <= 2;
    const problem = proxyUrlProblem(e.url);
    if (!typo && !problem && !/^https?:\/[^/]/i.test(e.raw)) continue;
    const fixed = typo ?? (schemeTypo ? e.url.replace(/^[a-z][a-z0-9+.-]*:\/*/i, 'https://') : undefined);
    out.push({
      rule: 'goproxy-entry',
      severity: 'error',
      variable: 'GOPROXY',
      source: v.source,
      message: typo
        ? t(
            'GOPROXY entry "{0}" is not a URL, and not direct or off: go rejects the whole list. Did you mean {1}?',
            redact(e.raw),
            typo,
          )
        : t(
            'GOPROXY entry "{0}" has no usable scheme (https://, http:// or file://): go rejects the whole list.',
            redact(e.raw),
          ),
      ...(fixed
        ? { fix: { action: 'set' as const, variable: 'GOPROXY', value: v.value.replace(e.raw, fixed) } }
        : {}),
    });
  }
  return out;
}

/** A URL prefix go can hand git: https:// (http:// under GOINSECURE; other schemes only from a go-import tag). */
function goCanProduce(from: string): boolean {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(from)) return true;
  return 'https://'.startsWith(from.toLowerCase()) || 'http://'.startsWith(from.toLowerCase());
}

function insteadOfNeverHit(c: LintContext): LintFinding[] {
  return insteadOfRules(c.creds.git)
    .filter((r) => !goCanProduce(r.from))
    .map((r) => ({
      rule: 'insteadof-unreachable' as const,
      severity: 'warning' as const,
      variable: `url.${redact(r.to)}.insteadOf`,
      origin: r.origin,
      message: t(
        'git rule insteadOf = "{0}" (in {1}) never applies to go: go hands git https:// URLs, never the "{0}" form. To send go over SSH, write insteadOf = "https://{2}/".',
        redact(r.from),
        r.origin,
        /@([^:/]+)[:/]/.exec(r.from)?.[1] ?? /^([^/:]+)/.exec(r.from)?.[1] ?? 'HOST',
      ),
    }));
}

/** The hosts go sends credentials to: https proxies, the checksum database, and private modules' hosts. */
function credentialHosts(c: LintContext): string[] {
  const out = new Set<string>();
  for (const e of parseGoproxy(c.renv.vars.GOPROXY.value)) {
    const a = rawAuthority(e.url);
    if (a && a.scheme === 'https') out.add(a.authority);
  }
  const db = parseGosumdb(c.renv.vars.GOSUMDB.value);
  if (c.renv.vars.GOSUMDB.value !== 'off' && !('error' in db)) {
    const a = rawAuthority(db.url);
    if (a) out.add(a.authority);
  }
  const priv = c.renv.vars.GONOPROXY.value || c.renv.vars.GOPRIVATE.value;
  for (const r of c.requires) if (matchPrefixPatterns(priv, r)) out.add(r.split('/')[0]);
  return [...out];
}

function netrcMismatch(c: LintContext): LintFinding[] {
  const out: LintFinding[] = [];
  const machines = goNetrcMachines(c.creds.netrcText);
  const hosts = credentialHosts(c);
  const hostname = (a: string): string =>
    a
      .replace(/^[a-z]+:\/\//i, '')
      .replace(/[/].*$/, '')
      .replace(/:\d+$/, '');
  for (const m of machines) {
    const used = goAtLeast(c.renv.goVersion, 24)
      ? m.machine.replace(/^https:\/\//, '').replace(/\/.*$/, '')
      : m.machine;
    const expected = hosts.map((h) => goNetrcMachineFor(h, c.renv.goVersion));
    if (expected.includes(used)) continue;
    const wanted = expected.find((h) => hostname(h) === hostname(m.machine));
    if (!wanted) continue;
    out.push({
      rule: 'netrc-unmatched',
      severity: 'warning',
      variable: '.netrc',
      origin: c.creds.netrcPath,
      message: t(
        '.netrc has "machine {0}", but this go looks for "machine {1}" (the host and port must be written exactly as it compares them): the entry is never used.',
        m.machine,
        wanted,
      ),
    });
  }
  return out;
}

function gosumdbOff(c: LintContext): LintFinding[] {
  const v = c.renv.vars.GOSUMDB;
  if (v.value !== 'off') return [];
  return [
    {
      rule: 'gosumdb-off',
      severity: 'warning',
      variable: 'GOSUMDB',
      source: v.source,
      message: t(
        'GOSUMDB=off stops checking every module against the checksum database, public ones included. For private modules only, list them in GONOSUMDB (or GOPRIVATE) and leave GOSUMDB on.',
      ),
    },
  ];
}

function goinsecureWide(c: LintContext): LintFinding[] {
  const v = c.renv.vars.GOINSECURE;
  return splitGlobs(v.value)
    .filter((g) => {
      const first = g.split('/')[0];
      return /[*?[]/.test(first) && !/\./.test(first.replace(/^\*\./, ''))
        ? true
        : g === '*' || SHARED_HOSTS.includes(g);
    })
    .map((g) => ({
      rule: 'goinsecure-wide' as const,
      severity: 'warning' as const,
      variable: 'GOINSECURE',
      source: v.source,
      message: t(
        'GOINSECURE pattern "{0}" allows plain http and unchecked certificates for far more than one host. Name only the hosts that need it (git.corp.example, or github.com/yourorg).',
        g,
      ),
    }));
}

/**
 * The rules, in the order findings are shown. `advisory` rules are about safety or tidiness, not about what go
 * will fail to do: the report and the CLI show them, the go.mod module line does not.
 */
export const LINT_RULES: {
  id: LintFinding['rule'];
  check: (c: LintContext) => LintFinding[];
  advisory?: true;
}[] = [
  { id: 'go111module-off', check: go111moduleOff },
  { id: 'goflags-insecure', check: goflagsInsecure },
  { id: 'goproxy-entry', check: goproxyProblems },
  { id: 'unknown-variable', check: unknownVariables },
  { id: 'pattern-malformed', check: patternProblems },
  { id: 'netrc-unmatched', check: netrcMismatch },
  { id: 'insteadof-unreachable', check: insteadOfNeverHit },
  { id: 'gosumdb-off', check: gosumdbOff, advisory: true },
  { id: 'goinsecure-wide', check: goinsecureWide, advisory: true },
];
