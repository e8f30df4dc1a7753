/**
 * Step 3 of the check: confirm the module cache. A target whose entry in $GOMODCACHE/cache/download is
 * complete and agrees with go.sum costs no process ('cached'). An entry verified by an earlier check is proven
 * unchanged by one stat (its stamp); the others get the full check, concurrently (one at a time costs a
 * thread-pool round trip each). What is left is pending: the download step's work.
 *
 * How an entry is read is an EntryReader: the files themselves (asynchronously, or synchronously where nothing
 * else waits on the event loop), or the facts a batch across roots read once for all its units (moduleFacts.ts).
 */
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
}

export interface Confirmed {
  ok: boolean;
  stamp?: string;
}

/** The entry's files, read for this check (synchronously with `sync`). */
export function fileEntryReader(gomodcache: string, sync: boolean): EntryReader {
  return {
    stamp: (path, version) => cacheEntryStamp(gomodcache, path, version),
    confirm: async (path, version, sumLines) => {
      // No .zip (a version never downloaded): not complete, settled by one synchronous stat.
      if (!cacheZipExists(gomodcache, path, version)) return { ok: false };
      const stamp = cacheEntryStamp(gomodcache, path, version);
      const ok = sync
        ? cacheEntryCompleteSync(gomodcache, path, version) &&
          goSumAgreesSync(gomodcache, path, version, [sumLines])
        : (await cacheEntryStatus(gomodcache, path, version)).complete &&
          (await goSumAgrees(gomodcache, path, version, [sumLines]));
      return { ok, stamp };
    },
  };
}

export class CacheConfirmation {
  /** Targets verified by an earlier check: one stat each confirms them (confirmStamped). */
  private readonly stamped: Target[] = [];
  private readonly unverified: Target[] = [];
  /** go.sum lines by module path, split once (not once per target: 1,000 requires x 2,000 lines). */
  private readonly sumsByPath = new Map<string, string[]>();
  private readonly entryKeys = new Map<Target, string>();

  constructor(
    world: World,
    targets: Target[],
    private readonly gomodcache: string,
    private readonly cache: CheckCache | undefined,
    private readonly reader: EntryReader = fileEntryReader(gomodcache, false),
  ) {
    for (const text of world.sums.values()) {
      for (const line of text.split('\n')) {
        const p = line.trim().split(/\s/, 1)[0];
        if (p) this.sumsByPath.set(p, [...(this.sumsByPath.get(p) ?? []), line]);
      }
    }
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
    await forEachLimit(todo, 32, (tg) => this.fullCheck(tg));
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
    await forEachLimit(changed, 32, (tg) => this.fullCheck(tg));
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

  /** Complete, and go.sum agrees with it (else go reports a mismatch). */
  private async fullCheck(tg: Target): Promise<void> {
    const sumLines = (this.sumsByPath.get(tg.path) ?? []).join('\n');
    const { ok, stamp } = await this.reader.confirm(tg.path, tg.version, sumLines);
    if (ok) {
      tg.status = 'cached';
      if (stamp !== undefined) this.cache?.setCachedEntry(this.entryKeyOf(tg), stamp);
    }
  }
}
