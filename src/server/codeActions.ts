/**
 * Quick fixes built from a diagnostic's data. Edits to go.mod are returned as workspace edits; changes to the
 * environment, .netrc and the module cache go through a command, so VS Code can ask where a fix applies and for
 * credentials first. The safest fix is preferred; dangerous ones are never preferred and always confirmed.
 */
import { readFileSync } from 'node:fs';
import {
  CodeActionKind,
  type CodeAction,
  type Command,
  type Diagnostic,
  type TextEdit,
} from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import type { FixId } from '../core/classify/types.ts';
import { FIX_SPECS, fixesFor, fixRank, PROXY_ENV_VARS } from '../core/fix/specs.ts';
import { parseGoMod } from '../core/gomod/parse.ts';
import { goLineFor } from '../core/gomod/versions.ts';
import { t } from '../core/l10n.ts';
import { ClientCommands, DANGEROUS_FIXES, ServerCommands, type ApplyFixParams } from '../shared/protocol.ts';
import { isDiagnosticData, type DiagnosticData } from './diagnostics.ts';

/** Fixes that weaken security: offered last, never preferred, confirmed by the user. */
export { DANGEROUS_FIXES };

/** Variables the set-proxy-env fix may set, per category (only for the workspace: `go env -w` refuses them). */
export { PROXY_ENV_VARS };

export interface CodeActionContextInfo {
  /** True when the client is our VS Code extension, which can ask for scope and inputs. */
  richClient: boolean;
  /** The version of the go command that checked the module ("1.27.3"), for the go line fix. */
  goVersion?: string;
  /** Reads a file's current text (tests); defaults to the file on disk. */
  readText?: (path: string) => string | undefined;
}

function declaredPath(evidence: string[]): { declared?: string; required?: string } {
  const text = evidence.join('\n');
  const d = /declares its path as:\s*(\S+)/.exec(text);
  const r = /but was required as:\s*(\S+)/.exec(text);
  return { declared: d?.[1], required: r?.[1] };
}

/** Picks up to three useful versions: the nearest newer, the nearest older and the newest release. */
export function pickVersions(current: string, versions: string[]): string[] {
  const valid = versions.filter((v) => /^v\d+\.\d+\.\d+/.test(v));
  if (valid.length === 0) return [];
  const cmp = (a: string, b: string): number => compareSemver(a, b);
  const sorted = [...new Set(valid)].sort(cmp);
  const releases = sorted.filter((v) => !v.includes('-'));
  const out: string[] = [];
  const newer = sorted.find((v) => cmp(v, current) > 0);
  const older = [...sorted].reverse().find((v) => cmp(v, current) < 0);
  const latest = (releases.length > 0 ? releases : sorted)[
    (releases.length > 0 ? releases : sorted).length - 1
  ];
  for (const v of [newer, older, latest]) if (v && v !== current && !out.includes(v)) out.push(v);
  return out;
}

/** Compares Go versions as written on a go line ("1.21", "1.21.3", "1.22rc1"); release candidates sort first. */
export function compareGoVersions(a: string, b: string): number {
  const parse = (v: string): number[] => {
    const m = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:(rc|beta)(\d+))?/.exec(v);
    if (!m) return [0, 0, 0, 0];
    const pre = m[4] ? (m[4] === 'beta' ? -2 : -1) : 0;
    return [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0), pre];
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 4; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
}

function compareSemver(a: string, b: string): number {
  const parse = (v: string): { nums: number[]; pre: string } => {
    const m = /^v(\d+)\.(\d+)\.(\d+)(?:-([^+]*))?/.exec(v);
    if (!m) return { nums: [0, 0, 0], pre: '' };
    return { nums: [Number(m[1]), Number(m[2]), Number(m[3])], pre: m[4] ?? '' };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) if (x.nums[i] !== y.nums[i]) return x.nums[i] - y.nums[i];
  if (x.pre === y.pre) return 0;
  if (x.pre === '') return 1;
  if (y.pre === '') return -1;
  return x.pre < y.pre ? -1 : 1;
}

type Finding = DiagnosticData['finding'];
type Range = Diagnostic['range'];
/** An action with the fix it comes from, which ranks it. */
type RankedAction = { action: CodeAction; fix: FixId };
/** Where the module path and version to edit are (see siteOf). */
type Site = { path: Range; version: Range; current: string; value: string };

/** What every builder reads (the diagnostic and client) and fills (the actions); the site is computed once. */
interface Build {
  uri: string;
  diagnostic: Diagnostic;
  data: DiagnosticData;
  f: Finding;
  info: CodeActionContextInfo;
  actions: RankedAction[];
  site?: Site;
}

export function codeActionsFor(
  uri: string,
  diagnostic: Diagnostic,
  info: CodeActionContextInfo,
): CodeAction[] {
  if (!isDiagnosticData(diagnostic.data)) return [];
  const data: DiagnosticData = diagnostic.data;
  const b: Build = { uri, diagnostic, data, f: data.finding, info, actions: [] };
  addMissingVFix(b);
  for (const fix of fixesFor(b.f)) {
    if (FIX_SPECS[fix].writes !== 'go.mod') addOfferedFixes(b, fix);
    else addGoModFix(b, fix);
  }
  return rankActions(b.actions, b.f);
}

/** Orders the actions by the table's rank and prefers the first unless it is dangerous. */
function rankActions(actions: RankedAction[], f: Finding): CodeAction[] {
  actions.sort((a, b) => fixRank(a.fix, f.category) - fixRank(b.fix, f.category));
  const best = actions[0];
  if (best && !FIX_SPECS[best.fix].danger) best.action.isPreferred = true;
  return actions.map((a) => a.action);
}

function fixCommand(b: Build, fix: FixId, title: string, extra: Partial<ApplyFixParams> = {}): Command {
  const f = b.f;
  const params: Omit<ApplyFixParams, 'scope'> & { scope?: ApplyFixParams['scope'] } = {
    fix,
    uri: b.uri,
    category: f.category,
    ...(f.module ? { module: f.module } : {}),
    ...(f.host ? { host: f.host } : {}),
    ...extra,
  };
  return b.info.richClient
    ? { title, command: ClientCommands.fix, arguments: [params] }
    : { title, command: ServerCommands.applyFix, arguments: [{ ...params, scope: 'user' }] };
}

/** A require change runs go on the user's action (go get), so go.sum follows go.mod (src/server/modSumFix.ts). */
function requireChange(b: Build, fix: FixId, title: string, edits: TextEdit[], target: string): Command {
  return fixCommand(b, fix, title, { inputs: { edits: JSON.stringify(edits), target } });
}

function add(b: Build, fix: FixId, action: CodeAction): void {
  b.actions.push({ action: { ...action, kind: CodeActionKind.QuickFix, diagnostics: [b.diagnostic] }, fix });
}

function readText(b: Build): string | undefined {
  const path = URI.parse(b.uri).fsPath;
  if (b.info.readText) return b.info.readText(path);
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * Where the module path and version to edit are: the replace directive's target when the diagnostic is on one
 * (the data's ranges are the require's), else the require. Read once per diagnostic.
 */
function siteOf(b: Build): Site {
  if (b.site) return b.site;
  const { uri, diagnostic, f } = b;
  const text = uri.endsWith('go.mod') ? readText(b) : undefined;
  const key = JSON.stringify(diagnostic.range);
  const rep =
    text === undefined
      ? undefined
      : parseGoMod(text).replace.find(
          (r) =>
            r.new.version !== undefined &&
            JSON.stringify({ start: r.new.path.range.start, end: r.new.version.range.end }) === key,
        );
  b.site = rep?.new.version
    ? {
        path: rep.new.path.range,
        version: rep.new.version.range,
        current: rep.new.version.value,
        value: rep.new.path.value,
      }
    : {
        path: pathRange(diagnostic),
        version: versionRange(diagnostic),
        current: f.version ?? '',
        value: f.requirePath ?? f.module ?? '',
      };
  return b.site;
}

/** A require version without its leading "v" (1.2.3): go.mod does not parse; the canonical form is one letter away. */
function addMissingVFix(b: Build): void {
  const f = b.f;
  const missingV = /version "(\d+\.\d+\.\d+[^"]*)" invalid: must be of the form v1\.2\.3/.exec(
    [f.summary, ...f.evidence].join('\n'),
  );
  if (f.category !== 'syntax' || !missingV) return;
  const v = `v${missingV[1]}`;
  add(b, 'change-version', {
    title: t('Change the version to {0}', v),
    edit: { changes: { [b.uri]: [{ range: b.diagnostic.range, newText: v }] } },
  });
}

/** Command fixes: the table says what each offers for this finding. */
function addOfferedFixes(b: Build, fix: FixId): void {
  for (const o of FIX_SPECS[fix].offers?.(b.f, b.info) ?? []) {
    const extra = Object.keys(o.inputs).length > 0 ? { inputs: o.inputs } : {};
    add(b, fix, { title: o.title, command: fixCommand(b, fix, o.title, extra) });
  }
}

/** go.mod fixes are built here, where the document is. */
function addGoModFix(b: Build, fix: FixId): void {
  switch (fix) {
    case 'change-version':
      addChangeVersions(b, fix);
      break;
    case 'check-module-path':
      if (!addMajorVersionPath(b, fix)) addDeclaredPath(b, fix);
      break;
    case 'add-replace-directive':
      addReplaceDirective(b, fix);
      break;
    case 'upgrade-go':
      addGoLineFix(b);
      break;
    default:
      break;
  }
}

function addChangeVersions(b: Build, fix: FixId): void {
  const { current, version } = siteOf(b);
  for (const v of pickVersions(current, b.data.versions ?? [])) {
    const title = t('Change the version to {0}', v);
    add(b, fix, {
      title,
      command: requireChange(b, fix, title, [{ range: version, newText: v }], `${siteOf(b).value}@${v}`),
    });
  }
}

/**
 * "module contains a go.mod file, so module path must match major version ("M/v2")": v2+ of a module that opted
 * into modules is required at its /vN path, without +incompatible. True when it applies.
 */
function addMajorVersionPath(b: Build, fix: FixId): boolean {
  const f = b.f;
  const major = /module path must match major version \("([^"\s]+)"\)/.exec(f.evidence.join('\n'));
  if (!major || f.category !== 'invalid-version' || major[1] === f.module) return false;
  const { path, version, current } = siteOf(b);
  const v = current.replace(/\+incompatible$/, '');
  const title = t("Require {0} {1} (the module's major-version path)", major[1], v);
  const edits = [
    { range: path, newText: major[1] },
    { range: version, newText: v },
  ];
  add(b, 'check-module-path', { title, command: requireChange(b, fix, title, edits, `${major[1]}@${v}`) });
  return true;
}

function addDeclaredPath(b: Build, fix: FixId): void {
  const { declared } = declaredPath(b.f.evidence);
  if (!declared || b.f.category !== 'path-mismatch') return;
  const title = t('Require {0} instead (the path the module declares)', declared);
  const edits = [{ range: siteOf(b).path, newText: declared }];
  const target = `${declared}@${siteOf(b).current}`;
  add(b, 'check-module-path', { title, command: requireChange(b, fix, title, edits, target) });
}

/** Keep the code that imports the declared path working with the copy at the required path (a fork). */
function addReplaceDirective(b: Build, fix: FixId): void {
  const f = b.f;
  const { declared, required } = declaredPath(f.evidence);
  const version = f.version ?? '';
  const text = readText(b);
  if (!declared || !required || !version || f.category !== 'path-mismatch' || text === undefined) return;
  const lines = text.split('\n');
  const last = lines.length - 1;
  const end = { line: last, character: lines[last].length };
  const sep = lines[last] === '' ? '' : '\n';
  const title = t('Require {0} and replace it with {1} {2}', declared, required, version);
  const edits = [
    { range: siteOf(b).path, newText: declared },
    { range: { start: end, end }, newText: `${sep}\nreplace ${declared} => ${required} ${version}\n` },
  ];
  add(b, 'add-replace-directive', {
    title,
    command: requireChange(b, fix, title, edits, `${declared}@${version}`),
  });
}

/** The go line asks for a newer Go than the one installed: the line the installed go can satisfy. */
function addGoLineFix(b: Build): void {
  const want = goLineFor(b.info.goVersion ?? '');
  const text = readText(b);
  if (!want || text === undefined || !b.uri.endsWith('go.mod')) return;
  const line = parseGoMod(text).go;
  if (!line || line.range.start.line !== b.diagnostic.range.start.line) return;
  if (compareGoVersions(line.value, want) <= 0) return;
  add(b, 'upgrade-go', {
    title: t('Change the go line to {0} (the installed go)', want),
    edit: { changes: { [b.uri]: [{ range: line.range, newText: want }] } },
  });
}

/** The require's version; without exact ranges, the end of a diagnostic on `path version`. */
function versionRange(d: Diagnostic): Diagnostic['range'] {
  const data = d.data as DiagnosticData;
  if (data.versionRange) return data.versionRange;
  const v = data.finding.version ?? '';
  const end = d.range.end;
  return { start: { line: end.line, character: Math.max(0, end.character - v.length) }, end };
}

function pathRange(d: Diagnostic): Diagnostic['range'] {
  const data = d.data as DiagnosticData;
  if (data.pathRange) return data.pathRange;
  const p = data.finding.requirePath ?? data.finding.module ?? '';
  const start = d.range.start;
  return { start, end: { line: start.line, character: start.character + p.length } };
}
