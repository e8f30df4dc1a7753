/**
 * Which programs need the user's approval before the language server may run them: a go binary or a PATH folder
 * named by a workspace-level setting, and anything that resolves inside a workspace folder (a repository can
 * carry its own bin/go). Approvals are keyed by the workspace and the resolved real path, so approving one
 * workspace's binary approves nothing elsewhere, and a setting that changes to another file asks again.
 */
import { delimiter as pathDelimiter, dirname, isAbsolute, join } from 'node:path';
import { insideFolder } from '../fs/inside.ts';
import { resolveGoBinarySync } from './goBinary.ts';

/** The settings that choose what runs. */
export type BinarySetting =
  | 'gomodDoctor.goPath'
  | 'go.alternateTools.go'
  | 'go.goroot'
  | 'gomodDoctor.env.PATH'
  | 'go.toolsEnvVars.PATH'
  /** The go found on the PATH of the editor's own environment (value: that PATH). */
  | 'PATH';

export interface BinaryChoice {
  setting: BinarySetting;
  value: string;
  /** Set by the workspace or one of its folders (not by the user's own settings). */
  fromWorkspace: boolean;
}

export interface ApprovalNeed {
  setting: BinarySetting;
  /** The entry as written (a PATH folder, the goPath value). */
  value: string;
  /** What would run (a go binary) or be searched (a PATH folder), resolved through symbolic links. */
  realPath: string;
  /** The key an approval is stored under. */
  key: string;
}

export interface ApprovalInput {
  choices: BinaryChoice[];
  /** Absolute paths of the workspace folders. */
  folders: string[];
  /** Identifies the workspace (its file, or its folders) for the approval key. */
  workspace: string;
  /** PATH of the process (the user's own): a bare goPath name is looked up there. */
  processPath: string;
  /** fs.realpathSync, or undefined when the path does not exist. */
  realpath: (p: string) => string | undefined;
}

export function approvalKey(workspace: string, realPath: string): string {
  return `${workspace}\n${realPath}`;
}

/** What a choice makes run: the go binary it names, or each absolute folder of a PATH value. */
function targets(c: BinaryChoice, processPath: string): string[] {
  const v = c.value.trim();
  if (v === '') return [];
  switch (c.setting) {
    case 'gomodDoctor.goPath':
    case 'go.alternateTools.go': {
      const found = resolveGoBinarySync({ explicit: v, path: processPath }).bin;
      return found ? [found] : isAbsolute(v) ? [v] : [];
    }
    case 'go.goroot':
      return [join(v, 'bin', process.platform === 'win32' ? 'go.exe' : 'go')];
    case 'PATH': {
      const found = resolveGoBinarySync({ path: v }).bin;
      return found ? [found] : [];
    }
    default:
      return v.split(pathDelimiter).filter((d) => d !== '' && isAbsolute(d));
  }
}

/** The approvals the choices need; those already given are the caller's to filter out. */
export function approvalsNeeded(input: ApprovalInput): ApprovalNeed[] {
  const folders = input.folders.map((f) => input.realpath(f) ?? f);
  const out: ApprovalNeed[] = [];
  for (const c of input.choices) {
    for (const target of targets(c, input.processPath)) {
      const realPath = input.realpath(target) ?? target;
      const inWorkspace = folders.some((f) => insideFolder(realPath, f));
      if (!c.fromWorkspace && !inWorkspace) continue;
      out.push({ setting: c.setting, value: target, realPath, key: approvalKey(input.workspace, realPath) });
    }
  }
  return out;
}

/** A PATH without the given folders; undefined rather than empty, so the process's own PATH applies. */
function withoutDirs(path: string | undefined, dirs: string[]): string | undefined {
  if (path === undefined) return undefined;
  const kept = path.split(pathDelimiter).filter((d) => !dirs.includes(d));
  return kept.length > 0 ? kept.join(pathDelimiter) : undefined;
}

function setOrDelete(o: Record<string, string>, k: string, v: string | undefined): Record<string, string> {
  const out = { ...o };
  if (v === undefined) delete out[k];
  else out[k] = v;
  return out;
}

/**
 * A configuration section as the server will see it, with every choice the user did not approve left out: the
 * goPath, go.alternateTools.go and go.goroot emptied, refused PATH folders removed (a go on the editor's PATH
 * inside the workspace: its folder left out of the PATH the server uses).
 */
export function stripRefused(
  section: string | undefined,
  config: unknown,
  refused: ApprovalNeed[],
  processPath: string,
): unknown {
  if (refused.length === 0 || !config || typeof config !== 'object') return config;
  const o = config as Record<string, unknown>;
  const has = (s: BinarySetting): boolean => refused.some((n) => n.setting === s);
  const values = (s: BinarySetting): string[] => refused.filter((n) => n.setting === s).map((n) => n.value);
  const record = (v: unknown): Record<string, string> => ({
    ...((v as Record<string, string> | undefined) ?? {}),
  });
  if (section === 'gomodDoctor') {
    let env = record(o.env);
    if (has('gomodDoctor.env.PATH'))
      env = setOrDelete(env, 'PATH', withoutDirs(env.PATH, values('gomodDoctor.env.PATH')));
    if (has('PATH'))
      env = setOrDelete(
        env,
        'PATH',
        withoutDirs(
          env.PATH ?? processPath,
          values('PATH').map((v) => dirname(v)),
        ),
      );
    return { ...o, env, ...(has('gomodDoctor.goPath') ? { goPath: '' } : {}) };
  }
  if (section === 'go') {
    let tools = record(o.toolsEnvVars);
    if (has('go.toolsEnvVars.PATH'))
      tools = setOrDelete(tools, 'PATH', withoutDirs(tools.PATH, values('go.toolsEnvVars.PATH')));
    return {
      ...o,
      toolsEnvVars: tools,
      ...(has('go.alternateTools.go') ? { alternateTools: { ...record(o.alternateTools), go: '' } } : {}),
      ...(has('go.goroot') ? { goroot: '' } : {}),
    };
  }
  return config;
}
