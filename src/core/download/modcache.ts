/**
 * The module cache, read without running go (§4 of the reference): is a module version fully downloaded?
 */
import { existsSync, readFileSync, readdirSync, statSync, type Dirent } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';

/** The module cache's case encoding: every upper-case letter X becomes "!x" (paths and versions alike). */
export function escapeCasePath(s: string): string {
  return /[A-Z]/.test(s) ? s.replace(/[A-Z]/g, (c) => '!' + c.toLowerCase()) : s;
}

const entryDirs = new Map<string, Map<string, string>>();

/**
 * The `@v` folder of a module in the module cache's download area. Remembered: a batch across roots looks up
 * thousands of entries, and joining and normalising the same folders again was a tenth of its reading time.
 */
export function entryDir(gomodcache: string, path: string): string {
  let dirs = entryDirs.get(gomodcache);
  if (dirs === undefined || dirs.size >= 50_000) {
    if (entryDirs.size >= 16) entryDirs.clear();
    dirs = new Map();
    entryDirs.set(gomodcache, dirs);
  }
  let d = dirs.get(path);
  if (d === undefined) {
    d = join(gomodcache, 'cache', 'download', escapeCasePath(path), '@v');
    dirs.set(path, d);
  }
  return d;
}

/** A file of an entry: `<@v folder>/<escaped version>.<ext>` (the folder is normalised, the name has no separator). */
function entryFile(gomodcache: string, path: string, version: string, ext: string): string {
  return `${entryDir(gomodcache, path)}${sep}${escapeCasePath(version)}.${ext}`;
}

/** The inverse of escapeCasePath; undefined when `s` is not a valid escaped form. */
export function unescapeCasePath(s: string): string | undefined {
  if (/[A-Z]/.test(s)) return undefined;
  let ok = true;
  const out = s.replace(/!(.?)/g, (_m, c: string) => {
    if (!/^[a-z]$/.test(c)) ok = false;
    return c.toUpperCase();
  });
  return ok ? out : undefined;
}

export interface CacheEntryStatus {
  complete: boolean;
  /** What is missing or wrong, e.g. ["v1.0.0.zip"], ["v1.0.0.ziphash (partial)"], ["extracted directory"]. */
  problems: string[];
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}

/**
 * Whether `path@version` is fully downloaded in `gomodcache`: `.info`, `.mod`, `.zip` and `.ziphash` exist,
 * the `.ziphash` is 47 bytes (`h1:` + 44 characters of base64) without NULs, the extracted directory exists,
 * and no `.partial` is left. That is the state in which `go mod download` does no network work.
 */
export async function cacheEntryStatus(
  gomodcache: string,
  path: string,
  version: string,
): Promise<CacheEntryStatus> {
  const problems: string[] = [];
  const escPath = escapeCasePath(path);
  const escVer = escapeCasePath(version);
  const vdir = join(gomodcache, 'cache', 'download', escPath, '@v');
  // One listing of the @v folder instead of a stat per file: a check of 1,000 requires runs in the language
  // server on every edit, and each async stat (an exception for the usual missing `.partial`) costs.
  let listed: Map<string, Dirent>;
  try {
    listed = new Map((await readdir(vdir, { withFileTypes: true })).map((d) => [d.name, d]));
  } catch {
    listed = new Map();
  }
  const fileListed = async (name: string): Promise<boolean> => {
    const d = listed.get(name);
    if (!d) return false;
    return d.isFile() || (d.isSymbolicLink() && (await isFile(join(vdir, name))));
  };
  for (const ext of ['info', 'mod', 'zip']) {
    if (!(await fileListed(`${escVer}.${ext}`))) problems.push(`${escVer}.${ext}`);
  }
  try {
    if (!listed.has(`${escVer}.ziphash`)) throw new Error('absent');
    const zh = await readFile(join(vdir, `${escVer}.ziphash`));
    if (zh.length !== 47 || zh.includes(0) || !zh.toString('latin1').startsWith('h1:')) {
      problems.push(`${escVer}.ziphash (incomplete)`);
    }
  } catch {
    problems.push(`${escVer}.ziphash`);
  }
  if (listed.has(`${escVer}.partial`)) problems.push(`${escVer}.partial`);
  try {
    if (!(await stat(join(gomodcache, `${escPath}@${escVer}`))).isDirectory())
      problems.push('extracted directory');
  } catch {
    problems.push('extracted directory');
  }
  return { complete: problems.length === 0, problems };
}

/**
 * Whether the entry's `.zip` exists, asked once without a Stats object: when it does not (a version never downloaded,
 * the usual case for a new require), the entry is not complete and no fuller check is needed.
 */
export function cacheZipExists(gomodcache: string, path: string, version: string): boolean {
  return existsSync(entryFile(gomodcache, path, version, 'zip'));
}

/**
 * A cheap fingerprint of a complete entry, read with one synchronous stat: the identity and times of its
 * `@v` folder, undefined when that is missing. go adds, renames and removes the files of an entry there (the
 * `.info`, `.mod`, `.zip`, `.ziphash`, and a `.partial` or `.lock` while it downloads) and never rewrites one
 * in place, so an unchanged folder means an entry verified before is still complete; any change in it (a file
 * removed, another version downloaded) makes the caller verify the entry again. Versions of one module share
 * the folder, and so the fingerprint.
 */
export function cacheEntryStamp(gomodcache: string, path: string, _version: string): string | undefined {
  const st = statSync(entryDir(gomodcache, path), { throwIfNoEntry: false });
  if (!st?.isDirectory()) return undefined;
  return `${st.dev}:${st.ino}:${st.mtimeMs}:${st.ctimeMs}`;
}

/**
 * cacheEntryStatus's verdict with synchronous reads: for a batch across roots, where the event loop has nothing
 * else to do and each asynchronous read costs a thread-pool round trip (about 200 µs here, 7 µs synchronous).
 */
export function cacheEntryCompleteSync(gomodcache: string, path: string, version: string): boolean {
  return completeZipHashSync(gomodcache, path, version) !== undefined;
}

/** A complete entry's `.ziphash` and go.mod, read synchronously; undefined when the entry is not complete. */
export function cacheEntryReadSync(
  gomodcache: string,
  path: string,
  version: string,
): { zipHash: string; mod: Buffer } | undefined {
  const zipHash = completeZipHashSync(gomodcache, path, version);
  if (zipHash === undefined) return undefined;
  try {
    return { zipHash, mod: readFileSync(entryFile(gomodcache, path, version, 'mod')) };
  } catch {
    return undefined;
  }
}

/**
 * The `.ziphash` of a complete entry (see cacheEntryStatus), else undefined. The listing's file types stand in
 * for a stat per file (only a symbolic link is followed).
 */
function completeZipHashSync(gomodcache: string, path: string, version: string): string | undefined {
  const escPath = escapeCasePath(path);
  const escVer = escapeCasePath(version);
  const vdir = entryDir(gomodcache, path);
  try {
    const listed = readdirSync(vdir, { withFileTypes: true });
    const named = (name: string): Dirent | undefined => listed.find((d) => d.name === name);
    if (named(`${escVer}.partial`)) return undefined;
    for (const ext of ['info', 'mod', 'zip']) {
      const d = named(`${escVer}.${ext}`);
      if (!d || !(d.isFile() || (d.isSymbolicLink() && statSync(join(vdir, d.name)).isFile())))
        return undefined;
    }
    if (!named(`${escVer}.ziphash`)) return undefined;
    const zh = readFileSync(`${vdir}${sep}${escVer}.ziphash`);
    if (zh.length !== 47 || zh.includes(0) || !zh.toString('latin1').startsWith('h1:')) return undefined;
    if (!statSync(join(gomodcache, `${escPath}@${escVer}`)).isDirectory()) return undefined;
    return zh.toString('latin1').trim();
  } catch {
    return undefined;
  }
}
