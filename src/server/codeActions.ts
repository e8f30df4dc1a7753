/**
 * Quick fixes built from a diagnostic's data. Edits to go.mod are returned as workspace edits; changes to the
 * environment, .netrc and the module cache go through a command, so VS Code can ask where a fix applies and for
 * credentials first. The safest fix is preferred; dangerous ones are never preferred and always confirmed.
 */
import { CodeActionKind, type CodeAction, type Command, type Diagnostic } from 'vscode-languageserver/node';
import type { FixId } from '../core/classify/types.ts';
import { privatePatternFor } from '../core/fix/patternList.ts';
import { t } from '../core/l10n.ts';
import { ClientCommands, ServerCommands, type ApplyFixParams } from '../shared/protocol.ts';
import { isDiagnosticData, type DiagnosticData } from './diagnostics.ts';

/** Fixes that weaken security: offered last, never preferred, confirmed by the user. */
export const DANGEROUS_FIXES: ReadonlySet<FixId> = new Set<FixId>(['set-goinsecure', 'set-gosumdb']);

/** Order of preference among the fixes a finding suggests (lower first). */
const PREFERENCE: FixId[] = [
  'change-version',
  'check-module-path',
  'add-replace-directive',
  'set-goprivate',
  'netrc-credentials',
  'git-credentials',
  'set-gonosumdb',
  'set-goproxy',
  'gotoolchain-local',
  'clear-cache-entry',
  'fix-cache-permissions',
];

export interface CodeActionContextInfo {
  /** True when the client is our VS Code extension, which can ask for scope and inputs. */
  richClient: boolean;
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
  const add = (fix: FixId, action: CodeAction): void => {
    actions.push({ action: { ...action, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic] }, fix });
  };

  for (const fix of f.fixes) {
    switch (fix) {
      case 'change-version': {
        const current = f.version ?? '';
        for (const v of pickVersions(current, data.versions ?? [])) {
          add(fix, {
            title: t('Change the version to {0}', v),
            edit: { changes: { [uri]: [{ range: versionRange(diagnostic), newText: v }] } },
          });
        }
        break;
      }
      case 'check-module-path':
      case 'add-replace-directive': {
        const { declared } = declaredPath(f.evidence);
        if (
          declared &&
          f.category === 'path-mismatch' &&
          !actions.some((a) => a.fix === 'check-module-path')
        ) {
          add('check-module-path', {
            title: t('Require {0} instead (the path the module declares)', declared),
            edit: { changes: { [uri]: [{ range: pathRange(diagnostic), newText: declared }] } },
          });
        }
        break;
      }
      case 'set-goprivate':
      case 'set-gonosumdb': {
        if (!f.module) break;
        const pattern = privatePatternFor(f.module);
        const title =
          fix === 'set-goprivate'
            ? t('Add {0} to GOPRIVATE (no public proxy, no checksum database)', pattern)
            : t('Add {0} to GONOSUMDB (keep the proxy, skip the checksum database)', pattern);
        add(fix, { title, command: fixCommand(fix, title, { inputs: { pattern } }) });
        break;
      }
      case 'netrc-credentials':
      case 'git-credentials': {
        if (!f.host) break;
        const title = t('Enter credentials for {0} (.netrc)…', f.host);
        if (info.richClient) add(fix, { title, command: fixCommand(fix, title) });
        break;
      }
      case 'set-goproxy': {
        const title = t('Set GOPROXY to a reachable proxy…');
        if (info.richClient) add(fix, { title, command: fixCommand(fix, title) });
        break;
      }
      case 'gotoolchain-local': {
        const title = t('Set GOTOOLCHAIN=local (use the installed go)');
        add(fix, { title, command: fixCommand(fix, title) });
        break;
      }
      case 'clear-cache-entry': {
        if (!f.module || !f.version) break;
        const title = t('Remove the cached copy of {0}@{1} and download it again', f.module, f.version);
        add(fix, { title, command: fixCommand(fix, title, { inputs: { version: f.version } }) });
        break;
      }
      case 'fix-cache-permissions': {
        const title = t('Add -modcacherw to GOFLAGS (writable module cache)');
        add(fix, { title, command: fixCommand(fix, title) });
        break;
      }
      case 'set-goinsecure': {
        const target = f.host ?? (f.module ? privatePatternFor(f.module) : undefined);
        if (!target || !info.richClient) break;
        const title = t('⚠ Add {0} to GOINSECURE (turns off TLS verification for it)…', target);
        add(fix, { title, command: fixCommand(fix, title, { inputs: { pattern: target } }) });
        break;
      }
      default:
        break;
    }
  }

  const rank = (fix: FixId): number => {
    if (DANGEROUS_FIXES.has(fix)) return 1000;
    const i = PREFERENCE.indexOf(fix);
    return i < 0 ? 500 : i;
  };
  actions.sort((a, b) => rank(a.fix) - rank(b.fix));
  const first = actions[0];
  if (first && !DANGEROUS_FIXES.has(first.fix)) first.action.isPreferred = true;
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
