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

export function codeActionsFor(
  uri: string,
  diagnostic: Diagnostic,
  info: CodeActionContextInfo,
): CodeAction[] {
  if (!isDiagnosticData(diagnostic.data)) return [];
  const data: DiagnosticData = diagnostic.data;
  const f = data.finding;
  const actions: { action: CodeAction; fix: FixId }[] = [];
  const fixCommand = (fix: FixId, title: string, extra: Partial<ApplyFixParams> = {}): Command => {
    const params: Omit<ApplyFixParams, 'scope'> & { scope?: ApplyFixParams['scope'] } = {
      fix,
      uri,
      category: f.category,
      ...(f.module ? { module: f.module } : {}),
      ...(f.host ? { host: f.host } : {}),
      ...extra,
    };
    return info.richClient
      ? { title, command: ClientCommands.fix, arguments: [params] }
      : { title, command: ServerCommands.applyFix, arguments: [{ ...params, scope: 'user' }] };
  };
  // A require change runs go on the user's action (go get), so go.sum follows go.mod (src/server/modSumFix.ts).
  const requireChange = (fix: FixId, title: string, edits: TextEdit[], target: string): Command =>
    fixCommand(fix, title, { inputs: { edits: JSON.stringify(edits), target } });
  const add = (fix: FixId, action: CodeAction): void => {
    actions.push({ action: { ...action, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic] }, fix });
  };
  const readText = (): string | undefined => {
    const path = URI.parse(uri).fsPath;
    if (info.readText) return info.readText(path);
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  };

  // Where the module path and version to edit are: the replace directive's target when the diagnostic is on one
  // (the data's ranges are the require's), else the require.
  type Site = { path: Diagnostic['range']; version: Diagnostic['range']; current: string; value: string };
  let site: Site | undefined;
  const siteRanges = (): Site => {
    if (site) return site;
    const text = uri.endsWith('go.mod') ? readText() : undefined;
    const key = JSON.stringify(diagnostic.range);
    const rep =
      text === undefined
        ? undefined
        : parseGoMod(text).replace.find(
            (r) =>
              r.new.version !== undefined &&
              JSON.stringify({ start: r.new.path.range.start, end: r.new.version.range.end }) === key,
          );
    site = rep?.new.version
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
    return site;
  };

  // A require version without its leading "v" (1.2.3): go.mod does not parse; the canonical form is one letter away.
  const missingV = /version "(\d+\.\d+\.\d+[^"]*)" invalid: must be of the form v1\.2\.3/.exec(
    [f.summary, ...f.evidence].join('\n'),
  );
  if (f.category === 'syntax' && missingV) {
    const v = `v${missingV[1]}`;
    add('change-version', {
      title: t('Change the version to {0}', v),
      edit: { changes: { [uri]: [{ range: diagnostic.range, newText: v }] } },
    });
  }

  for (const fix of fixesFor(f)) {
    if (FIX_SPECS[fix].writes !== 'go.mod') {
      // Command fixes: the table says what each offers for this finding.
      for (const o of FIX_SPECS[fix].offers?.(f, info) ?? []) {
        const extra = Object.keys(o.inputs).length > 0 ? { inputs: o.inputs } : {};
        add(fix, { title: o.title, command: fixCommand(fix, o.title, extra) });
      }
      continue;
    }
    switch (fix) {
      case 'change-version': {
        const { current, version } = siteRanges();
        for (const v of pickVersions(current, data.versions ?? [])) {
          add(fix, {
            title: t('Change the version to {0}', v),
            command: requireChange(
              fix,
              t('Change the version to {0}', v),
              [{ range: version, newText: v }],
              `${siteRanges().value}@${v}`,
            ),
          });
        }
        break;
      }
      case 'check-module-path': {
        // "module contains a go.mod file, so module path must match major version ("M/v2")": v2+ of a module
        // that opted into modules is required at its /vN path, without +incompatible.
        const major = /module path must match major version \("([^"\s]+)"\)/.exec(f.evidence.join('\n'));
        if (major && f.category === 'invalid-version' && major[1] !== f.module) {
          const { path, version, current } = siteRanges();
          const v = current.replace(/\+incompatible$/, '');
          add('check-module-path', {
            title: t("Require {0} {1} (the module's major-version path)", major[1], v),
            command: requireChange(
              fix,
              t("Require {0} {1} (the module's major-version path)", major[1], v),
              [
                { range: path, newText: major[1] },
                { range: version, newText: v },
              ],
              `${major[1]}@${v}`,
            ),
          });
          break;
        }
        const { declared } = declaredPath(f.evidence);
        if (declared && f.category === 'path-mismatch') {
          add('check-module-path', {
            title: t('Require {0} instead (the path the module declares)', declared),
            command: requireChange(
              fix,
              t('Require {0} instead (the path the module declares)', declared),
              [{ range: siteRanges().path, newText: declared }],
              `${declared}@${siteRanges().current}`,
            ),
          });
        }
        break;
      }
      case 'add-replace-directive': {
        // Keep the code that imports the declared path working with the copy at the required path (a fork).
        const { declared, required } = declaredPath(f.evidence);
        const version = f.version ?? '';
        const text = readText();
        if (!declared || !required || !version || f.category !== 'path-mismatch' || text === undefined) break;
        const lines = text.split('\n');
        const last = lines.length - 1;
        const end = { line: last, character: lines[last].length };
        const sep = lines[last] === '' ? '' : '\n';
        add('add-replace-directive', {
          title: t('Require {0} and replace it with {1} {2}', declared, required, version),
          command: requireChange(
            fix,
            t('Require {0} and replace it with {1} {2}', declared, required, version),
            [
              { range: siteRanges().path, newText: declared },
              {
                range: { start: end, end },
                newText: `${sep}\nreplace ${declared} => ${required} ${version}\n`,
              },
            ],
            `${declared}@${version}`,
          ),
        });
        break;
      }
      case 'upgrade-go': {
        // The go line asks for a newer Go than the one installed: the line the installed go can satisfy.
        const want = goLineFor(info.goVersion ?? '');
        const text = readText();
        if (!want || text === undefined || !uri.endsWith('go.mod')) break;
        const mod = parseGoMod(text);
        const line = mod.go;
        const r = diagnostic.range;
        if (!line || line.range.start.line !== r.start.line) break;
        if (compareGoVersions(line.value, want) <= 0) break;
        add('upgrade-go', {
          title: t('Change the go line to {0} (the installed go)', want),
          edit: { changes: { [uri]: [{ range: line.range, newText: want }] } },
        });
        break;
      }
      default:
        break;
    }
  }

  actions.sort((a, b) => fixRank(a.fix, f.category) - fixRank(b.fix, f.category));
  const best = actions[0];
  if (best && !FIX_SPECS[best.fix].danger) best.action.isPreferred = true;
  return actions.map((a) => a.action);
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
