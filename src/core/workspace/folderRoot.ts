/**
 * What go does with one folder it runs in (the CLI's DIR), by the planner's rules: the go.work go uses there
 * (an absolute GOWORK, whatever the file's name, else the nearest go.work at or above the folder), unless the
 * folder's own module is one that go.work does not use (go refuses to build it there, "not one of the workspace
 * modules": it is checked on its own, as the planner plans it).
 */
import { join } from 'node:path';
import { goWorkFor, isFile } from './goWork.ts';
import type { ResolvedPlanEnv } from './planEnv.ts';
import { buildPlan } from './planner.ts';

export interface FolderRoot {
  /** The go.work go uses in the folder (absolute); undefined: module mode. */
  work?: string;
  /** The go.work go would use, when it does not use the folder's module (which is then checked on its own). */
  outside?: string;
}

/**
 * The go.work for `dir` under its resolved GOWORK (planEnv.ts). A GOWORK that names no file gives module mode,
 * as in the planner (the plan's note says go fails); a go.work that exists but cannot be read is returned, for
 * the caller to say so.
 */
export function folderRoot(dir: string, goEnv: ResolvedPlanEnv): FolderRoot {
  const work = goWorkFor(dir, goEnv.env.GOWORK);
  if (work === undefined || !isFile(work)) return {};
  const goMod = join(dir, 'go.mod');
  if (!isFile(goMod)) return { work };
  const plan = buildPlan({ folders: [{ dir, goEnv }], goMods: [goMod], goWorks: [work] });
  const root = plan.modules[0];
  if (root?.outsideWorkspace !== undefined) return { outside: root.outsideWorkspace };
  return { work };
}
