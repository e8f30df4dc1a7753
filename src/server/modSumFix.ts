/**
 * Fixes that change a require, and the missing go.sum lines, leave go.mod and go.sum consistent the way `go get`
 * would: on the user's action, the real go runs in the module's folder on a private copy of the two files (go's
 * -modfile; the user's files are never written by go), then the resulting texts are applied as one workspace
 * edit (one undo step in VS Code), or written atomically when the editor cannot apply edits.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { TextEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import { writeFileAtomic } from '../core/fs/atomicWrite.ts';
import { applyTextEdits } from '../core/gomod/textEdits.ts';
import { checkModuleArg } from '../core/gomod/modpath.ts';
import { parseGoMod } from '../core/gomod/parse.ts';
import { t } from '../core/l10n.ts';
import { run } from '../core/run/runner.ts';
import { makeTempDir } from '../core/run/watchdog.ts';
import type { ApplyFixResult } from '../shared/protocol.ts';

export interface ModSumContext {
  goBin?: string;
  env?: Record<string, string>;
  /** The editor's text of an open file, unsaved edits included (else the file on disk is read). */
  readText?: (path: string) => string | undefined;
  /** Applies a workspace edit in the editor; false when it cannot (the files are then written atomically). */
  applyEdit?: (edit: WorkspaceEdit) => Promise<boolean>;
}

/** The go.mod change and the module go fetches for it (path@version). */
export interface RequireChange {
  /** The go.mod the fix is in. */
  gomod: string;
  edits: TextEdit[];
  target: string;
}

const readDisk = (p: string): string | undefined => (existsSync(p) ? readFileSync(p, 'utf8') : undefined);

/** GOFLAGS without -mod=… (the commands below choose their own mode). */
function flagsWithoutMod(flags: string | undefined): string {
  return (flags ?? '')
    .split(/\s+/)
    .filter((f) => f !== '' && !f.startsWith('-mod='))
    .join(' ');
}

/** Runs go commands on a private copy of go.mod/go.sum in the module's folder; the new texts, or go's error. */
async function goOnCopy(
  ctx: Required<Pick<ModSumContext, 'goBin' | 'env'>>,
  dir: string,
  mod: string,
  sum: string,
  commands: string[][],
): Promise<{ mod: string; sum: string } | { error: string }> {
  const tmp = makeTempDir('fix');
  try {
    const modfile = join(tmp, 'go.mod');
    writeFileSync(modfile, mod);
    writeFileSync(join(tmp, 'go.sum'), sum);
    const env = { ...ctx.env, GOWORK: 'off', GOFLAGS: flagsWithoutMod(ctx.env.GOFLAGS) };
    for (const [sub, ...rest] of commands) {
      const argv =
        sub === 'mod'
          ? ['mod', rest[0], `-modfile=${modfile}`, ...rest.slice(1)]
          : [sub, `-modfile=${modfile}`, ...rest];
      const r = await run([ctx.goBin, ...argv], { env, cwd: dir, timeoutMs: 300_000 });
      if (r.exitCode !== 0)
        return { error: `go ${argv.join(' ').replace(modfile, 'go.mod')}: ${r.stderr.trim()}` };
    }
    return { mod: readFileSync(modfile, 'utf8'), sum: readDisk(join(tmp, 'go.sum')) ?? '' };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function wholeText(old: string, text: string): TextEdit {
  const lines = old.split('\n');
  const end = { line: lines.length - 1, character: lines[lines.length - 1].length };
  return { range: { start: { line: 0, character: 0 }, end }, newText: text };
}

/** What changed, in a sentence: the requires (old → new) and the go.sum lines added and removed. */
export function describeChange(oldMod: string, newMod: string, oldSum: string, newSum: string): string {
  const reqs = (text: string): Map<string, string> =>
    new Map(parseGoMod(text).require.map((r) => [r.path.value, r.version.value]));
  const before = reqs(oldMod);
  const after = reqs(newMod);
  const changes: string[] = [];
  for (const [p, v] of after) if (before.get(p) !== v) changes.push(`${p} ${before.get(p) ?? '∅'} → ${v}`);
  for (const [p, v] of before) if (!after.has(p)) changes.push(`${p} ${v} → ∅`);
  const lines = (s: string): Set<string> => new Set(s.split('\n').filter((l) => l.trim() !== ''));
  const a = lines(oldSum);
  const b = lines(newSum);
  const added = [...b].filter((l) => !a.has(l)).length;
  const removed = [...a].filter((l) => !b.has(l)).length;
  return t(
    'requires: {0}; go.sum: {1} lines added, {2} removed',
    changes.length > 0 ? changes.join(', ') : t('unchanged'),
    added,
    removed,
  );
}

/** Applies the new texts as one workspace edit, or writes them atomically when the editor cannot. */
async function applyTexts(
  ctx: ModSumContext,
  gomod: string,
  texts: { oldMod: string; mod: string; oldSum: string | undefined; sum: string },
): Promise<boolean> {
  const gosum = join(dirname(gomod), 'go.sum');
  const modUri = URI.file(gomod).toString();
  const sumUri = URI.file(gosum).toString();
  const edit: WorkspaceEdit = { documentChanges: [] };
  if (texts.oldSum === undefined)
    edit.documentChanges!.push({ kind: 'create', uri: sumUri, options: { ignoreIfExists: true } });
  if (texts.mod !== texts.oldMod)
    edit.documentChanges!.push({
      textDocument: { uri: modUri, version: null },
      edits: [wholeText(texts.oldMod, texts.mod)],
    });
  if (texts.sum !== (texts.oldSum ?? ''))
    edit.documentChanges!.push({
      textDocument: { uri: sumUri, version: null },
      edits: [wholeText(texts.oldSum ?? '', texts.sum)],
    });
  if (ctx.applyEdit && (await ctx.applyEdit(edit))) return true;
  if (texts.mod !== texts.oldMod) await writeFileAtomic(gomod, texts.mod);
  if (texts.sum !== (texts.oldSum ?? '')) await writeFileAtomic(gosum, texts.sum);
  return false;
}

/** A fix that changes a require: the edit, then `go get` (or download) and the packages' sums, as go would. */
export async function applyRequireChange(ctx: ModSumContext, c: RequireChange): Promise<ApplyFixResult> {
  if (!ctx.goBin || !ctx.env) return { ok: false, message: t('The go command is not available.') };
  const at = c.target.lastIndexOf('@');
  const bad = at <= 0 ? t('no version') : checkModuleArg(c.target.slice(0, at), c.target.slice(at + 1));
  if (bad) return { ok: false, message: t('Cannot change the require: {0}', bad) };
  const read = (p: string): string | undefined => ctx.readText?.(p) ?? readDisk(p);
  const oldMod = read(c.gomod);
  if (oldMod === undefined) return { ok: false, message: t('Cannot read {0}.', c.gomod) };
  const oldSum = read(join(dirname(c.gomod), 'go.sum'));
  const edited = applyTextEdits(oldMod, c.edits);
  const required = parseGoMod(edited).require.some((r) => r.path.value === c.target.slice(0, at));
  // go get changes the requirement as minimal version selection says; a replacement's version is downloaded.
  const fetch = required ? ['get', '--', c.target] : ['mod', 'download', '--', c.target];
  const out = await goOnCopy({ goBin: ctx.goBin, env: ctx.env }, dirname(c.gomod), edited, oldSum ?? '', [
    fetch,
    // The sums of every module that provides a package the module builds (what go build will need).
    ['list', '-mod=mod', '-deps', '-e', './...'],
  ]);
  if ('error' in out)
    return { ok: false, message: t('go did not accept the change, nothing was written: {0}', out.error) };
  const viaEditor = await applyTexts(ctx, c.gomod, { oldMod, mod: out.mod, oldSum, sum: out.sum });
  const what = describeChange(oldMod, out.mod, oldSum ?? '', out.sum);
  return {
    ok: true,
    message: viaEditor
      ? t('go.mod and go.sum updated through go ({0}): {1}', `go ${fetch[0]} ${c.target}`, what)
      : t('go.mod and go.sum written through go ({0}): {1}', `go ${fetch[0]} ${c.target}`, what),
  };
}

/** The missing go.sum lines of one module version, downloaded and verified by go; only those lines are added. */
export async function addMissingSums(
  ctx: ModSumContext,
  gomod: string,
  path: string,
  version: string,
): Promise<ApplyFixResult> {
  if (!ctx.goBin || !ctx.env) return { ok: false, message: t('The go command is not available.') };
  const bad = checkModuleArg(path, version);
  if (bad) return { ok: false, message: t('Cannot add go.sum lines: {0}', bad) };
  const read = (p: string): string | undefined => ctx.readText?.(p) ?? readDisk(p);
  const mod = read(gomod);
  if (mod === undefined) return { ok: false, message: t('Cannot read {0}.', gomod) };
  const oldSum = read(join(dirname(gomod), 'go.sum'));
  const out = await goOnCopy({ goBin: ctx.goBin, env: ctx.env }, dirname(gomod), mod, oldSum ?? '', [
    ['mod', 'download', '--', `${path}@${version}`],
  ]);
  if ('error' in out)
    return { ok: false, message: t('go could not download {0}@{1}: {2}', path, version, out.error) };
  const have = new Set((oldSum ?? '').split('\n'));
  const mine = (l: string): boolean =>
    l.startsWith(`${path} ${version} `) || l.startsWith(`${path} ${version}/go.mod `);
  const added = out.sum.split('\n').filter((l) => mine(l) && !have.has(l));
  const base = oldSum ?? '';
  const sum = base + (base === '' || base.endsWith('\n') ? '' : '\n') + added.map((l) => `${l}\n`).join('');
  await applyTexts(ctx, gomod, { oldMod: mod, mod, oldSum, sum });
  return {
    ok: true,
    message: t('Added {0} go.sum lines for {1}@{2}, verified by go.', added.length, path, version),
  };
}
