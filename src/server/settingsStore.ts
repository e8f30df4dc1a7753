/**
 * Settings per workspace folder: each folder of a multi-root window can have its own gomodDoctor.env (a different
 * GOPROXY), go path or runOn, read with `workspace/configuration` and its `scopeUri`. Window-wide values (how many
 * roots run at once) come from the request without a scope. Re-read on didChangeConfiguration.
 */
import type { ConfigurationItem } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import {
  DEFAULT_SETTINGS,
  normalizeGoSettings,
  normalizeSettings,
  type DoctorSettings,
  type GoExtensionSettings,
} from './settings.ts';
import { folderOf } from './roots.ts';

/** Everything that decides how go runs for one folder. */
export interface FolderSettings {
  doctor: DoctorSettings;
  go: GoExtensionSettings;
  /** VS Code's http.proxy, passed on to go when no proxy variable is set. */
  httpProxy: string;
}

/** Asks the client for configuration sections (connection.workspace.getConfiguration). */
export type ConfigurationFetch = (items: ConfigurationItem[]) => Promise<unknown[]>;

const SECTIONS = ['gomodDoctor', 'go', 'http'] as const;

export const DEFAULT_FOLDER_SETTINGS: FolderSettings = {
  doctor: DEFAULT_SETTINGS,
  go: normalizeGoSettings({}),
  httpProxy: '',
};

function fromSections(doctor: unknown, go: unknown, http: unknown): FolderSettings {
  const proxy = (http as { proxy?: unknown } | null | undefined)?.proxy;
  return {
    doctor: normalizeSettings(doctor),
    go: normalizeGoSettings(go),
    httpProxy: typeof proxy === 'string' ? proxy : '',
  };
}

export class SettingsStore {
  private window: FolderSettings = DEFAULT_FOLDER_SETTINGS;
  private byFolder = new Map<string, FolderSettings>();

  /** `fetch` is undefined when the client cannot answer workspace/configuration: defaults apply. */
  constructor(private readonly fetch: ConfigurationFetch | undefined) {}

  /** Reads the window's settings and each folder's, in one request. A client that fails keeps what was read. */
  async refresh(folders: readonly string[]): Promise<void> {
    if (!this.fetch) return;
    const scopes: (string | undefined)[] = [undefined, ...folders];
    const items: ConfigurationItem[] = scopes.flatMap((folder) =>
      SECTIONS.map((section) =>
        folder === undefined ? { section } : { section, scopeUri: URI.file(folder).toString() },
      ),
    );
    let answer: unknown[];
    try {
      answer = await this.fetch(items);
    } catch {
      return;
    }
    const at = (i: number): FolderSettings =>
      fromSections(
        answer[i * SECTIONS.length],
        answer[i * SECTIONS.length + 1],
        answer[i * SECTIONS.length + 2],
      );
    this.window = at(0);
    const byFolder = new Map<string, FolderSettings>();
    folders.forEach((folder, i) => byFolder.set(folder, at(i + 1)));
    this.byFolder = byFolder;
  }

  /** Window-wide settings (concurrency; the defaults for files outside every folder). */
  get windowSettings(): FolderSettings {
    return this.window;
  }

  /** The settings of the folder that holds `path` (the innermost one), else the window's. */
  forPath(path: string): FolderSettings {
    const folder = folderOf(path, [...this.byFolder.keys()]);
    return (folder === undefined ? undefined : this.byFolder.get(folder)) ?? this.window;
  }

  /** Forgets a removed folder's settings. */
  removeFolder(folder: string): void {
    this.byFolder.delete(folder);
  }
}
