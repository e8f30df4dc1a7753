/**
 * `gomod-doctor explain [FILE|-]`: reads any log that contains go output and explains its failures.
 *
 * Exit codes: 0 (explained, whatever was found: explaining is not failing), 2 (usage), 3 (unreadable file).
 */
import { readFile } from 'node:fs/promises';
import { explainText, type Finding } from '../../core/classify/index.ts';
import { localeFromEnv, setLocale, t } from '../../core/l10n.ts';
import { ExitCode, UsageError } from '../exitCodes.ts';
import { parseFormat, parseLang, render, type Format } from '../format/index.ts';
import { findingJson } from '../format/json.ts';
import { colorEnabled, palette } from '../term.ts';

export interface ExplainIo {
  readStdin(): Promise<string>;
  readFile(path: string): Promise<string>;
  out(s: string): void;
  err(s: string): void;
}

const defaultIo: ExplainIo = {
  async readStdin() {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
  readFile: (path) => readFile(path, 'utf8'),
  out: (s) => void process.stdout.write(s),
  err: (s) => void process.stderr.write(s),
};

const MESSAGES = {
  usage: 'Usage: gomod-doctor explain [--format text|json|sarif|github] [--json] [--lang en|zh-cn] [FILE|-]',
  help: 'Reads a log containing go output (a file, or standard input with - or no FILE) and explains why go failed.',
  unreadable: 'cannot read {0}: {1}',
  finding: 'Finding {0} of {1}',
  category: 'category',
  stage: 'stage',
  module: 'module',
  host: 'host',
  chain: 'required through',
  evidence: 'evidence',
  fixes: 'fixes',
  unknownOption: 'unknown option {0}',
  tooMany: 'expected at most one FILE',
} as const;

/** The JSON form of a finding (shared with `diagnose`). */
export { findingJson };

/** Human-readable text for findings, most fundamental first. */
export function renderFindings(findings: Finding[]): string {
  const lines: string[] = [];
  findings.forEach((f, i) => {
    if (findings.length > 1) lines.push(t(MESSAGES.finding, i + 1, findings.length));
    lines.push(`${f.category}${f.stage ? ` (${t(MESSAGES.stage)}: ${f.stage})` : ''}: ${f.summary}`);
    if (f.module) lines.push(`  ${t(MESSAGES.module)}: ${f.module}${f.version ? `@${f.version}` : ''}`);
    if (f.host) lines.push(`  ${t(MESSAGES.host)}: ${f.host}`);
    if (f.chain && f.chain.length > 1) lines.push(`  ${t(MESSAGES.chain)}: ${f.chain.join(' -> ')}`);
    if (f.evidence.length > 0) {
      lines.push(`  ${t(MESSAGES.evidence)}:`);
      for (const e of f.evidence) lines.push(`    | ${e}`);
    }
    if (f.fixes.length > 0) lines.push(`  ${t(MESSAGES.fixes)}: ${f.fixes.join(', ')}`);
    lines.push('');
  });
  return lines.join('\n');
}

export async function runExplain(argv: string[], io: ExplainIo = defaultIo): Promise<number> {
  let format: Format = 'text';
  const files: string[] = [];
  // The language first: usage errors and help are translated too.
  const langAt = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  const lang =
    langAt === -1 ? undefined : argv[langAt] === '--lang' ? argv[langAt + 1] : argv[langAt].slice(7);
  setLocale(lang !== undefined && lang !== '' ? lang : localeFromEnv(process.env));
  if (langAt !== -1) {
    if (lang === undefined || lang === '') throw new UsageError(t('{0} needs a value', '--lang'));
    parseLang(lang);
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') format = 'json';
    else if (a === '--lang') i++;
    else if (a.startsWith('--lang=')) continue;
    else if (a === '--format' || a.startsWith('--format=')) {
      const v = a === '--format' ? argv[++i] : a.slice('--format='.length);
      if (v === undefined) throw new UsageError(t('{0} needs a value', '--format'));
      format = parseFormat(v);
    } else if (a === '--help' || a === '-h') {
      io.out(`${t(MESSAGES.usage)}\n\n${t(MESSAGES.help)}\n`);
      return ExitCode.Ok;
    } else if (a.startsWith('-') && a !== '-') throw new UsageError(t(MESSAGES.unknownOption, a));
    else files.push(a);
  }
  if (files.length > 1) throw new UsageError(t(MESSAGES.tooMany));
  const file = files[0] ?? '-';
  let text: string;
  try {
    text = file === '-' ? await io.readStdin() : await io.readFile(file);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    io.err(`gomod-doctor explain: ${t(MESSAGES.unreadable, file, reason)}\n`);
    return ExitCode.Environment;
  }
  const findings = explainText(text);
  if (format === 'json') io.out(`${JSON.stringify({ findings: findings.map(findingJson) }, null, 2)}\n`);
  else if (format === 'text') io.out(renderFindings(findings));
  else {
    // sarif and github: the same renderers as diagnose (no file locations: a log has none).
    const report = { command: 'explain' as const, findings, modules: [], exitCode: ExitCode.Ok };
    io.out(
      render(format, report, {
        palette: palette(colorEnabled(process.stdout, process.env)),
        quiet: false,
        verbose: false,
      }),
    );
  }
  return ExitCode.Ok;
}

export const explain = {
  name: 'explain',
  summary: 'explain the go failures in a log (FILE or stdin)',
  run: (argv: string[]): Promise<number> => runExplain(argv),
};
