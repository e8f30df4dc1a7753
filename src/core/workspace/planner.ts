/**
 * The workspace planner: given the folders a user opened, every module root (a folder with go.mod), every
 * go.work and the modules each uses, which roots go builds from vendor/, and the check units: what to check,
 * once each, the way go would build it.
 *
 * API (what a surface calls):
 * - `planWorkspace(folders, opts)`: scans the folders (and looks for a go.work above each, as go does) and
 *   returns a {@link WorkspacePlan}. A folder is a path or `{ dir, env }` (its own effective environment:
 *   GOWORK and GOFLAGS matter here).
 * - `buildPlan(found, opts)`: the same from files already known (no walk): what a surface calls again after a
 *   file event (a go.mod or go.work created or deleted) with its updated lists.
 * - `plan.units`: one {@link CheckUnit} per check: `checkModule({ dir: unit.dir, env: { ...env, ...unit.env } })`.
 *   A module a go.work uses is in that go.work's unit only (workspace mode), so each (file, line, cause) is
 *   found once; every other module is a unit of its own (module mode, GOWORK=off).
 * - `plan.unitOf(file)`: the unit that owns a go.mod, go.sum, go.work or go.work.sum (its diagnostics are that
 *   unit's), or undefined when no unit does (a file event for it calls for a new plan).
 * - Several units at once: `checkUnits(units, opts)` (download/batch.ts) downloads what the units sharing an
 *   environment lack in one go run, then checks each; pass `unit.vendor` on as CheckOptions.vendor.
 *
 * go's rules (goWork.ts): GOWORK=off means module mode everywhere; GOWORK set to a path means that file for
 * every folder, whatever its name (`GOWORK=/src/dev.work`: the unit's env carries the path, and its checksums
 * are dev.work.sum); otherwise the nearest go.work at or above a module's folder (even above the opened folder).
 * GOWORK and GOFLAGS are taken as go takes them (planEnv.ts): the folder's environment, else the user's go env
 * file (`go env -w`), else the default; `plan.notes` says what in them go cannot follow, and
 * `plan.goEnvFiles` which files were read (goEnvFilesChanged tells a surface that the plan is stale).
 * A module under a go.work that does not `use` it is one go refuses to build there ("not one of the workspace
 * modules"): it is planned in module mode and marked `outsideWorkspace`, so a surface can say so.
 */
import { readFileSync } from 'node:fs';
import { promises as fs } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { parseGoWork } from '../gomod/parse.ts';
import { parseGoModShared } from '../gomod/parseCache.ts';
import { goWorkFor, isFile, workSumOf } from './goWork.ts';
import { resolvePlanEnv, type GoEnvStamp, type PlanNote, type ResolvedPlanEnv } from './planEnv.ts';
import { vendorMode, type VendorMode } from './vendor.ts';

export interface PlanFolder {
  dir: string;
  /**
   * The environment go is started with for this folder (process environment and settings; GOWORK, GOFLAGS and
   * GOENV matter here); default: none set. The go env file it names is read by the planner.
   */
  env?: Record<string, string | undefined>;
  /** GOWORK and GOFLAGS with the go env file applied: filled by the planner from `env`. */
  goEnv?: ResolvedPlanEnv;
  /**
   * The GOROOT go runs with here (`go env GOROOT`), above which go never looks for a go.work (goWork.ts);
   * default: GOROOT in `env`, else none known.
   */
  goroot?: string;
}

export interface PlanOptions {
  /** Stop after this many module roots (a monorepo with thousands of modules is still bounded). Default 500. */
  maxRoots?: number;
  maxDepth?: number;
  /** The running go's version ("1.23.4"): workspace vendoring needs 1.22+. */
  goVersion?: string;
  /** File contents to use instead of the disk (unsaved editor buffers), by absolute path. */
  overrides?: ReadonlyMap<string, string>;
}

export interface ModuleRoot {
  /** Absolute folder of the go.mod. */
  dir: string;
  goMod: string;
  /** The module path (undefined when go.mod has no module line or does not parse). */
  path?: string;
  /** The go line. */
  goLine?: string;
  /** The go.work whose unit checks this module (absolute path), if any. */
  workspace?: string;
  /** The go.work above it that does not use it (go refuses to build it there). */
  outsideWorkspace?: string;
  /** Module mode's vendoring (a module in a workspace follows the workspace's instead). */
  vendor: VendorMode;
}

export interface WorkspaceFile {
  /** Absolute path of the go.work. */
  path: string;
  dir: string;
  /** Absolute folders of its `use` lines that hold a go.mod. */
  uses: string[];
  /** `use` folders without a go.mod (go reports them; the check says so on that line). */
  missing: string[];
  vendor: VendorMode;
}

export interface CheckUnit {
  /** Stable id: the go.work or go.mod path. */
  id: string;
  kind: 'module' | 'workspace';
  /** What checkModule gets as `dir`: the go.work's folder or the module root. */
  dir: string;
  /** Variables to set on top of the folder's environment (GOWORK). */
  env: Record<string, string>;
  /**
   * The go.mod / go.work files whose diagnostics this unit owns (absolute). A go.work may use a module whose
   * nearest go.work is another one: that module's findings belong to the other unit (drop them here).
   */
  files: string[];
  /** Module roots this unit owns. */
  modules: string[];
  vendor: VendorMode;
  /** The opened folder the unit came from (its settings apply). */
  folder: string;
}

export interface WorkspacePlan {
  modules: ModuleRoot[];
  workspaces: WorkspaceFile[];
  units: CheckUnit[];
  /** The unit owning a go.mod, go.sum, go.work or go.work.sum path. */
  unitOf(file: string): CheckUnit | undefined;
  /** What in GOWORK, GOFLAGS or the go env file go cannot follow (each said once). */
  notes: PlanNote[];
  /** The go env files the plan read, as read. */
  goEnvFiles: GoEnvStamp[];
  /**
   * Every go.work file the plan depends on: those it loaded and those an absolute GOWORK names that do not exist
   * yet (creating one changes the plan). A surface watches them (their names may be anything: dev.work).
   */
  workFiles: string[];
}

/** What a scan found: absolute go.mod and go.work paths, by the folder they were found for. */
export interface Found {
  folders: PlanFolder[];
  goMods: string[];
  goWorks: string[];
}

/** Folders never searched: dependencies, VCS data, test data and hidden folders (go ignores them too). */
const SKIP = new Set(['node_modules', 'vendor', 'testdata', '.git', '.hg', '.svn']);

async function walk(folder: string, maxDepth: number, maxRoots: number, found: Found): Promise<void> {
  const queue: { dir: string; depth: number }[] = [{ dir: folder, depth: 0 }];
  let roots = 0;
  while (queue.length > 0 && roots < maxRoots) {
    const { dir, depth } = queue.shift()!;
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (!e.isFile()) continue;
      if (e.name === 'go.mod') {
        found.goMods.push(join(dir, e.name));
        roots++;
      } else if (e.name === 'go.work') found.goWorks.push(join(dir, e.name));
    }
    if (depth >= maxDepth) continue;
    for (const e of entries) {
      if (e.isDirectory() && !SKIP.has(e.name) && !e.name.startsWith('.') && !e.name.startsWith('_'))
        queue.push({ dir: join(dir, e.name), depth: depth + 1 });
    }
  }
}

/** go.work files above `dir` (go looks up to the file system root). */
function goWorksAbove(dir: string): string[] {
  const out: string[] = [];
  for (let d = dirname(dir); ; d = dirname(d)) {
    if (isFile(join(d, 'go.work'))) out.push(join(d, 'go.work'));
    if (d === dirname(d)) return out;
  }
}

/** Scans the folders and plans them. */
export async function planWorkspace(
  folders: (string | PlanFolder)[],
  opts: PlanOptions = {},
): Promise<WorkspacePlan> {
  const list = withGoEnv(
    folders.map((f) => (typeof f === 'string' ? { dir: resolve(f) } : { ...f, dir: resolve(f.dir) })),
  );
  const found: Found = { folders: list, goMods: [], goWorks: [] };
  for (const f of list) {
    await walk(f.dir, opts.maxDepth ?? 12, opts.maxRoots ?? 500, found);
    found.goWorks.push(...goWorksAbove(f.dir));
    const gw = goworkOf(f);
    if (gw !== '' && gw !== 'off' && gw !== 'auto' && isAbsolute(gw)) found.goWorks.push(gw);
  }
  return buildPlan(found, opts);
}

/** What decides a folder's GOWORK and GOFLAGS: the variables themselves and where the go env file is. */
const GOENV_KEYS = ['GOWORK', 'GOFLAGS', 'GOENV', 'HOME', 'XDG_CONFIG_HOME', 'AppData', 'APPDATA'];

/** The folders with GOWORK and GOFLAGS resolved as go resolves them (each distinct environment once). */
function withGoEnv(folders: PlanFolder[]): PlanFolder[] {
  const seen = new Map<string, ResolvedPlanEnv>();
  return folders.map((f) => {
    if (f.goEnv) return f;
    const key = JSON.stringify(GOENV_KEYS.map((k) => f.env?.[k]));
    let goEnv = seen.get(key);
    if (goEnv === undefined) seen.set(key, (goEnv = resolvePlanEnv(f.env ?? {})));
    return { ...f, goEnv };
  });
}

const goworkOf = (f: PlanFolder): string => f.goEnv?.env.GOWORK ?? f.env?.GOWORK ?? '';
const goflagsOf = (f: PlanFolder): string => f.goEnv?.env.GOFLAGS ?? f.env?.GOFLAGS ?? '';
// A non-empty GOROOT in go's environment is the one go takes (cmd/go's cfg).
const gorootOf = (f: PlanFolder): string | undefined => f.goroot ?? (f.env?.GOROOT || undefined);

function readText(p: string, overrides: ReadonlyMap<string, string> | undefined): string | undefined {
  const o = overrides?.get(p);
  if (o !== undefined) return o;
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
}

function loadWorkspace(path: string, opts: PlanOptions, folder: PlanFolder): WorkspaceFile | undefined {
  const text = readText(path, opts.overrides);
  if (text === undefined) return undefined;
  const parsed = parseGoWork(text);
  const dir = dirname(path);
  const uses: string[] = [];
  const missing: string[] = [];
  for (const u of parsed.use) {
    const d = resolve(dir, u.path.value);
    (isFile(join(d, 'go.mod')) || opts.overrides?.has(join(d, 'go.mod')) ? uses : missing).push(d);
  }
  const vendor = vendorMode({
    dir,
    mode: 'workspace',
    goLine: parsed.go?.value,
    goflags: goflagsOf(folder),
    goVersion: opts.goVersion,
  });
  return { path, dir, uses: [...new Set(uses)], missing, vendor };
}

/** The folder a path is in (the longest folder path that contains it), for its settings. */
function folderOf(p: string, folders: PlanFolder[]): PlanFolder {
  let best = folders[0];
  for (const f of folders)
    if (
      (p === f.dir || p.startsWith(f.dir.endsWith('/') ? f.dir : `${f.dir}/`)) &&
      f.dir.length >= best.dir.length
    )
      best = f;
  return best;
}

/** The go.work go would use for a module folder under the folder's environment (undefined: module mode). */
function workFor(
  modDir: string,
  folder: PlanFolder,
  works: Map<string, WorkspaceFile>,
): WorkspaceFile | undefined {
  const p = goWorkFor(modDir, goworkOf(folder), (f) => works.has(f), gorootOf(folder));
  return p === undefined ? undefined : works.get(p);
}

/** Plans from files already found (see {@link Found}). */
export function buildPlan(found: Found, opts: PlanOptions = {}): WorkspacePlan {
  const folders = withGoEnv(found.folders.length > 0 ? found.folders : [{ dir: '/' }]);
  const works = new Map<string, WorkspaceFile>();
  for (const p of [...new Set(found.goWorks.map((w) => resolve(w)))].sort()) {
    const w = loadWorkspace(p, opts, folderOf(p, folders));
    if (w) works.set(p, w);
  }
  const modules: ModuleRoot[] = [];
  const units = new Map<string, CheckUnit>();
  for (const goMod of [...new Set(found.goMods.map((m) => resolve(m)))].sort()) {
    const dir = dirname(goMod);
    const folder = folderOf(dir, folders);
    const text = readText(goMod, opts.overrides);
    if (text === undefined || basename(goMod) !== 'go.mod') continue;
    const parsed = parseGoModShared(text);
    const root: ModuleRoot = {
      dir,
      goMod,
      vendor: vendorMode({ dir, mode: 'module', goLine: parsed.go?.value, goflags: goflagsOf(folder) }),
    };
    if (parsed.module) root.path = parsed.module.value;
    if (parsed.go) root.goLine = parsed.go.value;
    const w = workFor(dir, folder, works);
    if (w && w.uses.includes(dir)) root.workspace = w.path;
    else if (w) root.outsideWorkspace = w.path;
    modules.push(root);
    if (root.workspace) continue;
    units.set(goMod, {
      id: goMod,
      kind: 'module',
      dir,
      env: { GOWORK: 'off' },
      files: [goMod],
      modules: [dir],
      vendor: root.vendor,
      folder: folder.dir,
    });
  }
  addWorkspaceUnits(works, modules, folders, units);
  return makePlan(modules, [...works.values()], [...units.values()], folders);
}

/** One unit per go.work that some opened folder's module uses, or that lies inside an opened folder. */
function addWorkspaceUnits(
  works: Map<string, WorkspaceFile>,
  modules: ModuleRoot[],
  folders: PlanFolder[],
  units: Map<string, CheckUnit>,
): void {
  for (const w of works.values()) {
    const mods = modules.filter((m) => m.workspace === w.path);
    const inside = folders.some((f) => w.path.startsWith(f.dir.endsWith('/') ? f.dir : `${f.dir}/`));
    if (mods.length === 0 && !inside) continue;
    const folder = folderOf(mods[0]?.dir ?? w.dir, folders);
    const gw = goworkOf(folder);
    const named = gw !== '' && gw !== 'auto';
    // GOWORK=off, or a relative GOWORK (go refuses to run: see planEnv's note): no workspace mode. A GOWORK path
    // names the one go.work go reads there: another go.work in the folder is not used by go at all.
    if (gw === 'off' || (named && (!isAbsolute(gw) || gw !== w.path))) continue;
    const env: Record<string, string> = named ? { GOWORK: w.path } : {};
    units.set(w.path, {
      id: w.path,
      kind: 'workspace',
      dir: w.dir,
      env,
      files: [w.path, ...mods.map((m) => m.goMod)],
      modules: mods.map((m) => m.dir),
      vendor: w.vendor,
      folder: folder.dir,
    });
  }
}

function makePlan(
  modules: ModuleRoot[],
  workspaces: WorkspaceFile[],
  units: CheckUnit[],
  folders: PlanFolder[],
): WorkspacePlan {
  units.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const owner = new Map<string, CheckUnit>();
  for (const u of units) {
    for (const f of u.files) {
      owner.set(f, u);
      // A go.work's checksums are `<file>.sum` beside it (GOWORK may name a dev.work: dev.work.sum).
      owner.set(u.kind === 'workspace' && f === u.id ? workSumOf(f) : join(dirname(f), 'go.sum'), u);
    }
  }
  const notes = new Map<string, PlanNote>();
  const goEnvFiles = new Map<string, GoEnvStamp>();
  const workFiles = new Set(workspaces.map((w) => w.path));
  for (const f of folders) {
    const gw = goworkOf(f);
    if (gw !== 'off' && gw !== 'auto' && isAbsolute(gw)) workFiles.add(gw);
    for (const n of f.goEnv?.notes ?? []) notes.set(n.message, n);
    if (f.goEnv?.stamp) goEnvFiles.set(f.goEnv.stamp.path, f.goEnv.stamp);
  }
  return {
    modules,
    workspaces,
    units,
    unitOf: (file) => owner.get(resolve(file)),
    notes: [...notes.values()],
    goEnvFiles: [...goEnvFiles.values()],
    workFiles: [...workFiles].sort(),
  };
}
