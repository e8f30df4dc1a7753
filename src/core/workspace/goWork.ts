/**
 * Which go.work file go reads, by the go command's rules (cmd/go's modload), in one place for the planner, the
 * check and the CLI:
 * - GOWORK=off: none (module mode);
 * - GOWORK an absolute path: that file, whatever its name and wherever it is (`GOWORK=/src/dev.work`);
 * - GOWORK a relative path: none here; go refuses to run (planEnv.ts says so);
 * - GOWORK empty or `auto`: the nearest file named go.work in the folder go runs in or a folder above it.
 * go resolves the `use` and local `replace` paths of a go.work relative to that file's folder, and keeps its
 * checksums beside it in `<file>.sum` (dev.work.sum for dev.work; measured with go 1.21 and 1.27).
 */
import { statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';

export function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/**
 * The nearest go.work at or above `dir` (go looks up to the file system root); `exists` decides what is there.
 * go never climbs into its own GOROOT to look (findWorkspaceFile in cmd/go's modload, go 1.19-1.27: the go.work
 * of a folder inside GOROOT is looked for up to GOROOT's child, never in GOROOT or above it; started in GOROOT
 * itself, GOROOT/go.work counts). `goroot` is the GOROOT go runs with (`go env GOROOT`); undefined: no stop.
 */
export function nearestGoWork(
  dir: string,
  exists: (p: string) => boolean = isFile,
  goroot?: string,
): string | undefined {
  // go compares the cleaned paths as strings (no symbolic link is resolved).
  const stop = goroot !== undefined && isAbsolute(goroot) ? resolve(goroot) : undefined;
  for (let d = resolve(dir); ;) {
    const p = join(d, 'go.work');
    if (exists(p)) return p;
    const up = dirname(d);
    if (up === d || up === stop) return undefined;
    d = up;
  }
}

/**
 * The go.work go uses when run in `dir` with this GOWORK value (the variable as go resolves it: environment,
 * else go env file), or undefined for module mode. An absolute GOWORK is returned whether or not the file exists
 * (go then fails with "reading go.work"; the caller decides what to say). `goroot`: see nearestGoWork.
 */
export function goWorkFor(
  dir: string,
  gowork: string | undefined,
  exists: (p: string) => boolean = isFile,
  goroot?: string,
): string | undefined {
  const gw = gowork ?? '';
  if (gw === 'off') return undefined;
  if (gw !== '' && gw !== 'auto') return isAbsolute(gw) ? gw : undefined;
  return nearestGoWork(dir, exists, goroot);
}

/**
 * The go.work a check started on folder `dir` reads: an absolute GOWORK in its environment names it (the planner
 * sets one for a workspace unit whose go.work GOWORK chose), else `dir/go.work` (a workspace unit's folder is
 * its go.work's); none with GOWORK=off.
 */
export function workFileOf(dir: string, env: Record<string, string | undefined>): string | undefined {
  const gw = env.GOWORK ?? '';
  if (gw === 'off') return undefined;
  return isAbsolute(gw) ? gw : join(dir, 'go.work');
}

/** The checksum file go keeps beside a go.work: `<file>.sum` (go.work.sum, dev.work.sum). */
export function workSumOf(workFile: string): string {
  return `${workFile}.sum`;
}
