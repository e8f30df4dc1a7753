/**
 * How the check runs go without touching the user's files: go runs with `-modfile=<private copy of go.mod>`
 * (go then writes the copy's go.sum beside it) and GOWORK=off, or for a workspace with GOWORK=<private copy of
 * go.work> whose `use` and local `replace` paths are made absolute (go then writes the copy's go.work.sum). A
 * module of its own for a few downloads is `alone.mod`/`alone.sum` beside them. The copies live in a 0700
 * folder that a CheckCache keeps per root between checks (rewritten before every go run), else in a temporary
 * folder removed after the check. Files are written synchronously: a few small files, and each asynchronous
 * file operation costs a thread-pool round trip on a busy machine.
 */
import { closeSync, ftruncateSync, openSync, rmSync, writeSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { isSafeModuleKey } from '../gomod/modpath.ts';
import type { GoWorkFile, Position } from '../gomod/types.ts';
import { run, type RunResult } from '../run/runner.ts';
import { makeTempDir } from '../run/watchdog.ts';
import { workSumOf } from '../workspace/goWork.ts';
import type { CheckCache } from './cache.ts';
import type { WaitWatcher } from './waiting.ts';
import type { World } from './types.ts';

function offsetAt(text: string, pos: Position): number {
  let off = text.startsWith('\uFEFF') ? 1 : 0;
  for (let line = 0; line < pos.line; line++) {
    const m = /\r\n|\n|\r/g;
    m.lastIndex = off;
    const hit = m.exec(text);
    if (!hit) return text.length;
    off = hit.index + hit[0].length;
  }
  return Math.min(off + pos.character, text.length);
}

/** A copy of go.work whose `use` and local `replace` paths are absolute (relative to the original's folder). */
export function absolutizeGoWork(text: string, parsed: GoWorkFile, workDir: string): string {
  const edits: { start: number; end: number; text: string }[] = [];
  const abs = (p: string): string => (isAbsolute(p) ? p : resolve(workDir, p));
  for (const u of parsed.use) {
    edits.push({
      start: offsetAt(text, u.path.range.start),
      end: offsetAt(text, u.path.range.end),
      text: JSON.stringify(abs(u.path.value)),
    });
  }
  for (const r of parsed.replace) {
    if (!r.local) continue;
    edits.push({
      start: offsetAt(text, r.new.path.range.start),
      end: offsetAt(text, r.new.path.range.end),
      text: JSON.stringify(abs(r.new.path.value)),
    });
  }
  edits.sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of edits) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/**
 * Writes a private copy (mode 0600 when new) in place: opened without truncation, written, then cut to its
 * length. Truncating a file to zero and writing it again makes ext4 start its writeback on close (its safeguard
 * for files replaced by truncation): 2-4 ms a file on this machine against tens of microseconds, paid before
 * go starts on every check that runs go. Only for files of the private folder (never a user's file).
 */
export function writeInPlace(p: string, text: string): void {
  const data = Buffer.from(text);
  let fd: number;
  try {
    fd = openSync(p, 'r+');
  } catch {
    fd = openSync(p, 'w', 0o600);
  }
  try {
    writeSync(fd, data, 0, data.length, 0);
    ftruncateSync(fd, data.length);
  } finally {
    closeSync(fd);
  }
}

/** `go mod download -json -x -- keys`: only valid path@version arguments, after "--" (never a flag). */
export function downloadArgs(keys: string[]): string[] {
  return ['mod', 'download', '-json', '-x', '--', ...keys.filter(isSafeModuleKey)];
}

/** The go.mod and go.sum of a module of its own (see early.ts). */
export interface AloneModule {
  mod: string;
  sum: string;
}

export interface GoFilesOptions {
  goBin: string;
  /** The module or workspace root (absolute): go runs there. */
  dir: string;
  env: Record<string, string>;
  timeoutMs: number;
  signal?: AbortSignal;
  cache?: CheckCache;
  /** Follows every run's trace for the early word on a hang. */
  watcher?: WaitWatcher;
}

/** The go runs of one check, on a private copy of its files; every run is kept in `runs`. */
export class GoFiles {
  readonly runs: RunResult[] = [];
  /** The files, once loaded: go runs on them only after that (an early run uses its own module). */
  world: World | undefined;
  private tmp: string | undefined;
  private owned = false;
  private copied = false;
  private runEnv: Record<string, string>;
  private readonly modfileArgs: string[] = [];

  constructor(private readonly o: GoFilesOptions) {
    this.runEnv = o.env;
  }

  /** `go ARGS[0] ARGS[1] <-modfile=copy> ARGS[2…]` on the copy of the files. */
  run(args: string[]): Promise<RunResult> {
    const extra = this.ensureCopy();
    return this.exec([this.o.goBin, ...args.slice(0, 2), ...extra, ...args.slice(2)], this.runEnv);
  }

  /** The same in a module of its own (GOWORK=off): see early.ts. */
  runAlone(args: string[], alone: AloneModule): Promise<RunResult> {
    this.writeAlone(alone);
    return this.runAloneWritten(args);
  }

  /** Writes the module of its own, for runAloneWritten (a batch writes each run's before starting any). */
  writeAlone(alone: AloneModule): void {
    this.put('alone.mod', alone.mod);
    this.put('alone.sum', alone.sum);
  }

  /** runAlone on the module writeAlone wrote. */
  runAloneWritten(args: string[]): Promise<RunResult> {
    const modfile = `-modfile=${join(this.shadow(), 'alone.mod')}`;
    return this.exec([this.o.goBin, ...args.slice(0, 2), modfile, ...args.slice(2)], {
      ...this.o.env,
      GOWORK: 'off',
    });
  }

  /** go on the copy with extra variables (GOPROXY=off for a check that must not download). */
  runWith(args: string[], env: Record<string, string>): Promise<RunResult> {
    const extra = this.ensureCopy();
    return this.exec([this.o.goBin, ...args.slice(0, 2), ...extra, ...args.slice(2)], {
      ...this.runEnv,
      ...env,
    });
  }

  /** go on the files as they are, in the root (for a command that writes nothing, such as `go list -m`). */
  runInPlace(args: string[], env: Record<string, string>): Promise<RunResult> {
    return this.exec([this.o.goBin, ...args], { ...this.o.env, ...env });
  }

  /** Gives the folder back (or removes a temporary one); go must be done with it. */
  release(): void {
    if (this.tmp !== undefined && this.owned) rmSync(this.tmp, { recursive: true, force: true });
    else if (this.tmp !== undefined) this.o.cache?.releaseShadow(this.o.dir);
    this.tmp = undefined;
  }

  private async exec(command: string[], env: Record<string, string>): Promise<RunResult> {
    const w = this.o.watcher?.startRun();
    const { dir: cwd, timeoutMs, signal } = this.o;
    const r = await run(command, { cwd, env, timeoutMs, signal, onStderr: w?.onStderr });
    w?.end();
    this.runs.push(r);
    return r;
  }

  private shadow(): string {
    if (this.tmp !== undefined) return this.tmp;
    this.tmp = this.o.cache?.borrowShadow(this.o.dir);
    if (this.tmp === undefined) {
      this.tmp = makeTempDir('check');
      this.owned = true;
    }
    return this.tmp;
  }

  private put(name: string, text: string | undefined): void {
    const p = join(this.shadow(), name);
    if (text !== undefined) writeInPlace(p, text);
    else rmSync(p, { force: true });
  }

  private ensureCopy(): string[] {
    if (this.copied) return this.modfileArgs;
    this.copied = true;
    const world = this.world!;
    const { dir, env } = this.o;
    if (world.mode === 'workspace' && world.work) {
      // The copy is named go.work whatever the original's name (GOWORK=/src/dev.work): its checksums are
      // `<file>.sum` beside it, so the copy's go.work.sum is the original's dev.work.sum.
      const work = world.work.path;
      this.put('go.work', absolutizeGoWork(world.work.text, world.work.parsed, dirname(work)));
      this.put('go.work.sum', world.sums.get(workSumOf(work)));
      this.runEnv = { ...env, GOWORK: join(this.shadow(), 'go.work') };
    } else {
      this.put('go.mod', world.mods[0].text);
      this.put('go.sum', world.sums.get(join(dir, 'go.sum')));
      this.runEnv = { ...env, GOWORK: 'off' };
      this.modfileArgs.push(`-modfile=${join(this.shadow(), 'go.mod')}`);
    }
    return this.modfileArgs;
  }
}
