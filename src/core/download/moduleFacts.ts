/**
 * Facts of the module cache read once for a whole batch across roots (batch.ts) and shared by its units: an
 * entry's stamp, whether it is complete, its hashes (the `.ziphash`, the go.mod's h1) and its parsed go.mod.
 * Roots of a monorepo share most of their requires, so each unit compares its own go.sum lines with the hashes
 * and walks the module graph in memory instead of reading the same files again (100 roots of 31 requires over
 * 540 modules: 540 entries read instead of 3,100).
 *
 * A snapshot of one batch, dropped with it: the entries the batch downloads are taken from go's report of its
 * download (learnDownloads), the others may be read while go runs (prime). A fact that turns stale during the batch (an entry read as
 * incomplete that a unit's own go run then fetches, a stamp taken before go added another version of the same
 * module) costs at most a go run or a second verification: go, not the snapshot, has the last word.
 */
import { parseGoMod } from '../gomod/parse.ts';
import type { GoModFile } from '../gomod/types.ts';
import { goModH1, readCachedGoMod, sumAgrees, type GoModReader } from './cachedGraph.ts';
import type { ModVersion } from './chain.ts';
import type { ModDownloadJson } from './jsonStream.ts';
import type { Confirmed, EntryReader } from './confirm.ts';
import { cacheEntryReadSync, cacheEntryStamp } from './modcache.ts';

interface EntryFact {
  /** The `.ziphash` and the go.mod's bytes and h1, when the entry is complete. */
  zipHash?: string;
  mod?: Buffer;
  modH1?: string;
}

/** What a check reads of the module cache through a batch's facts: ModuleFacts, or a view of it (noting). */
export interface FactsReader extends EntryReader {
  goMod: GoModReader;
}

/**
 * `facts`, noting in `read` each module path a check reads through it (path → a version: the stamp is the
 * path's), for the saved result that depends on them (saved.ts).
 */
export function noting(facts: FactsReader, read: Map<string, string>): FactsReader {
  return {
    stamp: (p, v) => (read.set(p, v), facts.stamp(p, v)),
    confirm: (p, v, sums) => (read.set(p, v), facts.confirm(p, v, sums)),
    confirmSync: (p, v, sums) => (read.set(p, v), facts.confirmSync!(p, v, sums)),
    goMod: (mv) => (read.set(mv.path, mv.version), facts.goMod(mv)),
  };
}

/** An entry's stamp, from the batch's facts when there are (one stat per module path), else from the folder. */
export function entryStamps(
  facts: FactsReader | undefined,
  gomodcache: string,
): (path: string, version: string) => string | undefined {
  return facts ? facts.stamp.bind(facts) : (p, v) => cacheEntryStamp(gomodcache, p, v);
}

/** How long priming reads entries before it lets go's output and other events in (ms). */
const PRIME_SLICE_MS = 2;

export class ModuleFacts implements FactsReader {
  private readonly entries = new Map<string, EntryFact>();
  private readonly stamps = new Map<string, string | undefined>();
  private readonly goMods = new Map<string, GoModFile | undefined>();

  constructor(readonly gomodcache: string) {}

  /** One stat per module path (the versions of a module share the stamped folder). */
  stamp(path: string, version: string): string | undefined {
    if (!this.stamps.has(path)) this.stamps.set(path, cacheEntryStamp(this.gomodcache, path, version));
    return this.stamps.get(path);
  }

  /** Complete, and every one of `sumLines` (the go.sum lines of its path) agrees with its hashes. */
  confirm(path: string, version: string, sumLines: string): Confirmed {
    return this.confirmSync(path, version, sumLines);
  }

  confirmSync(path: string, version: string, sumLines: string): Confirmed {
    const stamp = this.stamp(path, version);
    const e = this.entry(path, version);
    if (e.zipHash === undefined) return { ok: false };
    const modH1 = (): string => (e.modH1 ??= goModH1(path, version, e.mod!));
    return { ok: sumAgrees(path, version, [sumLines], e.zipHash, modH1), stamp };
  }

  /** The go.mod of path@version in the module cache, parsed once; undefined when it cannot be read. */
  readonly goMod = (mv: ModVersion): GoModFile | undefined => {
    const key = `${mv.path}@${mv.version}`;
    if (!this.goMods.has(key)) {
      const mod = this.entries.get(key)?.mod;
      const parsed = mod ? parseGoMod(mod.toString('utf8')) : undefined;
      this.goMods.set(
        key,
        parsed ? (parsed.errors.length > 0 ? undefined : parsed) : readCachedGoMod(this.gomodcache, mv),
      );
    }
    return this.goMods.get(key);
  };

  /**
   * Reads the entries and go.mod files of `mvs` ahead of the units (while the batch's go runs: the event loop
   * is otherwise idle then), a slice of time at a time so that go's output and other events are served in between.
   * Without `stamps`, their stamps are left for a unit to take when it asks.
   */
  async prime(mvs: ModVersion[], stamps = true): Promise<void> {
    let slice = performance.now();
    for (let i = 0; i < mvs.length; i++) {
      if (performance.now() - slice > PRIME_SLICE_MS) {
        await new Promise((r) => setImmediate(r));
        slice = performance.now();
      }
      const { path, version } = mvs[i];
      // (Not for what a run just downloaded while others still run: another version of its module may come.)
      if (stamps) this.stamp(path, version);
      if (this.entry(path, version).zipHash !== undefined) this.goMod(mvs[i]);
    }
  }

  /**
   * What go's own download said of the modules it fetched (`go mod download -json`: Sum is the `.ziphash` it
   * wrote, GoModSum the go.mod's h1, Dir the extracted tree): complete entries, taken without reading them again;
   * the modules it failed, incomplete.
   * Their go.mod files are read only when a module graph needs them.
   */
  learnDownloads(objs: ModDownloadJson[]): void {
    for (const o of objs) {
      // A module go failed to download (it had no .zip when the batch began): not complete, nothing to read.
      if (o.Error !== undefined && o.Version) this.entries.set(`${o.Path}@${o.Version}`, {});
      if (o.Error !== undefined || !o.Version || !o.Dir) continue;
      if (!o.Sum?.startsWith('h1:') || !o.GoModSum?.startsWith('h1:')) continue;
      this.entries.set(`${o.Path}@${o.Version}`, { zipHash: o.Sum, modH1: o.GoModSum });
    }
  }

  private entry(path: string, version: string): EntryFact {
    const key = `${path}@${version}`;
    let e = this.entries.get(key);
    if (!e) {
      e = cacheEntryReadSync(this.gomodcache, path, version) ?? {};
      this.entries.set(key, e);
    }
    return e;
  }
}
