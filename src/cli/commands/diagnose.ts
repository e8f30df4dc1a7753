/**
 * `gomod-doctor diagnose [DIR]`: checks that everything a module (go.mod) or a workspace (go.work) requires can
 * be downloaded, the way the editor does it, and prints every failure at its go.mod line.
 *
 * Exit codes: 0 every module downloadable; 1 at least one failure (of the --fail-on categories when given);
 * 2 usage error; 3 environment unusable (go missing or broken, no readable go.mod/go.work); 4 internal error;
 * 130 SIGINT; 143 SIGTERM. See docs/cli.md.
 */
import { readFile, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { Category } from '../../core/categories.ts';
import type { Finding } from '../../core/classify/types.ts';
import { checkModule, type AttributedFinding, type CheckResult } from '../../core/download/check.ts';
import { prepareGo } from '../../core/env/prepare.ts';
import { parseGoMod, parseGoWork } from '../../core/gomod/parse.ts';
import { localeFromEnv, setLocale, t } from '../../core/l10n.ts';
import { redact } from '../../core/redact.ts';
import { ExitCode, UsageError } from '../exitCodes.ts';
import { parseFailOn, parseFormat, parseLang, render, splitArgs, type Format } from '../format/index.ts';
import { earlyWord } from '../earlyWord.ts';
import { toLocation, type Report, type ReportFinding } from '../format/model.ts';
import { colorEnabled, palette, Progress } from '../term.ts';

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

async function readable(p: string): Promise<'ok' | 'missing' | 'unreadable'> {
  try {
    await readFile(p);
    return 'ok';
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'unreadable';
  }
}

/** Syntax errors of go.work and the go.mod files it uses (or the one go.mod), as findings at their place. */
async function syntaxFindings(dir: string, mode: 'module' | 'workspace'): Promise<AttributedFinding[]> {
  const out: AttributedFinding[] = [];
  const add = (
    file: string,
    name: string,
    errors: { message: string; range: AttributedFinding['range'] }[],
  ) => {
    for (const e of errors) {
      out.push({
        category: 'syntax',
        stage: 'config',
        ruleId: 'gomod-syntax',
        summary: t('{0} does not parse, so nothing can be downloaded: {1}', name, e.message),
        evidence: [`${name}:${e.range.start.line + 1}:${e.range.start.character + 1}: ${e.message}`],
        fixes: ['fix-go-mod-syntax'],
        file,
        range: e.range,
      });
    }
  };
  const mods: string[] = [];
  if (mode === 'workspace') {
    const file = join(dir, 'go.work');
    const work = parseGoWork(await readFile(file, 'utf8'));
    add(file, 'go.work', work.errors);
    for (const u of work.use) mods.push(join(resolve(dir, u.path.value), 'go.mod'));
  } else mods.push(join(dir, 'go.mod'));
  for (const m of mods) {
    let text: string;
    try {
      text = await readFile(m, 'utf8');
    } catch {
      continue;
    }
    add(m, relative(dir, m) || 'go.mod', parseGoMod(text).errors);
  }
  return out;
}

function under(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !resolve(rel).startsWith('..') && !rel.startsWith('/'));
}

export async function runDiagnose(argv: string[], io: DiagnoseIo = processIo()): Promise<number> {
  const started = Date.now();
  const args = parseDiagnoseArgs(argv);
  setLocale(args.lang ?? localeFromEnv(io.env));
  if (args.help) {
    io.out(diagnoseHelp());
    return ExitCode.Ok;
  }
  const dir = resolve(io.cwd, args.dir);
  // Paths in the output: relative to the current folder when DIR is inside it (a CI job's checkout), else DIR.
  const base = under(dir, io.cwd) ? io.cwd : dir;
  const color = colorEnabled({ isTTY: io.stdoutIsTTY, write: (s: string) => io.out(s) }, io.env);
  const textOpts = { palette: palette(color), quiet: args.quiet, verbose: args.verbose, color };
  const verbose = (s: string): void => {
    if (args.verbose) io.err(`${redact(s)}\n`);
  };

  const report: Report = {
    command: 'diagnose',
    dir,
    findings: [],
    modules: [],
    exitCode: ExitCode.Ok,
    ...(args.failOn ? { failOn: args.failOn } : {}),
  };
  /** Exit 3: the message on stderr, and in json/sarif/github a document that says so. */
  const unusable = (message: string, finding?: Finding): number => {
    report.exitCode = ExitCode.Environment;
    if (finding) report.findings.push(finding);
    io.err(`gomod-doctor diagnose: ${message}\n`);
    if (args.format !== 'text') io.out(render(args.format, report, textOpts));
    return ExitCode.Environment;
  };

  // 1. the folder and its go.work / go.mod
  try {
    if (!(await stat(dir)).isDirectory()) return unusable(t('{0} is not a folder', dir));
  } catch {
    return unusable(t('{0} does not exist', dir));
  }
  const work = io.env.GOWORK === 'off' ? 'missing' : await readable(join(dir, 'go.work'));
  const mod = await readable(join(dir, 'go.mod'));
  if (work === 'unreadable') return unusable(t('cannot read {0}', join(dir, 'go.work')));
  if (work === 'missing' && mod === 'unreadable') return unusable(t('cannot read {0}', join(dir, 'go.mod')));
  if (work === 'missing' && mod === 'missing') return unusable(t('no go.mod or go.work in {0}', dir));
  const mode = work === 'ok' ? 'workspace' : 'module';
  report.mode = mode;

  // 2. signals: stop go (the runner kills the whole process tree), then exit 130 / 143
  const ac = new AbortController();
  let stoppedBy: 'SIGINT' | 'SIGTERM' | undefined;
  const onSignal = (sig: 'SIGINT' | 'SIGTERM'): void => {
    if (stoppedBy) return;
    stoppedBy = sig;
    ac.abort();
  };
  const onInt = (): void => onSignal('SIGINT');
  const onTerm = (): void => onSignal('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  const progress = new Progress(
    { isTTY: io.stderrIsTTY, write: (s: string) => io.err(s) },
    t('gomod-doctor: checking {0}', relative(io.cwd, dir) || '.'),
    !args.quiet && args.format === 'text',
  );
  const interrupted = (): number => {
    progress.stop();
    io.err(
      stoppedBy === 'SIGTERM'
        ? `gomod-doctor diagnose: ${t('terminated; go was stopped')}\n`
        : `gomod-doctor diagnose: ${t('interrupted; go was stopped')}\n`,
    );
    return stoppedBy === 'SIGTERM' ? ExitCode.Terminated : ExitCode.Interrupted;
  };

  try {
    // 3. go and its environment (one process: go env -json)
    const prepared = await prepareGo({
      processEnv: io.env,
      ...(args.go !== undefined
        ? {
            go: { explicit: args.go.includes('/') ? resolve(io.cwd, args.go) : args.go },
            strictExplicit: true,
          }
        : {}),
      cwd: dir,
      signal: ac.signal,
      timeoutMs: args.timeoutSec * 1000,
    });
    if (stoppedBy) return interrupted();
    let processes = prepared.processes;
    if (!prepared.ok) {
      progress.stop();
      const message =
        prepared.reason === 'not-found'
          ? args.go !== undefined
            ? t('the go command {0} does not exist or is not executable', args.go)
            : t('cannot find the go command on PATH; install Go or pass --go PATH')
          : t('the go command at {0} does not work: {1}', prepared.goBin ?? '', redact(prepared.error ?? ''));
      return unusable(message, {
        category: 'go-missing',
        stage: undefined,
        ruleId: prepared.reason === 'not-found' ? 'cli-go-not-found' : 'cli-go-broken',
        summary: message,
        evidence: prepared.tried.slice(0, 10),
        fixes: ['install-go'],
      });
    }
    report.goVersion = prepared.effective.goVersion;
    report.effective = prepared.effective.values;
    const ev = prepared.effective.values;
    verbose(`go: ${prepared.goBin} (go${prepared.effective.goVersion ?? '?'})`);
    for (const k of ['GOPROXY', 'GOSUMDB', 'GOPRIVATE', 'GONOSUMDB', 'GOFLAGS', 'GOMODCACHE', 'GOTOOLCHAIN'])
      verbose(`  ${k}=${ev[k] ?? ''} (${prepared.sources[k] ?? 'go default'})`);

    // 4. the check
    const result: CheckResult = await checkModule({
      goBin: prepared.goBin,
      dir,
      env: prepared.env,
      timeoutMs: args.timeoutSec * 1000,
      signal: ac.signal,
      goVersion: prepared.effective.goVersion,
      gomodcache: ev.GOMODCACHE,
      offline: args.offline,
      trustCachedGraph: true,
      onWaiting: earlyWord(
        { isTTY: io.stderrIsTTY, write: (s: string) => io.err(s) },
        base,
        args.format === 'text' && !args.quiet,
      ),
    });
    processes += result.runs.length;
    for (const r of result.runs) {
      verbose(`$ ${r.command.join(' ')}  -> ${r.exitCode ?? r.signal ?? '?'} (${r.durationMs} ms)`);
      if (args.verbose && r.exitCode !== 0 && r.stderr.trim() !== '')
        verbose(
          r.stderr
            .trim()
            .split('\n')
            .slice(0, 40)
            .map((l) => `  | ${l}`)
            .join('\n'),
        );
    }
    if (stoppedBy) return interrupted();
    if (args.probe && !args.offline) {
      // The stage-by-stage diagnosis (src/core/probe): what the network path to each server does.
      progress.setLabel(t('gomod-doctor: probing the servers'));
      const { diagnoseDownloads } = await import('../../core/probe/index.ts');
      report.probe = await diagnoseDownloads({
        goBin: prepared.goBin,
        root: dir,
        env: prepared.env,
        envSources: prepared.sources,
        effective: ev,
        ...(prepared.effective.goVersion ? { goVersion: prepared.effective.goVersion } : {}),
        signal: ac.signal,
        timeouts: { totalMs: Math.min(args.timeoutSec * 1000, 60_000) },
      });
      if (stoppedBy) return interrupted();
    }
    progress.stop();

    const findings: AttributedFinding[] =
      result.skipped === 'syntax' ? await syntaxFindings(dir, mode) : result.findings;
    const goGone = findings.find((f) => f.category === 'go-missing');
    report.findings = findings.map((f): ReportFinding => ({
      ...f,
      location: toLocation(f.file, f.range, base),
    }));
    report.modules = result.modules.map((m) => ({
      path: m.path,
      version: m.version,
      status: args.offline && m.status === 'unknown' ? 'not-checked' : m.status,
    }));
    report.processes = processes;
    report.durationMs = Date.now() - started;
    verbose(t('{0} go processes, {1} ms', processes, report.durationMs));
    if (goGone) {
      report.exitCode = ExitCode.Environment;
      io.err(`gomod-doctor diagnose: ${goGone.summary}\n`);
    } else {
      const counted = report.findings.filter((f) => !args.failOn || args.failOn.includes(f.category));
      report.exitCode = counted.length > 0 ? ExitCode.Failures : ExitCode.Ok;
    }
    io.out(render(args.format, report, textOpts));
    return report.exitCode;
  } finally {
    progress.stop();
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  }
}

export const diagnose = {
  name: 'diagnose',
  summary: 'check that every module of a go.mod / go.work can be downloaded (for CI)',
  run: (argv: string[]): Promise<number> => runDiagnose(argv),
};
