/**
 * Decides which roots are checked when, and forgets those that are gone: the one place where the registry, the
 * scheduler, the checker and the publisher change together (so a removed root never keeps a diagnostic).
 */
import type { Publisher } from './publisher.ts';
import { RootRegistry } from './rootRegistry.ts';
import type { RootChecker } from './checker.ts';
import type { Scheduler } from './scheduler.ts';
import type { SettingsStore } from './settingsStore.ts';
import type { StatusReporter } from './status.ts';

export interface CoordinatorDeps {
  registry: RootRegistry;
  scheduler: Scheduler;
  checker: RootChecker;
  publisher: Publisher;
  settings: SettingsStore;
  status: StatusReporter;
}

export class CheckCoordinator {
  constructor(private readonly d: CoordinatorDeps) {}

  /** Checks `root` after `delayMs` (default: the edit debounce). */
  request(root: string, delayMs?: number): void {
    this.d.registry.add(root);
    this.d.scheduler.request(root, delayMs === undefined ? {} : { delayMs });
  }

  /** Checks every root now; `fresh`: without reusing cached results (a fix or an explicit re-check). */
  recheckAll(fresh: boolean): void {
    for (const r of this.d.registry.all()) {
      if (fresh) this.d.checker.markFresh(r);
      this.request(r, 0);
    }
  }

  /** Whether a root was checked or is being checked (an opened go.mod can start it before discovery). */
  seen(root: string): boolean {
    return this.d.checker.hasResult(root) || this.d.scheduler.isBusy(root);
  }

  /** Forgets a root: its check stops and its diagnostics go. */
  forget(root: string): void {
    this.d.scheduler.remove(root);
    this.d.checker.forget(root);
    this.d.registry.remove(root);
    this.d.publisher.clear(root);
    this.d.status.update();
  }

  /** Discovers the roots of these folders again: new ones are checked, vanished ones forgotten. */
  async scan(folders: readonly string[]): Promise<void> {
    for (const folder of folders) {
      if (this.d.settings.forPath(folder).doctor.runOn === 'manual') continue;
      const { found, gone } = await this.d.registry.rediscover(folder);
      for (const r of gone) this.forget(r);
      for (const r of found) if (!this.seen(r)) this.request(r, 0);
    }
    this.d.status.update();
  }

  /** Workspace folders changed: removed ones lose their roots and settings, added ones are scanned. */
  async foldersChanged(added: string[], removed: string[]): Promise<void> {
    for (const r of this.d.registry.removeFolders(removed)) this.forget(r);
    for (const f of removed) this.d.settings.removeFolder(f);
    const fresh = this.d.registry.addFolders(added);
    await this.d.settings.refresh(this.d.registry.folders);
    await this.scan(fresh);
  }

  /** A go.mod or go.work appeared or vanished under `path`: the roots of its folder may have changed. */
  async structureChanged(path: string): Promise<void> {
    const folder = this.d.registry.folderOf(path);
    if (folder !== undefined) {
      await this.scan([folder]);
      return;
    }
    const root = this.d.registry.rootOf(path);
    if (this.d.registry.has(root) && !RootRegistry.exists(root)) this.forget(root);
  }
}
