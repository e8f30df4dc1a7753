/**
 * Decides which roots are checked when, and forgets those that are gone: the one place where the registry, the
 * scheduler, the checker and the publisher change together (so a removed root never keeps a diagnostic).
 */
import { gorootBeforeGo } from '../core/env/goroot.ts';
import type { BatchRunner } from './batches.ts';
import type { RootChecker } from './checker.ts';
import type { Publisher } from './publisher.ts';
import type { RootRegistry } from './rootRegistry.ts';
import type { Scheduler } from './scheduler.ts';
import type { SettingsStore } from './settingsStore.ts';
import type { StatusReporter } from './status.ts';

export interface CoordinatorDeps {
  registry: RootRegistry;
  scheduler: Scheduler;
  batches: BatchRunner;
  checker: RootChecker;
  publisher: Publisher;
  settings: SettingsStore;
  status: StatusReporter;
  /** The environment the server started with (the planner reads GOWORK and GOFLAGS from it). */
  processEnv: Record<string, string | undefined>;
  /** Says what the plan could not follow (a malformed go env file, an unusable GOWORK). */
  onPlanNotes?: (notes: string[]) => void;
}

export class CheckCoordinator {
  /** Plans run one after the other; each waits for the one before. */
  private planning: Promise<void> = Promise.resolve();
  private firstPlan: (() => void) | undefined;
  /** The plan made again because a go env file changed (requests meanwhile wait for it). */
  private staleReplan: Promise<void> | undefined;
  /** Resolves once the workspace has been planned the first time (a document opened before waits for it). */
  readonly planned = new Promise<void>((resolve) => (this.firstPlan = resolve));

  constructor(private readonly d: CoordinatorDeps) {}

  /** Checks `root` on its own after `delayMs` (default: the edit debounce), leaving any batch it was in. */
  request(root: string, delayMs?: number): void {
    // An edited go env file (`go env -w`) can change GOWORK or GOFLAGS: plan again before the check.
    if (this.staleReplan !== undefined || this.d.registry.goEnvChanged()) {
      this.staleReplan ??= this.replan().finally(() => (this.staleReplan = undefined));
      void this.staleReplan.then(() => this.request(root, delayMs));
      return;
    }
    if (!this.d.registry.has(root)) return;
    this.d.batches.leave(root);
    this.d.scheduler.request(root, delayMs === undefined ? {} : { delayMs });
  }

  /** Checks several roots now: together, in batches across roots (one alone takes the single-root path). */
  checkMany(roots: string[]): void {
    const known = roots.filter((r) => this.d.registry.has(r));
    if (known.length === 1) this.request(known[0], 0);
    else if (known.length > 1) this.d.batches.start(known);
  }

  /**
   * Checks every root now; `fresh`: without reusing cached results (a fix or an explicit re-check). `first` (the
   * root a fix was applied to) is checked on its own, so its result does not wait for the others' batch.
   */
  recheckAll(fresh: boolean, first?: string): void {
    const all = this.d.registry.all();
    if (fresh) for (const r of all) this.d.checker.markFresh(r);
    if (first !== undefined && this.d.registry.has(first)) this.request(first, 0);
    this.checkMany(all.filter((r) => r !== first));
  }

  /** Stops every check and batch download (a cancelled re-check); roots stay known. */
  cancelAll(): void {
    this.d.batches.cancelAll();
    this.d.scheduler.cancelAll();
  }

  /** Resolves when no root is waiting for a batch or has a check pending, in flight or queued. */
  async idle(): Promise<void> {
    do {
      await this.d.batches.idle();
      await this.d.scheduler.idle();
    } while (this.d.batches.isBusy() || this.d.scheduler.isBusy());
  }

  /** Whether a root was checked or is being checked (an opened go.mod can start it before the scan ends). */
  seen(root: string): boolean {
    return this.d.checker.hasResult(root) || this.d.scheduler.isBusy(root) || this.d.batches.isBusy(root);
  }

  /** Forgets a root: its check stops and its diagnostics go. */
  forget(root: string): void {
    this.d.batches.forget(root);
    this.d.scheduler.remove(root);
    this.d.checker.forget(root);
    this.d.publisher.clear(root);
    this.d.status.update();
  }

  /**
   * Plans the workspace again (after the folders, a go.mod or a go.work changed): roots that are gone are
   * forgotten; new or changed ones are checked, unless their folder checks only on demand.
   */
  replan(): Promise<void> {
    this.planning = this.planning.then(() => this.replanNow());
    return this.planning;
  }

  /** Workspace folders changed: removed ones lose their roots and settings, added ones are planned. */
  async foldersChanged(added: string[], removed: string[]): Promise<void> {
    this.d.registry.removeFolders(removed);
    for (const f of removed) this.d.settings.removeFolder(f);
    this.d.registry.addFolders(added);
    await this.d.settings.refresh(this.d.registry.folders);
    await this.replan();
  }

  /** The root of a file opened in the editor, planning its folder first when it is outside every folder. */
  async rootOfOpened(path: string): Promise<string | undefined> {
    await this.planned;
    const root = this.d.registry.rootOf(path);
    if (root !== undefined || !this.d.registry.addLoose(path)) return root;
    await this.replan();
    return this.d.registry.rootOf(path);
  }

  private async replanNow(): Promise<void> {
    try {
      const { processEnv, settings } = this.d;
      const change = await this.d.registry.replan(
        (folder) => {
          const s = settings.forPath(folder);
          return { ...processEnv, ...s.go.toolsEnvVars, ...s.doctor.env };
        },
        // The go the folder's checks will run (its settings choose it), for the GOROOT it runs with.
        (folder, env) => {
          const s = settings.forPath(folder);
          return gorootBeforeGo(env, {
            explicit: s.doctor.goPath,
            alternateGo: s.go.alternateGo,
            goroot: s.go.goroot,
          });
        },
      );
      if (change.notes.length > 0) this.d.onPlanNotes?.(change.notes.map((n) => n.message));
      for (const r of change.gone) this.forget(r);
      this.checkMany(
        change.changed.filter((r) => settings.forPath(this.d.registry.dirOf(r)).doctor.runOn !== 'manual'),
      );
    } finally {
      this.firstPlan?.();
      this.firstPlan = undefined;
      this.d.status.update();
    }
  }
}
