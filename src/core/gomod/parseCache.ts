/**
 * go.mod parses shared by content. One check of a root parses its go.mod up to three times (the plan, the
 * check, the server's settings diagnostics); a parse depends on the text alone, so the same text gets the same
 * parse object. Callers treat parses as read-only values (none changes one), which is what makes sharing safe.
 */
import { parseGoMod } from './parse.ts';
import type { GoModFile } from './types.ts';

/** The texts kept, in characters (a root's go.mod is a few KB; hundreds of roots fit). */
const BUDGET = 512 * 1024;
/** Least recently used first (a Map keeps insertion order). */
const parses = new Map<string, GoModFile>();
let kept = 0;

/** parseGoMod(text), reusing the parse of an identical text met recently. */
export function parseGoModShared(text: string): GoModFile {
  const known = parses.get(text);
  if (known) {
    parses.delete(text);
    parses.set(text, known);
    return known;
  }
  const parsed = parseGoMod(text);
  if (text.length > BUDGET / 8) return parsed;
  parses.set(text, parsed);
  kept += text.length;
  for (const old of parses.keys()) {
    if (kept <= BUDGET) break;
    parses.delete(old);
    kept -= old.length;
  }
  return parsed;
}
