/**
 * Module roots: the folders that hold a go.mod or a go.work. Found by walking the workspace folders once, then
 * kept up to date from file events.
 */
import { promises as fs } from 'node:fs';
import { dirname, join, sep } from 'node:path';

/** Folders never searched: dependencies, VCS data, test data and hidden folders. */
const SKIP = new Set(['node_modules', 'vendor', 'testdata', '.git', '.hg', '.svn']);

export interface RootScanOptions {
  /** Stop after this many roots (a monorepo with thousands of modules is still bounded). */
  maxRoots?: number;
  maxDepth?: number;
}

export async function findRoots(folder: string, opts: RootScanOptions = {}): Promise<string[]> {
  const maxRoots = opts.maxRoots ?? 500;
  const maxDepth = opts.maxDepth ?? 12;
  const roots: string[] = [];
  const queue: { dir: string; depth: number }[] = [{ dir: folder, depth: 0 }];
  while (queue.length > 0 && roots.length < maxRoots) {
    const { dir, depth } = queue.shift()!;
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    if (entries.some((e) => e.isFile() && (e.name === 'go.mod' || e.name === 'go.work'))) roots.push(dir);
    if (depth >= maxDepth) continue;
    for (const e of entries) {
      if (e.isDirectory() && !SKIP.has(e.name) && !e.name.startsWith('.') && !e.name.startsWith('_')) {
        queue.push({ dir: join(dir, e.name), depth: depth + 1 });
      }
    }
  }
  return roots.sort();
}

/** The root a go.mod, go.work or go.sum file belongs to: its folder. */
export function rootOfFile(path: string): string {
  return dirname(path);
}

export function isModuleFile(path: string): boolean {
  return /(^|[/\\])(go\.mod|go\.work|go\.sum|go\.work\.sum)$/.test(path);
}

/** Whether `path` is `dir` or inside it. */
export function isInside(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir.endsWith(sep) ? dir : dir + sep);
}

/** The innermost of `folders` that holds `path` (nested workspace folders are allowed), if any. */
export function folderOf(path: string, folders: readonly string[]): string | undefined {
  let best: string | undefined;
  for (const f of folders) if (isInside(path, f) && (best === undefined || f.length > best.length)) best = f;
  return best;
}
