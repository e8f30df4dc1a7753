/**
 * Hover on a failing require: the full explanation, the stage, the evidence (already redacted by the
 * classifier, redacted again here), the effective settings that matter, and the fixes.
 */
import type { Hover, Position } from 'vscode-languageserver/node';
import type { Diagnostic } from 'vscode-languageserver/node';
import { readFileSync } from 'node:fs';
import { parseGoMod, parseGoWork } from '../core/gomod/parse.ts';
import { t } from '../core/l10n.ts';
import type { VendorMode } from '../core/workspace/vendor.ts';
import { redact } from '../core/redact.ts';
import { docsUrl } from './docs.ts';
import { isDiagnosticData } from './diagnostics.ts';

/** Settings shown in a hover, in this order. */
export const HOVER_SETTINGS = [
  'GOPROXY',
  'GOPRIVATE',
  'GONOPROXY',
  'GONOSUMDB',
  'GOSUMDB',
  'GOFLAGS',
  'GOTOOLCHAIN',
  'GOINSECURE',
  'HTTPS_PROXY',
  'HTTP_PROXY',
  'NO_PROXY',
] as const;

function contains(range: Diagnostic['range'], p: Position): boolean {
  const afterStart =
    p.line > range.start.line || (p.line === range.start.line && p.character >= range.start.character);
  const beforeEnd =
    p.line < range.end.line || (p.line === range.end.line && p.character <= range.end.character);
  return afterStart && beforeEnd;
}

function fence(lines: string[]): string {
  const body = lines.map((l) => redact(l)).join('\n');
  const ticks = body.includes('```') ? '````' : '```';
  return `${ticks}text\n${body}\n${ticks}`;
}

export function hoverFor(
  diagnostics: Diagnostic[],
  position: Position,
  settings: Record<string, string> | undefined,
  fixTitles: (d: Diagnostic) => string[],
  /** The route go takes for a module, as Markdown (src/core/route), when the environment is known. */
  routeOf?: (module: string, version?: string) => string | undefined,
): Hover | undefined {
  const here = diagnostics.filter((d) => contains(d.range, position) && isDiagnosticData(d.data));
  if (here.length === 0) return undefined;
  const parts: string[] = [];
  for (const d of here) {
    if (!isDiagnosticData(d.data)) continue;
    const f = d.data.finding;
    const what = f.module ? `${f.module}${f.version ? '@' + f.version : ''}` : '';
    parts.push(`**${t('Go Module Doctor')}: ${f.category}**${what ? ` — \`${what}\`` : ''}`);
    parts.push(f.summary);
    const facts: string[] = [];
    if (f.stage) facts.push(`${t('Stage')}: \`${f.stage}\``);
    if (f.host) facts.push(`${t('Host')}: \`${f.host}\``);
    if (f.chain && f.chain.length > 1)
      facts.push(`${t('Required through')}: ${f.chain.map((c) => `\`${c}\``).join(' → ')}`);
    if (facts.length > 0) parts.push(facts.join(' · '));
    if (f.evidence.length > 0) parts.push(`${t('What go said')}:\n\n${fence(f.evidence)}`);
    const route = f.module ? routeOf?.(f.module, f.version) : undefined;
    if (route) parts.push(route);
    const fixes = fixTitles(d);
    if (fixes.length > 0)
      parts.push(`${t('Fixes (Quick Fix, Ctrl+.)')}:\n\n${fixes.map((x) => `- ${x}`).join('\n')}`);
    parts.push(`[${t('Learn more about this cause')}](${docsUrl(f.category)})`);
  }
  if (settings) {
    const rows = HOVER_SETTINGS.filter((k) => (settings[k] ?? '') !== '').map(
      (k) => `| ${k} | \`${redact(settings[k]).replace(/\|/g, '\\|')}\` |`,
    );
    if (rows.length > 0) {
      parts.push(`${t('Effective settings')}:\n\n| | |\n|---|---|\n${rows.join('\n')}`);
    }
  }
  return { contents: { kind: 'markdown', value: parts.join('\n\n') } };
}

/** Why go builds from vendor/, for the ones that do. */
const VENDOR_REASONS: Partial<Record<VendorMode['reason'], string>> = {
  'goflags-vendor': 'GOFLAGS has -mod=vendor.',
  'go-line': 'go.mod has a vendor folder and a go line of 1.14 or later.',
  'workspace-vendor': 'go.work has a vendor folder made for the workspace.',
};

/**
 * Hover on the module, use or require lines of a root that builds from vendor/: says so, since no download is
 * checked there (and no diagnostic would otherwise explain the silence).
 */
export function vendorHover(
  path: string,
  position: Position,
  vendor: VendorMode | undefined,
): Hover | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const ranges: Diagnostic['range'][] = [];
  if (path.endsWith('go.work')) ranges.push(...parseGoWork(text).use.map((u) => u.range));
  else {
    const mod = parseGoMod(text);
    if (mod.module) ranges.push(mod.module.range);
    ranges.push(...mod.require.map((r) => r.range));
  }
  if (!ranges.some((r) => position.line >= r.start.line && position.line <= r.end.line)) return undefined;
  const reason = VENDOR_REASONS[vendor?.reason ?? 'no-vendor-dir'];
  const parts = [
    `**${t('Go Module Doctor')}**: ${t('builds from vendor/: go uses the vendored copies, so nothing is downloaded.')}`,
    ...(reason ? [t(reason)] : []),
  ];
  return { contents: { kind: 'markdown', value: parts.join('\n\n') } };
}
