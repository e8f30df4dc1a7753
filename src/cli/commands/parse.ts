/**
 * `gomod-doctor parse FILE [--json] [--kind mod|work]`: prints what the go.mod / go.work parser found.
 * The JSON form is a stable contract, documented in docs/parse-json.md.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseGoMod, parseGoWork } from '../../core/gomod/parse.ts';
import type { GoModFile, GoWorkFile, Range, Spanned } from '../../core/gomod/types.ts';
import { ExitCode, UsageError } from '../exitCodes.ts';

/** User-facing strings of this command, in one table. */
const MSG = {
  usage: 'usage: gomod-doctor parse FILE [--json] [--kind mod|work]',
  help:
    'Prints the directives of a go.mod or go.work file with their positions, and its syntax errors.\n\n' +
    'Options:\n' +
    '  --json             print JSON (schema: docs/parse-json.md)\n' +
    '  --kind mod|work    parse as go.mod or go.work (default: from the file name; *.work is go.work)\n\n' +
    'Exit codes: 0 no errors, 1 syntax errors found, 2 usage error, 3 the file cannot be read.\n',
  badKind: (k: string) => `--kind must be "mod" or "work", not "${k}"`,
  unknownOption: (o: string) => `unknown option ${o}`,
  oneFile: 'expected exactly one FILE',
  unreadable: (file: string, why: string) => `gomod-doctor parse: cannot read ${file}: ${why}\n`,
  errorsHeader: (n: number) => `${n} error${n === 1 ? '' : 's'}:`,
  noErrors: 'no errors',
};

export const SCHEMA_VERSION = 1;

interface Options {
  file: string;
  json: boolean;
  kind?: 'mod' | 'work';
}

function parseArgs(argv: string[]): Options | 'help' {
  let json = false;
  let kind: 'mod' | 'work' | undefined;
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') return 'help';
    if (a === '--json') json = true;
    else if (a === '--kind' || a.startsWith('--kind=')) {
      const v = a === '--kind' ? argv[++i] : a.slice('--kind='.length);
      if (v !== 'mod' && v !== 'work') throw new UsageError(`${MSG.badKind(v ?? '')}\n${MSG.usage}`);
      kind = v;
    } else if (a.startsWith('-') && a !== '-') throw new UsageError(`${MSG.unknownOption(a)}\n${MSG.usage}`);
    else files.push(a);
  }
  if (files.length !== 1) throw new UsageError(`${MSG.oneFile}\n${MSG.usage}`);
  return { file: files[0], json, kind };
}

const pos = (r: Range): string => `${r.start.line + 1}:${r.start.character + 1}`;
const sp = (s: Spanned | undefined): string => (s ? `${s.value} @${pos(s.range)}` : '-');

function human(file: string, f: GoModFile | GoWorkFile): string {
  const out: string[] = [`${file} (${f.kind})`];
  if (f.kind === 'go.mod') {
    out.push(`module    ${sp(f.module)}${f.deprecated ? ` (deprecated: ${f.deprecated})` : ''}`);
  }
  out.push(`go        ${sp(f.go)}`);
  if (f.toolchain) out.push(`toolchain ${sp(f.toolchain)}`);
  for (const g of f.godebug) out.push(`godebug   ${g.key.value}=${g.value.value} @${pos(g.range)}`);
  if (f.kind === 'go.mod') {
    for (const r of f.require) {
      out.push(
        `require   ${r.path.value} ${r.version.value}${r.indirect ? ' // indirect' : ''} @${pos(r.range)}`,
      );
    }
    for (const x of f.exclude) out.push(`exclude   ${x.path.value} ${x.version.value} @${pos(x.range)}`);
  } else {
    for (const u of f.use) out.push(`use       ${u.path.value} @${pos(u.range)}`);
  }
  for (const r of f.replace) {
    const side = (m: { path: Spanned; version?: Spanned }) =>
      `${m.path.value}${m.version ? ' ' + m.version.value : ''}`;
    out.push(`replace   ${side(r.old)} => ${side(r.new)} @${pos(r.range)}`);
  }
  if (f.kind === 'go.mod') {
    for (const r of f.retract) {
      const v = r.interval ? `[${r.low.value}, ${r.high.value}]` : r.low.value;
      out.push(
        `retract   ${v}${r.rationale ? ` (${r.rationale.replace(/\n/g, ' ')})` : ''} @${pos(r.range)}`,
      );
    }
    for (const t of f.tool) out.push(`tool      ${t.path.value} @${pos(t.range)}`);
    for (const t of f.ignore) out.push(`ignore    ${t.path.value} @${pos(t.range)}`);
  }
  if (f.errors.length === 0) out.push(MSG.noErrors);
  else {
    out.push(MSG.errorsHeader(f.errors.length));
    for (const e of f.errors) out.push(`${file}:${pos(e.range)}: ${e.message}`);
  }
  return out.join('\n') + '\n';
}

function run(argv: string[]): Promise<number> {
  const opts = parseArgs(argv);
  if (opts === 'help') {
    process.stdout.write(`${MSG.usage}\n\n${MSG.help}`);
    return Promise.resolve(ExitCode.Ok);
  }
  let text: string;
  try {
    text = readFileSync(opts.file, 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    process.stderr.write(MSG.unreadable(opts.file, e.code ?? e.message));
    return Promise.resolve(ExitCode.Environment);
  }
  const kind = opts.kind ?? (basename(opts.file).endsWith('.work') ? 'work' : 'mod');
  const f = kind === 'work' ? parseGoWork(text) : parseGoMod(text);
  if (opts.json) {
    process.stdout.write(
      JSON.stringify({ schemaVersion: SCHEMA_VERSION, file: opts.file, ...f }, null, 2) + '\n',
    );
  } else {
    process.stdout.write(human(opts.file, f));
  }
  return Promise.resolve(f.errors.length === 0 ? ExitCode.Ok : ExitCode.Failures);
}

export const parseCommand = {
  name: 'parse',
  summary: 'print what the go.mod / go.work parser finds (--json for scripts)',
  run,
};
