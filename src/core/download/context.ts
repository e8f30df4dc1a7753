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
  /** The module paths the check read through the batch's facts, for its saved result (saved.ts). */
  read?: Map<string, string>;
}

/** Records that the module graph of these files is fine (go mod graph, or a bulk download, proved it). */
export function markGraphOk(ctx: CheckContext): void {
  const cache = ctx.opts.cache;
  if (!cache) return;
  cache.setGraphOk(ctx.keys.graph);
  cache.later(() => cache.addOkRoots(ctx.keys.roots, ctx.targets.list));
}
