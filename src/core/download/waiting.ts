/**
 * Early word on a hang: while go runs, its `-x` trace says which requests it started (`# get URL`) and which
 * were answered. A request that has waited `noticeMs` or more is reported about once a second as a
 * provisional finding (category timeout, `provisional: true`) on the require it serves, with the waited time;
 * when nothing waits any more (an answer came), the report is one empty list. A run that ends (go stopped by the
 * timeout) reports nothing more: the check's final result replaces what was reported.
 */
import type { FixId, Finding } from '../classify/types.ts';
import { t } from '../l10n.ts';
import { isPrivate } from '../probe/targets.ts';
import { redact } from '../redact.ts';
import { requestLine, requestOperation, type OpenOperation } from './trace.ts';

/** A request of go's that has been waiting for an answer. */
export interface WaitingRequest {
  op: OpenOperation;
  waitedMs: number;
}

export interface WaitWatcherOptions {
  noticeMs: number;
  /** Between two reports. Default 1000 ms (less when noticeMs is shorter). */
  tickMs?: number;
  /** Called with the requests that waited long enough; an empty list once nothing waits any more. */
  report: (waiting: WaitingRequest[]) => void;
  now?: () => number;
}

/** Follows the stderr of go runs (each by an id) and reports the requests that wait too long. */
export class WaitWatcher {
  private readonly open = new Map<string, number>();
  private readonly partial = new Map<number, string>();
  private timer: NodeJS.Timeout | undefined;
  private reported = false;
  private nextRun = 0;
  private readonly now: () => number;

  constructor(private readonly opts: WaitWatcherOptions) {
    this.now = opts.now ?? Date.now;
  }

  /** A new go run: returns the stderr listener to give the runner, and the function to call when it ends. */
  startRun(): { onStderr: (chunk: Buffer) => void; end: () => void } {
    const id = this.nextRun++;
    this.ensureTimer();
    return {
      onStderr: (chunk) => this.feed(id, chunk.toString('utf8')),
      end: () => {
        this.partial.delete(id);
        for (const k of [...this.open.keys()]) if (k.startsWith(`${id} `)) this.open.delete(k);
      },
    };
  }

  private feed(id: number, text: string): void {
    const lines = ((this.partial.get(id) ?? '') + text).split('\n');
    this.partial.set(id, lines.pop() ?? '');
    for (const line of lines) {
      const r = requestLine(line.trimEnd());
      if (!r) continue;
      const key = `${id} ${r.url}`;
      const since = this.open.get(key);
      if (!r.done) {
        if (since === undefined) this.open.set(key, this.now());
        continue;
      }
      this.open.delete(key);
      // An answer to a request already reported: say so now, not at the next tick (go may be done by then).
      if (since !== undefined && this.reported && this.now() - since >= this.opts.noticeMs) this.tick();
    }
  }

  private ensureTimer(): void {
    if (this.timer) return;
    const every = this.opts.tickMs ?? Math.min(1000, Math.max(100, this.opts.noticeMs / 2));
    this.timer = setInterval(() => this.tick(), every);
    this.timer.unref();
  }

  /** Reports now (the timer calls it; tests may too). */
  tick(): void {
    const now = this.now();
    const waiting: WaitingRequest[] = [];
    for (const [key, since] of this.open) {
      if (now - since < this.opts.noticeMs) continue;
      waiting.push({ op: requestOperation(key.slice(key.indexOf(' ') + 1)), waitedMs: now - since });
    }
    if (waiting.length > 0) {
      this.reported = true;
      this.opts.report(waiting.sort((a, b) => b.waitedMs - a.waitedMs));
    } else if (this.reported) {
      this.reported = false;
      this.opts.report([]);
    }
  }

  /** Stops reporting (the check's result follows and replaces what was reported). */
  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.open.clear();
  }
}

/**
 * The provisional finding for a request still waiting: which host, how long, what that usually means, and the
 * fixes that apply now: another proxy, and GOPRIVATE unless the module is already kept away from the proxy
 * (GOPRIVATE/GONOPROXY, go's own rule in isPrivate).
 */
export function waitingFinding(w: WaitingRequest, env: Record<string, string>): Finding {
  const { op } = w;
  const secs = Math.floor(w.waitedMs / 1000);
  const host = op.host || op.what;
  const fixes: FixId[] =
    op.stage === 'verify'
      ? ['set-gonosumdb', 'check-network']
      : op.stage === 'toolchain'
        ? ['gotoolchain-local', 'set-goproxy']
        : ['set-goproxy', 'check-network'];
  if (
    op.module &&
    op.stage !== 'toolchain' &&
    !isPrivate(op.module, env, op.stage === 'verify' ? 'sumdb' : 'proxy')
  )
    fixes.push('set-goprivate');
  const f: Finding = {
    category: 'timeout',
    stage: op.stage,
    ruleId: 'engine-waiting',
    summary: t(
      'go has been waiting {0} s for an answer from {1}. A server that accepts the connection and never answers is usually a proxy that is blocked or unreachable from here, or a firewall that drops the traffic: go waits until it is stopped. Set GOPROXY to a proxy you can reach; if the module is private, list it in GOPRIVATE.',
      secs,
      host,
    ),
    evidence: [redact(`# get ${op.what}`)],
    fixes,
    host,
  };
  if (op.module) f.module = op.module;
  if (op.version) f.version = op.version;
  return f;
}
