/** Text for people: findings grouped by cause, each with its places (file:line:column), fixes and evidence. */
import { docsUrl } from '../../core/docs.ts';
import { t } from '../../core/l10n.ts';
import { renderReportText } from '../../core/report/render.ts';
import type { Palette } from '../term.ts';
import { categoryName } from './categoryText.ts';
import { fixHowTo } from './fixHowTo.ts';
import { groupByCause, type Report } from './model.ts';

export interface TextOptions {
  palette: Palette;
  quiet: boolean;
  verbose: boolean;
  /** Colour for the probe report's own renderer. */
  color?: boolean;
}

type Group = ReturnType<typeof groupByCause>[number];

/** How to apply each fix of a finding: its label, then the line to add or the command to run. */
function fixLines(r: Report, f: Group['finding'], p: Palette): string[] {
  const lines = [`  ${t('fixes')}:`];
  for (const fix of fixHowTo(f, r.effective)) {
    lines.push(`    - ${p.green(fix.label)}`);
    if (fix.command && fix.where) lines.push(`      ${t('add to {0}:', fix.where)} ${p.bold(fix.command)}`);
    else if (fix.command) lines.push(`      $ ${p.bold(fix.command)}`);
  }
  return lines;
}

/** One cause: its category, module, summary, places, fixes, then (unless quiet) evidence and docs. */
function causeLines(r: Report, g: Group, head: string, o: TextOptions): string[] {
  const p = o.palette;
  const f = g.finding;
  const failing = !r.failOn || r.failOn.includes(f.category);
  const tag = failing ? p.red(f.category) : p.yellow(f.category);
  const lines = [`${head}${p.bold(tag)} ${p.dim(`(${categoryName(f.category)})`)}`];
  if (f.module) lines.push(`  ${p.bold(`${f.module}${f.version ? `@${f.version}` : ''}`)}`);
  lines.push(`  ${f.summary}`);
  for (const loc of g.locations) lines.push(`  ${p.cyan(`${loc.file}:${loc.line}:${loc.column}`)}`);
  if (f.chain && f.chain.length > 1) lines.push(`  ${t('required through')}: ${f.chain.join(' -> ')}`);
  if (f.host) lines.push(`  ${t('host')}: ${f.host}`);
  if (f.fixes.length > 0) lines.push(...fixLines(r, f, p));
  if (!o.quiet && f.evidence.length > 0) {
    lines.push(`  ${t('evidence')}:`);
    for (const e of f.evidence) lines.push(`    ${p.dim('|')} ${e}`);
  }
  if (!o.quiet) lines.push(`  ${p.dim(docsUrl(f.category))}`);
  lines.push('');
  return lines;
}

/** diagnose's closing lines: modules left unchecked, the counts, the verdict, the go.work in use. */
function diagnoseSummary(r: Report, causes: number, o: TextOptions): string[] {
  const p = o.palette;
  const lines: string[] = [];
  const n = (s: string): number => r.modules.filter((m) => m.status === s).length;
  const notChecked = n('not-checked');
  if (notChecked > 0) {
    lines.push(p.yellow(t('{0} modules were not checked: not in the module cache (--offline).', notChecked)));
    if (o.verbose)
      for (const m of r.modules.filter((x) => x.status === 'not-checked'))
        lines.push(`  ${m.path}@${m.version}`);
  }
  const parts = [
    t('{0} modules', r.modules.length),
    t('{0} in the module cache', n('cached')),
    t('{0} downloaded', n('ok')),
    t('{0} failed', n('failed')),
  ];
  if (n('unknown') > 0) parts.push(t('{0} not reached', n('unknown')));
  const secs = r.durationMs !== undefined ? ` (${(r.durationMs / 1000).toFixed(2)} s)` : '';
  const verdict =
    r.exitCode === 0
      ? p.green(
          r.findings.length === 0
            ? t('every module can be downloaded')
            : t('no failure counted by --fail-on'),
        )
      : p.red(t('causes of failure: {0}', causes));
  lines.push(`${verdict}: ${parts.join(', ')}${secs}`);
  if (r.goWork !== undefined) lines.push(p.dim(t('workspace mode: {0}', r.goWork)));
  return lines;
}

export function renderText(r: Report, o: TextOptions): string {
  const groups = groupByCause(r.findings);
  const lines = groups.flatMap((g, i) =>
    causeLines(r, g, groups.length > 1 ? `${i + 1}/${groups.length} ` : '', o),
  );
  if (r.command === 'diagnose' && !o.quiet) lines.push(...diagnoseSummary(r, groups.length, o));
  if (r.probe) lines.push('', renderReportText(r.probe, { color: o.color }).trimEnd());
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
