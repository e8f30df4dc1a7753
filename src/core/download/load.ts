/**
 * Step 1 of the check: the files. The go.work (unless GOWORK=off; the file an absolute GOWORK names, whatever
 * its name, else the folder's go.work) and every go.mod it uses, or the module's go.mod, with their go.sum files
 * (the go.work's is `<file>.sum` beside it); an unsaved editor buffer stands in for the file it edits. The usual edit
 * (one require's version changed) patches the last parse instead of parsing hundreds of requires again.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseGoWork } from '../gomod/parse.ts';
import { parseGoModShared } from '../gomod/parseCache.ts';
import { workFileOf, workSumOf } from '../workspace/goWork.ts';
import { changedRequires, patchedParse, type LastModule } from './lastModule.ts';
import type { LoadedFile, World } from './types.ts';

/** Synchronous: a few small files, and each asynchronous read costs a thread-pool round trip when busy. */
export function readText(p: string): string | undefined {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
}

export function loadWorld(
  dir: string,
  env: Record<string, string>,
  overrides: ReadonlyMap<string, string> | undefined,
  last?: LastModule,
): World | undefined {
  const sums = new Map<string, string>();
  const workPath = workFileOf(dir, env);
  const workText = workPath === undefined ? undefined : (overrides?.get(workPath) ?? readText(workPath));
  if (workPath !== undefined && workText !== undefined) {
    const parsed = parseGoWork(workText);
    const mods: LoadedFile[] = [];
    // go resolves `use` paths relative to the go.work file's own folder.
    const workDir = dirname(workPath);
    for (const u of parsed.use) {
      const modDir = resolve(workDir, u.path.value);
      const p = join(modDir, 'go.mod');
      const text = readText(p);
      if (text === undefined) continue;
      mods.push({ path: p, text, parsed: parseGoModShared(text) });
      const sum = readText(join(modDir, 'go.sum'));
      if (sum !== undefined) sums.set(join(modDir, 'go.sum'), sum);
    }
    const wsum = readText(workSumOf(workPath));
    if (wsum !== undefined) sums.set(workSumOf(workPath), wsum);
    return { mode: 'workspace', mods, work: { path: workPath, text: workText, parsed }, sums };
  }
  const modPath = join(dir, 'go.mod');
  // An unsaved editor buffer can stand in for the main go.mod: go only ever sees a temporary copy of it.
  const text = overrides?.get(modPath) ?? readText(modPath);
  if (text === undefined) return undefined;
  const sum = readText(join(dir, 'go.sum'));
  if (sum !== undefined) sums.set(join(dir, 'go.sum'), sum);
  // The usual edit changes a version: the last parse, patched, saves parsing hundreds of requires again.
  const changed = last && text !== last.text ? changedRequires(last, text) : undefined;
  const parsedX =
    last && text === last.text
      ? last.parsed
      : ((changed && patchedParse(last!, changed, text)) ?? parseGoModShared(text));
  return { mode: 'module', mods: [{ path: modPath, text, parsed: parsedX }], sums };
}
