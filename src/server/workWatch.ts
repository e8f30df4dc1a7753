/**
 * Watchers for the go.work files a plan uses that the static ones (`**\/go.mod`, `**\/go.work`, `**\/go.sum` in
 * the workspace folders) never see: the file GOWORK names (any name, such as dev.work, anywhere; also before it
 * exists) and a go.work above the opened folders; each with its `<file>.sum`. They follow the plan: registered again (the old ones
 * dropped) whenever that set changes. A client with relative patterns (LSP 3.17) watches outside the folders;
 * others get the absolute path as a glob, which some clients match.
 */
import { basename, dirname } from 'node:path';
import type { Disposable, FileSystemWatcher } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import type { WorkspacePlan } from '../core/workspace/planner.ts';
import { isInside } from './roots.ts';

/** Characters with a meaning in a glob pattern: a name holding one is watched through its whole folder. */
const GLOB_CHARS = /[*?[\]{}]/;

/** The work files of a plan that need a watcher of their own (sorted): not a go.work inside a folder. */
export function unwatchedWorkFiles(plan: WorkspacePlan, folders: readonly string[]): string[] {
  const seen = (p: string): boolean => basename(p) === 'go.work' && folders.some((f) => isInside(p, f));
  return plan.workFiles.filter((p) => !seen(p));
}

/** One watcher per file, for the file and its `<file>.sum` (pure). */
export function workFileWatchers(files: readonly string[], relative: boolean): FileSystemWatcher[] {
  return files.map((p) => {
    const name = basename(p);
    const pattern = GLOB_CHARS.test(name) ? '*' : `{${name},${name}.sum}`;
    if (relative) return { globPattern: { baseUri: URI.file(dirname(p)).toString(), pattern } };
    return { globPattern: `${dirname(p)}/${pattern}` };
  });
}

export interface WorkWatchClient {
  /** Whether the client takes watchers registered later (undefined until initialize). */
  dynamic: () => boolean;
  relative: () => boolean;
  register: (watchers: FileSystemWatcher[]) => Promise<Disposable>;
}

export class WorkFileWatch {
  private key = '';
  private current: Promise<Disposable | undefined> = Promise.resolve(undefined);
  /** The files watched now (for tests and the log). */
  files: string[] = [];

  constructor(private readonly client: WorkWatchClient) {}

  /** Follows a new plan: registers watchers for the files it adds, drops those of files it no longer uses. */
  update(plan: WorkspacePlan, folders: readonly string[]): void {
    if (!this.client.dynamic()) return;
    const files = unwatchedWorkFiles(plan, folders);
    const key = files.join('\n');
    if (key === this.key) return;
    this.key = key;
    this.files = files;
    const watchers = workFileWatchers(files, this.client.relative());
    // One after the other, so an old registration is never dropped after its replacement is made.
    this.current = this.current.then(async (old) => {
      old?.dispose();
      return watchers.length === 0 ? undefined : this.client.register(watchers).catch(() => undefined);
    });
  }
}
