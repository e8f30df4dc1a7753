/**
 * The bulk strategy, for many modules to fetch at once (a cold check of a large module).
 */
import { compareGoVersions } from './cachedGraph.ts';
import type { World } from './types.ts';

/**
 * Below this many modules to fetch, the engine gives go explicit `path@version` arguments at once. go resolves
 * explicit arguments one after another (a `.info` request each, before any download starts), so with hundreds
 * of them it is markedly slower than `go mod download` without arguments, which takes the versions from go.mod,
 * downloads in parallel and, for a go.mod at go 1.17 or later, loads the whole module graph first (exactly
 * what `go mod graph` loads; it stops at the first error without printing JSON). So for many modules the engine
 * runs that first: when it succeeds, every module is downloaded and the graph is proven in one process; when
 * it fails, the explicit arguments and the graph load follow, as for a few modules, to attribute the failure.
 */
export const BULK_MIN_PENDING = 16;

export function bulkFirst(world: World, pending: number): boolean {
  if (pending < BULK_MIN_PENDING || world.mode !== 'module') return false;
  const goLine = world.mods[0]?.parsed.go?.value;
  // Before go 1.17 (or without a go line), no arguments means "all": every module of the build list.
  return goLine !== undefined && compareGoVersions(goLine, '1.17') >= 0;
}
