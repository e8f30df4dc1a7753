/**
 * Writes a user's file atomically: a temporary file in the same folder, flushed to disk, then renamed over the
 * original. The file keeps its mode (never widened) and a symlink is followed, so the link stays a link.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

export interface AtomicWriteOptions {
  /** Mode for a file that does not exist yet (default 0o600). An existing file keeps its own mode. */
  newFileMode?: number;
  /** Mode bits that must never be set, whatever the existing mode (e.g. 0o077 for .netrc). */
  forbidMode?: number;
}

export async function writeFileAtomic(
  path: string,
  data: string,
  opts: AtomicWriteOptions = {},
): Promise<void> {
  let target = path;
  try {
    target = await fs.realpath(path);
  } catch (err) {
    if (!isNotFound(err)) throw err;
    target = await danglingTarget(path);
  }
  let mode = opts.newFileMode ?? 0o600;
  try {
    mode = (await fs.stat(target)).mode & 0o7777;
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  if (opts.forbidMode !== undefined) mode &= ~opts.forbidMode;
  const dir = dirname(target);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const tmp = join(dir, `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await fs.open(tmp, 'wx', mode);
  try {
    await handle.writeFile(data);
    await handle.chmod(mode); // the umask may have narrowed it; never wider than `mode`
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(tmp, target);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}

/**
 * Where a path that does not resolve would be created: through a chain of symbolic links to the missing file
 * they name (so a dangling link is kept and its target created, not replaced by a file), else the path itself.
 */
async function danglingTarget(path: string): Promise<string> {
  let p = path;
  for (let hops = 0; hops < 40; hops++) {
    let link: string;
    try {
      link = await fs.readlink(p);
    } catch {
      return p; // not a link (or missing): create it here
    }
    p = resolve(dirname(p), link);
  }
  throw new Error(`too many levels of symbolic links: ${path}`);
}

function isNotFound(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'ENOENT';
}
