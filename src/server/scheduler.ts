/**
 * Per module root: debounce requests, allow one run in flight and one queued rerun, cancel a run that a newer
 * request supersedes. Roots are independent, so a change to one go.mod re-runs only its root.
 */

export type RunFn = (root: string, signal: AbortSignal) => Promise<void>;

interface RootState {
  /** A pending request: a debounce timer, or an immediate for a request without delay. */
  timer: { cancel(): void } | undefined;
  running: AbortController | undefined;
  /** A rerun requested while a run was in flight. */
  queued: boolean;
  done: Promise<void>;
}

export interface SchedulerOptions {
  run: RunFn;
  /** Debounce for edits (ms). */
  debounceMs: number;
  /** At most this many roots run at once (gomodDoctor.concurrency; see setConcurrency). */
  concurrency: number;
  /** Called after a run starts and after it ended and the root is no longer running (for the status). */
  onChange?: () => void;
}

export class Scheduler {
  private readonly roots = new Map<string, RootState>();
  private active = 0;
  private concurrency: number;
  private readonly waiting: (() => void)[] = [];
  /** Number of runs started, for tests and benchmarks. */
  runsStarted = 0;
  /** The most runs that were ever in flight at once. */
  peakActive = 0;

  constructor(private readonly opts: SchedulerOptions) {
    this.concurrency = Math.max(1, opts.concurrency);
  }

  /** Changes how many roots run at once; runs waiting for a place start when it grew. */
  setConcurrency(n: number): void {
    this.concurrency = Math.max(1, n);
    this.pump();
  }

  /**
   * Asks for `root` to be checked after `delayMs` (default: the debounce). A request while a run is in flight
   * cancels that run when `supersede` is true (the input changed), and queues one rerun.
   */
  request(root: string, opts: { delayMs?: number; supersede?: boolean } = {}): void {
    const st = this.state(root);
    st.timer?.cancel();
    const fire = (): void => {
      st.timer = undefined;
      this.fire(root, st, opts.supersede ?? true);
    };
    const delay = opts.delayMs ?? this.opts.debounceMs;
    // setTimeout(0) waits at least a millisecond; a save or a recheck should not.
    if (delay <= 0) {
      const im = setImmediate(fire);
      st.timer = { cancel: () => clearImmediate(im) };
    } else {
      const tm = setTimeout(fire, delay);
      st.timer = { cancel: () => clearTimeout(tm) };
    }
  }

  /**
   * Starts `root`'s check now, in this very turn (a root a batch hands over: it never looks idle in between);
   * a run in flight is superseded as by request().
   */
  runNow(root: string): void {
    const st = this.state(root);
    st.timer?.cancel();
    st.timer = undefined;
    this.fire(root, st, true);
  }

  /** Runs `fn` in one of the `concurrency` places (a batch download across roots takes one, as a root does). */
  async withSlot<T>(fn: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  /** Forgets a root (its folder was removed); cancels its run. */
  remove(root: string): void {
    const st = this.roots.get(root);
    if (!st) return;
    st.timer?.cancel();
    st.running?.abort();
    this.roots.delete(root);
  }

  /** Cancels every pending, running and queued run (a cancelled re-check); roots stay known. */
  cancelAll(): void {
    for (const st of this.roots.values()) {
      st.timer?.cancel();
      st.timer = undefined;
      st.queued = false;
      st.running?.abort();
    }
  }

  /** Roots whose run is in flight now (not waiting for a debounce). */
  runningRoots(): string[] {
    return [...this.roots].filter(([, s]) => s.running !== undefined).map(([root]) => root);
  }

  /** Resolves when no root has a run pending, in flight or queued. */
  async idle(): Promise<void> {
    for (;;) {
      const busy = [...this.roots.values()].filter((s) => s.timer || s.running || s.queued);
      if (busy.length === 0) return;
      await Promise.all(busy.map((s) => s.done));
      await new Promise((r) => setImmediate(r));
    }
  }

  /** Whether `root` (without it: any root) has a run pending, in flight or queued. */
  isBusy(root?: string): boolean {
    const states = root === undefined ? [...this.roots.values()] : [this.roots.get(root)];
    return states.some(
      (s) => s !== undefined && (s.timer !== undefined || s.running !== undefined || s.queued),
    );
  }

  dispose(): void {
    for (const root of [...this.roots.keys()]) this.remove(root);
  }

  private state(root: string): RootState {
    let st = this.roots.get(root);
    if (!st) {
      st = { timer: undefined, running: undefined, queued: false, done: Promise.resolve() };
      this.roots.set(root, st);
    }
    return st;
  }

  private fire(root: string, st: RootState, supersede: boolean): void {
    if (st.running) {
      st.queued = true;
      if (supersede) st.running.abort();
      return;
    }
    st.done = this.execute(root, st);
  }

  private async execute(root: string, st: RootState): Promise<void> {
    const ctrl = new AbortController();
    st.running = ctrl;
    await this.acquire();
    try {
      if (!ctrl.signal.aborted && this.roots.get(root) === st) {
        this.runsStarted++;
        this.opts.onChange?.();
        await this.opts.run(root, ctrl.signal);
      }
    } catch {
      // The run function reports its own failures; a rejected run must not stop the scheduler.
    } finally {
      this.release();
      st.running = undefined;
      if (!st.queued) this.opts.onChange?.();
    }
    if (st.queued && this.roots.get(root) === st) {
      st.queued = false;
      await this.execute(root, st);
    }
  }

  /** Takes a place among the `concurrency` runs; a waiting run is given its place by pump(). */
  private async acquire(): Promise<void> {
    if (this.active < this.concurrency) {
      this.take();
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private take(): void {
    this.active++;
    this.peakActive = Math.max(this.peakActive, this.active);
  }

  private release(): void {
    this.active--;
    this.pump();
  }

  /**
   * Gives waiting runs their places; each starts on a later turn of the event loop. A root's check can be
   * synchronous work from start to end (a warm restart's checks find everything in caches): started in the same
   * turn, a hundred of them would run as one block and the client would hear nothing, no publish, status or
   * answer to a request, until the last.
   */
  private pump(): void {
    while (this.active < this.concurrency && this.waiting.length > 0) {
      this.take();
      setImmediate(this.waiting.shift()!);
    }
  }
}
