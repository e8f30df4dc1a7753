/**
 * Early word on a hang in a batch across roots (batch.ts): the batch's go runs are followed like a single
 * check's (waiting.ts), and each unit whose requires are among the waited-on modules hears about it through its
 * own onWaiting, on its own require lines; a unit that heard something gets one empty list once nothing it
 * needs waits any more. Units whose requires go is not waiting for hear nothing. The units' checks after the
 * batch give the final results, which replace what was reported.
 */
import { Attribution } from './attribute.ts';
import { hungTarget } from './hang.ts';
import type { CheckKeys } from './keys.ts';
import type { TargetSet } from './targets.ts';
import type { AttributedFinding, World } from './types.ts';
import { WaitWatcher, type WaitingRequest } from './waiting.ts';

/** A unit of the batch as loaded for it: its files, its targets, and where its early word goes. */
export interface WaitingUnit {
  world: World;
  targets: TargetSet;
  /** Computed by the batch when it needed them (a kept or saved result to look up). */
  keys?: CheckKeys;
  env: Record<string, string>;
  onWaiting?: (findings: AttributedFinding[]) => void;
}

/** The requests among `ws` that serve one of the unit's targets. */
function waitedFor(u: WaitingUnit, ws: WaitingRequest[]): WaitingRequest[] {
  const of = (p: string | undefined, v?: string) => u.targets.of(p, v);
  return ws.filter((w) => hungTarget([w.op], u.targets.list, of) !== undefined);
}

/** A watcher for the batch's go runs, or undefined when no unit listens. */
export function batchWatcher(units: WaitingUnit[], noticeMs: number): WaitWatcher | undefined {
  const listening = units.filter((u) => u.onWaiting !== undefined);
  if (listening.length === 0) return undefined;
  const told = new Set<WaitingUnit>();
  return new WaitWatcher({
    noticeMs,
    report: (ws) => {
      for (const u of listening) {
        const mine = waitedFor(u, ws);
        const fs = mine.length === 0 ? [] : new Attribution(u.world, u.targets).provisional(mine, u.env);
        if (fs.length > 0) {
          told.add(u);
          u.onWaiting!(fs);
        } else if (told.delete(u)) u.onWaiting!([]);
      }
    },
  });
}
