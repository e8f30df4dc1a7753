/**
 * The custom protocol between the VS Code client and the language server: every method name and payload once.
 * Plain types, and fix sets derived from the core's fix table, so both sides read the same.
 */
import type { Category } from '../core/categories.ts';
import { fixIdsWhere } from '../core/fix/specs.ts';
import type { Report } from '../core/report/model.ts';

/** Fixes that weaken security: never preferred, and the client confirms them with a warning first. */
export const DANGEROUS_FIXES: ReadonlySet<string> = new Set(fixIdsWhere((s) => s.danger === true));

/** Fixes that set a go environment variable: the client asks where they apply (for the user or this workspace). */
export const ENV_FIXES: ReadonlySet<string> = new Set(fixIdsWhere((s) => s.writes === 'go-env'));

/** Server → client notification: the state of checks, for the status item. */
export const StatusNotification = 'gomodDoctor/status';
export interface StatusParams {
  /** 'running' only while a check runs; the last notification after the last check says 'idle'. */
  state: 'idle' | 'running' | 'untrusted' | 'no-go' | 'disabled';
  /** Problems shown across the workspace, each (file, line, cause) once. */
  failures: number;
  /** Module roots known (a go.work with the modules it uses counts once). */
  roots: number;
  /** Module roots that build from vendor/ (nothing to download). Absent: none. */
  vendoredRoots?: number;
  /** Module roots being checked now. Absent: unknown. */
  checking?: number;
  /** Requests of go's that have waited long without an answer (a hang), for the status item. Absent: none. */
  waiting?: StatusWaiting[];
  /** A sentence for the status item's detail (translated). */
  detail: string;
}

/** One request go is waiting for: the host it asked and for how long, and the require it serves. */
export interface StatusWaiting {
  host: string;
  /** Seconds waited so far. */
  seconds: number;
  module?: string;
}

/** Commands the server executes (workspace/executeCommand). */
export const ServerCommands = {
  /**
   * Re-check every module root now; answers when the checks are done. Cancellable: on $/cancelRequest the server
   * stops the checks this request started (the client's Cancel button sends it).
   */
  recheck: 'gomodDoctor.server.recheck',
  /** Apply a fix: ApplyFixParams. */
  applyFix: 'gomodDoctor.server.applyFix',
  /** Which gomodDoctor.proxyCandidates can serve a module now: ProbeProxiesParams → ProxyCandidate[]. */
  probeProxies: 'gomodDoctor.server.probeProxies',
  /** Stop every check in flight (for clients that cannot cancel a request). */
  cancel: 'gomodDoctor.server.cancel',
} as const;

export interface ProbeProxiesParams {
  /** The go.mod/go.work file the diagnostic is in (its module root's environment is used). */
  uri: string;
  module?: string;
  version?: string;
}

export interface ProxyCandidate {
  url: string;
  /** True when it answered 200 for the module. */
  ok: boolean;
  /** What it answered, or where it failed (translated, redacted). */
  summary: string;
}

export type FixScope = 'user' | 'workspace';

export interface ApplyFixParams {
  /** The fix id, e.g. 'set-goprivate'. */
  fix: string;
  /** The go.mod/go.work file the diagnostic is in. */
  uri: string;
  category: Category;
  module?: string;
  host?: string;
  scope: FixScope;
  /** Values the user entered (login/token for .netrc; a chosen GOPROXY). Never logged. */
  inputs?: Record<string, string>;
}

export interface ApplyFixResult {
  ok: boolean;
  /** What was done, or why not (translated). */
  message: string;
  /** Environment variables to set in the workspace settings, when scope is 'workspace'. */
  workspaceEnv?: Record<string, string>;
}

/** Client commands used by code actions in VS Code (the client asks for scope and inputs, then calls the server). */
export const ClientCommands = {
  fix: 'gomodDoctor.fix',
  showOutput: 'gomodDoctor.showOutput',
  diagnose: 'gomodDoctor.diagnose',
} as const;

/** Client → server request: diagnose downloads of one root (the first module root when `root` is absent). */
export const DiagnoseRequest = 'gomodDoctor/diagnose';
export interface DiagnoseParams {
  /** Absolute path of a module or workspace root. */
  root?: string;
  /** Echoed in the progress notifications, so the client knows which diagnosis they belong to. */
  token?: string;
}
/** The full, redacted report (src/core/report/model.ts). */
export type DiagnoseResult = Report;

/** Server → client notification: a partial report while the diagnosis runs. */
export const DiagnoseProgressNotification = 'gomodDoctor/diagnoseProgress';
export interface DiagnoseProgressParams {
  token: string;
  report: Report;
}
