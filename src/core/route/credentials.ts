/**
 * Which credentials each client on the route sends to a host: go's own HTTP client (proxies, the checksum
 * database, the ?go-get=1 page) and git (the origin, after git's insteadOf rewrite). Only the kind and where it
 * comes from are kept, never a value: a .netrc machine name, a GOAUTH program name (its arguments may carry a
 * token), a credential helper's name.
 */
import { goNetrcLines, parseNetrc } from '../fix/netrc.ts';
import { t } from '../l10n.ts';
import { redact } from '../redact.ts';
import { credentialHelpersFor, rewriteUrl, insteadOfRules, type GitConfig } from './gitconfig.ts';
import { goAtLeast } from './goenv.ts';

export type CredentialKind =
  'url' | 'netrc' | 'goauth-command' | 'goauth-git' | 'git-helper' | 'ssh-key' | 'none';

export interface CredentialUse {
  kind: CredentialKind;
  /** One line in words (translated). */
  detail: string;
  /** The .netrc machine that matches, when kind is netrc. */
  machine?: string;
  /** The file or variable it comes from. */
  origin?: string;
}

/** The authority of a URL as go's url.Parse keeps it: host and port exactly as written (":443" included). */
export function rawAuthority(url: string): { authority: string; path: string; scheme: string } | undefined {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/(?:[^@/?#]*@)?([^/?#]*)([^?#]*)/.exec(url);
  return m ? { scheme: m[1].toLowerCase(), authority: m[2], path: m[3] } : undefined;
}

export interface NetrcMachine {
  machine: string;
  hasLogin: boolean;
  hasPassword: boolean;
}

/** The .netrc entries go keeps (machine, login and password), read exactly as go reads them (fix/netrc.ts). */
export function goNetrcMachines(text: string | undefined): NetrcMachine[] {
  return goNetrcLines(text ?? '').map((l) => ({
    machine: l.machine.text,
    hasLogin: true,
    hasPassword: true,
  }));
}

/**
 * The machine go uses for `url`. Measured on the real go (test/integration/route.test.ts): go 1.19 compares the
 * host name alone (port ignored); from 1.21 (1.20 not measured) the request's host[:port], so a host-only entry
 * never matches a URL with an explicit port; from 1.24 the longest `host[:port][/path]` prefix of the URL
 * (GOAUTH=netrc).
 */
export function goNetrcMatch(url: string, machines: NetrcMachine[], goVersion?: string): string | undefined {
  const a = rawAuthority(url);
  if (!a) return undefined;
  const usable = machines.filter((m) => m.hasLogin && m.hasPassword);
  if (!goAtLeast(goVersion, 21)) return usable.find((m) => m.machine === hostOnly(a.authority))?.machine;
  if (!goAtLeast(goVersion, 24)) return usable.find((m) => m.machine === a.authority)?.machine;
  let prefix = (a.authority + a.path).replace(/\/+$/, '');
  for (;;) {
    const hit = usable.find((m) => m.machine.replace(/^https:\/\//, '').replace(/\/+$/, '') === prefix);
    if (hit) return hit.machine;
    const cut = prefix.lastIndexOf('/');
    if (cut < 0) return undefined;
    prefix = prefix.slice(0, cut);
  }
}

/** "host:port" → "host" ("[::1]:8443" → "::1"). */
export function hostOnly(authority: string): string {
  const m = /^\[([^\]]*)\](?::\d*)?$/.exec(authority);
  return m ? m[1] : authority.replace(/:\d*$/, '');
}

/** The machine go <1.21 / go 1.21+ looks for first: the host name, or the host with its port. */
export function goNetrcMachineFor(authority: string, goVersion?: string): string {
  return goAtLeast(goVersion, 21) ? authority : hostOnly(authority);
}

/** The machine git's curl uses for `url`: the host name alone, port ignored; `default` otherwise. */
export function curlNetrcMatch(url: string, text: string | undefined): string | undefined {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return undefined;
  }
  for (const e of parseNetrc(text ?? '')) {
    if (e.machine === undefined) return e.login ? 'default' : undefined;
    if (e.machine === host && e.login) return e.machine;
  }
  return undefined;
}

/** A GOAUTH or credential-helper command shown without its arguments (they may hold a token). */
export function commandName(command: string): string {
  const words = command.trim().split(/\s+/);
  if (words[0]?.startsWith('!')) return t('a shell command');
  const name = redact(words[0] ?? '');
  return words.length > 1 ? `${name} ${t('(arguments hidden)')}` : name;
}

export interface CredentialInput {
  goVersion?: string;
  goauth: string;
  netrcText?: string;
  netrcPath: string;
  /** $HOME/.netrc, the file git's curl reads (it ignores NETRC). */
  gitNetrcText?: string;
  git: GitConfig;
}

/** What go's HTTP client sends to `url` (a proxy, the checksum database, a ?go-get=1 page). */
export function goCredentials(url: string, i: CredentialInput): CredentialUse[] {
  const a = rawAuthority(url);
  if (!a) return [];
  if (/^[^@/]*@/.test(url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')))
    return [{ kind: 'url', detail: t('the user name and password written in the URL') }];
  if (a.scheme !== 'https')
    return [{ kind: 'none', detail: t('none: go never sends credentials over plain http') }];
  const machines = goNetrcMachines(i.netrcText);
  const netrc = (): CredentialUse => {
    const m = goNetrcMatch(url, machines, i.goVersion);
    return m
      ? { kind: 'netrc', detail: t('.netrc entry "machine {0}"', m), machine: m, origin: i.netrcPath }
      : {
          kind: 'none',
          detail: t('no .netrc entry "machine {0}"', goNetrcMachineFor(a.authority, i.goVersion)),
        };
  };
  if (!goAtLeast(i.goVersion, 24)) return [netrc()];
  const goauth = i.goauth.trim() === '' ? 'netrc' : i.goauth;
  const out: CredentialUse[] = [];
  for (const cmd of goauth.split(';').map((c) => c.trim())) {
    const words = cmd.split(/\s+/);
    if (words[0] === 'off') return [{ kind: 'none', detail: t('none: GOAUTH=off') }];
    if (words[0] === 'netrc') out.push(netrc());
    else if (words[0] === 'git') {
      const helpers = credentialHelpersFor(i.git, url).map((h) => commandName(h.helper));
      out.push({
        kind: 'goauth-git',
        detail: t(
          'GOAUTH runs "git credential fill" in {0} (helpers: {1})',
          redact(words[1] ?? ''),
          helpers.join(', ') || t('none'),
        ),
      });
    } else if (cmd !== '')
      out.push({ kind: 'goauth-command', detail: t('GOAUTH command {0}', commandName(cmd)) });
  }
  return out;
}

export interface GitRoute {
  /** The URL go hands git (a guess until the go-import meta tag is read, for hosts go does not know). */
  url: string;
  /** After git's insteadOf rewrite. */
  rewritten: string;
  rule?: { from: string; to: string; origin: string };
  credentials: CredentialUse[];
}

/** Where git really goes for `url`, and what it authenticates with there. */
export function gitRoute(url: string, i: CredentialInput): GitRoute {
  const { url: rewritten, rule } = rewriteUrl(url, insteadOfRules(i.git));
  const out: GitRoute = { url, rewritten, credentials: [] };
  if (rule) out.rule = { from: rule.from, to: rule.to, origin: rule.origin };
  if (!/^https?:\/\//i.test(rewritten)) {
    out.credentials.push({
      kind: 'ssh-key',
      detail: t('an SSH key (go runs ssh with BatchMode=yes: no passphrase or host-key prompt)'),
    });
    return out;
  }
  for (const h of credentialHelpersFor(i.git, rewritten))
    out.credentials.push({
      kind: 'git-helper',
      detail: t('git credential helper {0}', commandName(h.helper)),
      origin: h.origin,
    });
  const m = curlNetrcMatch(rewritten, i.gitNetrcText);
  if (m)
    out.credentials.push({
      kind: 'netrc',
      detail: t('.netrc entry "machine {0}" (git matches the host name without the port)', m),
      machine: m,
    });
  if (out.credentials.length === 0)
    out.credentials.push({
      kind: 'none',
      detail: t('none: no credential helper or .netrc entry, and go disables git prompts'),
    });
  return out;
}
