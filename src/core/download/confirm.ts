/**
 * Step 3 of the check: confirm the module cache. A target whose entry in $GOMODCACHE/cache/download is
 * complete and agrees with go.sum costs no process ('cached'). An entry verified by an earlier check is proven
 * unchanged by one stat (its stamp); the others get the full check, concurrently (one at a time costs a
 * thread-pool round trip each). What is left is pending: the download step's work.
 *
 * How an entry is read is an EntryReader: the files themselves (asynchronously, or synchronously where nothing
 * else waits on the event loop), or the facts a batch across roots read once for all its units (moduleFacts.ts).
 */
import { sumIndexOf } from '../gosum/index.ts';
import type { CheckCache } from './cache.ts';
import { goSumAgrees, goSumAgreesSync } from './cachedGraph.ts';
import { cacheEntryCompleteSync, cacheEntryStamp, cacheEntryStatus, cacheZipExists } from './modcache.ts';
import type { Target, World } from './types.ts';
import { forEachLimit } from './util.ts';

export interface EntryReader {
  /** The entry's stamp (see cacheEntryStamp). */
  stamp(path: string, version: string): string | undefined;
  /**
   * Whether the entry is complete and its go.sum lines (`sumLines`, those of its module path) agree with it,
   * with its stamp taken before the check (a change while it runs makes the next check verify it again).
   */
  confirm(path: string, version: string, sumLines: string): Confirmed | Promise<Confirmed>;
  /** The same answer without a promise, where the reader has it at hand (a batch's facts, synchronous reads). */
  confirmSync?(path: string, version: string, sumLines: string): Confirmed;
}

export interface Confirmed {
  ok: boolean;
  stamp?: string;
}

/** The entry's files, read for this check (synchronously with `sync`). */
export function fileEntryReader(gomodcache: string, sync: boolean): EntryReader {
  const stamp = (path: string, version: string): string | undefined =>
    cacheEntryStamp(gomodcache, path, version);
  if (sync) {
    const confirmSync = (path: string, version: string, sumLines: string): Confirmed => {
      // No .zip (a version never downloaded): not complete, settled by one synchronous stat.
      if (!cacheZipExists(gomodcache, path, version)) return { ok: false };
      const st = stamp(path, version);
      const ok =
        cacheEntryCompleteSync(gomodcache, path, version) &&
        goSumAgreesSync(gomodcache, path, version, [sumLines]);
      return { ok, stamp: st };
    };
    return { stamp, confirm: confirmSync, confirmSync };
  }
  return {
    stamp,
    confirm: async (path, version, sumLines) => {
      if (!cacheZipExists(gomodcache, path, version)) return { ok: false };
      const st = stamp(path, version);
      const ok =
        (await cacheEntryStatus(gomodcache, path, version)).complete &&
        (await goSumAgrees(gomodcache, path, version, [sumLines]));
      return { ok, stamp: st };
    },
  };
}

export class CacheConfirmation {
  /** Targets verified by an earlier check: one stat each confirms them (confirmStamped). */
  private readonly stamped: Target[] = [];
  private readonly unverified: Target[] = [];
  /** go.sum lines by module path, split once (not once per target: 1,000 requires x 2,000 lines). */
  private readonly sumsByPath: ReadonlyMap<string, string[]>;
  private readonly entryKeys = new Map<Target, string>();

  constructor(
    world: World,
    targets: Target[],
    private readonly gomodcache: string,
    private readonly cache: CheckCache | undefined,
    private readonly reader: EntryReader = fileEntryReader(gomodcache, false),
  ) {
    this.sumsByPath = sumIndexOf(world.sums).byPath;
    for (const tg of targets)
      (cache?.cachedEntry(this.entryKeyOf(tg)) !== undefined ? this.stamped : this.unverified).push(tg);
  }

  /**
   * The full check of the entries never verified, except those go is downloading already (they had no .zip
   * when it started: its run, not a look at the entry, says). Returns the targets still pending.
   */
  async confirmUnverified(downloading: ReadonlySet<string>): Promise<Target[]> {
    const todo =
      downloading.size > 0
        ? this.unverified.filter((tg) => !downloading.has(`${tg.path}@${tg.version}`))
        : this.unverified;
    await this.fullChecks(todo);
    return this.unverified.filter((tg) => tg.status !== 'cached');
  }

  /** Confirms the stamped entries; returns those that changed and are no longer complete (rare). */
  async confirmStamped(): Promise<Target[]> {
    const changed: Target[] = [];
    for (const tg of this.stamped) {
      if (this.cache?.cachedEntry(this.entryKeyOf(tg)) === this.reader.stamp(tg.path, tg.version))
        tg.status = 'cached';
      else changed.push(tg);
    }
    await this.fullChecks(changed);
    return changed.filter((tg) => tg.status !== 'cached');
  }

  private entryKeyOf(tg: Target): string {
    let k = this.entryKeys.get(tg);
    if (k === undefined) {
      const sums = (this.sumsByPath.get(tg.path) ?? []).join('\n');
      k = `${this.gomodcache}\0${tg.path}@${tg.version}\0${sums}`;
      this.entryKeys.set(tg, k);
    }
    return k;
  }

  /** Each complete, and go.sum agrees with it (else go reports a mismatch); without promises where it can. */
  private async fullChecks(tgs: Target[]): Promise<void> {
    const sync = this.reader.confirmSync?.bind(this.reader);
    if (sync) for (const tg of tgs) this.settle(tg, sync(tg.path, tg.version, this.sumLinesOf(tg)));
    else
      await forEachLimit(tgs, 32, async (tg) =>
        this.settle(tg, await this.reader.confirm(tg.path, tg.version, this.sumLinesOf(tg))),
      );
  }

  private sumLinesOf(tg: Target): string {
    return (this.sumsByPath.get(tg.path) ?? []).join('\n');
  }

  private settle(tg: Target, { ok, stamp }: Confirmed): void {
    if (!ok) return;
    tg.status = 'cached';
    if (stamp !== undefined) this.cache?.setCachedEntry(this.entryKeyOf(tg), stamp);
  }
}
