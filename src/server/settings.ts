/**
 * The extension's settings as the server sees them. package.json's `contributes.configuration` is the single
 * source of keys and defaults; test/unit/settings.test.ts fails when this file and package.json drift.
 */

export type RunOn = 'change' | 'save' | 'manual';
export type FixScopeSetting = 'ask' | 'user' | 'workspace';

export interface DoctorSettings {
  enable: boolean;
  goPath: string;
  runOn: RunOn;
  timeout: number;
  concurrency: number;
  env: Record<string, string>;
  proxyCandidates: string[];
  fixScope: FixScopeSetting;
  logGoTrace: boolean;
}

/** Defaults, identical to package.json's. */
export const DEFAULT_SETTINGS: DoctorSettings = {
  enable: true,
  goPath: '',
  runOn: 'change',
  timeout: 120,
  concurrency: 2,
  env: {},
  proxyCandidates: [
    'https://proxy.golang.org',
    'https://goproxy.cn',
    'https://goproxy.io',
    'https://mirrors.aliyun.com/goproxy/',
  ],
  fixScope: 'ask',
  logGoTrace: false,
};

/** Settings of vscode-go that change how go runs. */
export interface GoExtensionSettings {
  toolsEnvVars: Record<string, string>;
  goroot: string;
  alternateGo: string;
}

function isRecordOfStrings(v: unknown): v is Record<string, string> {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    Object.values(v as Record<string, unknown>).every((x) => typeof x === 'string')
  );
}

/** Takes whatever the client sent and returns valid settings, falling back to defaults field by field. */
export function normalizeSettings(raw: unknown): DoctorSettings {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const d = DEFAULT_SETTINGS;
  const num = (v: unknown, def: number, min: number, max: number): number =>
    typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, Math.round(v))) : def;
  return {
    enable: typeof r.enable === 'boolean' ? r.enable : d.enable,
    goPath: typeof r.goPath === 'string' ? r.goPath : d.goPath,
    runOn: r.runOn === 'change' || r.runOn === 'save' || r.runOn === 'manual' ? r.runOn : d.runOn,
    timeout: num(r.timeout, d.timeout, 5, 3600),
    concurrency: num(r.concurrency, d.concurrency, 1, 16),
    env: isRecordOfStrings(r.env) ? r.env : d.env,
    proxyCandidates:
      Array.isArray(r.proxyCandidates) && r.proxyCandidates.every((x) => typeof x === 'string')
        ? r.proxyCandidates
        : d.proxyCandidates,
    fixScope:
      r.fixScope === 'ask' || r.fixScope === 'user' || r.fixScope === 'workspace' ? r.fixScope : d.fixScope,
    logGoTrace: typeof r.logGoTrace === 'boolean' ? r.logGoTrace : d.logGoTrace,
  };
}

export function normalizeGoSettings(raw: unknown): GoExtensionSettings {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const alt = r.alternateTools;
  const altGo =
    typeof alt === 'object' && alt !== null && typeof (alt as Record<string, unknown>).go === 'string'
      ? ((alt as Record<string, unknown>).go as string)
      : '';
  return {
    toolsEnvVars: isRecordOfStrings(r.toolsEnvVars) ? r.toolsEnvVars : {},
    goroot: typeof r.goroot === 'string' ? r.goroot : '',
    alternateGo: altGo,
  };
}
