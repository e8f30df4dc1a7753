/**
 * The report's configuration sections (settings findings, routes of failing modules, editor against terminal)
 * as Markdown and as text. Everything is redacted again here.
 */
import { t } from '../l10n.ts';
import { redact } from '../redact.ts';
import { routeMarkdownLines, routeText, sourceLabel } from '../route/render.ts';
import type { Report } from './model.ts';

/** The editor-against-terminal lines (translated); empty when the report has no comparison. */
export function terminalLines(r: Report): string[] {
  const c = r.terminal;
  if (!c) return [];
  if (!c.ok) return [t('The login shell ({0}) could not be compared: {1}', c.shell, c.error ?? '?')];
  const out: string[] = [];
  if (c.goTerminal && c.goEditor && c.goTerminal !== c.goEditor)
    out.push(t('go in the editor: {0}; in the terminal: {1}', c.goEditor, c.goTerminal));
  if (c.differences.length === 0)
    out.push(t('The terminal gives go the same download settings as the editor.'));
  for (const d of c.differences)
    out.push(
      t(
        '{0}: editor "{1}" ({2}), terminal "{3}"',
        d.name,
        d.editor,
        d.editorSource === 'go-default' || d.editorSource === 'unset'
          ? t('not set')
          : sourceLabel(d.editorSource),
        d.terminal,
      ),
    );
  return out;
}

export function renderConfigMarkdown(r: Report): string[] {
  const out: string[] = [];
  if (r.settings && r.settings.length > 0) {
    out.push(`## ${t('Settings')}`, '');
    for (const f of r.settings) out.push(`- **${f.severity}** \`${f.variable}\` (${f.rule}): ${f.message}`);
    out.push('');
  }
  if (r.routes && r.routes.length > 0) {
    out.push(`## ${t('Route')}`, '');
    for (const route of r.routes) out.push(...routeMarkdownLines(route), '');
  }
  const term = terminalLines(r);
  if (term.length > 0) out.push(`## ${t('Editor and terminal')}`, '', ...term.map((l) => `- ${l}`), '');
  return out.map((l) => redact(l));
}

export function renderConfigText(r: Report): string[] {
  const out: string[] = [];
  if (r.settings && r.settings.length > 0) {
    out.push('', t('Settings'));
    for (const f of r.settings) out.push(`  ${f.severity}: [${f.rule}] ${f.message}`);
  }
  for (const route of r.routes ?? []) out.push('', ...routeText(route).trimEnd().split('\n'));
  const term = terminalLines(r);
  if (term.length > 0) out.push('', t('Editor and terminal'), ...term.map((l) => `  ${l}`));
  return out.map((l) => redact(l));
}
