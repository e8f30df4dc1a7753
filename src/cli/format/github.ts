/**
 * GitHub Actions workflow commands: one `::error file=…,line=…,col=…,title=…::message` a cause and place.
 * Escaping follows the runner's rules: in the message %, CR and LF; in property values also ":" and ",".
 */
import { t } from '../../core/l10n.ts';
import { categoryName } from './categoryText.ts';
import type { Report } from './model.ts';

export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function workflowCommand(
  command: 'error' | 'warning' | 'notice',
  props: Record<string, string | number | undefined>,
  message: string,
): string {
  const p = Object.entries(props)
    .filter((e): e is [string, string | number] => e[1] !== undefined)
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(',');
  return `::${command}${p ? ` ${p}` : ''}::${escapeData(message)}`;
}

export function renderGithub(r: Report): string {
  const lines: string[] = [];
  for (const f of r.findings) {
    const loc = f.location;
    const failing = !r.failOn || r.failOn.includes(f.category);
    const what = f.module ? `${f.module}${f.version ? `@${f.version}` : ''}: ` : '';
    const body = [
      `${what}${f.summary}`,
      ...(f.fixes.length > 0 ? [`${t('fixes')}: ${f.fixes.join(', ')}`] : []),
      ...(f.evidence.length > 0 ? ['', ...f.evidence] : []),
    ].join('\n');
    lines.push(
      workflowCommand(
        failing ? 'error' : 'warning',
        {
          file: loc?.file,
          line: loc?.line,
          col: loc?.column,
          endLine: loc?.endLine,
          endColumn: loc && loc.endLine === loc.line ? loc.endColumn : undefined,
          title: `gomod-doctor ${f.category}: ${categoryName(f.category)}`,
        },
        body,
      ),
    );
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
