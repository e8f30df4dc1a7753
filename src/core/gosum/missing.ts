/**
 * Missing go.sum lines, found without running go. go needs, for a module it loads, the hash of its go.mod file
 * (`M V/go.mod h1:…`) and, for a module whose packages it builds, the hash of its content (`M V h1:…`); when one
 * is missing, `go build` stops with "missing go.sum entry". What go needs, by its rules:
 *
 * - every require of a main module is loaded, so its go.mod line is needed (with graph pruning from go 1.17 on,
 *   go.mod lists every module that provides a package, and these are the modules whose go.mod go reads first;
 *   before 1.17 go reads the whole graph, of which the requires are a part);
 * - a direct require (no `// indirect`) provides a package the module imports, so its content line is needed;
 *   an indirect one's content is needed only if one of its packages is built, which the files alone cannot say,
 *   so it is not reported (no false alarm);
 * - after replacements (go.work's first), the lines are the replacement's; a directory replacement and another
 *   module of the workspace need none;
 * - in a workspace, go reads every module's go.sum and go.work.sum: a line in any of them counts.
 *
 * Lines for modules no longer required are not an error (that is `go mod tidy`'s business).
 */
import type { GoModFile, GoWorkFile, Range, Replace } from '../gomod/types.ts';
import { buildSumIndex, type SumIndex } from './index.ts';

export interface SumInput {
  /** The go.mod files go loads as main modules (one, or every module a go.work uses). */
  mods: { path: string; parsed: GoModFile }[];
  work?: GoWorkFile;
  /** The text of every go.sum (and go.work.sum) go reads. */
  sums: Iterable<string>;
  /** The same texts split already (sumIndexOf), when the caller has them. */
  index?: SumIndex;
}

export interface MissingSum {
  /** The go.mod the require is in, and the require's path..version range. */
  file: string;
  range: Range;
  /** The require as written. */
  path: string;
  version: string;
  /** The module version whose lines go needs (the replacement's, when replaced). */
  sumPath: string;
  sumVersion: string;
  /** The lines missing: 'mod' for `M V/go.mod`, 'zip' for `M V`. */
  missing: ('mod' | 'zip')[];
}

/** The `path version` and `path version/go.mod` keys of the lines present. */
export function sumKeys(texts: Iterable<string>): Set<string> {
  return buildSumIndex(texts).keys;
}

function replacementOf(
  path: string,
  version: string,
  lists: Replace[][],
): { local: boolean; path: string; version?: string } | undefined {
  for (const list of lists) {
    // A replace of this exact version beats one of every version, in the same file.
    const hit =
      list.find((r) => r.old.path.value === path && r.old.version?.value === version) ??
      list.find((r) => r.old.path.value === path && r.old.version === undefined);
    if (hit) return { local: hit.local, path: hit.new.path.value, version: hit.new.version?.value };
  }
  return undefined;
}

export function missingSums(input: SumInput): MissingSum[] {
  const have = input.index?.keys ?? sumKeys(input.sums);
  const workspaceModules = new Set(
    input.work ? input.mods.map((m) => m.parsed.module?.value).filter((p): p is string => !!p) : [],
  );
  const out: MissingSum[] = [];
  for (const mod of input.mods) {
    if (mod.parsed.errors.length > 0) continue;
    const lists = [input.work?.replace ?? [], mod.parsed.replace];
    const replaced = lists[0].length + lists[1].length > 0;
    for (const req of mod.parsed.require) {
      const path = req.path.value;
      const version = req.version.value;
      if (workspaceModules.has(path)) continue;
      const rep = replaced ? replacementOf(path, version, lists) : undefined;
      if (rep?.local) continue;
      const sumPath = rep?.path ?? path;
      const sumVersion = rep?.version ?? version;
      const zipKey = `${sumPath} ${sumVersion}`;
      const noMod = !have.has(`${zipKey}/go.mod`);
      const noZip = !req.indirect && !have.has(zipKey);
      if (!noMod && !noZip) continue;
      const missing: MissingSum['missing'] = noMod ? (noZip ? ['mod', 'zip'] : ['mod']) : ['zip'];
      const range = { start: req.path.range.start, end: req.version.range.end };
      out.push({ file: mod.path, range, path, version, sumPath, sumVersion, missing });
    }
  }
  return out;
}
