/**
 * What starts a check: documents opened, edited and saved, files changed on disk, settings changed, workspace
 * folders added or removed. Each handler only decides which roots to check; the coordinator does the rest.
 */
import { readFileSync } from 'node:fs';
import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import type { CheckCoordinator } from './coordinator.ts';
import type { RootRegistry } from './rootRegistry.ts';
import { isModuleFile } from './roots.ts';
import type { Scheduler } from './scheduler.ts';
import type { SettingsStore } from './settingsStore.ts';

export interface EventDeps {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  settings: SettingsStore;
  registry: RootRegistry;
  scheduler: Scheduler;
  coordinator: CheckCoordinator;
}

/** Whether `text` is the content of the file at `path` (false when it cannot be read). */
function sameAsDisk(path: string, text: string): boolean {
  try {
    return readFileSync(path, 'utf8') === text;
  } catch {
    return false;
  }
}

const pathOf = (uri: string): string => URI.parse(uri).fsPath;

export function registerDocumentEvents(d: EventDeps): void {
  const runOn = (path: string): string => d.settings.forPath(path).doctor.runOn;
  /** Runs `then` with the root of the document once the workspace is planned (not at all without one). */
  const withRoot = (uri: string, then: (root: string, path: string) => void): void => {
    const path = pathOf(uri);
    // The client sends every *.work document (GOWORK may name any file): only go's files and the plan's are ours.
    if (!isModuleFile(path) && d.registry.workFileKind(path) === undefined) return;
    if (runOn(path) === 'manual') return;
    void d.coordinator.rootOfOpened(path).then((root) => {
      if (root !== undefined) then(root, path);
    });
  };
  d.documents.onDidOpen((e) =>
    withRoot(e.document.uri, (root, path) => {
      // The check reads open documents only with runOn "change"; a document opened as it is on disk (the usual
      // case, often while the first check of the folder runs) changes nothing that check sees, so it is not
      // restarted. A document with unsaved text (restored by the editor) is checked as it is.
      const changed = runOn(path) === 'change' && !sameAsDisk(path, e.document.getText());
      if (!d.coordinator.seen(root) || changed) d.coordinator.request(root, 0);
    }),
  );
  d.documents.onDidChangeContent((e) => {
    if (runOn(pathOf(e.document.uri)) !== 'change' || e.document.version <= 1) return;
    withRoot(e.document.uri, (root) => d.coordinator.request(root));
  });
  d.documents.onDidSave((e) => withRoot(e.document.uri, (root) => d.coordinator.request(root, 0)));
}

/**
 * go.mod or go.work files created, deleted or changed on disk may change the plan (which roots exist, which
 * modules a go.work uses, vendoring): plan again, once for the whole batch of events, then check each file's
 * root. A go.sum change only re-checks its root. Even with runOn "manual" the plan follows the files, so a
 * deleted go.mod takes its diagnostics with it.
 */
function onFilesChanged(d: EventDeps, uris: string[]): void {
  // A go.work GOWORK names may have any name (dev.work): the plan knows it.
  const paths = uris.map(pathOf).filter((p) => isModuleFile(p) || d.registry.workFileKind(p) !== undefined);
  const recheck = (): void => {
    for (const path of paths) {
      const root = d.registry.rootOf(path);
      if (root !== undefined && d.settings.forPath(path).doctor.runOn !== 'manual')
        d.coordinator.request(root);
    }
  };
  const replans = (p: string): boolean =>
    /(^|[/\\])go\.(mod|work)$/.test(p) || d.registry.workFileKind(p) === 'work';
  if (paths.some(replans)) void d.coordinator.replan().then(recheck);
  else recheck();
}

export function registerWorkspaceEvents(d: EventDeps, hasWorkspaceFolders: boolean): void {
  d.connection.onDidChangeWatchedFiles((params) => {
    onFilesChanged(
      d,
      params.changes.map((c) => c.uri),
    );
  });
  d.connection.onDidChangeConfiguration(async () => {
    await d.settings.refresh(d.registry.folders);
    d.scheduler.setConcurrency(d.settings.windowSettings.doctor.concurrency);
    // GOWORK or GOFLAGS (-mod=vendor) in gomodDoctor.env can change the plan itself.
    await d.coordinator.replan();
    d.coordinator.checkMany(d.registry.all());
  });
  if (hasWorkspaceFolders) {
    d.connection.workspace.onDidChangeWorkspaceFolders((e) => {
      void d.coordinator.foldersChanged(
        e.added.map((f) => pathOf(f.uri)),
        e.removed.map((f) => pathOf(f.uri)),
      );
    });
  }
}
