/**
 * What to probe: every GOPROXY entry (not direct/off), the checksum database (unless off or every module is
 * private), and the host of each private module; and which credentials go would send to each.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { listCovers } from '../fix/patternList.ts';
import { goNetrcLookup, netrcMachineForGo, parseNetrc } from '../fix/netrc.ts';
import { checkModuleArg, checkPath, escapeCase } from '../gomod/modpath.ts';
import { parseGoMod, parseGoWork } from '../gomod/parse.ts';
import { folderPlace, type FolderPlace } from '../workspace/folderRoot.ts';

export interface Requirement {
  path: string;
  version: string;
}

async function readText(p: string): Promise<string | undefined> {
  try {
    return await readFile(p, 'utf8');
  } catch {
    return undefined;
  }
}

/** The go.work go uses in a folder (or module mode there), and the modules it requires. */
export interface FolderRequires {
  place: FolderPlace;
  requires: Requirement[];
}

/**
 * The modules required by the go.work go uses in `dir` (every module it uses) or by `dir`'s own go.mod, main
 * modules excluded. The go.work is go's choice there (folderRoot.ts): GOWORK in `env` (or the go env file it
 * names), else the nearest go.work at or above `dir` below GOROOT; a module that go.work does not use is on its
 * own. `goroot`: the GOROOT go runs with (`go env GOROOT`).
 */
export async function workspaceRequires(
  dir: string,
  env: Record<string, string>,
  goroot?: string,
): Promise<FolderRequires> {
  const place = folderPlace(dir, env, goroot);
  return { place, requires: await requiresOf(place.work, dir) };
}

/** The requires of the modules `work` uses (its `use` paths are relative to its folder), else of dir/go.mod. */
async function requiresOf(work: string | undefined, dir: string): Promise<Requirement[]> {
  const mods: string[] = [];
  const workText = work === undefined ? undefined : await readText(work);
  if (work !== undefined && workText !== undefined) {
    const workDir = dirname(work);
    for (const u of parseGoWork(workText).use) mods.push(join(resolve(workDir, u.path.value), 'go.mod'));
  } else {
    mods.push(join(dir, 'go.mod'));
  }
  const mains = new Set<string>();
  const out = new Map<string, Requirement>();
  for (const p of mods) {
    const text = await readText(p);
    if (text === undefined) continue;
    const parsed = parseGoMod(text);
    if (parsed.module) mains.add(parsed.module.value);
    for (const r of parsed.require) {
      // Never probed: a path go would refuse could leave the proxy's path ("..") or name another host.
      if (checkModuleArg(r.path.value, r.version.value) !== undefined) continue;
      out.set(`${r.path.value}@${r.version.value}`, { path: r.path.value, version: r.version.value });
    }
  }
  return [...out.values()].filter((r) => !mains.has(r.path));
}

export interface ProxyEntry {
  url: string;
  /** The separator after it: ',' falls through on 404/410 only, '|' on any error. */
  next?: ',' | '|';
}

/** GOPROXY's entries in order (direct and off included, as go reads them). */
export function goproxyEntries(value: string): ProxyEntry[] {
  const out: ProxyEntry[] = [];
  const re = /([^,|]+)([,|]?)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(value)) !== null) {
    const url = m[1].trim();
    if (url !== '') out.push({ url, ...(m[2] ? { next: m[2] as ',' | '|' } : {}) });
    if (m[0] === '') break;
  }
  return out;
}

/** The checksum database's name and URL from GOSUMDB ("off" → undefined). */
export function sumdbOf(value: string): { name: string; url: string } | undefined {
  const v = value.trim() === '' ? 'sum.golang.org' : value.trim();
  if (v === 'off') return undefined;
  const [key, url] = v.split(/\s+/);
  const name = key.split('+')[0];
  if (url) return { name, url: /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `https://${url}` };
  return { name, url: `https://${name}` };
}

export function isPrivate(
  path: string,
  effective: Record<string, string>,
  which: 'proxy' | 'sumdb',
): boolean {
  const priv = effective.GOPRIVATE ?? '';
  const list = which === 'proxy' ? (effective.GONOPROXY ?? priv) : (effective.GONOSUMDB ?? priv);
  return listCovers(list === '' ? priv : list, path);
}

/** The URL path for a module's version list on a proxy; undefined for a path go would refuse. */
export function listPath(modulePath: string): string | undefined {
  if (checkPath(modulePath) !== undefined) return undefined;
  return `/${escapeCase(modulePath)}/@v/list`;
}

/**
 * The URL of `sub` (a path starting with "/") under the proxy URL `base`: base's own path kept, query and
 * fragment dropped; undefined when the result would not stay under base's path.
 */
export function underBase(base: URL, sub: string): URL | undefined {
  const url = new URL(base.href);
  url.search = '';
  url.hash = '';
  const prefix = base.pathname.replace(/\/+$/, '');
  url.pathname = prefix + sub;
  if (sub.split('/').some((e) => e === '..' || e === '.') || !url.pathname.startsWith(`${prefix}/`))
    return undefined;
  return url;
}

/** The repository URL git would be asked for: the host and, for the usual hosting layout, owner/repo. */
export function repoUrlFor(modulePath: string): string {
  const elems = modulePath.split('/');
  const cut = elems.findIndex((e, i) => i > 0 && e.endsWith('.git'));
  const repo = cut > 0 ? elems.slice(0, cut + 1) : elems.slice(0, Math.min(elems.length, 3));
  return `https://${repo.join('/')}`;
}

export interface Credentials {
  user: string;
  password: string;
  kind: string;
}

/**
 * The basic credentials go would send to `url`: the URL's own user info, else the .netrc entry for the host
 * (with the port when not the default one) when GOAUTH allows .netrc.
 */
export function credentialsFor(
  url: URL,
  netrcText: string | undefined,
  goauth: string | undefined,
): Credentials | undefined {
  if (url.username !== '') return { user: url.username, password: url.password, kind: 'url' };
  if (url.protocol !== 'https:' || netrcText === undefined) return undefined;
  if (goauth !== undefined && goauth !== '' && !goauth.split(';').some((e) => e.trim() === 'netrc'))
    return undefined;
  // The entry go itself would use (its reading of the file, first match), for this URL's own host only.
  const e = goNetrcLookup(netrcText, netrcMachineForGo(url.href)) ?? goNetrcLookup(netrcText, url.hostname);
  if (!e) return undefined;
  return { user: encodeURIComponent(e.login), password: encodeURIComponent(e.password), kind: '.netrc' };
}

/** Every password of a .netrc (to scrub from any output). */
export function netrcSecrets(netrcText: string | undefined): string[] {
  if (netrcText === undefined) return [];
  return parseNetrc(netrcText).flatMap((e) => (e.password ? [e.password.text] : []));
}
