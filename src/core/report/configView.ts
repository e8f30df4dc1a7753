/**
 * The report's configuration sections (settings findings, routes of failing modules, editor against terminal)
 * as plain translated, redacted text blocks for the editor's report webview, which draws them with textContent
 * only. The texts come from the same helpers as the Markdown and the CLI, so the webview re-derives nothing.
 */
import type { LintFinding } from '../lint/types.ts';
import { t } from '../l10n.ts';
import { redact } from '../redact.ts';
import { routeMarkdownLines, sourceLabel } from '../route/render.ts';
import type { Report } from './model.ts';
import { terminalLines } from './renderConfig.ts';

export interface ConfigLine {
  text: string;
  /** A short word drawn as a badge before the text (the finding's severity). */
  badge?: string;
  /** Drives the colour of the badge. */
  tone?: LintFinding['severity'];
}

export interface ConfigBlock {
  /** A sub-heading (a route's module@version). */
  title?: string;
  lines: ConfigLine[];
}

export interface ConfigSection {
  id: 'settings' | 'routes' | 'terminal';
  title: string;
  blocks: ConfigBlock[];
}

const SEVERITY_WORD: Record<LintFinding['severity'], () => string> = {
  error: () => t('error'),
  warning: () => t('warning'),
  info: () => t('info'),
};

function findingLine(f: LintFinding): ConfigLine {
  const where = f.source ? ` (${sourceLabel(f.source)})` : f.origin ? ` (${f.origin})` : '';
  return {
    badge: SEVERITY_WORD[f.severity](),
    tone: f.severity,
    text: `${f.variable}${where} [${f.rule}]: ${f.message}`,
  };
}

/** A Markdown line of the route as plain text: no list marker, no code spans. */
const plain = (line: string): string => line.replace(/^- /, '').replace(/`/g, '');

/** The sections the report has, in the order of the Markdown report; every text redacted. */
export function configViewSections(r: Report): ConfigSection[] {
  const out: ConfigSection[] = [];
  if (r.settings && r.settings.length > 0)
    out.push({ id: 'settings', title: t('Settings'), blocks: [{ lines: r.settings.map(findingLine) }] });
  if (r.routes && r.routes.length > 0)
    out.push({
      id: 'routes',
      title: t('Route'),
      blocks: r.routes.map((route) => ({
        title: `${route.module}${route.version ? '@' + route.version : ''}`,
        // The first Markdown line is the route's own heading, drawn as the block's title.
        lines: routeMarkdownLines(route)
          .slice(1)
          .map((l) => ({ text: plain(l) })),
      })),
    });
  const term = terminalLines(r);
  if (term.length > 0)
    out.push({
      id: 'terminal',
      title: t('Editor and terminal'),
      blocks: [{ lines: term.map((text) => ({ text })) }],
    });
  return out.map((s) => ({
    ...s,
    title: redact(s.title),
    blocks: s.blocks.map((b) => ({
      ...(b.title !== undefined ? { title: redact(b.title) } : {}),
      lines: b.lines.map((l) => ({ ...l, text: redact(l.text) })),
    })),
  }));
}
