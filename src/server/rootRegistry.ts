/**
 * The workspace's folders and the roots checked in them, from the core's workspace planner: a root is one check
 * unit (a module on its own, or a go.work with the modules it uses), named by its unit id (the go.mod or go.work
 * path). A module a go.work uses belongs to that go.work's root only, so it is checked once, in workspace mode.
 */
import { dirname } from 'node:path';
import { workSumOf } from '../core/workspace/goWork.ts';
import { goEnvFilesChanged, type PlanNote } from '../core/workspace/planEnv.ts';
import {
  planWorkspace,
  type CheckUnit,
  type PlanFolder,
  type WorkspacePlan,
} from '../core/workspace/planner.ts';
import { folderOf, isInside } from './roots.ts';

/** Plans the folders (the core planner; tests may pass their own). */
export type Plan = (folders: PlanFolder[]) => Promise<WorkspacePlan>;

/** What changed between two plans: roots that are new or different (to check) and roots that are gone. */
export interface PlanChange {
  changed: string[];
  gone: string[];
  /** What the plan could not follow in GOWORK, GOFLAGS or the go env file. */
  notes: PlanNote[];
}

const sameUnit = (a: CheckUnit, b: CheckUnit): boolean => JSON.stringify(a) === JSON.stringify(b);

export class RootRegistry {
  private folderList: string[] = [];
  /** Folders of files opened outside every workspace folder: planned too, never a settings scope. */
  private readonly loose = new Set<string>();
  private units = new Map<string, CheckUnit>();
  private plan: WorkspacePlan | undefined;

  constructor(private readonly planFolders: Plan = (folders) => planWorkspace(folders)) {}

  get folders(): readonly string[] {
    return this.folderList;
  }

  /** Adds workspace folders (already known ones are ignored); returns those that are new. */
  addFolders(folders: readonly string[]): string[] {
    const added = folders.filter((f) => !this.folderList.includes(f));
    this.folderList.push(...added);
    return added;
  }

  removeFolders(folders: readonly string[]): void {
    this.folderList = this.folderList.filter((f) => !folders.includes(f));
    for (const l of [...this.loose]) if (folders.some((f) => isInside(l, f))) this.loose.delete(l);
  }

  /** Plans a file's folder too, when the file is outside every folder (a go.mod opened on its own). */
  addLoose(file: string): boolean {
    const dir = dirname(file);
    if (this.folderOf(dir) !== undefined || this.loose.has(dir)) return false;
    this.loose.add(dir);
    return true;
  }

  /**
   * Plans every folder again; `envOf(folder)` is the folder's environment (GOWORK and GOFLAGS matter), and
   * `gorootOf(folder, env)` the GOROOT its go runs with (go never looks for a go.work in or above it).
   */
  async replan(
    envOf: (folder: string) => Record<string, string | undefined>,
    gorootOf?: (folder: string, env: Record<string, string | undefined>) => string | undefined,
  ): Promise<PlanChange> {
    const folders = [...this.folderList, ...this.loose].map((dir) => {
      const env = envOf(dir);
      const goroot = gorootOf?.(dir, env);
      return { dir, env, ...(goroot === undefined ? {} : { goroot }) };
    });
    const plan = await this.planFolders(folders);
    const next = new Map(plan.units.map((u) => [u.id, u]));
    const gone = [...this.units.keys()].filter((id) => !next.has(id));
    const changed = [...next.values()].filter((u) => {
      const before = this.units.get(u.id);
      return before === undefined || !sameUnit(before, u);
    });
    this.plan = plan;
    this.units = next;
    return { changed: changed.map((u) => u.id), gone, notes: plan.notes };
  }

  /** Whether a go env file the plan read (`go env -w`) has changed since: GOWORK or GOFLAGS may differ. */
  goEnvChanged(): boolean {
    return this.plan !== undefined && goEnvFilesChanged(this.plan.goEnvFiles);
  }

  has(root: string): boolean {
    return this.units.has(root);
  }

  unit(root: string): CheckUnit | undefined {
    return this.units.get(root);
  }

  all(): string[] {
    return [...this.units.keys()];
  }

  get size(): number {
    return this.units.size;
  }

  isVendored(root: string): boolean {
    return this.units.get(root)?.vendor.vendored === true;
  }

  /** The workspace folder a path is in. */
  folderOf(path: string): string | undefined {
    return folderOf(path, this.folderList);
  }

  /** The root whose check covers a go.mod, go.work, go.sum or go.work.sum file (undefined: none yet). */
  rootOf(file: string): string | undefined {
    return this.plan?.unitOf(file)?.id;
  }

  /**
   * Whether a path is a go.work of the plan or its `<file>.sum` when its name alone does not say so (the file
   * GOWORK names: dev.work, dev.work.sum): 'work' calls for a new plan, 'sum' for a check.
   */
  workFileKind(path: string): 'work' | 'sum' | undefined {
    for (const w of this.plan?.workFiles ?? []) {
      if (w === path) return 'work';
      if (workSumOf(w) === path) return 'sum';
    }
    return undefined;
  }

  /** The folder a root's check runs in. */
  dirOf(root: string): string {
    return this.units.get(root)?.dir ?? dirname(root);
  }
}
