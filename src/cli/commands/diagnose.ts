/**
 * `gomod-doctor diagnose [DIR]`: checks that everything a module (go.mod) or a workspace (go.work) requires can
 * be downloaded, the way the editor does it, and prints every failure at its go.mod line.
 *
 * Exit codes: 0 every module downloadable; 1 at least one failure (of the --fail-on categories when given);
 * 2 usage error; 3 environment unusable (go missing or broken, no readable go.mod/go.work); 4 internal error;
 * 130 SIGINT; 143 SIGTERM. See docs/cli.md.
 */
import { relative } from 'node:path';
import type { Category } from '../../core/categories.ts';
import { localeFromEnv, setLocale, t } from '../../core/l10n.ts';
import { ExitCode, UsageError } from '../exitCodes.ts';
import { parseFailOn, parseFormat, parseLang, splitArgs, type Format } from '../format/index.ts';
import { Progress } from '../term.ts';
import {
  checkDownloads,
  findGo,
  findRoot,
  goUnusable,
  noteGo,
  probeServers,
  startRun,
  StopSignals,
  unusable,
  writeReport,
  type DiagnoseRun,
} from './diagnoseSteps.ts';

export interface DiagnoseArgs {
  dir: string;
  format: Format;
  timeoutSec: number;
  go?: string;
  offline: boolean;
  probe: boolean;
  failOn?: Category[];
  quiet: boolean;
  verbose: boolean;
  lang?: string;
  help: boolean;
}

const VALUED = ['--format', '--timeout', '--go', '--fail-on', '--lang'] as const;
const FLAGS = ['--offline', '--probe', '--quiet', '-q', '--verbose', '-v', '--json', '--help', '-h'] as const;

export const DEFAULT_TIMEOUT_SEC = 120;

/** Pure: argv to options (throws UsageError). */
export function parseDiagnoseArgs(argv: string[]): DiagnoseArgs {
  const { options, positional } = splitArgs(argv, VALUED, FLAGS);
  const last = (k: string): string | undefined => options.get(k)?.at(-1);
  const has = (k: string): boolean => options.has(k);
  if (positional.length > 1) throw new UsageError(t('expected at most one DIR'));
  let format: Format = 'text';
  if (has('--json')) format = 'json';
  const f = last('--format');
  if (f !== undefined) format = parseFormat(f);
  let timeoutSec = DEFAULT_TIMEOUT_SEC;
  const ts = last('--timeout');
  if (ts !== undefined) {
    timeoutSec = Number(ts);
    if (!/^\d+(\.\d+)?$/.test(ts.trim()) || !(timeoutSec > 0))
      throw new UsageError(t('--timeout must be a positive number of seconds (got "{0}")', ts));
  }
  const go = last('--go');
  if (go !== undefined && go.trim() === '') throw new UsageError(t('--go needs a path'));
  const fo = last('--fail-on');
  const lang = last('--lang');
  if (lang !== undefined) parseLang(lang);
  const quiet = has('--quiet') || has('-q');
  const verbose = has('--verbose') || has('-v');
  if (quiet && verbose) throw new UsageError(t('--quiet and --verbose exclude each other'));
  return {
    dir: positional[0] ?? '.',
    format,
    timeoutSec,
    ...(go !== undefined ? { go } : {}),
    offline: has('--offline'),
    probe: has('--probe'),
    ...(fo !== undefined ? { failOn: parseFailOn(fo) } : {}),
    quiet,
    verbose,
    ...(lang !== undefined ? { lang } : {}),
    help: has('--help') || has('-h'),
  };
}

export function diagnoseHelp(): string {
  return [
    t('Usage: gomod-doctor diagnose [options] [DIR]'),
    '',
    t(
      'Checks that every module a go.mod (or a go.work workspace) in DIR requires can be downloaded, the way the editor extension does, and prints each failure at its line with the cause and the fix. DIR defaults to the current folder.',
    ),
    '',
    t('Options:'),
    `  --format text|json|sarif|github  ${t('output format (default text; --json is --format json)')}`,
    `  --timeout SECONDS                ${t('limit for each go process (default {0})', DEFAULT_TIMEOUT_SEC)}`,
    `  --go PATH                        ${t('the go command to use (default: go on PATH)')}`,
    `  --offline                        ${t('use only the module cache: run no go download; modules not in the cache are reported as not checked')}`,
    `  --probe                          ${t('also probe each server stage by stage (DNS, TCP, proxy, TLS, HTTP, auth, git): text and json only')}`,
    `  --fail-on CATEGORY,...           ${t('exit 1 only for these categories (others are reported as warnings)')}`,
    `  --quiet, -q                      ${t('only the failures (text: no evidence, no summary)')}`,
    `  --verbose, -v                    ${t('also the go commands run and the settings used (on stderr)')}`,
    `  --lang en|zh-cn                  ${t('language of the messages (default: LC_ALL, LC_MESSAGES, LANG)')}`,
    `  --help, -h                       ${t('this help')}`,
    '',
    t('Exit codes:'),
    `  0    ${t('every module can be downloaded')}`,
    `  1    ${t('at least one failure (of the --fail-on categories, when given)')}`,
    `  2    ${t('usage error')}`,
    `  3    ${t('environment unusable: go missing or not working, no readable go.mod or go.work in DIR')}`,
    `  4    ${t('internal error')}`,
    `  130  ${t('interrupted (SIGINT); 143: terminated (SIGTERM). go processes are stopped first')}`,
    '',
  ].join('\n');
}

export interface DiagnoseIo {
  out(s: string): void;
  err(s: string): void;
  env: Record<string, string | undefined>;
  cwd: string;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
}

const processIo = (): DiagnoseIo => ({
  out: (s) => void process.stdout.write(s),
  err: (s) => void process.stderr.write(s),
  env: process.env,
  cwd: process.cwd(),
  stdoutIsTTY: process.stdout.isTTY === true,
  stderrIsTTY: process.stderr.isTTY === true,
});

export async function runDiagnose(argv: string[], io: DiagnoseIo = processIo()): Promise<number> {
  const started = Date.now();
  const args = parseDiagnoseArgs(argv);
  setLocale(args.lang ?? localeFromEnv(io.env));
  if (args.help) {
    io.out(diagnoseHelp());
    return ExitCode.Ok;
  }
  const run = startRun(args, io);
  const mode = await findRoot(run);
  if (typeof mode === 'number') return mode;
  const stop = new StopSignals();
  const progress = new Progress(
    { isTTY: io.stderrIsTTY, write: (s: string) => io.err(s) },
    t('gomod-doctor: checking {0}', relative(io.cwd, run.dir) || '.'),
    !args.quiet && args.format === 'text',
  );
  try {
    return await diagnoseWith(run, stop, progress, started);
  } finally {
    progress.stop();
    stop.dispose();
  }
}

/** find go → check the downloads → [probe the servers] → write the report; a signal ends it at each step. */
async function diagnoseWith(
  run: DiagnoseRun,
  stop: StopSignals,
  progress: Progress,
  started: number,
): Promise<number> {
  const { args, io } = run;
  const prepared = await findGo(run, stop.signal);
  if (stop.stoppedBy) return stop.interrupted(progress, io);
  if (!prepared.ok) {
    progress.stop();
    const { message, finding } = goUnusable(args.go, prepared);
    return unusable(run, message, finding);
  }
  noteGo(run, prepared);
  const result = await checkDownloads(run, prepared, stop.signal);
  const processes = prepared.processes + result.runs.length;
  if (stop.stoppedBy) return stop.interrupted(progress, io);
  if (args.probe && !args.offline) {
    progress.setLabel(t('gomod-doctor: probing the servers'));
    await probeServers(run, prepared, stop.signal);
    if (stop.stoppedBy) return stop.interrupted(progress, io);
  }
  progress.stop();
  return writeReport(run, result, processes, started);
}

export const diagnose = {
  name: 'diagnose',
  summary: 'check that every module of a go.mod / go.work can be downloaded (for CI)',
  run: (argv: string[]): Promise<number> => runDiagnose(argv),
};
