/**
 * The parts of git's configuration that decide where go's `git` goes and which credentials it sends: the
 * `url.<base>.insteadOf` rewrites and the credential helpers. Read from the files in-process instead of running
 * `git config`: a git started here would also read the configuration of whatever repository its working folder
 * is in (a workspace's .git/config), and a hover cannot afford a process. go runs git inside its own module
 * cache, so only the system file, the global files and GIT_CONFIG_COUNT/KEY/VALUE apply. Conditional includes
 * (includeIf) are not followed and are reported as such.
 */
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';

export interface GitConfigEntry {
  /** section[.subsection].name: section and name lower-cased, the subsection as written. */
  key: string;
  value: string;
  /** The file it came from, or "GIT_CONFIG_KEY_n". */
  origin: string;
}

export interface GitConfig {
  entries: GitConfigEntry[];
  /** Files read, in order. */
  files: string[];
  /** includeIf sections not followed. */
  skippedIncludes: string[];
}

/** The value of a config line after `=`: quotes removed, escapes applied, comments and outer spaces dropped. */
function parseValue(raw: string): string {
  let out = '';
  let quote = false;
  let space = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (/\s/.test(c) && !quote) {
      if (out !== '') space++;
      continue;
    }
    if (!quote && (c === ';' || c === '#')) break;
    out += ' '.repeat(space);
    space = 0;
    if (c === '\\') {
      const n = raw[++i];
      out += n === 'n' ? '\n' : n === 't' ? '\t' : n === 'b' ? '\b' : (n ?? '');
    } else if (c === '"') quote = !quote;
    else out += c;
  }
  return out;
}

/** Joins lines ending in an unescaped backslash (a value continued on the next line). */
function logicalLines(text: string): string[] {
  const out: string[] = [];
  let acc = '';
  for (const line of text.split(/\r?\n/)) {
    const trailing = /\\+$/.exec(line)?.[0].length ?? 0;
    if (trailing % 2 === 1) acc += line.slice(0, -1);
    else {
      out.push(acc + line);
      acc = '';
    }
  }
  if (acc !== '') out.push(acc);
  return out;
}

/** "[section "sub"]" or "[section.sub]" → "section.sub" prefix; the rest of the line after "]". */
function parseHeader(line: string): { section: string; rest: string } | undefined {
  const quoted = /^\[\s*([A-Za-z0-9.-]+)\s+"((?:[^"\\]|\\.)*)"\s*\](.*)$/.exec(line);
  if (quoted) {
    const sub = quoted[2].replace(/\\(.)/g, '$1');
    return { section: `${quoted[1].toLowerCase()}.${sub}`, rest: quoted[3] };
  }
  const plain = /^\[\s*([A-Za-z0-9.-]+)\s*\](.*)$/.exec(line);
  if (!plain) return undefined;
  return { section: plain[1].toLowerCase(), rest: plain[2] };
}

/** Parses one config file's text into entries (in order). */
export function parseGitConfig(text: string, origin: string): GitConfigEntry[] {
  const out: GitConfigEntry[] = [];
  let section = '';
  for (let line of logicalLines(text)) {
    line = line.trim();
    if (line.startsWith('[')) {
      const h = parseHeader(line);
      if (!h) continue;
      section = h.section;
      line = h.rest.trim();
    }
    if (line === '' || line.startsWith('#') || line.startsWith(';') || section === '') continue;
    const m = /^([A-Za-z][A-Za-z0-9-]*)\s*(?:=(.*))?$/.exec(line);
    if (!m) continue;
    const value = m[2] === undefined ? 'true' : parseValue(m[2]);
    out.push({ key: `${section}.${m[1].toLowerCase()}`, value, origin });
  }
  return out;
}

function expandHome(p: string, home: string): string {
  return p.startsWith('~/') ? join(home, p.slice(2)) : p;
}

/** The system and global files git reads, in order, under `env`. */
export function gitConfigFiles(
  env: Record<string, string | undefined>,
  platform = process.platform,
): string[] {
  const files: string[] = [];
  const truthy = (v: string | undefined): boolean => /^(1|true|yes|on)$/i.test(v ?? '');
  if (!truthy(env.GIT_CONFIG_NOSYSTEM)) {
    if (env.GIT_CONFIG_SYSTEM !== undefined) files.push(env.GIT_CONFIG_SYSTEM);
    else if (platform === 'win32')
      files.push(join(env.ProgramFiles ?? 'C:\\Program Files', 'Git', 'etc', 'gitconfig'));
    else if (platform === 'darwin') files.push('/opt/homebrew/etc/gitconfig', '/usr/local/etc/gitconfig');
    else files.push('/etc/gitconfig');
  }
  const home = env.HOME ?? env.USERPROFILE ?? '';
  if (env.GIT_CONFIG_GLOBAL !== undefined) files.push(env.GIT_CONFIG_GLOBAL);
  else {
    const xdg = env.XDG_CONFIG_HOME ? env.XDG_CONFIG_HOME : home ? join(home, '.config') : '';
    if (xdg) files.push(join(xdg, 'git', 'config'));
    if (home) files.push(join(home, '.gitconfig'));
  }
  return files.filter((f) => f !== '' && f !== '/dev/null');
}

/** Reads git's configuration as go's git would see it (see the file comment). */
export function readGitConfig(
  env: Record<string, string | undefined>,
  platform = process.platform,
): GitConfig {
  const cfg: GitConfig = { entries: [], files: [], skippedIncludes: [] };
  const home = env.HOME ?? env.USERPROFILE ?? '';
  const visit = (file: string, depth: number): void => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return;
    }
    cfg.files.push(file);
    for (const e of parseGitConfig(text, file)) {
      cfg.entries.push(e);
      if (e.key === 'include.path' && depth < 10) {
        const p = expandHome(e.value, home);
        visit(isAbsolute(p) ? p : join(dirname(file), p), depth + 1);
      } else if (/^includeif\..*\.path$/.test(e.key)) cfg.skippedIncludes.push(`${file}: ${e.key}`);
    }
  };
  for (const f of gitConfigFiles(env, platform)) visit(f, 0);
  const count = Number(env.GIT_CONFIG_COUNT ?? '0');
  for (let i = 0; Number.isInteger(count) && i < count && i < 1000; i++) {
    const key = env[`GIT_CONFIG_KEY_${i}`];
    if (!key) continue;
    const m = /^([^.]+)\.(?:(.*)\.)?([^.]+)$/.exec(key);
    if (!m) continue;
    const k = `${m[1].toLowerCase()}${m[2] !== undefined ? `.${m[2]}` : ''}.${m[3].toLowerCase()}`;
    cfg.entries.push({ key: k, value: env[`GIT_CONFIG_VALUE_${i}`] ?? '', origin: `GIT_CONFIG_KEY_${i}` });
  }
  return cfg;
}

export interface InsteadOfRule {
  /** The URL prefix git replaces (the insteadOf value). */
  from: string;
  /** What it is replaced by (the url.<base> subsection). */
  to: string;
  origin: string;
}

export function insteadOfRules(cfg: GitConfig): InsteadOfRule[] {
  const out: InsteadOfRule[] = [];
  for (const e of cfg.entries) {
    const m = /^url\.(.+)\.insteadof$/.exec(e.key);
    if (m) out.push({ from: e.value, to: m[1], origin: e.origin });
  }
  return out;
}

/** git's rewrite of `url`: the longest insteadOf prefix wins. */
export function rewriteUrl(url: string, rules: InsteadOfRule[]): { url: string; rule?: InsteadOfRule } {
  let best: InsteadOfRule | undefined;
  for (const r of rules) {
    if (r.from !== '' && url.startsWith(r.from) && (!best || r.from.length > best.from.length)) best = r;
  }
  return best ? { url: best.to + url.slice(best.from.length), rule: best } : { url };
}

/** Does a credential.<pattern> section apply to `url` (scheme, host with '*' labels, port, path prefix)? */
export function credentialUrlMatches(pattern: string, url: string): boolean {
  let p: URL;
  let u: URL;
  try {
    p = new URL(pattern.includes('://') ? pattern : `https://${pattern}`);
    u = new URL(url);
  } catch {
    return false;
  }
  if (p.protocol !== u.protocol) return false;
  if (p.username !== '' && p.username !== u.username) return false;
  const ph = p.hostname.split('.');
  const uh = u.hostname.split('.');
  if (ph.length !== uh.length || ph.some((l, i) => l !== '*' && l !== uh[i])) return false;
  if (p.port !== u.port) return false;
  const pp = p.pathname.replace(/\/+$/, '');
  return pp === '' || u.pathname === pp || u.pathname.startsWith(pp + '/');
}

export interface HelperUse {
  helper: string;
  /** "credential.helper" or "credential.<url>.helper". */
  key: string;
  origin: string;
}

/** The credential helpers git runs for `url`, in order (an empty value clears those before it). */
export function credentialHelpersFor(cfg: GitConfig, url: string): HelperUse[] {
  let out: HelperUse[] = [];
  for (const e of cfg.entries) {
    const m = /^credential\.(?:(.+)\.)?helper$/.exec(e.key);
    if (!m || (m[1] !== undefined && !credentialUrlMatches(m[1], url))) continue;
    if (e.value === '') out = [];
    else out.push({ helper: e.value, key: e.key, origin: e.origin });
  }
  return out;
}
