/**
 * Nothing of ours outlives us. A process killed outright (SIGKILL, an editor that crashes) runs no exit handler,
 * so the go and git it started would keep running under init and its temporary folders would stay. A small
 * watchdog process, started with the first go run, holds a pipe from us: the kernel closes that pipe whenever
 * we die, however we die, and the watchdog then kills every process group we registered and removes every
 * folder we registered. Temporary folders carry our pid in their name, so folders left by a process that is
 * gone (before this existed, or a watchdog killed too) are swept when the next one starts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The watchdog itself: reads "+pgid", "-pgid", "dPATH", "rPATH" lines; on end of input kills and removes.
const WATCHDOG = `
const fs = require('fs');
const groups = new Set(), dirs = new Set();
let buf = '', done = false;
const end = () => {
  if (done) return;
  done = true;
  for (const g of groups) { try { process.kill(-g, 'SIGKILL'); } catch {} }
  for (const d of dirs) { try { fs.rmSync(d, { recursive: true, force: true }); } catch {} }
  process.exit(0);
};
process.stdin.setEncoding('utf8');
process.stdin.on('data', (s) => {
  buf += s;
  for (let i = buf.indexOf('\\n'); i >= 0; i = buf.indexOf('\\n')) {
    const line = buf.slice(0, i), v = line.slice(1);
    buf = buf.slice(i + 1);
    if (line[0] === '+') groups.add(Number(v));
    else if (line[0] === '-') groups.delete(Number(v));
    else if (line[0] === 'd') dirs.add(v);
    else if (line[0] === 'r') dirs.delete(v);
  }
});
process.stdin.on('end', end);
process.stdin.on('close', end);
process.stdin.on('error', end);
process.on('SIGTERM', end);
process.on('SIGINT', () => {});
`;

let watchdog: ChildProcess | undefined;
let failed = false;
const liveGroups = new Set<number>();

function send(line: string): void {
  if (failed || line.includes('\n')) return;
  if (!watchdog) {
    // The first run of this process: folders left by processes that are gone go now, off the critical path.
    setImmediate(() => sweepStaleTempDirs());
    try {
      watchdog = spawn(process.execPath, ['--max-old-space-size=16', '--v8-pool-size=0', '-e', WATCHDOG], {
        // Its own process group: a kill of ours (a group kill by a terminal or a supervisor) leaves it to
        // clean up after us.
        detached: true,
        stdio: ['pipe', 'ignore', 'ignore'],
        env: { ELECTRON_RUN_AS_NODE: '1', PATH: process.env.PATH ?? '' },
        windowsHide: true,
      });
      watchdog.on('error', () => {
        failed = true;
      });
      watchdog.stdin?.on('error', () => {
        failed = true;
      });
      // Neither the process nor its pipe keeps us alive.
      watchdog.unref();
      (watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
    } catch {
      failed = true;
      return;
    }
  }
  watchdog.stdin?.write(`${line}\n`);
}

/** Registers a child's process group: killed by the watchdog if we die, by us at exit. Returns the release. */
export function watchGroup(pgid: number): () => void {
  if (process.platform === 'win32') return () => undefined;
  liveGroups.add(pgid);
  send(`+${pgid}`);
  return () => {
    liveGroups.delete(pgid);
    send(`-${pgid}`);
  };
}

/** Registers a folder the watchdog removes if we die. Returns the release (call it once removed). */
export function watchDir(dir: string): () => void {
  if (process.platform === 'win32') return () => undefined;
  send(`d${dir}`);
  return () => send(`r${dir}`);
}

/** The prefix of this tool's temporary folders; the pid of their owner follows it. */
export const TEMP_PREFIX = 'gmd-';

/** A new private temporary folder (mode 0700) named after `kind` and our pid, removed by the watchdog if we die. */
export function makeTempDir(kind: string): string {
  const dir = mkdtempSync(join(tmpdir(), `${TEMP_PREFIX}${kind}-${process.pid}-`));
  watchDir(dir);
  return dir;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const LEGACY_AGE_MS = 24 * 3600 * 1000;

/**
 * Removes this tool's temporary folders whose owner process is gone (a name "gmd-KIND-PID-XXXXXX"), and
 * folders of the older form without a pid that are more than a day old. Returns the folders removed.
 */
export function sweepStaleTempDirs(root = tmpdir(), now = Date.now()): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return removed;
  }
  for (const name of names) {
    const m = /^gmd-(?:check|versions)-(?:(\d{1,10})-)?[A-Za-z0-9]{6}$/.exec(name);
    if (!m) continue;
    const p = join(root, name);
    try {
      if (m[1] !== undefined) {
        if (Number(m[1]) === process.pid || alive(Number(m[1]))) continue;
      } else if (now - statSync(p).mtimeMs < LEGACY_AGE_MS) continue;
      rmSync(p, { recursive: true, force: true });
      removed.push(p);
    } catch {
      // Not ours to remove (another user's), or already gone.
    }
  }
  return removed;
}

// An orderly exit (a normal end, process.exit after a signal) kills what is still running right away.
process.once('exit', () => {
  for (const g of liveGroups) {
    try {
      process.kill(-g, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});
