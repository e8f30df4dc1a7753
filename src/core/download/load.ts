/**
 * Step 1 of the check: the files. The go.work (unless GOWORK=off) and every go.mod it uses, or the module's
 * go.mod, with their go.sum files; an unsaved editor buffer stands in for the file it edits. The usual edit
 * (one require's version changed) patches the last parse instead of parsing hundreds of requires again.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseGoWork } from '../gomod/parse.ts';
import { parseGoModShared } from '../gomod/parseCache.ts';
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
  const workPath = join(dir, 'go.work');
  const workText = env.GOWORK === 'off' ? undefined : (overrides?.get(workPath) ?? readText(workPath));
  if (workText !== undefined) {
    const parsed = parseGoWork(workText);
    const mods: LoadedFile[] = [];
    for (const u of parsed.use) {
      const modDir = resolve(dir, u.path.value);
      const p = join(modDir, 'go.mod');
      const text = readText(p);
      if (text === undefined) continue;
      mods.push({ path: p, text, parsed: parseGoModShared(text) });
      const sum = readText(join(modDir, 'go.sum'));
      if (sum !== undefined) sums.set(join(modDir, 'go.sum'), sum);
    }
    const wsum = readText(join(dir, 'go.work.sum'));
    if (wsum !== undefined) sums.set(join(dir, 'go.work.sum'), wsum);
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
