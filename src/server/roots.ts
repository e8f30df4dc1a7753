/**
 * Paths the server reasons about: which files are go's module files, and which workspace folder holds a path.
 * Which module roots and go.work files exist is the core planner's business (src/core/workspace/planner.ts).
 */
import { sep } from 'node:path';

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
