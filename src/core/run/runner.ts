/**
 * The one way the engine starts a process (go, and through go, git).
 *
 * - Never a shell: the command is an argv array.
 * - Never throws because of the child: a non-zero exit, a signal, a timeout, a cancellation or a
 *   failure to start (ENOENT) all come back as a {@link RunResult}.
 * - The child gets exactly the environment it is given (no silent inheritance of process.env).
 * - The child starts in a process group of its own, so a timeout or a cancellation kills the whole
 *   tree (go starts git, git starts git-remote-https): SIGTERM to the group, SIGKILL after a short
 *   grace, and once more SIGKILL to the group when the leader is gone, so no grandchild survives.
 * - The group is registered with the watchdog (watchdog.ts): if this process dies, even by SIGKILL, the
 *   watchdog kills it.
 * - Output is capped: beyond `maxOutputBytes` per stream, the middle is dropped (the head and the
 *   tail are kept, the tail usually holds the final error) and `truncated` is set.
 */
import { execa } from 'execa';
import { watchGroup } from './watchdog.ts';

export interface RunOptions {
  cwd?: string;
  /** The child's whole environment. */
  env: Record<string, string>;
  /** Kill the process tree after this many milliseconds. 0 or absent: no limit. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Cap per stream (stdout, stderr). Default 8 MiB. */
  maxOutputBytes?: number;
  /** Time between SIGTERM and SIGKILL when stopping the tree. Default 300 ms. */
  killGraceMs?: number;
  /** Sees stderr as it arrives (go's `-x` trace, to tell early what it waits for); the result still holds it all. */
  onStderr?: (chunk: Buffer) => void;
}

export interface RunResult {
  command: string[];
  exitCode?: number;
  signal?: string;
  timedOut: boolean;
  canceled: boolean;
  durationMs: number;
  stdout: string;
  stderr: string;
  truncated: boolean;
  /** Set when the process could not be started (e.g. code ENOENT: the binary does not exist). */
  spawnError?: { code?: string; message: string };
}

const DEFAULT_MAX_OUTPUT = 8 * 1024 * 1024;

/** Keeps the head and the tail of a stream within a byte budget. */
class CappedSink {
  private head: Buffer[] = [];
  private headBytes = 0;
  private tail: Buffer[] = [];
  private tailBytes = 0;
  private dropped = 0;
  private readonly headCap: number;
  private readonly tailCap: number;

  constructor(cap: number) {
    this.tailCap = Math.floor(cap / 4);
    this.headCap = cap - this.tailCap;
  }

  write(chunk: Buffer): void {
    if (this.headBytes < this.headCap) {
      const take = Math.min(chunk.length, this.headCap - this.headBytes);
      this.head.push(chunk.subarray(0, take));
      this.headBytes += take;
      chunk = chunk.subarray(take);
      if (chunk.length === 0) return;
    }
    this.tail.push(chunk);
    this.tailBytes += chunk.length;
    while (this.tailBytes > this.tailCap && this.tail.length > 0) {
      const first = this.tail[0];
      const excess = this.tailBytes - this.tailCap;
      if (first.length <= excess) {
        this.tail.shift();
        this.tailBytes -= first.length;
        this.dropped += first.length;
      } else {
        this.tail[0] = first.subarray(excess);
        this.tailBytes -= excess;
        this.dropped += excess;
      }
    }
  }

  get truncated(): boolean {
    return this.dropped > 0;
  }

  text(): string {
    const head = Buffer.concat(this.head).toString('utf8');
    const tail = Buffer.concat(this.tail).toString('utf8');
    if (this.dropped === 0) return head + tail;
    return `${head}\n[... ${this.dropped} bytes omitted ...]\n${tail}`;
  }
}

function killGroup(pid: number | undefined, sig: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, sig);
  } catch {
    // ESRCH: the group is already gone.
  }
}

/** Whether any process of the group `pgid` still exists (Linux: /proc; elsewhere: signal 0). */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Starts the child as the leader of a process group of its own, with exactly the given environment. */
function spawnGroup(command: string[], opts: RunOptions) {
  return execa(command[0], command.slice(1), {
    cwd: opts.cwd,
    env: opts.env,
    extendEnv: false,
    detached: true,
    cleanup: false,
    buffer: false,
    reject: false,
    stdin: 'ignore',
    windowsHide: true,
  });
}

type Finished = Awaited<ReturnType<typeof spawnGroup>>;

/**
 * Stops the child's tree when the time is up or the caller cancels (SIGTERM to the group, SIGKILL after the
 * grace), and remembers which of the two happened.
 */
class TreeGuard {
  timedOut = false;
  canceled = false;
  private killTimer: NodeJS.Timeout | undefined;
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly pid: number | undefined;
  private readonly grace: number;
  private readonly signal: AbortSignal | undefined;
  private readonly onAbort = (): void => {
    this.canceled = true;
    this.stopTree();
  };

  constructor(pid: number | undefined, opts: RunOptions) {
    this.pid = pid;
    this.grace = opts.killGraceMs ?? 300;
    this.signal = opts.signal;
    this.timer =
      opts.timeoutMs && opts.timeoutMs > 0
        ? setTimeout(() => {
            this.timedOut = true;
            this.stopTree();
          }, opts.timeoutMs)
        : undefined;
    this.signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  private stopTree(): void {
    if (this.killTimer) return;
    killGroup(this.pid, 'SIGTERM');
    this.killTimer = setTimeout(() => killGroup(this.pid, 'SIGKILL'), this.grace);
  }

  /** Once the child has ended: no timer or listener outlives it. */
  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.killTimer) clearTimeout(this.killTimer);
    this.signal?.removeEventListener('abort', this.onAbort);
  }
}

/** Why the process could not be started, from execa's result. */
function spawnErrorOf(r: Finished): NonNullable<RunResult['spawnError']> {
  const cause = r.cause as { code?: unknown; message?: unknown } | undefined;
  return {
    code: typeof cause?.code === 'string' ? cause.code : undefined,
    message:
      typeof cause?.message === 'string'
        ? cause.message
        : (r.shortMessage ?? 'the process could not be started'),
  };
}

/** Runs `command[0]` with `command.slice(1)` as arguments. Resolves, never rejects. */
export async function run(command: string[], opts: RunOptions): Promise<RunResult> {
  const started = Date.now();
  if (opts.signal?.aborted) {
    const durationMs = Date.now() - started;
    return { command, timedOut: false, canceled: true, durationMs, stdout: '', stderr: '', truncated: false };
  }
  const cap = opts.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;
  const out = new CappedSink(cap);
  const err = new CappedSink(cap);
  const child = spawnGroup(command, opts);
  const pid = child.pid;
  // If we die before the group ends (even by SIGKILL), the watchdog kills it.
  const release = pid !== undefined ? watchGroup(pid) : undefined;
  child.stdout?.on('data', (c: Buffer) => out.write(c));
  const onStderr = opts.onStderr;
  child.stderr?.on('data', (c: Buffer) => {
    err.write(c);
    onStderr?.(c);
  });
  const guard = new TreeGuard(pid, opts);
  // The leader exiting does not close the pipes while a grandchild holds them: once the leader is
  // gone, its group has no business running on, so kill it (this also ends the pipes).
  child.once('exit', () => killGroup(pid, 'SIGKILL'));

  const r = await child;
  guard.dispose();
  killGroup(pid, 'SIGKILL');
  release?.();

  const { timedOut, canceled } = guard;
  const result: RunResult = {
    command,
    timedOut,
    canceled,
    durationMs: Date.now() - started,
    stdout: out.text(),
    stderr: err.text(),
    truncated: out.truncated || err.truncated,
  };
  if (typeof r.exitCode === 'number') result.exitCode = r.exitCode;
  if (r.signal) result.signal = r.signal;
  if (pid === undefined || (r.failed && r.exitCode === undefined && !r.signal && !timedOut && !canceled)) {
    result.spawnError = spawnErrorOf(r);
  }
  return result;
}
