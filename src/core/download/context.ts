/** What every step of one check shares: its options, the files, the targets, go's runs and the findings. */
import type { Attribution } from './attribute.ts';
import type { Early } from './early.ts';
import type { GoFiles } from './goFiles.ts';
import type { CheckKeys } from './keys.ts';
import type { TargetSet } from './targets.ts';
import type { VendorMode } from '../workspace/vendor.ts';
import type { CheckOptions, World } from './types.ts';

export interface CheckContext {
  opts: CheckOptions;
  /** The module or workspace root, absolute. */
  dir: string;
  timeoutMs: number;
  gomodcache: string;
  world: World;
  keys: CheckKeys;
  targets: TargetSet;
  go: GoFiles;
  out: Attribution;
  /** A download started before the parse or the cache confirmation (early.ts), adopted by the download step. */
  early: Early | undefined;
  /** Set when go builds from vendor/ (the vendored step replaces steps 3 to 5). */
  vendor: VendorMode | undefined;
  /**
   * For its saved result (saved.ts), when results are saved: the module paths the check read (through the
   * batch's facts, or named by a go run that loaded the graph), and whether its graph verdict came from
   * something it cannot prove again (a verdict kept in memory): such a result is not saved.
   */
  read?: Map<string, string>;
  graphUntracked?: boolean;
}

/** Notes module@versions a go run loaded (go mod graph's nodes, a bulk download's modules): the result needs them. */
export function noteRead(ctx: CheckContext, mvs: Iterable<{ path: string; version: string }>): void {
  if (ctx.read) for (const { path, version } of mvs) ctx.read.set(path, version);
}

/** Records that the module graph of these files is fine (go mod graph, or a bulk download, proved it). */
export function markGraphOk(ctx: CheckContext): void {
  const cache = ctx.opts.cache;
  if (!cache) return;
  cache.setGraphOk(ctx.keys.graph);
  cache.later(() => cache.addOkRoots(ctx.keys.roots, ctx.targets.list));
}
