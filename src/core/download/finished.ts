/**
 * One handler for a finished go run, whatever step ran it: go could not be started (go-missing: one finding on
 * the go line), go was stopped by the timeout (a hang: the finding names what go was still waiting for, on the
 * target that request served), go was canceled (nothing to say), or go exited (the step reads its output).
 */
import type { RunResult } from '../run/runner.ts';
import { classifyOne, type Attribution } from './attribute.ts';
import { hangFinding, hungTarget } from './hang.ts';
import { openOperations, parseTrace } from './trace.ts';
import type { Target } from './types.ts';

export type RunEnd = 'go-missing' | 'timed-out' | 'canceled' | 'exited';

export interface HangPlace {
  /** The targets the run was working for: a hang goes to the one its open request serves. */
  candidates: Target[];
  /**
   * Where a hang goes when no candidate matches: every candidate, the go line, or the go line when go was
   * waiting for something no require names (a dependency of a dependency) and every candidate when the trace
   * shows nothing open.
   */
  otherwise: 'candidates' | 'go-line' | 'go-line-if-open';
  timeoutMs: number;
}

export function finishedRun(r: RunResult, out: Attribution, hang: HangPlace): RunEnd {
  if (r.spawnError !== undefined) {
    out.attach(classifyOne({ stderr: r.spawnError.message, exitCode: 127 }), out.goLineSite());
    return 'go-missing';
  }
  if (r.canceled && !r.timedOut) return 'canceled';
  if (!r.timedOut) return 'exited';
  const ops = openOperations(parseTrace(r.stderr));
  const f = hangFinding(r, ops, hang.timeoutMs);
  const tg = hungTarget(ops, hang.candidates, (p, v) => out.targets.of(p, v));
  if (tg) out.toTarget(f, tg);
  else if (hang.otherwise === 'go-line' || (hang.otherwise === 'go-line-if-open' && ops.length > 0))
    out.attach(f, out.goLineSite());
  else for (const c of hang.candidates) out.toTarget(f, c);
  return 'timed-out';
}

/** Whether go stopped before it finished (timeout, cancellation) or never started. */
export function cutShort(r: RunResult): boolean {
  return r.timedOut || r.canceled || r.spawnError !== undefined;
}
