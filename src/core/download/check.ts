/**
 * Checks that everything a go.mod (or a go.work and its modules) requires can be downloaded, and attributes
 * every failure to the line that causes it.
 *
 * 1. Parse the files; every `require` (after `replace`) is a target `path@version`.
 * 2. Cache fast path: a target whose files in $GOMODCACHE/cache/download are complete costs no process.
 * 3. The rest: `go mod download -json -x path@version …` (explicit arguments, so every module gets its own
 *    JSON object; with no arguments go stops at the first graph error and prints no JSON). With a CheckCache,
 *    requires it has never seen complete start downloading before the other entries are confirmed, so the
 *    usual edit (one require changed) waits for little more than go itself: when only versions changed since
 *    the last check, go starts before the files are parsed (quickStart; the parse is then the last one,
 *    patched), and a download of a few modules runs in a module of their own (runGoAlone).
 * 4. The module graph: `go mod graph`, which reveals what explicit arguments miss (a dependency of a
 *    dependency that fails, a module that declares another path, go/toolchain line problems). Skipped when
 *    every target was a cache hit and the graph was fine before for the same go.mod files and environment.
 * 5. Attribution: a module's own failure goes to its require line (or the replace target that supplies it);
 *    a transitive failure goes to each direct require that pulls it in, with the chain; a go/toolchain
 *    problem goes to that line.
 *
 * The user's files are never written: go runs with `-modfile=<private copy of go.mod>` (go then writes the
 * copy's go.sum beside it) and GOWORK=off, or for a workspace with GOWORK=<private copy of go.work> whose
 * `use` and local `replace` paths are made absolute (go then writes the copy's go.work.sum). The module of
 * their own is `alone.mod`/`alone.sum` beside them. The copies live in a 0700 folder that a CheckCache keeps
 * per root between checks (rewritten before every go run) and removes on dispose() or at exit; without one,
 * in a temporary folder removed after the check.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { Stage } from '../categories.ts';
import { classify } from '../classify/index.ts';
import type { ClassifyInput, Finding, FixId } from '../classify/types.ts';
import { parseGoMod, parseGoWork } from '../gomod/parse.ts';
import { canonicalVersion, goQuote } from '../gomod/versions.ts';
import type { GoModFile, GoWorkFile, Position, Range, Replace } from '../gomod/types.ts';
import { t } from '../l10n.ts';
import { redact } from '../redact.ts';
import { run, type RunResult } from '../run/runner.ts';
import { cachedGraphComplete, compareGoVersions, goSumAgrees } from './cachedGraph.ts';
import { isSafeModuleKey } from '../gomod/modpath.ts';
import { makeTempDir } from '../run/watchdog.ts';
import { chainsTo, parseRequiresChain, splitModVersion, type ModVersion } from './chain.ts';
import { decodeModDownload } from './jsonStream.ts';
import { cacheEntryStamp, cacheEntryStatus, cacheZipExists } from './modcache.ts';
import { openOperations, parseTrace, type OpenOperation } from './trace.ts';
import { waitingFinding, WaitWatcher, type WaitingRequest } from './waiting.ts';

export type AttributedFinding = Finding & {
  /** Absolute path of the go.mod or go.work the finding is attached to. */
  file: string;
  /** The require's path..version, the replace target, or the go/toolchain line. */
  range: Range;
  requirePath?: string;
  /** Set on an early word while go still runs (see CheckOptions.onWaiting): the final result replaces it. */
  provisional?: true;
  /** How long the request a provisional finding names has waited so far. */
  waitedMs?: number;
};

export type ModuleStatusKind = 'ok' | 'failed' | 'cached' | 'unknown';

export interface ModuleStatus {
  path: string;
  version: string;
  /**
   * 'cached': complete in the module cache, no process needed; 'ok': downloaded; 'failed': it or a module it
   * pulls in failed; 'unknown': go stopped (timeout, cancellation, a fatal error) before reporting on it.
   */
  status: ModuleStatusKind;
  finding?: AttributedFinding;
}

export interface CheckResult {
  findings: AttributedFinding[];
  modules: ModuleStatus[];
  runs: RunResult[];
  /** True when the whole result came from the result cache (no process, no file of the cache read). */
  fromCache: boolean;
  /** Set when nothing was run because a file does not parse (the parser's diagnostics say why). */
  skipped?: 'syntax' | 'no-module';
}

export interface CheckOptions {
  goBin: string;
  /** A module root (has go.mod) or a workspace root (has go.work). */
  dir: string;
  /** The environment go runs with (see buildEnv). */
  env: Record<string, string>;
  /** Per go process. Default 120 s. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** "1.23.5": selects version-dependent flags (`go mod graph -x` needs 1.21+). */
  goVersion?: string;
  /** The effective GOMODCACHE (go env -json); default: derived from env like go does. */
  gomodcache?: string;
  /** Results and module-graph verdicts kept between calls. */
  cache?: CheckCache;
  /**
   * Contents to use instead of the files on disk, by absolute path (unsaved editor buffers): the main go.mod in
   * module mode, or the go.work in workspace mode. The files on disk are never written either way.
   */
  overrides?: ReadonlyMap<string, string>;
  /** Ignore a cached result (the fast path and the graph cache still apply). */
  force?: boolean;
  /** Run no go process: modules not complete in the module cache stay 'unknown' (not checked). */
  offline?: boolean;
  /**
   * When every require is complete in the module cache, skip `go mod graph` if the graph's go.mod files are
   * all in the cache too and no go/toolchain line needs a newer Go (see cachedGraph.ts); for callers without a
   * long-lived CheckCache, such as the CLI.
   */
  trustCachedGraph?: boolean;
  /**
   * Early word on a hang: while go runs, whenever one of its requests has waited `waitNoticeMs` or more, called
   * about once a second with provisional findings (category timeout, `provisional: true`) on the require lines
   * they serve; called once with [] when nothing waits any more. The result replaces them.
   */
  onWaiting?: (findings: AttributedFinding[]) => void;
  /** Default 10000. */
  waitNoticeMs?: number;
}

/** Results keyed by the files' contents and the environment; graph verdicts keyed by go.mod files + env. */
export class CheckCache {
  private readonly results = new Map<string, { at: number; result: CheckResult }>();
  private readonly graphsOk = new Set<string>();
  private readonly entries = new Map<string, string>();
  private readonly roots = new Map<string, Set<string>>();
  /** `gomodcache\0path@version` of entries found complete once (whatever go.sum said then). */
  private readonly complete = new Set<string>();
  /** `gomodcache\0path@version` of modules the last check that had them could not download (or did not get to). */
  private readonly unsettledSet = new Set<string>();
  /** The main module each root had at its last check (for quickStart). */
  private readonly lastModules = new Map<string, LastModule>();
  /** One reusable folder per module root for go's copy of the files, and whether a run holds it. */
  private readonly shadows = new Map<string, { dir: string; busy: boolean }>();

  /** Bookkeeping a check leaves for later checks (see later()). */
  private deferred: (() => void)[] = [];

  /** Failures are kept `failureTtlMs` (default 5 minutes): a network problem may go away by itself. */
  constructor(private readonly opts: { failureTtlMs?: number; maxEntries?: number } = {}) {}

  /**
   * Runs `fn` once the check that calls it has returned (its result is published first), at the latest when the
   * next check starts (checkModule calls flush()).
   */
  later(fn: () => void): void {
    this.deferred.push(fn);
    if (this.deferred.length === 1) setImmediate(() => this.flush());
  }

  flush(): void {
    const fns = this.deferred;
    this.deferred = [];
    for (const fn of fns) fn();
  }

  getResult(key: string, now = Date.now()): CheckResult | undefined {
    const e = this.results.get(key);
    if (!e) return undefined;
    const failed =
      e.result.findings.length > 0 ||
      e.result.modules.some((m) => m.status !== 'ok' && m.status !== 'cached');
    if (failed && now - e.at > (this.opts.failureTtlMs ?? 5 * 60_000)) {
      this.results.delete(key);
      return undefined;
    }
    return structuredClone(e.result);
  }

  setResult(key: string, result: CheckResult, now = Date.now()): void {
    this.results.delete(key);
    this.results.set(key, { at: now, result: structuredClone({ ...result, runs: [] }) });
    const max = this.opts.maxEntries ?? 200;
    while (this.results.size > max) this.results.delete(this.results.keys().next().value!);
  }

  /** The stamp (see cacheEntryStamp) of a module cache entry found complete and agreeing with go.sum. */
  cachedEntry(key: string): string | undefined {
    return this.entries.get(key);
  }

  setCachedEntry(key: string, stamp: string): void {
    if (this.entries.size >= 50_000) this.entries.clear();
    this.entries.set(key, stamp);
  }

  /**
   * Whether path@version was found complete in this module cache before: a hint only (the stamps decide),
   * which lets a check start go on the requires that are new before it confirms the others.
   */
  knownComplete(gomodcache: string, path: string, version: string): boolean {
    return this.complete.has(`${gomodcache}\0${path}@${version}`);
  }

  setKnownComplete(gomodcache: string, path: string, version: string): void {
    if (this.complete.size >= 50_000) this.complete.clear();
    this.complete.add(`${gomodcache}\0${path}@${version}`);
    this.unsettledSet.delete(`${gomodcache}\0${path}@${version}`);
  }

  /** A module a check could not download or did not get to: its next download waits for the files' check. */
  setUnsettled(gomodcache: string, path: string, version: string): void {
    if (this.unsettledSet.size >= 50_000) this.unsettledSet.clear();
    this.unsettledSet.add(`${gomodcache}\0${path}@${version}`);
  }

  unsettled(gomodcache: string, path: string, version: string): boolean {
    return this.unsettledSet.has(`${gomodcache}\0${path}@${version}`);
  }

  lastModule(root: string): LastModule | undefined {
    return this.lastModules.get(root);
  }

  setLastModule(root: string, m: LastModule): void {
    this.lastModules.set(root, m);
  }

  /**
   * A private folder (mode 0700) for go's copy of the files of module root `root`, kept between checks: making
   * and removing a folder costs milliseconds on a slow file system, on every check that runs go. Undefined
   * while another check holds it (the caller makes a temporary one). Give it back with releaseShadow.
   */
  borrowShadow(root: string): string | undefined {
    let sh = this.shadows.get(root);
    if (sh?.busy) return undefined;
    if (!sh || !existsSync(sh.dir)) {
      sh = { dir: makeTempDir('check'), busy: false };
      this.shadows.set(root, sh);
      removeAtExit.add(sh.dir);
    }
    sh.busy = true;
    return sh.dir;
  }

  releaseShadow(root: string): void {
    const sh = this.shadows.get(root);
    if (sh) sh.busy = false;
  }

  /** Removes the kept folders (when the server shuts down; also done at process exit). */
  dispose(): void {
    for (const sh of this.shadows.values()) {
      rmSync(sh.dir, { recursive: true, force: true });
      removeAtExit.delete(sh.dir);
    }
    this.shadows.clear();
  }

  /** Requires (path@version) that were part of a successful graph run, by the files' other contents. */
  okRoots(key: string): ReadonlySet<string> | undefined {
    return this.roots.get(key);
  }

  addOkRoots(key: string, roots: { path: string; version: string }[]): void {
    const set = this.roots.get(key) ?? new Set<string>();
    if (set.size > 50_000) set.clear();
    for (const r of roots) set.add(`${r.path}@${r.version}`);
    this.roots.set(key, set);
  }

  graphOk(key: string): boolean {
    return this.graphsOk.has(key);
  }

  setGraphOk(key: string): void {
    this.graphsOk.add(key);
  }

  clear(): void {
    this.results.clear();
    this.graphsOk.clear();
    this.entries.clear();
    this.roots.clear();
    this.complete.clear();
  }
}

/** Shadow folders still to remove when the process exits (a language server stopped without shutdown). */
const removeAtExit = new Set<string>();
process.once('exit', () => {
  for (const d of removeAtExit) rmSync(d, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// targets

interface Site {
  file: string;
  range: Range;
  requirePath: string;
}

interface Target extends ModVersion {
  sites: Site[];
  status: ModuleStatusKind;
  findings: AttributedFinding[];
}

export interface LoadedFile {
  path: string;
  text: string;
  parsed: GoModFile;
}

export interface World {
  mode: 'module' | 'workspace';
  /** go.mod files (the main module, or every used module). */
  mods: LoadedFile[];
  work?: { path: string; text: string; parsed: GoWorkFile };
  /** go.sum / go.work.sum contents (for the result key), by absolute path. */
  sums: Map<string, string>;
}

const span = (a: Range, b: Range): Range => ({ start: a.start, end: b.end });
const ZERO: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** Synchronous: a few small files, and each asynchronous read costs a thread-pool round trip when busy. */
function readText(p: string): string | undefined {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
}

function loadWorld(
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
      mods.push({ path: p, text, parsed: parseGoMod(text) });
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
      : ((changed && patchedParse(last!, changed, text)) ?? parseGoMod(text));
  return { mode: 'module', mods: [{ path: modPath, text, parsed: parsedX }], sums };
}

function findReplace(replaces: Replace[], path: string, version: string): Replace | undefined {
  let best: Replace | undefined;
  for (const r of replaces) {
    if (r.old.path.value !== path) continue;
    if (r.old.version && r.old.version.value !== version) continue;
    if (!best || (r.old.version && !best.old.version)) best = r;
  }
  return best;
}

/** What a require downloads after its replacement `r`: undefined for a directory on disk (nothing to download). */
function downloadTarget(r: Replace | undefined, path: string, version: string): ModVersion | undefined {
  if (!r) return { path, version };
  if (r.local || !r.new.version) return undefined;
  return { path: r.new.path.value, version: r.new.version.value };
}

function collectTargets(world: World): Target[] {
  const mainPaths = new Set(world.mods.map((m) => m.parsed.module?.value).filter((p): p is string => !!p));
  const targets = new Map<string, Target>();
  for (const mod of world.mods) {
    for (const req of mod.parsed.require) {
      const path = req.path.value;
      const version = req.version.value;
      if (mainPaths.has(path)) continue;
      const wr = world.work ? findReplace(world.work.parsed.replace, path, version) : undefined;
      const r = wr ?? findReplace(mod.parsed.replace, path, version);
      const target = downloadTarget(r, path, version);
      if (!target) continue;
      const site: Site = r
        ? {
            file: wr ? world.work!.path : mod.path,
            range: span(r.new.path.range, r.new.version!.range),
            requirePath: path,
          }
        : { file: mod.path, range: span(req.path.range, req.version.range), requirePath: path };
      const key = `${target.path}@${target.version}`;
      const t0 = targets.get(key) ?? { ...target, sites: [], status: 'unknown' as const, findings: [] };
      t0.sites.push(site);
      targets.set(key, t0);
    }
  }
  return [...targets.values()];
}

// ---------------------------------------------------------------------------------------------
// helpers

function offsetAt(text: string, pos: Position): number {
  let off = text.startsWith('\uFEFF') ? 1 : 0;
  for (let line = 0; line < pos.line; line++) {
    const m = /\r\n|\n|\r/g;
    m.lastIndex = off;
    const hit = m.exec(text);
    if (!hit) return text.length;
    off = hit.index + hit[0].length;
  }
  return Math.min(off + pos.character, text.length);
}

/** A copy of go.work whose `use` and local `replace` paths are absolute (relative to the original's folder). */
export function absolutizeGoWork(text: string, parsed: GoWorkFile, workDir: string): string {
  const edits: { start: number; end: number; text: string }[] = [];
  const abs = (p: string): string => (isAbsolute(p) ? p : resolve(workDir, p));
  for (const u of parsed.use) {
    edits.push({
      start: offsetAt(text, u.path.range.start),
      end: offsetAt(text, u.path.range.end),
      text: JSON.stringify(abs(u.path.value)),
    });
  }
  for (const r of parsed.replace) {
    if (!r.local) continue;
    edits.push({
      start: offsetAt(text, r.new.path.range.start),
      end: offsetAt(text, r.new.path.range.end),
      text: JSON.stringify(abs(r.new.path.value)),
    });
  }
  edits.sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of edits) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/** The module cache go would use under `env` (GOMODCACHE, else the first GOPATH entry's pkg/mod). */
export function gomodcacheOf(env: Record<string, string>): string {
  if (env.GOMODCACHE) return env.GOMODCACHE;
  const gopath = (env.GOPATH ?? '').split(process.platform === 'win32' ? ';' : ':').find((p) => p !== '');
  return join(gopath ?? join(env.HOME ?? env.USERPROFILE ?? '', 'go'), 'pkg', 'mod');
}

function versionAtLeast(v: string | undefined, major: number, minor: number): boolean {
  const m = /^(\d+)\.(\d+)/.exec(v ?? '');
  if (!m) return false;
  return +m[1] > major || (+m[1] === major && +m[2] >= minor);
}

function hashKey(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/**
 * What of a go.mod/go.work can change `go mod graph`'s verdict: not comments, layout or `// indirect` marks, so
 * an edit of those needs no new graph run.
 */
function graphShape(f: GoModFile | GoWorkFile, withRequires = true): unknown {
  const ref = (r: Replace): unknown => [
    r.old.path.value,
    r.old.version?.value,
    r.new.path.value,
    r.new.version?.value,
  ];
  return [
    f.kind,
    'module' in f ? f.module?.value : undefined,
    f.go?.value,
    f.toolchain?.value,
    f.godebug.map((g) => [g.key.value, g.value.value]),
    'require' in f && withRequires ? f.require.map((r) => [r.path.value, r.version.value]) : undefined,
    'exclude' in f ? f.exclude.map((e) => [e.path.value, e.version.value]) : undefined,
    'use' in f ? f.use.map((u) => u.path.value) : undefined,
    f.replace.map(ref),
  ];
}

/** Runs `fn` over `items` with at most `limit` calls in flight. */
async function forEachLimit<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

function sortedEnv(env: Record<string, string>): [string, string][] {
  return Object.entries(env).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

const HANG_FIXES: Record<Stage, FixId[]> = {
  resolve: ['check-dns', 'check-network'],
  connect: ['check-network', 'check-firewall'],
  tls: ['check-network'],
  proxy: ['set-proxy-env', 'check-network'],
  http: ['check-network', 'set-goproxy', 'retry-later'],
  vcs: ['check-network', 'set-goproxy', 'git-credentials'],
  verify: ['check-network', 'set-gonosumdb'],
  extract: ['retry-later'],
  toolchain: ['check-network', 'gotoolchain-local'],
  config: ['check-network'],
};

/** The finding for a go process the engine had to stop: it names what go was still waiting for. */
export function hangFinding(r: RunResult, ops: OpenOperation[], timeoutMs: number): Finding {
  const op = ops[0];
  const secs = Math.round(timeoutMs / 100) / 10;
  const f: Finding = {
    category: 'timeout',
    stage: op?.stage,
    ruleId: op ? 'engine-timeout-open-request' : 'engine-timeout',
    summary: op
      ? t(
          'go was still waiting for {0} ({1}) when it was stopped after {2} s.',
          op.host || op.what,
          op.stage,
          secs,
        )
      : t('go did not finish within {0} s and was stopped.', secs),
    evidence: ops.slice(0, 5).map((o) => redact(o.kind === 'http' ? `# get ${o.what}` : o.what)),
    fixes: op ? HANG_FIXES[op.stage] : ['check-network', 'retry-later'],
  };
  if (op?.host) f.host = op.host;
  if (op?.module) f.module = op.module;
  if (op?.version) f.version = op.version;
  if (r.signal) f.signal = r.signal;
  return f;
}

/**
 * Below this many modules to fetch, the engine gives go explicit `path@version` arguments at once. go resolves
 * explicit arguments one after another (a `.info` request each, before any download starts), so with hundreds
 * of them it is markedly slower than `go mod download` without arguments, which takes the versions from go.mod,
 * downloads in parallel and, for a go.mod at go 1.17 or later, loads the whole module graph first (exactly
 * what `go mod graph` loads; it stops at the first error without printing JSON). So for many modules the engine
 * runs that first: when it succeeds, every module is downloaded and the graph is proven in one process; when
 * it fails, the explicit arguments and the graph load follow, as for a few modules, to attribute the failure.
 */
export const BULK_MIN_PENDING = 16;

function bulkFirst(world: World, pending: number): boolean {
  if (pending < BULK_MIN_PENDING || world.mode !== 'module') return false;
  const goLine = world.mods[0]?.parsed.go?.value;
  // Before go 1.17 (or without a go line), no arguments means "all": every module of the build list.
  return goLine !== undefined && compareGoVersions(goLine, '1.17') >= 0;
}

/**
 * The requires of a module (not a workspace), after replacements, that the cache has never seen complete and
 * whose `.zip` is not in the module cache: what a download must fetch. Undefined when one has a `.zip` (its
 * full check decides) or when there are too many for an explicit download.
 */
function newRequires(world: World, cache: CheckCache, gomodcache: string): string[] | undefined {
  if (world.mode !== 'module') return undefined;
  const mod = world.mods[0].parsed;
  const out = new Set<string>();
  for (const req of mod.require) {
    if (req.path.value === mod.module?.value) continue;
    const r =
      mod.replace.length > 0 ? findReplace(mod.replace, req.path.value, req.version.value) : undefined;
    const target = downloadTarget(r, req.path.value, req.version.value);
    if (!target) continue;
    const { path, version } = target;
    if (cache.knownComplete(gomodcache, path, version)) continue;
    if (cacheZipExists(gomodcache, path, version)) return undefined;
    out.add(`${path}@${version}`);
    if (out.size >= BULK_MIN_PENDING) return undefined;
  }
  return [...out];
}

/**
 * The go.mod and go.sum of a module of its own for downloading `keys` (path@version), or undefined when the
 * main module's other lines could change the outcome (an exclude) or a version is not canonical.
 */
function aloneModule(world: World, keys: string[]): AloneModule | undefined {
  const header = aloneHeader(world);
  if (header === undefined) return undefined;
  const paths = new Set<string>();
  for (const k of keys) {
    const at = k.lastIndexOf('@');
    const v = k.slice(at + 1);
    if (at <= 0 || canonicalVersion(v) !== v) return undefined;
    paths.add(k.slice(0, at));
  }
  return { mod: header, sum: sumLinesOf(paths, world.sums.values()) };
}

interface AloneModule {
  mod: string;
  sum: string;
}

interface Early {
  /** What the run downloads and from which files (see earlyKey). */
  key: string;
  /** path@version of the modules it downloads. */
  keys: string[];
  run: Promise<RunResult>;
  used: boolean;
  alone: boolean;
}

function earlyKey(keys: string[], alone: AloneModule | undefined): string {
  return [keys.join(' '), alone ? 'alone' : 'copy', alone?.mod ?? '', alone?.sum ?? ''].join('\0');
}

/** The go.sum lines of the modules `paths` (found by search: a go.sum of a large module has thousands). */
export function sumLinesOf(paths: ReadonlySet<string>, sums: Iterable<string>): string {
  let out = '';
  const sorted = [...paths].sort();
  for (const text of sums) {
    for (const p of sorted) {
      for (let i = text.indexOf(p); i >= 0;) {
        const start = text.lastIndexOf('\n', i - 1) + 1;
        const next = text.charCodeAt(i + p.length);
        if ((next === 32 || next === 9) && text.slice(start, i).trim() === '') {
          let end = text.indexOf('\n', i);
          if (end < 0) end = text.length;
          out += text.slice(start, end) + '\n';
          i = text.indexOf(p, end);
        } else {
          i = text.indexOf(p, i + 1);
        }
      }
    }
  }
  return out;
}

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

function aloneHeader(world: World): string | undefined {
  const f = world.mods[0]?.parsed;
  if (world.mode !== 'module' || !f?.module || f.exclude.length > 0) return undefined;
  let mod = `module ${goQuote(f.module.value)}\n`;
  if (f.go) mod += `go ${f.go.value}\n`;
  if (f.toolchain) mod += `toolchain ${f.toolchain.value}\n`;
  for (const g of f.godebug) mod += `godebug ${g.key.value}=${g.value.value}\n`;
  return mod;
}

function isGoLineProblem(f: Finding): boolean {
  if (f.category === 'toolchain' && !f.module) return true;
  return f.evidence.some((e) =>
    /\bgo\.(mod|work) requires go >=|\btoolchain\b.*\bgo1\.|download go1\./.test(e),
  );
}

// ---------------------------------------------------------------------------------------------
// the check

export async function checkModule(opts: CheckOptions): Promise<CheckResult> {
  opts.cache?.flush();
  const dir = resolve(opts.dir);
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const gomodcache = opts.gomodcache ?? gomodcacheOf(opts.env);
  // The files, once loaded (go runs on them only after that).
  const at: { world?: World } = {};
  // The copy go runs on, written only when a go process runs (sync: a few small files, and each asynchronous
  // file operation costs a thread-pool round trip on a busy machine). The folder is the cache's shadow for
  // this root when it has one free (kept between checks), else a temporary one removed afterwards.
  let tmp: string | undefined;
  let tmpOwned = false;
  let copied = false;
  let runEnv: Record<string, string> = opts.env;
  const modfileArgs: string[] = [];
  const shadow = (): string => {
    if (tmp !== undefined) return tmp;
    tmp = opts.cache?.borrowShadow(dir);
    if (tmp === undefined) {
      tmp = makeTempDir('check');
      tmpOwned = true;
    }
    return tmp;
  };
  const put = (name: string, text: string | undefined): void => {
    const p = join(shadow(), name);
    if (text !== undefined) writeFileSync(p, text, { mode: 0o600 });
    else rmSync(p, { force: true });
  };
  const ensureTmp = (): string[] => {
    if (copied) return modfileArgs;
    copied = true;
    shadow();
    const world = at.world!;
    if (world.mode === 'workspace' && world.work) {
      put('go.work', absolutizeGoWork(world.work.text, world.work.parsed, dir));
      put('go.work.sum', world.sums.get(join(dir, 'go.work.sum')));
      runEnv = { ...opts.env, GOWORK: join(shadow(), 'go.work') };
    } else {
      put('go.mod', world.mods[0].text);
      put('go.sum', world.sums.get(join(dir, 'go.sum')));
      runEnv = { ...opts.env, GOWORK: 'off' };
      modfileArgs.push(`-modfile=${join(shadow(), 'go.mod')}`);
    }
    return modfileArgs;
  };
  const runs: RunResult[] = [];
  // Early word on a hang: provisional findings once the targets are known (see provisionalFindings).
  const waitWord: { provisional?: (ws: WaitingRequest[]) => AttributedFinding[] } = {};
  const watcher = opts.onWaiting
    ? new WaitWatcher({
        noticeMs: opts.waitNoticeMs ?? 10_000,
        report: (ws) => {
          const fs = ws.length === 0 ? [] : (waitWord.provisional?.(ws) ?? []);
          if (ws.length === 0 || fs.length > 0) opts.onWaiting!(fs);
        },
      })
    : undefined;
  const runWatched = async (command: string[], env: Record<string, string>): Promise<RunResult> => {
    const w = watcher?.startRun();
    const r = await run(command, { cwd: dir, env, timeoutMs, signal: opts.signal, onStderr: w?.onStderr });
    w?.end();
    runs.push(r);
    return r;
  };
  const runGo = async (args: string[]): Promise<RunResult> => {
    const extra = ensureTmp();
    return runWatched([opts.goBin, ...args.slice(0, 2), ...extra, ...args.slice(2)], runEnv);
  };
  // Only valid path@version arguments, after "--": a require path such as "-modfile=…" is never a flag.
  const downloadArgs = (keys: string[]): string[] => [
    'mod',
    'download',
    '-json',
    '-x',
    '--',
    ...keys.filter(isSafeModuleKey),
  ];
  /**
   * A download of a few modules in a module of its own: the main module's module, go, toolchain and godebug
   * lines and the go.sum lines of those modules, nothing else. What go does for `go mod download path@version`
   * depends on nothing more (the environment is the same), and go does not load, and write back the go.sum of,
   * the whole module (for 232 requires that is a tenth of go's time). A failure before any module's JSON
   * (one that may come from the rest of the files) is not trusted: explicitDownload runs the full copy then.
   */
  const runGoAlone = async (args: string[], alone: AloneModule): Promise<RunResult> => {
    put('alone.mod', alone.mod);
    put('alone.sum', alone.sum);
    return runWatched(
      [opts.goBin, ...args.slice(0, 2), `-modfile=${join(shadow(), 'alone.mod')}`, ...args.slice(2)],
      { ...opts.env, GOWORK: 'off' },
    );
  };

  const startDownload = (keys: string[], alone: AloneModule | undefined): Early => {
    const args = downloadArgs(keys);
    return {
      key: earlyKey(keys, alone),
      keys,
      run: alone ? runGoAlone(args, alone) : runGo(args),
      used: false,
      alone: !!alone,
    };
  };
  /**
   * The edit the cache saw last with only require versions changed (each to a canonical version of a module
   * that is not replaced, not complete in the module cache and not known to fail): that download starts before
   * the files are parsed. The check adopts it when the parsed files call for the same download (else it waits
   * for it and runs its own).
   */
  const quickStart = (): Early | undefined => {
    const last = opts.cache?.lastModule(dir);
    if (!last?.header) return undefined;
    const workPath = join(dir, 'go.work');
    if (opts.env.GOWORK !== 'off' && (opts.overrides?.has(workPath) || existsSync(workPath)))
      return undefined;
    const modPath = join(dir, 'go.mod');
    const text = opts.overrides?.get(modPath) ?? readText(modPath);
    const changed = text === undefined ? undefined : changedRequires(last, text);
    if (!changed) return undefined;
    for (const c of changed) {
      if (opts.cache!.knownComplete(gomodcache, c.path, c.version)) return undefined;
      if (opts.cache!.unsettled(gomodcache, c.path, c.version)) return undefined;
      if (cacheZipExists(gomodcache, c.path, c.version)) return undefined;
    }
    const sum = readText(join(dir, 'go.sum'));
    const paths = new Set(changed.map((c) => c.path));
    return startDownload(
      changed.map((c) => `${c.path}@${c.version}`),
      { mod: last.header, sum: sumLinesOf(paths, sum === undefined ? [] : [sum]) },
    );
  };
  const releaseTmp = (): void => {
    watcher?.dispose();
    if (tmp !== undefined && tmpOwned) rmSync(tmp, { recursive: true, force: true });
    else if (tmp !== undefined) opts.cache?.releaseShadow(dir);
    tmp = undefined;
  };
  // The usual edit changes one require's version: go starts on it before anything else (quickStart), or, when
  // that does not apply, after the files are parsed, before the other entries are confirmed.
  let early: Early | undefined = opts.cache && !opts.offline ? quickStart() : undefined;
  /** A check that ends before its downloads: go must be done with the folder before it is lent again. */
  const settle = async (r: CheckResult): Promise<CheckResult> => {
    if (early) await early.run;
    releaseTmp();
    return r;
  };
  const world = loadWorld(dir, opts.env, opts.overrides, opts.cache?.lastModule(dir));
  if (!world) return settle({ findings: [], modules: [], runs: [], fromCache: false, skipped: 'no-module' });
  const loaded: World = world;
  at.world = world;
  if (world.mods.some((m) => m.parsed.errors.length > 0) || (world.work?.parsed.errors.length ?? 0) > 0) {
    return settle({ findings: [], modules: [], runs: [], fromCache: false, skipped: 'syntax' });
  }
  if (opts.cache && world.mode === 'module') opts.cache.setLastModule(dir, lastModuleOf(world));

  const envKey = sortedEnv(opts.env);
  const shapeKey = (kind: string, withRequires: boolean): string =>
    hashKey([
      kind,
      opts.goBin,
      opts.goVersion,
      envKey,
      world.work && graphShape(world.work.parsed),
      world.mods.map((m) => [m.path, graphShape(m.parsed, withRequires)]),
    ]);
  const graphKey = shapeKey('graph', true);
  // The same files but for their require lines: the graph verdicts of other require sets can be extended.
  const rootsKey = shapeKey('roots', false);
  // The result holds line positions, so it is keyed by the texts themselves (the graph key is not).
  const resultKey = hashKey([
    'result',
    graphKey,
    world.work?.text,
    world.mods.map((m) => m.text),
    [...world.sums.entries()].sort(),
  ]);
  if (opts.cache && !opts.force) {
    const hit = opts.cache.getResult(resultKey);
    if (hit) return settle({ ...hit, runs: [], fromCache: true });
  }

  // The usual edit changes one require: go starts on the requires never seen complete in the module cache
  // before the rest of the check, which confirms the other entries while go downloads (explicitDownload
  // takes the run over when its batch is the same; a different batch, rare, gets a run of its own).
  const fresh =
    opts.cache && !opts.offline && !early ? newRequires(world, opts.cache, gomodcache) : undefined;
  if (fresh && fresh.length > 0 && fresh.length < BULK_MIN_PENDING)
    early = startDownload(fresh, aloneModule(world, fresh));
  const targets = collectTargets(world);
  const byKey = new Map(targets.map((tg) => [`${tg.path}@${tg.version}`, tg]));
  // go.sum lines by module path, split once (not once per target: 1,000 requires x 2,000 lines).
  const sumsByPath = new Map<string, string[]>();
  for (const text of world.sums.values()) {
    for (const line of text.split('\n')) {
      const p = line.trim().split(/\s/, 1)[0];
      if (p) sumsByPath.set(p, [...(sumsByPath.get(p) ?? []), line]);
    }
  }
  const entryKeys = new Map<Target, string>();
  const entryKeyOf = (tg: Target): string => {
    let k = entryKeys.get(tg);
    if (k === undefined) {
      k = `${gomodcache}\0${tg.path}@${tg.version}\0${(sumsByPath.get(tg.path) ?? []).join('\n')}`;
      entryKeys.set(tg, k);
    }
    return k;
  };
  /** The full check of a cache entry: complete, and go.sum agrees with it (else go reports a mismatch). */
  const fullCheck = async (tg: Target): Promise<void> => {
    // No .zip (a version never downloaded): not complete, settled by one synchronous stat.
    if (!cacheZipExists(gomodcache, tg.path, tg.version)) return;
    // Taken before the check: a change while it runs makes the next check verify the entry again.
    const stamp = cacheEntryStamp(gomodcache, tg.path, tg.version);
    const sumLines = (sumsByPath.get(tg.path) ?? []).join('\n');
    if (
      (await cacheEntryStatus(gomodcache, tg.path, tg.version)).complete &&
      (await goSumAgrees(gomodcache, tg.path, tg.version, [sumLines]))
    ) {
      tg.status = 'cached';
      if (stamp !== undefined) opts.cache?.setCachedEntry(entryKeyOf(tg), stamp);
    }
  };
  // Entries verified before: one stat each (their @v folder) proves them unchanged. The others get the full
  // check, concurrently (one at a time costs a thread-pool round trip each).
  const stamped: Target[] = [];
  const unverified: Target[] = [];
  for (const tg of targets)
    (opts.cache?.cachedEntry(entryKeyOf(tg)) !== undefined ? stamped : unverified).push(tg);
  // A module go is downloading already had no .zip when it started: its run, not a look at the entry, says.
  const downloading = new Set(early?.keys);
  await forEachLimit(
    downloading.size > 0
      ? unverified.filter((tg) => !downloading.has(`${tg.path}@${tg.version}`))
      : unverified,
    32,
    fullCheck,
  );
  /** Confirms the stamped entries; returns those that changed and are no longer complete (rare). */
  const confirmStamped = async (): Promise<Target[]> => {
    const changed: Target[] = [];
    for (const tg of stamped) {
      if (opts.cache?.cachedEntry(entryKeyOf(tg)) === cacheEntryStamp(gomodcache, tg.path, tg.version))
        tg.status = 'cached';
      else changed.push(tg);
    }
    await forEachLimit(changed, 32, fullCheck);
    return changed.filter((tg) => tg.status !== 'cached');
  };
  const pending = unverified.filter((tg) => tg.status !== 'cached');
  // Few new modules (one require changed): go starts on them before the stamps are confirmed, which takes a
  // few milliseconds for hundreds of requires; a changed entry (rare) gets a download of its own afterwards.
  const overlap = pending.length > 0 && !opts.offline && !bulkFirst(world, pending.length);
  if (!overlap) pending.push(...(await confirmStamped()));
  const findings: AttributedFinding[] = [];

  const firstFile = world.work ?? world.mods[0];
  const goLineSite = (): Site => {
    const src = world.work?.parsed ?? world.mods[0]?.parsed;
    const spanned = src?.toolchain ?? src?.go ?? (src && 'module' in src ? src.module : undefined);
    return { file: firstFile.path, range: spanned?.range ?? ZERO, requirePath: '' };
  };
  const attach = (f: Finding, site: Site, target?: Target): void => {
    const af: AttributedFinding = { ...f, file: site.file, range: site.range };
    if (site.requirePath) af.requirePath = site.requirePath;
    findings.push(af);
    if (target) {
      target.status = 'failed';
      target.findings.push(af);
    }
  };
  const attachToTarget = (f: Finding, tg: Target): void => {
    for (const s of tg.sites) attach(f, s, tg);
  };
  const targetOfModule = (path: string | undefined, version?: string): Target | undefined => {
    if (!path) return undefined;
    if (version) {
      const exact = byKey.get(`${path}@${version}`);
      if (exact) return exact;
    }
    return targets.find((tg) => tg.path === path);
  };
  /** Attaches a finding that is not (yet) tied to a module: by its module, else the go/toolchain line. */
  const attachLoose = (f: Finding): void => {
    const tg = targetOfModule(f.module, f.version);
    if (tg) attachToTarget(f, tg);
    else attach(f, goLineSite());
  };
  waitWord.provisional = (ws) => {
    const out = new Map<string, AttributedFinding>();
    for (const w of ws) {
      const tg = hungTarget([w.op], targets, targetOfModule);
      for (const site of tg ? tg.sites : [goLineSite()]) {
        const key = `${site.file}\0${site.range.start.line}\0${site.range.start.character}`;
        if (out.has(key)) continue;
        const af: AttributedFinding = { ...waitingFinding(w, opts.env), file: site.file, range: site.range };
        if (site.requirePath) af.requirePath = site.requirePath;
        out.set(key, { ...af, provisional: true, waitedMs: w.waitedMs });
      }
    }
    return [...out.values()];
  };

  try {
    const stopped = (r: RunResult): boolean => r.timedOut || r.canceled;
    const goMissing = (r: RunResult): boolean => r.spawnError !== undefined;

    // 1. downloads
    let graphWorthRunning = true;
    let graphProven = false;
    let explicitNeeded = pending.length > 0 && !opts.offline;
    if (explicitNeeded && bulkFirst(world, pending.length)) {
      // Many modules to fetch: first what `go mod download` does without arguments (see BULK_MIN_PENDING).
      const r = await runGo(['mod', 'download', '-json', '-x']);
      const objs = r.exitCode === 0 && !stopped(r) ? decodeModDownload(r.stdout) : [];
      const seen = new Set(
        objs.filter((o) => o.Error === undefined).map((o) => `${o.Path}@${o.Version ?? ''}`),
      );
      if (goMissing(r)) {
        attach(classifyOne({ stderr: r.spawnError?.message, exitCode: 127 }), goLineSite());
        graphWorthRunning = false;
        explicitNeeded = false;
      } else if (stopped(r)) {
        graphWorthRunning = false;
        explicitNeeded = false;
        if (r.timedOut) {
          const ops = openOperations(parseTrace(r.stderr));
          const f = hangFinding(r, ops, timeoutMs);
          const tg = hungTarget(ops, targets, targetOfModule);
          if (tg) attachToTarget(f, tg);
          // A request for a module no require names: a dependency of a dependency (the graph's hang).
          else if (ops.length > 0) attach(f, goLineSite());
          else for (const p of pending) attachToTarget(f, p);
        }
      } else if (r.exitCode === 0 && pending.every((tg) => seen.has(`${tg.path}@${tg.version}`))) {
        // Every pending module downloaded, and go loaded the whole module graph before it did.
        for (const tg of pending) tg.status = 'ok';
        explicitNeeded = false;
        graphProven = true;
        opts.cache?.setGraphOk(graphKey);
        opts.cache?.later(() => opts.cache?.addOkRoots(rootsKey, targets));
      }
      // Anything else failed: the explicit arguments and the graph load below say which require is to blame.
    }
    if (explicitNeeded && overlap) {
      const first = explicitDownload([...pending]);
      const late = await confirmStamped();
      await first;
      if (late.length > 0) {
        pending.push(...late);
        if (!runs.some((r) => r.timedOut || r.canceled || r.spawnError)) await explicitDownload(late);
      }
    } else if (explicitNeeded) {
      await explicitDownload(pending);
    }

    async function explicitDownload(batch: Target[]): Promise<void> {
      const keys = batch.map((tg) => `${tg.path}@${tg.version}`);
      const args = downloadArgs(keys);
      let r: RunResult;
      if (early && !early.used && early.key === earlyKey(keys, aloneModule(loaded, keys))) {
        early.used = true;
        r = await early.run;
        if (
          early.alone &&
          r.exitCode !== 0 &&
          !stopped(r) &&
          !goMissing(r) &&
          decodeModDownload(r.stdout).length === 0
        )
          r = await runGo(args);
      } else {
        if (early && !early.used) {
          early.used = true;
          await early.run;
        }
        r = await runGo(args);
      }
      const trace = parseTrace(r.stderr);
      if (goMissing(r)) {
        attach(classifyOne({ stderr: r.spawnError?.message, exitCode: 127 }), goLineSite());
        graphWorthRunning = false;
      } else if (stopped(r)) {
        graphWorthRunning = false;
        if (r.timedOut) {
          const ops = openOperations(trace);
          const f = hangFinding(r, ops, timeoutMs);
          const tg = hungTarget(ops, batch, targetOfModule);
          if (tg) attachToTarget(f, tg);
          else for (const p of batch) attachToTarget(f, p);
        }
      } else {
        const objs = decodeModDownload(r.stdout);
        for (const o of objs) {
          const tg = byKey.get(`${o.Path}@${o.Version ?? ''}`) ?? targetOfModule(o.Path, o.Version);
          if (!tg) continue;
          if (o.Error === undefined) {
            if (tg.status === 'unknown') tg.status = 'ok';
            continue;
          }
          const fs = classify({
            jsonErrors: [{ path: o.Path, version: o.Version, error: o.Error }],
            exitCode: r.exitCode,
            goVersion: opts.goVersion,
          });
          for (const f of fs.length > 0 ? fs.slice(0, 1) : []) {
            attachToTarget({ ...f, module: f.module ?? o.Path, version: f.version ?? o.Version }, tg);
          }
        }
        if (objs.length === 0 && r.exitCode !== 0) {
          // A fatal error: plain text, no JSON (go.sum mismatch, go line, GOFLAGS, …).
          for (const f of classify({
            stderr: trace.messages,
            trace: trace.traceLines.join('\n'),
            exitCode: r.exitCode,
            goVersion: opts.goVersion,
          })) {
            const named = fatalModule(trace.messages, f);
            const tg = named ? targetOfModule(named.path, named.version) : undefined;
            if (tg) attachToTarget(f, tg);
            else if (isGoLineProblem(f)) attach(f, goLineSite());
            else attachLoose(f);
          }
          graphWorthRunning = !findings.some((f) => f.category === 'toolchain' || f.category === 'config');
        }
      }
    }

    // 2. the module graph
    const allCached = pending.length === 0;
    const graphKnownOk =
      graphProven ||
      (allCached &&
        (opts.cache?.graphOk(graphKey) === true ||
          (opts.trustCachedGraph === true &&
            (await cachedGraphComplete(
              gomodcache,
              targets,
              [...world.mods.map((m) => m.parsed), ...(world.work ? [world.work.parsed] : [])],
              opts.goVersion,
            ))))) ||
      (await graphOkByExtension());
    if (graphWorthRunning && !opts.offline && !graphKnownOk && !graphProven) {
      const r = await runGo(['mod', 'graph', ...(versionAtLeast(opts.goVersion, 1, 21) ? ['-x'] : [])]);
      const trace = parseTrace(r.stderr);
      if (goMissing(r)) {
        attach(classifyOne({ stderr: r.spawnError?.message, exitCode: 127 }), goLineSite());
      } else if (r.timedOut) {
        const ops = openOperations(trace);
        const f = hangFinding(r, ops, timeoutMs);
        const tg = hungTarget(ops, targets, targetOfModule);
        if (tg) attachToTarget(f, tg);
        else attach(f, goLineSite());
      } else if (!r.canceled && r.exitCode === 0) {
        opts.cache?.setGraphOk(graphKey);
        opts.cache?.later(() => opts.cache?.addOkRoots(rootsKey, targets));
      } else if (!r.canceled) {
        await attributeGraphFailure(r, trace.messages, trace.traceLines.join('\n'));
      }
    }

    /**
     * One require changed (say, to a new version) after a graph run succeeded for the same files otherwise: when
     * every new require downloaded, its whole requirement graph is in the module cache with matching module
     * paths and no go line above the running go (cachedGraph.ts), and nothing is replaced, go mod graph would
     * succeed, so it is not run. The requires of earlier good graphs keep their verdict (their go.mod files were
     * all loaded then).
     */
    async function graphOkByExtension(): Promise<boolean> {
      if (!opts.cache || !graphWorthRunning || findings.length > 0 || loaded.mode !== 'module') return false;
      if (targets.some((tg) => tg.status !== 'ok' && tg.status !== 'cached')) return false;
      if (loaded.mods.some((m) => m.parsed.replace.length > 0 || m.parsed.exclude.length > 0)) return false;
      const known = opts.cache.okRoots(rootsKey);
      if (!known) return false;
      const fresh = targets.filter((tg) => !known.has(`${tg.path}@${tg.version}`));
      if (fresh.length > 20) return false;
      const ok = await cachedGraphComplete(gomodcache, fresh, [loaded.mods[0].parsed], opts.goVersion);
      if (ok) {
        opts.cache.setGraphOk(graphKey);
        opts.cache.later(() => opts.cache?.addOkRoots(rootsKey, targets));
      }
      return ok;
    }

    async function attributeGraphFailure(r: RunResult, messages: string, traceText: string): Promise<void> {
      const parsed = parseRequiresChain(messages);
      const fs = classify({
        stderr: messages,
        trace: traceText,
        exitCode: r.exitCode,
        goVersion: opts.goVersion,
      });
      for (const f0 of fs.slice(0, 1)) {
        const failing =
          parsed?.failing ?? (f0.module ? { path: f0.module, version: f0.version ?? '' } : undefined);
        const f: Finding = { ...f0 };
        if (failing) {
          f.module ??= failing.path;
          f.version ??= failing.version;
        }
        const direct = failing ? byKey.get(`${failing.path}@${failing.version}`) : undefined;
        if (direct && (!parsed || parsed.chain.length === 1)) {
          // Its own download failed already: what the graph says about the same version follows from that (an
          // invalid version is unknown to the checksum database too), so it would be a second diagnostic for one
          // cause. A separate cause shows on the next run, once this one is fixed.
          if (direct.findings.length > 0) continue;
          attachToTarget(f, direct);
          continue;
        }
        if (!failing) {
          if (isGoLineProblem(f) || !f.module) attach(f, goLineSite());
          else attachLoose(f);
          continue;
        }
        // Transitive: every direct requirement that reaches the failing module, with its chain.
        const directs = targets.map((tg) => ({ path: tg.path, version: tg.version }));
        const chains = await chainsTo(gomodcache, directs, failing);
        if (chains.size === 0 && parsed && parsed.chain.length > 0) {
          const head = splitModVersion(parsed.chain[0]);
          const tg = head ? targetOfModule(head.path, head.version) : undefined;
          if (tg) chains.set(`${tg.path}@${tg.version}`, parsed.chain);
        }
        if (chains.size === 0) {
          attach({ ...f, chain: parsed?.chain ?? f.chain }, goLineSite());
          continue;
        }
        for (const [key, chain] of chains) {
          const tg = byKey.get(key);
          if (tg) attachToTarget({ ...f, chain }, tg);
        }
      }
    }
  } finally {
    // go must be done with the folder before it is removed or lent again.
    if (early && !early.used) await early.run;
    releaseTmp();
  }

  // For later checks, after this one has returned.
  opts.cache?.later(() => {
    for (const tg of targets)
      if (tg.status === 'ok' || tg.status === 'cached')
        opts.cache?.setKnownComplete(gomodcache, tg.path, tg.version);
      else opts.cache?.setUnsettled(gomodcache, tg.path, tg.version);
  });
  const modules: ModuleStatus[] = targets.map((tg) => {
    const m: ModuleStatus = { path: tg.path, version: tg.version, status: tg.status };
    if (tg.findings[0]) m.finding = tg.findings[0];
    return m;
  });
  const result: CheckResult = { findings, modules, runs, fromCache: false };
  const canceled = runs.some((r) => r.canceled);
  if (opts.cache && !canceled) opts.cache.later(() => opts.cache?.setResult(resultKey, result));
  return result;
}

function classifyOne(input: ClassifyInput): Finding {
  return (
    classify(input)[0] ?? {
      category: 'unknown',
      stage: undefined,
      ruleId: 'engine-unclassified',
      summary: t('The go command failed.'),
      evidence: [],
      fixes: [],
    }
  );
}

/** The module a fatal message names: "verifying M@V: …", a requires chain, or the finding's own module. */
function fatalModule(messages: string, f: Finding): ModVersion | undefined {
  const v = /^(?:go: )?verifying (\S+?)@(\S+?)(?:\/go\.mod)?: /m.exec(messages);
  if (v) return { path: v[1], version: v[2] };
  const c = parseRequiresChain(messages);
  if (c) return splitModVersion(c.chain[0]);
  if (f.module) return { path: f.module, version: f.version ?? '' };
  return undefined;
}

/** The target a hung request or git command was working for. */
function hungTarget(
  ops: OpenOperation[],
  candidates: Target[],
  byModule: (p: string | undefined, v?: string) => Target | undefined,
): Target | undefined {
  for (const op of ops) {
    const tg = byModule(op.module, op.version);
    if (tg && candidates.includes(tg)) return tg;
    if (op.kind === 'vcs' && op.host) {
      // git's remote URL: host/path names the repository, a prefix of the module path.
      let repo = op.host;
      const u = /^[a-z+]+:\/\/[^/]+(\/[^\s]*)/.exec(op.url ?? '');
      if (u) repo += u[1].replace(/\.git$/, '').replace(/\/$/, '');
      const hit = candidates.find((c) => c.path === repo || c.path.startsWith(`${repo}/`));
      if (hit) return hit;
      const sameHost = candidates.filter((c) => c.path.startsWith(`${op.host}/`));
      if (sameHost.length === 1) return sameHost[0];
    }
  }
  return undefined;
}
