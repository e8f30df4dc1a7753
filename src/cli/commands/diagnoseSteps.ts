/**
 * The steps of `gomod-doctor diagnose` (diagnose.ts runs them in order): find the root, watch for signals, find
 * go, check the downloads, probe the servers, and write the report with its exit code.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import type { Finding } from '../../core/classify/types.ts';
import { checkModule, type AttributedFinding, type CheckResult } from '../../core/download/check.ts';
import { syntaxFinding } from '../../core/download/syntaxFinding.ts';
import { gorootBeforeGo } from '../../core/env/goroot.ts';
import { prepareGo, type PreparedGo } from '../../core/env/prepare.ts';
import { parseGoMod, parseGoWork } from '../../core/gomod/parse.ts';
import { t } from '../../core/l10n.ts';
import { redact } from '../../core/redact.ts';
import { folderRoot, outsideNote, placeFor } from '../../core/workspace/folderRoot.ts';
import { resolvePlanEnv } from '../../core/workspace/planEnv.ts';
import { earlyWord } from '../earlyWord.ts';
import { ExitCode } from '../exitCodes.ts';
import { render } from '../format/index.ts';
import { toLocation, type Report, type ReportFinding } from '../format/model.ts';
import type { TextOptions } from '../format/text.ts';
import { colorEnabled, palette, type Progress } from '../term.ts';
import type { DiagnoseArgs, DiagnoseIo } from './diagnose.ts';

export type RootMode = 'module' | 'workspace';

/** What every step of one run shares: its arguments, where it writes, and the report it fills. */
export interface DiagnoseRun {
  args: DiagnoseArgs;
  io: DiagnoseIo;
  /** The folder diagnosed, absolute. */
  dir: string;
  /** What paths in the output are relative to. */
  base: string;
  /** The go.work go uses for DIR (workspace mode; findRoot decides), absolute. */
  work?: string;
  textOpts: TextOptions;
  report: Report;
  /** Writes a line to stderr under --verbose (redacted). */
  verbose: (s: string) => void;
}

export function under(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !resolve(rel).startsWith('..') && !rel.startsWith('/'));
}

export function startRun(args: DiagnoseArgs, io: DiagnoseIo): DiagnoseRun {
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
  return { args, io, dir, base, textOpts, report, verbose };
}

/** Exit 3: the message on stderr, and in json/sarif/github a document that says so. */
export function unusable(run: DiagnoseRun, message: string, finding?: Finding): number {
  const { report, args, io } = run;
  report.exitCode = ExitCode.Environment;
  if (finding) report.findings.push(finding);
  io.err(`gomod-doctor diagnose: ${message}\n`);
  if (args.format !== 'text') io.out(render(args.format, report, run.textOpts));
  return ExitCode.Environment;
}

async function readable(p: string): Promise<'ok' | 'missing' | 'unreadable'> {
  try {
    await readFile(p);
    return 'ok';
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'unreadable';
  }
}

/** The folder and its go.work / go.mod: the mode to check in, or the exit code when there is nothing to check. */
export async function findRoot(run: DiagnoseRun): Promise<RootMode | number> {
  const { dir, io } = run;
  try {
    if (!(await stat(dir)).isDirectory()) return unusable(run, t('{0} is not a folder', dir));
  } catch {
    return unusable(run, t('{0} does not exist', dir));
  }
  // GOWORK as go takes it: the environment, else the go env file (`go env -w`); say what go cannot follow.
  const goEnv = resolvePlanEnv(io.env);
  for (const note of goEnv.notes) io.err(`gomod-doctor diagnose: ${redact(note.message)}\n`);
  // The go.work go uses here (GOWORK's file, else the nearest go.work at or above DIR below GOROOT), as the
  // planner decides; go is not started yet: GOROOT as set, else the folder above the go binary's bin/.
  const go = run.args.go === undefined ? {} : { explicit: resolveGoArg(run.args.go, io.cwd) };
  const root = folderRoot(dir, goEnv, gorootBeforeGo(io.env, go));
  if (root.outside !== undefined)
    io.err(`gomod-doctor diagnose: ${redact(outsideNote(root.outside, dir))}\n`);
  const work = root.work === undefined ? 'missing' : await readable(root.work);
  const mod = await readable(join(dir, 'go.mod'));
  if (work === 'unreadable') return unusable(run, t('cannot read {0}', root.work!));
  if (work === 'missing' && mod === 'unreadable')
    return unusable(run, t('cannot read {0}', join(dir, 'go.mod')));
  if (work === 'missing' && mod === 'missing') return unusable(run, t('no go.mod or go.work in {0}', dir));
  const mode = work === 'ok' ? 'workspace' : 'module';
  run.report.mode = mode;
  if (mode === 'workspace') run.work = run.report.goWork = root.work;
  return mode;
}

/** --go as given: a path relative to the current folder, or a name looked for on PATH. */
const resolveGoArg = (go: string, cwd: string): string => (go.includes('/') ? resolve(cwd, go) : go);

/** SIGINT and SIGTERM while go runs: stop go (the runner kills the whole process tree), then exit 130 / 143. */
export class StopSignals {
  private readonly ac = new AbortController();
  readonly signal = this.ac.signal;
  stoppedBy: 'SIGINT' | 'SIGTERM' | undefined;
  private readonly onInt = (): void => this.stop('SIGINT');
  private readonly onTerm = (): void => this.stop('SIGTERM');

  constructor() {
    process.on('SIGINT', this.onInt);
    process.on('SIGTERM', this.onTerm);
  }

  private stop(sig: 'SIGINT' | 'SIGTERM'): void {
    if (this.stoppedBy) return;
    this.stoppedBy = sig;
    this.ac.abort();
  }

  /** Says that go was stopped; returns the exit code of the signal. */
  interrupted(progress: Progress, io: DiagnoseIo): number {
    progress.stop();
    io.err(
      this.stoppedBy === 'SIGTERM'
        ? `gomod-doctor diagnose: ${t('terminated; go was stopped')}\n`
        : `gomod-doctor diagnose: ${t('interrupted; go was stopped')}\n`,
    );
    return this.stoppedBy === 'SIGTERM' ? ExitCode.Terminated : ExitCode.Interrupted;
  }

  dispose(): void {
    process.off('SIGINT', this.onInt);
    process.off('SIGTERM', this.onTerm);
  }
}

/** go and its environment (one process: go env -json). */
export function findGo(run: DiagnoseRun, signal: AbortSignal): Promise<PreparedGo> {
  const { args, io } = run;
  return prepareGo({
    processEnv: io.env,
    ...(args.go !== undefined
      ? {
          go: { explicit: resolveGoArg(args.go, io.cwd) },
          strictExplicit: true,
        }
      : {}),
    cwd: run.dir,
    signal,
    timeoutMs: args.timeoutSec * 1000,
  });
}

/** The exit-3 message and finding for a go that is missing or broken. */
export function goUnusable(
  goArg: string | undefined,
  prepared: Extract<PreparedGo, { ok: false }>,
): { message: string; finding: Finding } {
  const message =
    prepared.reason === 'not-found'
      ? goArg !== undefined
        ? t('the go command {0} does not exist or is not executable', goArg)
        : t('cannot find the go command on PATH; install Go or pass --go PATH')
      : t('the go command at {0} does not work: {1}', prepared.goBin ?? '', redact(prepared.error ?? ''));
  return {
    message,
    finding: {
      category: 'go-missing',
      stage: undefined,
      ruleId: prepared.reason === 'not-found' ? 'cli-go-not-found' : 'cli-go-broken',
      summary: message,
      evidence: prepared.tried.slice(0, 10),
      fixes: ['install-go'],
    },
  };
}

/** Records go's version and environment in the report, and shows them under --verbose. */
export function noteGo(run: DiagnoseRun, prepared: Extract<PreparedGo, { ok: true }>): void {
  run.report.goVersion = prepared.effective.goVersion;
  run.report.effective = prepared.effective.values;
  const ev = prepared.effective.values;
  run.verbose(`go: ${prepared.goBin} (go${prepared.effective.goVersion ?? '?'})`);
  for (const k of ['GOPROXY', 'GOSUMDB', 'GOPRIVATE', 'GONOSUMDB', 'GOFLAGS', 'GOMODCACHE', 'GOTOOLCHAIN'])
    run.verbose(`  ${k}=${ev[k] ?? ''} (${prepared.sources[k] ?? 'go default'})`);
}

/** The check itself, each go process it ran shown under --verbose. */
export async function checkDownloads(
  run: DiagnoseRun,
  prepared: Extract<PreparedGo, { ok: true }>,
  signal: AbortSignal,
): Promise<CheckResult> {
  const { args, io } = run;
  const result: CheckResult = await checkModule({
    goBin: prepared.goBin,
    // The go.work's own folder with GOWORK set to it, or DIR in module mode.
    ...placeFor(run.dir, prepared.env, run.work),
    timeoutMs: args.timeoutSec * 1000,
    signal,
    goVersion: prepared.effective.goVersion,
    gomodcache: prepared.effective.values.GOMODCACHE,
    offline: args.offline,
    trustCachedGraph: true,
    onWaiting: earlyWord(
      { isTTY: io.stderrIsTTY, write: (s: string) => io.err(s) },
      run.base,
      args.format === 'text' && !args.quiet,
    ),
  });
  for (const r of result.runs) {
    run.verbose(`$ ${r.command.join(' ')}  -> ${r.exitCode ?? r.signal ?? '?'} (${r.durationMs} ms)`);
    if (args.verbose && r.exitCode !== 0 && r.stderr.trim() !== '')
      run.verbose(
        r.stderr
          .trim()
          .split('\n')
          .slice(0, 40)
          .map((l) => `  | ${l}`)
          .join('\n'),
      );
  }
  return result;
}

/** The stage-by-stage diagnosis (src/core/probe): what the network path to each server does. */
export async function probeServers(
  run: DiagnoseRun,
  prepared: Extract<PreparedGo, { ok: true }>,
  signal: AbortSignal,
): Promise<void> {
  const { diagnoseDownloads } = await import('../../core/probe/index.ts');
  // The report takes the go.work go uses in DIR as findRoot did (folderRoot.ts), with go's own GOROOT.
  run.report.probe = await diagnoseDownloads({
    goBin: prepared.goBin,
    root: run.dir,
    env: prepared.env,
    envSources: prepared.sources,
    effective: prepared.effective.values,
    ...(prepared.effective.goVersion ? { goVersion: prepared.effective.goVersion } : {}),
    signal,
    timeouts: { totalMs: Math.min(run.args.timeoutSec * 1000, 60_000) },
  });
}

/** Syntax errors of go.work and the go.mod files it uses (or the one go.mod), as findings at their place. */
async function syntaxFindings(dir: string, work: string | undefined): Promise<AttributedFinding[]> {
  const out: AttributedFinding[] = [];
  const add = (
    file: string,
    name: string,
    errors: { message: string; range: AttributedFinding['range'] }[],
  ) => {
    for (const e of errors) out.push(syntaxFinding(file, name, e));
  };
  const mods: string[] = [];
  if (work !== undefined) {
    const parsed = parseGoWork(await readFile(work, 'utf8'));
    add(work, basename(work), parsed.errors);
    // `use` paths are relative to the go.work's folder (GOWORK may name one elsewhere).
    for (const u of parsed.use) mods.push(join(resolve(dirname(work), u.path.value), 'go.mod'));
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

/** The findings and modules into the report, the exit code decided, and the report written to stdout. */
export async function writeReport(
  run: DiagnoseRun,
  result: CheckResult,
  processes: number,
  started: number,
): Promise<number> {
  const { args, io, report } = run;
  const findings: AttributedFinding[] =
    result.skipped === 'syntax' ? await syntaxFindings(run.dir, run.work) : result.findings;
  const goGone = findings.find((f) => f.category === 'go-missing');
  report.findings = findings.map((f): ReportFinding => ({
    ...f,
    location: toLocation(f.file, f.range, run.base),
  }));
  report.modules = result.modules.map((m) => ({
    path: m.path,
    version: m.version,
    status: args.offline && m.status === 'unknown' ? 'not-checked' : m.status,
  }));
  report.processes = processes;
  report.durationMs = Date.now() - started;
  run.verbose(t('{0} go processes, {1} ms', processes, report.durationMs));
  if (goGone) {
    report.exitCode = ExitCode.Environment;
    io.err(`gomod-doctor diagnose: ${goGone.summary}\n`);
  } else {
    const counted = report.findings.filter((f) => !args.failOn || args.failOn.includes(f.category));
    report.exitCode = counted.length > 0 ? ExitCode.Failures : ExitCode.Ok;
  }
  io.out(render(args.format, report, run.textOpts));
  return report.exitCode;
}
