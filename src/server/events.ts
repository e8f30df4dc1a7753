/**
 * What starts a check: documents opened, edited and saved, files changed on disk, settings changed, workspace
 * folders added or removed. Each handler only decides which roots to check; the coordinator does the rest.
 */
import { readFileSync } from 'node:fs';
import { FileChangeType, type Connection, type TextDocuments } from 'vscode-languageserver/node';
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
  d.documents.onDidOpen((e) => {
    const path = pathOf(e.document.uri);
    if (runOn(path) === 'manual') return;
    const root = d.registry.rootOf(path);
    // The check reads open documents only with runOn "change"; a document opened as it is on disk (the usual
    // case, often while the first check of the folder runs) changes nothing that check sees, so it is not
    // restarted. A document with unsaved text (restored by the editor) is checked as it is.
    const changed = runOn(path) === 'change' && !sameAsDisk(path, e.document.getText());
    if (!d.coordinator.seen(root) || changed) d.coordinator.request(root, 0);
  });
  d.documents.onDidChangeContent((e) => {
    const path = pathOf(e.document.uri);
    if (runOn(path) !== 'change' || e.document.version <= 1) return;
    d.coordinator.request(d.registry.rootOf(path));
  });
  d.documents.onDidSave((e) => {
    const path = pathOf(e.document.uri);
    if (runOn(path) === 'manual') return;
    d.coordinator.request(d.registry.rootOf(path), 0);
  });
}

/** A go.mod or go.work created or deleted changes which roots exist; any other change re-checks its root. */
function onFileChanged(d: EventDeps, uri: string, type: FileChangeType): void {
  const path = pathOf(uri);
  if (!isModuleFile(path) || d.settings.forPath(path).doctor.runOn === 'manual') return;
  const structural = /(^|[/\\])go\.(mod|work)$/.test(path) && type !== FileChangeType.Changed;
  if (structural) void d.coordinator.structureChanged(path);
  else d.coordinator.request(d.registry.rootOf(path));
}

export function registerWorkspaceEvents(d: EventDeps, hasWorkspaceFolders: boolean): void {
  d.connection.onDidChangeWatchedFiles((params) => {
    for (const change of params.changes) onFileChanged(d, change.uri, change.type);
  });
  d.connection.onDidChangeConfiguration(async () => {
    await d.settings.refresh(d.registry.folders);
    d.scheduler.setConcurrency(d.settings.windowSettings.doctor.concurrency);
    for (const r of d.registry.all()) d.coordinator.request(r, 0);
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
