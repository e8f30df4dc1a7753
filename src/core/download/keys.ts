/**
 * What the check's caches are keyed by: the graph verdict by what of the files can change `go mod graph`
 * (not comments, layout or `// indirect`), with and without the require lines; the result by the texts
 * themselves (it holds line positions). All with the go binary, its version and the environment.
 */
import { createHash } from 'node:crypto';
import type { GoModFile, GoWorkFile, Replace } from '../gomod/types.ts';
import type { World } from './types.ts';

/** The hash of some texts, each prefixed by its length (no two lists of texts give the same input). */
function hashTexts(texts: (string | undefined)[]): string {
  const h = createHash('sha256');
  for (const t of texts) h.update(t === undefined ? '-\n' : `${t.length}\n`).update(t ?? '');
  return h.digest('hex');
}

/**
 * What of a go.mod/go.work can change `go mod graph`'s verdict: not comments, layout or `// indirect` marks, so
 * an edit of those needs no new graph run.
 */
export function graphShape(f: GoModFile | GoWorkFile, withRequires = true): unknown {
  const ref = (r: Replace): unknown => [
    r.old.path.value,
    r.old.version?.value,
    r.new.path.value,
    r.new.version?.value,
  ];
  return [
    f.kind,
    'module' in f ? f.module?.value : undefined,
    f.go?.value,
    f.toolchain?.value,
    f.godebug.map((g) => [g.key.value, g.value.value]),
    'require' in f && withRequires ? f.require.map((r) => [r.path.value, r.version.value]) : undefined,
    'exclude' in f ? f.exclude.map((e) => [e.path.value, e.version.value]) : undefined,
    'use' in f ? f.use.map((u) => u.path.value) : undefined,
    f.replace.map(ref),
  ];
}

export function sortedEnv(env: Record<string, string>): [string, string][] {
  return Object.entries(env).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

export interface CheckKeys {
  graph: string;
  /** The same files but for their require lines: the graph verdicts of other require sets can be extended. */
  roots: string;
  result: string;
}

export function checkKeys(
  world: World,
  goBin: string,
  goVersion: string | undefined,
  env: Record<string, string>,
): CheckKeys {
  // The setup's part of the keys (binary, version, environment and the go.work's shape), serialised once.
  const setup = JSON.stringify([
    goBin,
    goVersion,
    sortedEnv(env),
    // The go.work's path too: its `use` and local replace paths are relative to its folder.
    world.work && [world.work.path, graphShape(world.work.parsed)],
  ]);
  const shapeKey = (kind: string, withRequires: boolean): string =>
    hashTexts([
      kind,
      setup,
      JSON.stringify(world.mods.map((m) => [m.path, graphShape(m.parsed, withRequires)])),
    ]);
  const graph = shapeKey('graph', true);
  const sums = [...world.sums.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).flat();
  const result = hashTexts([
    'result',
    graph,
    world.work?.text,
    ...world.mods.map((m) => m.text),
    '',
    ...sums,
  ]);
  return { graph, roots: shapeKey('roots', false), result };
}
