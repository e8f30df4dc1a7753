/**
 * The workspace's folders and the roots checked in them. A root is one check: a module on its own, or a go.work
 * with the modules it uses (their go.mod files are then that root's files). Discovery fills it per folder; file
 * events and folder changes keep it current.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { findRoots, folderOf, isInside, rootOfFile } from './roots.ts';

/** One root as discovery reports it. */
export interface DiscoveredRoot {
  /** The folder of the go.mod or go.work that is checked. */
  root: string;
  /** Go builds it from vendor/: nothing is downloaded. */
  vendored: boolean;
  /** Folders of other modules checked as part of this root (the modules a go.work uses). */
  members: string[];
}

/** Finds the roots under one workspace folder. */
export type Discover = (folder: string) => Promise<DiscoveredRoot[]>;

/** Every folder holding a go.mod or go.work is a root of its own. */
export const discoverEachFolder: Discover = async (folder) =>
  (await findRoots(folder)).map((root) => ({ root, vendored: false, members: [] }));

export class RootRegistry {
  private folderList: string[] = [];
  private readonly roots = new Map<string, DiscoveredRoot>();
  /** Member module folder → the root that checks it. */
  private readonly memberOf = new Map<string, string>();

  constructor(private readonly discoverIn: Discover = discoverEachFolder) {}

  get folders(): readonly string[] {
    return this.folderList;
  }

  /** Adds workspace folders (already known ones are ignored); returns those that are new. */
  addFolders(folders: readonly string[]): string[] {
    const added = folders.filter((f) => !this.folderList.includes(f));
    this.folderList.push(...added);
    return added;
  }

  /** Removes workspace folders; returns the roots that were inside them (and are forgotten). */
  removeFolders(folders: readonly string[]): string[] {
    this.folderList = this.folderList.filter((f) => !folders.includes(f));
    const gone = this.all().filter((r) => folders.some((f) => isInside(r, f)) && !this.folderOf(r));
    for (const r of gone) this.remove(r);
    return gone;
  }

  /**
   * Discovers the roots of `folder` again. Returns the roots found and those that disappeared (a deleted
   * go.mod, or a module now checked as part of a go.work); the caller checks the first and forgets the second.
   */
  async rediscover(folder: string): Promise<{ found: string[]; gone: string[] }> {
    const found = await this.discoverIn(folder);
    const seen = new Set(found.map((d) => d.root));
    const gone = this.all().filter((r) => this.folderOf(r) === folder && !seen.has(r));
    for (const r of gone) this.remove(r);
    for (const d of found) this.set(d);
    return { found: [...seen], gone };
  }

  /** Registers a root found from a file event (a new go.mod in a folder not scanned yet). */
  add(root: string): void {
    if (!this.roots.has(root)) this.set({ root, vendored: false, members: [] });
  }

  remove(root: string): void {
    const d = this.roots.get(root);
    if (!d) return;
    this.roots.delete(root);
    for (const m of d.members) if (this.memberOf.get(m) === root) this.memberOf.delete(m);
  }

  has(root: string): boolean {
    return this.roots.has(root);
  }

  all(): string[] {
    return [...this.roots.keys()];
  }

  get size(): number {
    return this.roots.size;
  }

  isVendored(root: string): boolean {
    return this.roots.get(root)?.vendored === true;
  }

  vendoredCount(): number {
    return [...this.roots.values()].filter((d) => d.vendored).length;
  }

  /** The workspace folder a root (or file) is in. */
  folderOf(path: string): string | undefined {
    return folderOf(path, this.folderList);
  }

  /** The root whose check covers a go.mod, go.work or go.sum file: a go.work's root for the modules it uses. */
  rootOf(file: string): string {
    const dir = rootOfFile(file);
    return this.memberOf.get(dir) ?? dir;
  }

  /** Whether a root still has the go.mod or go.work that makes it one. */
  static exists(root: string): boolean {
    return existsSync(join(root, 'go.mod')) || existsSync(join(root, 'go.work'));
  }

  private set(d: DiscoveredRoot): void {
    this.remove(d.root);
    this.roots.set(d.root, d);
    for (const m of d.members) this.memberOf.set(m, d.root);
  }
}
