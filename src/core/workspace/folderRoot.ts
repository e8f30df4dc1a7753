/**
 * What go does with one folder it runs in (the CLI's DIR, the folder of the Diagnose report), by the planner's
 * rules: the go.work go uses there (an absolute GOWORK, whatever the file's name, else the nearest go.work at or
 * above the folder, never looked for in or above GOROOT), unless the folder's own module is one that go.work
 * does not use (go refuses to build it there, "not one of the workspace modules": it is checked on its own, as
 * the planner plans it). Every surface asks here: `gomod-doctor diagnose` and `lint`, and the Diagnose report of
 * the editor (its module check and its list of requires).
 */
import { dirname, join } from 'node:path';
import { t } from '../l10n.ts';
import { goWorkFor, isFile } from './goWork.ts';
import { resolvePlanEnv, type ResolvedPlanEnv } from './planEnv.ts';
import { buildPlan } from './planner.ts';

export interface FolderRoot {
  /** The go.work go uses in the folder (absolute); undefined: module mode. */
  work?: string;
  /** The go.work go would use, when it does not use the folder's module (which is then checked on its own). */
  outside?: string;
}

/**
 * The go.work for `dir` under its resolved GOWORK (planEnv.ts) and the GOROOT go runs with (`go env GOROOT`;
 * undefined: none known). A GOWORK that names no file gives module mode, as in the planner (the plan's note says
 * go fails); a go.work that exists but cannot be read is returned, for the caller to say so.
 */
export function folderRoot(dir: string, goEnv: ResolvedPlanEnv, goroot?: string): FolderRoot {
  const work = goWorkFor(dir, goEnv.env.GOWORK, isFile, goroot);
  if (work === undefined || !isFile(work)) return {};
  const goMod = join(dir, 'go.mod');
  if (!isFile(goMod)) return { work };
  const folder = { dir, goEnv, ...(goroot === undefined ? {} : { goroot }) };
  const plan = buildPlan({ folders: [folder], goMods: [goMod], goWorks: [work] });
  const root = plan.modules[0];
  if (root?.outsideWorkspace !== undefined) return { outside: root.outsideWorkspace };
  return { work };
}

/** Where a check of one folder runs: the folder and GOWORK to start go with, and what folderRoot found. */
export interface FolderPlace extends FolderRoot {
  /** The go.work's own folder in workspace mode, else the folder itself. */
  dir: string;
  /** `env` with GOWORK set to the go.work's absolute path, or to off (module mode). */
  env: Record<string, string>;
}

/**
 * The place to check folder `dir` from, with `env` the environment go is started with (GOWORK there, else in
 * the go env file it names): the go.work go uses in `dir` with an absolute GOWORK, or module mode.
 */
export function folderPlace(dir: string, env: Record<string, string>, goroot?: string): FolderPlace {
  const root = folderRoot(dir, resolvePlanEnv(env), goroot);
  return { ...root, ...placeFor(dir, env, root.work) };
}

/** Where go runs to check `dir` with go.work `work`: its own folder, GOWORK its path; none: `dir`, GOWORK=off. */
export function placeFor(
  dir: string,
  env: Record<string, string>,
  work: string | undefined,
): { dir: string; env: Record<string, string> } {
  if (work === undefined) return { dir, env: { ...env, GOWORK: 'off' } };
  return { dir: dirname(work), env: { ...env, GOWORK: work } };
}

/** Says that a go.work does not use the module in `dir`, so that module is checked on its own. */
export function outsideNote(work: string, dir: string): string {
  return t(
    "{0} does not use the module in {1}: go cannot build it there (it is not one of the workspace's modules), so it is checked on its own.",
    work,
    dir,
  );
}
