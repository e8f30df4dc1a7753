/**
 * What the benchmarks need to measure the language server as shipped (bench/run.ts for single modules,
 * bench/monorepoServer.ts for monorepos): its environment as the VS Code client starts it, a logging `go` first
 * on PATH that counts processes, its memory from /proc, and waits that fail clearly when the server exits.
 */
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVER_EXEC_ARGV, serverEnv } from '../src/shared/serverExecArgv.ts';
import type { StatusParams } from '../src/shared/protocol.ts';
import type { PublishedDiagnostics, TestLspClient } from '../test/helpers/lspClient.ts';

/** The server's VmRSS or VmHWM (its peak resident memory) in MB; undefined once it has exited. */
export function procStatus(pid: number, field: 'VmRSS' | 'VmHWM'): number | undefined {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? +m[1] / 1024 : undefined;
  } catch {
    return undefined;
  }
}

export function countLines(file: string): number {
  if (!existsSync(file)) return 0;
  const text = readFileSync(file, 'utf8');
  return text === '' ? 0 : text.trimEnd().split('\n').length;
}

export function linesFrom(file: string, from: number): string[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(from).filter(Boolean);
}

/** A `go` first on PATH that appends its arguments to `logFile` and execs the real go. */
export function goWrapper(dir: string, realGo: string, logFile: string): string {
  mkdirSync(dir, { recursive: true });
  const p = join(dir, 'go');
  writeFileSync(p, `#!/bin/sh\nprintf '%s\\n' "$*" >> '${logFile}'\nexec '${realGo}' "$@"\n`);
  chmodSync(p, 0o755);
  return dir;
}

/**
 * The environment the server process starts with: `env` (go's sealed environment) with `wrapDir` first on PATH,
 * and the Node flags and variables the VS Code client gives it (NODE_OPTIONS carries the flags here).
 */
export function shippedServerEnv(
  env: Record<string, string>,
  wrapDir: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    ...env,
    ...extra,
    PATH: `${wrapDir}:${env.PATH}`,
    NODE_OPTIONS: SERVER_EXEC_ARGV.join(' '),
    ...serverEnv(env),
  };
}

function exitedError(c: TestLspClient): Error {
  return new Error(
    `the language server exited (${c.child.exitCode ?? c.child.signalCode}):\n${c.stderr().slice(-4000)}`,
  );
}

/** Waits for `wait`, failing at once (with the server's stderr) if the server process exits meanwhile. */
export async function whileServerRuns<T>(c: TestLspClient, wait: () => Promise<T>): Promise<T> {
  if (c.child.exitCode !== null || c.child.signalCode !== null) throw exitedError(c);
  let onExit: (() => void) | undefined;
  const exited = new Promise<never>((_, reject) => {
    onExit = () => reject(exitedError(c));
    c.child.once('exit', onExit);
  });
  try {
    return await Promise.race([wait(), exited]);
  } finally {
    if (onExit) c.child.off('exit', onExit);
  }
}

/**
 * Waits for the next publishDiagnostics for `uri` after index `after`. Event-driven, as an editor waits: the
 * test client wakes its waiters on every notification. (An earlier version polled with setImmediate, which
 * kept one of the machine's two cores busy while go and the server needed it; the one-change pairs paid for
 * that on our side only, since bare go was awaited without polling.)
 */
export async function nextPublish(
  c: TestLspClient,
  uri: string,
  after: number,
  timeoutMs = 300_000,
): Promise<number> {
  const found = (): number => {
    for (let i = after; i < c.published.length; i++) if (c.published[i].uri === uri) return i;
    return -1;
  };
  await whileServerRuns(c, () => c.waitForDiagnostics(uri, () => found() >= 0, timeoutMs));
  return found();
}

/** The process ids below `pid` (children first found through /proc), so none outlives a killed server. */
export function descendants(pid: number): number[] {
  const out: number[] = [];
  const visit = (p: number): void => {
    let kids: string[] = [];
    try {
      // Each thread lists the children it started.
      for (const task of readdirSync(`/proc/${p}/task`))
        kids.push(...readFileSync(`/proc/${p}/task/${task}/children`, 'utf8').trim().split(/\s+/));
      kids = kids.filter(Boolean);
    } catch {
      return;
    }
    for (const t of kids) {
      out.push(+t);
      visit(+t);
    }
  };
  visit(pid);
  return out;
}

/** Kills `pids` (SIGKILL), ignoring those already gone. */
export function killAll(pids: number[]): void {
  for (const p of pids) {
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

const settledIdle = (all: unknown[]): boolean => {
  const s = all as StatusParams[];
  const last = s.at(-1);
  return last !== undefined && last.state !== 'running' && s.some((x) => x.state === 'running');
};

/**
 * Waits for an idle status after a running one that stays idle for `settleMs` (a later 'running' restarts the
 * wait); returns when that idle status arrived (performance.now()). Past `deadline` (Date.now()), it fails saying so.
 */
export async function untilIdle(
  c: TestLspClient,
  deadline: number,
  what: string,
  settleMs = 1500,
): Promise<number> {
  for (;;) {
    try {
      await whileServerRuns(c, () => c.waitForStatus(settledIdle, Math.max(1, deadline - Date.now())));
    } catch (e) {
      throw new Error(
        `the language server never reported idle on ${what} (${c.published.length} publishes so far): ${(e as Error).message}`,
      );
    }
    const at = performance.now();
    const last = c.statuses.at(-1) as StatusParams;
    if (last.state !== 'idle')
      throw new Error(`the server's status on ${what} is ${last.state}: ${last.detail}`);
    const n = c.statuses.length;
    await new Promise((r) => setTimeout(r, settleMs));
    if (c.statuses.length === n) return at;
  }
}

/** Ends a server that did not finish: its go processes too (by the ids it started), then the server. */
export async function abandon(c: TestLspClient): Promise<void> {
  const pids = c.child.pid === undefined ? [] : descendants(c.child.pid);
  await c.close();
  killAll(pids.filter((p) => /\bgo\b/.test(cmdline(p))));
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

/** Diagnostics shown twice in one file: the same range and category. */
export function duplicateDiagnostics(shown: PublishedDiagnostics[]): number {
  let dup = 0;
  for (const p of shown) {
    const keys = p.diagnostics.map((d) => `${JSON.stringify(d.range)}\0${String(d.code ?? '')}`);
    dup += keys.length - new Set(keys).size;
  }
  return dup;
}

/** Error diagnostics shown (a provisional warning is not a failure). */
export const errorDiagnostics = (shown: PublishedDiagnostics[]): number =>
  shown.reduce((a, p) => a + p.diagnostics.filter((d) => d.severity === 1).length, 0);

/** Counts each kind of go process (its first two arguments: "mod download", "list -m", …). */
export function processKinds(procs: string[]): string {
  const m = new Map<string, number>();
  for (const line of procs) {
    const p = line.split(' ').slice(0, 2).join(' ');
    m.set(p, (m.get(p) ?? 0) + 1);
  }
  return [...m].map(([k, n]) => `${n}× go ${k}`).join(', ') || 'none';
}
