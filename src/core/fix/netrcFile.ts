/**
 * Saving credentials where the go command reads them: the .netrc go would open (NETRC, else the home folder's
 * `.netrc`, or on Windows `_netrc` when it exists), checked before anything is written, one save at a time per
 * file, atomically, mode 0600, through symbolic links (a dangling one included), never into the workspace.
 */
import { promises as fs, statSync } from 'node:fs';
import { isAbsolute, posix, relative, win32 } from 'node:path';
import { writeFileAtomic } from '../fs/atomicWrite.ts';
import { t } from '../l10n.ts';
import { upsertNetrcEntry } from './netrc.ts';

export class NetrcPathError extends Error {}

/**
 * The .netrc go reads under `env` on `platform` (cmd/go's netrcPath): NETRC when set; else the home folder
 * (USERPROFILE on Windows, HOME elsewhere) with `_netrc` on Windows when that file exists, else `.netrc`.
 */
export function goNetrcFile(
  env: Record<string, string | undefined>,
  platform: NodeJS.Platform,
  exists: (p: string) => boolean,
): string {
  if ((env.NETRC ?? '') !== '') return env.NETRC!;
  const win = platform === 'win32';
  const home = (win ? env.USERPROFILE : env.HOME) ?? '';
  if (home === '')
    throw new NetrcPathError(
      t('No home folder is set ({0}), so go reads no .netrc.', win ? 'USERPROFILE' : 'HOME'),
    );
  const join_ = (a: string, b: string): string => (win ? win32.join(a, b) : posix.join(a, b));
  if (win && exists(join_(home, '_netrc'))) return join_(home, '_netrc');
  return join_(home, '.netrc');
}

/** Why credentials may not be written to `path`, or undefined. */
function refusal(path: string, platform: NodeJS.Platform, workspace: string | undefined): string | undefined {
  const abs = platform === 'win32' ? win32.isAbsolute(path) : posix.isAbsolute(path);
  if (!abs)
    return t(
      'NETRC is a relative path ({0}): go would read it from wherever it runs. Set an absolute path.',
      path,
    );
  if (workspace !== undefined && isAbsolute(workspace)) {
    const rel = relative(workspace, path);
    if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel)))
      return t('NETRC ({0}) is inside the workspace: credentials are never written there.', path);
  }
  return undefined;
}

const queues = new Map<string, Promise<unknown>>();

/** Runs `fn` after every earlier save to the same file has finished. */
function serialised<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const prior = queues.get(key) ?? Promise.resolve();
  const next = prior.then(fn, fn);
  const settled = next.catch(() => undefined);
  queues.set(key, settled);
  void settled.then(() => {
    if (queues.get(key) === settled) queues.delete(key);
  });
  return next;
}

export interface SaveNetrcOptions {
  env: Record<string, string | undefined>;
  platform?: NodeJS.Platform;
  /** The workspace folder: a NETRC inside it is refused. */
  workspace?: string;
  /** Machine names to set (go's host:port form, and the bare host for git). */
  machines: string[];
  login: string;
  password: string;
}

/** Saves the credentials; returns the file written. Throws NetrcPathError or NetrcValueError, nothing written. */
export async function saveNetrcCredentials(o: SaveNetrcOptions): Promise<string> {
  const platform = o.platform ?? process.platform;
  const path = goNetrcFile(o.env, platform, (p) => statSync(p, { throwIfNoEntry: false }) !== undefined);
  const why = refusal(path, platform, o.workspace);
  if (why) throw new NetrcPathError(why);
  const key = await fs.realpath(path).catch(() => path);
  return serialised(key, async () => {
    let text = '';
    try {
      const st = await fs.stat(path);
      if (st.nlink > 1)
        throw new NetrcPathError(
          t(
            '{0} has {1} hard links: replacing it would leave the other names with the old contents. Not changed.',
            path,
            st.nlink,
          ),
        );
      text = await fs.readFile(path, 'utf8');
    } catch (err) {
      if ((err as { code?: string }).code !== 'ENOENT') throw err;
    }
    let next = text;
    for (const m of o.machines) next = upsertNetrcEntry(next, m, o.login, o.password);
    await writeFileAtomic(path, next, { newFileMode: 0o600, forbidMode: 0o077 });
    return path;
  });
}
