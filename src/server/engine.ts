/**
 * The server's bridge to the engine: builds the environment, finds go, runs the check for one module root and
 * turns the result into what the server publishes.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import {
  batchKey,
  prefetchGroup,
  type BatchOptions,
  type BatchUnit,
  type Prefetched,
} from '../core/download/batch.ts';
import {
  CheckCache,
  checkModule,
  gomodcacheOf,
  type AttributedFinding,
  type CheckResult,
} from '../core/download/check.ts';
import { ModuleFacts } from '../core/download/moduleFacts.ts';
import type { SavedResults } from '../core/download/saved.ts';
import { syntaxFinding } from '../core/download/syntaxFinding.ts';
import type { EnvSource } from '../core/env/buildEnv.ts';
import { prepareGo, type EffectiveValues, type PreparedGo } from '../core/env/prepare.ts';
import { parseGoMod, parseGoWork } from '../core/gomod/parse.ts';
import { parseGoModShared } from '../core/gomod/parseCache.ts';
import type { Range } from '../core/gomod/types.ts';
import { t } from '../core/l10n.ts';
import { workFileOf } from '../core/workspace/goWork.ts';
import type { VendorMode } from '../core/workspace/vendor.ts';
import type { DiagnosticData } from './diagnostics.ts';
import { SavedKeeper } from './savedKeeper.ts';
import { changeVersionModules, listVersionsOf } from './versions.ts';
import type { DoctorSettings, GoExtensionSettings } from './settings.ts';

export interface RootResult {
  diagnostics: { finding: AttributedFinding; extra: Omit<DiagnosticData, 'finding' | 'root'> }[];
  effectiveEnv?: Record<string, string>;
  env?: Record<string, string>;
  envSources?: Record<string, EnvSource>;
  goBin?: string;
  goVersion?: string;
  /** Go builds the root from vendor/: nothing was downloaded, vendor/modules.txt was checked. */
  vendored?: boolean;
  /** Set when go could not be found or run: the one clear message to show. */
  goMissing?: string;
  /** Processes started for this check (0 when everything came from caches). */
  processes: number;
}

export interface CheckRootOptions {
  root: string;
  settings: DoctorSettings;
  goSettings: GoExtensionSettings;
  httpProxy: string;
  /** Unsaved editor contents by absolute path: the engine checks them instead of the files on disk. */
  overrides: Map<string, string>;
  signal: AbortSignal;
  log: (msg: string) => void;
  processEnv?: Record<string, string | undefined>;
  /** Ignore a cached result (after a fix or an explicit recheck). */
  force?: boolean;
  /** Variables the plan sets for this root on top of its folder's environment (GOWORK). */
  unitEnv?: Record<string, string>;
  /** go's vendoring mode for the root, when the plan knows go builds it from vendor/. */
  vendor?: VendorMode;
  /** The go.mod/go.work files whose findings this root owns (the planner's unit files); others are dropped. */
  owns?: readonly string[];
  /** Provisional findings while a request of go's waits (see CheckOptions.onWaiting). */
  onWaiting?: (findings: AttributedFinding[]) => void;
  waitNoticeMs?: number;
  /** A batch download's failures (Engine.prefetch), used only when the root's environment is the batch's. */
  prefetched?: BatchFailures;
  /** The go the batch prepared for this root (PreparedRoot.reuse): used instead of preparing it again when the
   * root's settings and process environment are those it was prepared from. */
  prepared?: PreparedReuse;
}

/** What a root needs for go to run: how to find go and build its environment. */
export type PrepareRootOptions = Pick<
  CheckRootOptions,
  'root' | 'settings' | 'goSettings' | 'httpProxy' | 'signal' | 'processEnv' | 'unitEnv'
>;

/** A root ready to run go: the go binary, its whole environment, what `go env` says. */
export interface PreparedRoot {
  goBin: string;
  env: Record<string, string>;
  goVersion?: string;
  gomodcache?: string;
  /** The batch it can share (core batchKey): roots with another key must not share a batch. */
  key: string;
  /** For the root's own check right after the batch (CheckRootOptions.prepared). */
  reuse: PreparedReuse;
}

/** A root's prepared go and the inputs it was prepared from (inputsOf). */
export interface PreparedReuse {
  inputs: string;
  go: PreparedGo & { ok: true };
}

/** The failures of one batch download and the environment they hold for. */
export interface BatchFailures {
  key: string;
  failed: Prefetched;
  /** The module cache as read once after the download, shared by the batch's roots (core ModuleFacts). */
  facts: ModuleFacts;
  /**
   * The versions of the failing modules the change-version fix needs, listed once for the batch; the listing
   * runs while the roots are checked (a root's fixes wait for it, its check does not).
   */
  versions: Promise<Map<string, string[]>>;
}

export interface PrefetchOptions {
  timeoutMs: number;
  signal: AbortSignal;
  overrides: Map<string, string>;
  /** Ignore kept results (a re-check): every unit's missing modules are fetched. */
  force?: boolean;
  waitNoticeMs?: number;
  log?: (msg: string) => void;
}

/** What the engine keeps between checks: results, graph verdicts, go env values. One per server. */
export class Engine {
  private readonly checkCache = new CheckCache();
  private readonly effectiveCache = new Map<string, EffectiveValues>();
  /** Results kept between sessions (core saved.ts), when the client gave a place for them. */
  readonly saved = new SavedKeeper();

  async check(o: CheckRootOptions): Promise<RootResult> {
    const r = await checkRoot(o, this.checkCache, this.effectiveCache, this.saved.results);
    this.saved.saveSoon();
    return r;
  }

  /** The go binary and environment a root's check would use; undefined when go is missing or broken. */
  async prepare(o: PrepareRootOptions): Promise<PreparedRoot | undefined> {
    const p = await prepareRoot(o, this.effectiveCache);
    if (!p.ok) return undefined;
    const env = { ...p.env, ...o.unitEnv };
    const reuse = { inputs: inputsOf(o), go: p };
    const out: PreparedRoot = { goBin: p.goBin, env, key: batchKey(p.goBin, env), reuse };
    if (p.effective.goVersion) out.goVersion = p.effective.goVersion;
    if (p.effective.values.GOMODCACHE) out.gomodcache = p.effective.values.GOMODCACHE;
    return out;
  }

  /**
   * `like` for another root of the same folder settings, process environment and plan environment: its go,
   * environment and batch key are the same (`go env` was read once for them), only the inputs it is reused for
   * name the root.
   */
  preparedLike(like: PreparedRoot, o: PrepareRootOptions): PreparedRoot {
    return { ...like, reuse: { inputs: inputsOf(o), go: like.reuse.go } };
  }

  /**
   * One batch download for roots prepared with the same key (core prefetchGroup): go runs once (a few times for
   * hundreds of modules) for what they lack; each unit hears the early word on a hang through its onWaiting.
   */
  async prefetch(units: BatchUnit[], p: PreparedRoot, o: PrefetchOptions): Promise<BatchFailures> {
    // What the roots share of the module cache, read once for all (partly while the batch's go runs).
    const facts = new ModuleFacts(p.gomodcache ?? gomodcacheOf(p.env));
    const opts: BatchOptions = {
      goBin: p.goBin,
      cache: this.checkCache,
      timeoutMs: o.timeoutMs,
      signal: o.signal,
      overrides: o.overrides,
      force: o.force === true,
      ...(this.saved.results ? { saved: this.saved.results } : {}),
      ...(p.goVersion ? { goVersion: p.goVersion } : {}),
      ...(p.gomodcache ? { gomodcache: p.gomodcache } : {}),
      ...(o.waitNoticeMs === undefined ? {} : { waitNoticeMs: o.waitNoticeMs }),
    };
    const { failed, runs, savedFailures } = await prefetchGroup(units, opts, facts);
    for (const r of runs)
      o.log?.(`${r.command.join(' ')} → ${r.exitCode ?? r.signal} (${r.durationMs} ms)\n${r.stderr}`);
    const wanted = o.signal.aborted ? [] : changeVersionModules(failed, p.goVersion, savedFailures);
    // Caught here: no root may be left to wait for it (each left the batch), and none is then listed.
    const versions = listVersionsOf(p.goBin, p.env, wanted, o.signal).catch(
      () => new Map<string, string[]>(),
    );
    return { key: p.key, failed, facts, versions };
  }

  /** Removes the folders the check keeps between runs (at shutdown), after writing the saved results. */
  dispose(): void {
    this.saved.saveNow();
    this.checkCache.dispose();
  }
}

/**
 * The exact ranges of a require's path and version in `file`, from the text the check read (the editor's unsaved
 * one, else the file's; `texts` keeps it for the root's other findings) and its shared parse.
 */
function requireRanges(
  file: string,
  path: string,
  texts: Map<string, string | undefined>,
): { pathRange?: Range; versionRange?: Range } {
  if (!file.endsWith('go.mod')) return {};
  if (!texts.has(file)) {
    try {
      texts.set(file, readFileSync(file, 'utf8'));
    } catch {
      texts.set(file, undefined);
    }
  }
  const text = texts.get(file);
  if (text === undefined) return {};
  const req = parseGoModShared(text).require.find((r) => r.path.value === path);
  return req ? { pathRange: req.path.range, versionRange: req.version.range } : {};
}

/**
 * When a go.mod or go.work does not parse, nothing is downloaded; its syntax errors say why (gopls shows them
 * too, but without them here the file would look fine).
 */
async function syntaxDiagnostics(
  root: string,
  workFile: string | undefined,
  overrides: Map<string, string>,
): Promise<RootResult['diagnostics']> {
  const out: RootResult['diagnostics'] = [];
  // The go.work the check read (GOWORK may name a dev.work anywhere), then the root's go.mod.
  for (const file of [...(workFile === undefined ? [] : [workFile]), join(root, 'go.mod')]) {
    const name = basename(file);
    let text = overrides.get(file);
    if (text === undefined) {
      try {
        text = await readFile(file, 'utf8');
      } catch {
        continue;
      }
    }
    const parsed = file === workFile ? parseGoWork(text) : parseGoMod(text);
    for (const e of parsed.errors) {
      out.push({ finding: syntaxFinding(file, name, e), extra: {} });
    }
  }
  return out;
}

type Prepared = Awaited<ReturnType<typeof prepareGo>>;

/** The result of a check that could not start: go is missing or does not run. */
function goMissingResult(prepared: Prepared & { ok: false }): RootResult {
  if (prepared.reason === 'not-found') {
    return {
      diagnostics: [],
      processes: 0,
      goMissing: t(
        'Go Module Doctor cannot find the go command. Set "gomodDoctor.goPath" (or vscode-go\'s "go.alternateTools" or "go.goroot"), or put go on the PATH of your login shell: VS Code takes its environment from it.',
      ),
    };
  }
  return {
    diagnostics: [],
    processes: prepared.processes,
    ...(prepared.goBin ? { goBin: prepared.goBin } : {}),
    env: prepared.env,
    envSources: prepared.sources,
    goMissing: t('The go command at {0} does not work: {1}', prepared.goBin ?? '', prepared.error ?? ''),
  };
}

/** Findings with what the code actions need (the require's ranges; the versions that exist). */
async function withExtras(
  o: CheckRootOptions,
  result: CheckResult,
  go: { goBin: string; env: Record<string, string>; versions: Map<string, string[]> | undefined },
): Promise<{ diagnostics: RootResult['diagnostics']; processes: number }> {
  let processes = 0;
  const diagnostics: RootResult['diagnostics'] = [];
  if (result.skipped === 'syntax') {
    const workFile = workFileOf(o.root, { ...go.env, ...o.unitEnv });
    const syntax = await syntaxDiagnostics(o.root, workFile, o.overrides);
    diagnostics.push(...syntax.filter((d) => o.owns === undefined || o.owns.includes(d.finding.file)));
  }
  // The versions the change-version fixes offer: what a batch listed, the rest in one go process of its own.
  const wanted = (f: AttributedFinding): string | undefined =>
    f.fixes.includes('change-version') ? f.module : undefined;
  const unlisted = [...new Set(result.findings.map(wanted))].filter(
    (m): m is string => m !== undefined && !go.versions?.has(m),
  );
  const listed = new Map(go.versions);
  if (unlisted.length > 0 && !o.signal.aborted) {
    for (const [m, vs] of await listVersionsOf(go.goBin, go.env, unlisted, o.signal)) listed.set(m, vs);
    processes++;
  }
  const texts = new Map<string, string | undefined>(o.overrides);
  for (const f of result.findings) {
    const extra: Omit<DiagnosticData, 'finding' | 'root'> = requireRanges(
      f.file,
      f.requirePath ?? f.module ?? '',
      texts,
    );
    const m = wanted(f);
    if (m !== undefined && !o.signal.aborted) extra.versions = listed.get(m) ?? [];
    diagnostics.push({ finding: f, extra });
  }
  return { diagnostics, processes };
}

function prepareRoot(o: PrepareRootOptions, effectiveCache: Map<string, EffectiveValues>): Promise<Prepared> {
  return prepareGo({
    processEnv: o.processEnv ?? process.env,
    settingsEnv: o.settings.env,
    toolsEnvVars: o.goSettings.toolsEnvVars,
    httpProxy: o.httpProxy,
    go: { explicit: o.settings.goPath, alternateGo: o.goSettings.alternateGo, goroot: o.goSettings.goroot },
    cwd: o.root,
    signal: o.signal,
    effectiveCache,
  });
}

/** Everything prepareGo reads besides files: the same inputs give the same go and environment. */
function inputsOf(o: PrepareRootOptions): string {
  const { settings: d, goSettings: g } = o;
  const go = [d.goPath, g.alternateGo, g.goroot];
  return JSON.stringify([o.root, o.processEnv ?? process.env, d.env, g.toolsEnvVars, o.httpProxy, go]);
}

/**
 * The batch's prepared go when it was prepared from the same inputs moments ago (its go env then came from the
 * engine's cache: no process, as a second prepareGo would find), else prepareGo again.
 */
function preparedFor(o: CheckRootOptions, effectiveCache: Map<string, EffectiveValues>): Promise<Prepared> {
  if (o.prepared && o.prepared.inputs === inputsOf(o))
    return Promise.resolve({ ...o.prepared.go, processes: 0 });
  return prepareRoot(o, effectiveCache);
}

async function checkRoot(
  o: CheckRootOptions,
  checkCache: CheckCache,
  effectiveCache: Map<string, EffectiveValues>,
  saved: SavedResults | undefined,
): Promise<RootResult> {
  const prepared = await preparedFor(o, effectiveCache);
  if (prepared.refusedPath.length > 0) {
    o.log(
      t(
        'Relative PATH entries are not used (they would run programs from the workspace): {0}. Use absolute paths.',
        prepared.refusedPath.join(', '),
      ),
    );
  }
  if (!prepared.ok) return goMissingResult(prepared);
  const eff = prepared.effective;
  const owned = (f: { file: string }): boolean => o.owns === undefined || o.owns.includes(f.file);
  const env = { ...prepared.env, ...o.unitEnv };
  const batched = o.prefetched?.key === batchKey(prepared.goBin, env) ? o.prefetched : undefined;
  const result = await checkModule({
    goBin: prepared.goBin,
    dir: o.root,
    env,
    timeoutMs: o.settings.timeout * 1000,
    signal: o.signal,
    goVersion: eff.goVersion,
    gomodcache: eff.values.GOMODCACHE,
    cache: checkCache,
    overrides: o.overrides,
    force: o.force === true,
    ...(o.vendor ? { vendor: o.vendor } : {}),
    ...(o.onWaiting ? { onWaiting: (fs: AttributedFinding[]) => o.onWaiting?.(fs.filter(owned)) } : {}),
    ...(o.waitNoticeMs === undefined ? {} : { waitNoticeMs: o.waitNoticeMs }),
    ...(batched ? { prefetched: batched.failed, facts: batched.facts } : {}),
    ...(saved ? { saved } : {}),
  });
  if (o.settings.logGoTrace) {
    for (const r of result.runs)
      o.log(`${r.command.join(' ')} → ${r.exitCode ?? r.signal} (${r.durationMs} ms)\n${r.stderr}`);
  }
  const mine = { ...result, findings: result.findings.filter(owned) };
  const extras = await withExtras(o, mine, {
    goBin: prepared.goBin,
    env: prepared.env,
    versions: await batched?.versions,
  });
  return {
    diagnostics: extras.diagnostics,
    effectiveEnv: eff.values,
    env: prepared.env,
    envSources: prepared.sources,
    goBin: prepared.goBin,
    ...(eff.goVersion ? { goVersion: eff.goVersion } : {}),
    ...(result.vendored ? { vendored: true } : {}),
    processes: prepared.processes + result.runs.length + extras.processes,
  };
}
