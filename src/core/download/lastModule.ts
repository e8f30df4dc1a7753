/**
 * The usual edit changes one require's version. What the check keeps of the last parse of a main module
 * (LastModule) lets it see that from the text alone (changedRequires) and patch the parse instead of parsing
 * again (patchedParse); quickStart (early.ts) starts go on such an edit before the files are parsed.
 */
import { parseGoMod } from '../gomod/parse.ts';
import { canonicalVersion, goQuote } from '../gomod/versions.ts';
import type { GoModFile, Position } from '../gomod/types.ts';
import { BULK_MIN_PENDING } from './bulk.ts';
import type { ModVersion } from './chain.ts';
import type { World } from './types.ts';

/** What quickStart needs of a parsed main module: its lines and where each require's version is. */
export interface LastModule {
  text: string;
  parsed: GoModFile;
  lines: string[];
  /** By line index: a require of a module that is not replaced (and not the main module), its version's columns. */
  versions: Map<number, { path: string; start: number; end: number }>;
  /** The go.mod of aloneModule, or undefined when it does not apply (an exclude, no module line). */
  header: string | undefined;
}

export function lastModuleOf(world: World): LastModule {
  const f = world.mods[0].parsed;
  const replaced = new Set(f.replace.map((r) => r.old.path.value));
  const versions = new Map<number, { path: string; start: number; end: number }>();
  for (const r of f.require) {
    const v = r.version.range;
    if (replaced.has(r.path.value) || r.path.value === f.module?.value || v.start.line !== v.end.line)
      continue;
    if (r.path.range.start.line !== v.start.line) continue;
    versions.set(v.start.line, { path: r.path.value, start: v.start.character, end: v.end.character });
  }
  const m = world.mods[0];
  return { text: m.text, parsed: m.parsed, lines: m.text.split('\n'), versions, header: aloneHeader(world) };
}

/**
 * The requires whose version is all that changed from `last` (same lines otherwise), or undefined when
 * anything else changed or a new version is not canonical.
 */
export function changedRequires(last: LastModule, text: string): ModVersion[] | undefined {
  const lines = text.split('\n');
  if (lines.length !== last.lines.length) return undefined;
  const out: ModVersion[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] === last.lines[i]) continue;
    const at = last.versions.get(i);
    if (!at) return undefined;
    const old = last.lines[i];
    const head = old.slice(0, at.start);
    const tail = old.slice(at.end);
    const line = lines[i];
    if (line.length <= head.length + tail.length || !line.startsWith(head) || !line.endsWith(tail))
      return undefined;
    const version = line.slice(head.length, line.length - tail.length);
    if (!/^v[0-9A-Za-z.+-]+$/.test(version) || canonicalVersion(version) !== version) return undefined;
    out.push({ path: at.path, version });
    if (out.length >= BULK_MIN_PENDING) return undefined;
  }
  return out.length > 0 ? out : undefined;
}

/**
 * The parse of `text` when it differs from `last` only in the versions `changed` (see changedRequires): the last
 * parse with those versions and the ranges that end after them moved, once each new version passes the checks
 * a require gets on its own (the rest of the file, already parsed without error, is the same).
 */
export function patchedParse(last: LastModule, changed: ModVersion[], text: string): GoModFile | undefined {
  const byLine = new Map<number, string>();
  for (const c of changed) {
    if (parseGoMod(`module m\nrequire ${c.path} ${c.version}\n`).errors.length > 0) return undefined;
  }
  const lines = text.split('\n');
  for (const [line, at] of last.versions) {
    if (lines[line] === last.lines[line]) continue;
    const tail = last.lines[line].length - at.end;
    byLine.set(line, lines[line].slice(at.start, lines[line].length - tail));
  }
  const require = last.parsed.require.map((r) => {
    const v = byLine.get(r.version.range.start.line);
    if (v === undefined || r.version.range.start.line !== r.version.range.end.line) return r;
    const delta = v.length - r.version.value.length;
    const shift = (p: Position): Position =>
      p.line === r.version.range.start.line && p.character >= r.version.range.end.character
        ? { line: p.line, character: p.character + delta }
        : p;
    return {
      ...r,
      version: { value: v, range: { start: r.version.range.start, end: shift(r.version.range.end) } },
      range: { start: r.range.start, end: shift(r.range.end) },
    };
  });
  return { ...last.parsed, require };
}

export function aloneHeader(world: World): string | undefined {
  const f = world.mods[0]?.parsed;
  if (world.mode !== 'module' || !f?.module || f.exclude.length > 0) return undefined;
  let mod = `module ${goQuote(f.module.value)}\n`;
  if (f.go) mod += `go ${f.go.value}\n`;
  if (f.toolchain) mod += `toolchain ${f.toolchain.value}\n`;
  for (const g of f.godebug) mod += `godebug ${g.key.value}=${g.value.value}\n`;
  return mod;
}
