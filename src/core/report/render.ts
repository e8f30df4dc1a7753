/**
 * The report as Markdown ("Copy as Markdown", for bug reports), JSON ("Save as JSON", `diagnose --json`) and
 * text (`gomod-doctor diagnose --probe`). The report is already redacted; the renderers redact once more
 * anyway (cheap, and a renderer must never be the place a secret leaks).
 */
import { t } from '../l10n.ts';
import { redact } from '../redact.ts';
import type { ProbeResult, Report, StageResult, StageStatus } from './model.ts';
import { renderConfigMarkdown, renderConfigText } from './renderConfig.ts';

const STATUS_WORD: Record<StageStatus, () => string> = {
  pending: () => t('pending'),
  ok: () => t('ok'),
  warning: () => t('warning'),
  failed: () => t('FAILED'),
  timeout: () => t('HUNG'),
  skipped: () => t('skipped'),
};

const STATUS_MARK: Record<StageStatus, string> = {
  pending: '…',
  ok: '✓',
  warning: '!',
  failed: '✗',
  timeout: '⏱',
  skipped: '-',
};

export function stageName(id: StageResult['id']): string {
  switch (id) {
    case 'dns':
      return 'DNS';
    case 'tcp':
      return 'TCP';
    case 'proxy':
      return t('Proxy');
    case 'tls':
      return 'TLS';
    case 'http':
      return 'HTTP';
    case 'auth':
      return t('Auth');
    case 'git':
      return 'git';
  }
}

const ms = (n: number | undefined): string =>
  n === undefined ? '' : n < 1000 ? `${n} ms` : `${(n / 1000).toFixed(1)} s`;

/** "DNS ✓ → TCP ✓ → TLS ✗ → HTTP - → Auth -" */
export function stagePicture(p: ProbeResult): string {
  return p.stages.map((s) => `${stageName(s.id)} ${STATUS_MARK[s.status]}`).join(' → ');
}

function mdEscape(s: string): string {
  return redact(s)
    .replace(/([\\`*_[\]|<>])/g, '\\$1')
    .replace(/\n/g, ' ');
}

function code(s: string): string {
  const v = redact(s).replace(/\n/g, ' ');
  const fence = v.includes('`') ? '``' : '`';
  return `${fence}${v}${fence}`;
}

/** A code span inside a table cell: a pipe would end the cell even there (GOPROXY's "a|b"), so it is escaped. */
function cellCode(s: string): string {
  return code(s).replace(/\|/g, '\\|');
}

function markdownConclusion(r: Report): string[] {
  const out = [`## ${t('Conclusion')}`, ''];
  if (r.conclusion.length === 0)
    out.push(t('No problem found: every probe passed and every module can be downloaded.'), '');
  for (const c of r.conclusion) {
    out.push(`${c.rank}. **${mdEscape(c.title)}** (${c.category})`);
    if (c.detail) out.push(`   ${mdEscape(c.detail)}`);
    if (c.modules.length > 0)
      out.push(
        `   ${t('Explains')}: ${c.modules.slice(0, 10).map(code).join(', ')}${c.modules.length > 10 ? ' …' : ''}`,
      );
    if (c.fixes.length > 0) out.push(`   ${t('Fixes')}: ${c.fixes.map(code).join(', ')}`);
  }
  return out;
}

function markdownProbes(r: Report): string[] {
  const out = ['', `## ${t('Probes')}`, ''];
  for (const p of r.probes) {
    out.push(`### ${mdEscape(p.label)}: ${code(p.url)}${p.via ? ` ${t('via')} ${code(p.via)}` : ''}`, '');
    out.push(`${stagePicture(p)}`, '');
    out.push(`| ${t('Stage')} | ${t('Result')} | ${t('Time')} | ${t('Details')} |`, '|---|---|---|---|');
    for (const s of p.stages) {
      out.push(
        `| ${stageName(s.id)} | ${STATUS_WORD[s.status]()} | ${ms(s.ms)} | ${mdEscape(stageDetails(s))} |`,
      );
    }
    out.push('');
  }
  return out;
}

function markdownModules(r: Report): string[] {
  const out = [`## ${t('Modules')}`, ''];
  if (r.modulesNote) out.push(mdEscape(r.modulesNote), '');
  if (r.modules.length === 0) return out;
  out.push(
    `| ${t('Module')} | ${t('Version')} | ${t('Status')} | ${t('Category')} | ${t('Time')} | ${t('Fix')} |`,
    '|---|---|---|---|---|---|',
  );
  for (const m of r.modules) {
    out.push(
      `| ${cellCode(m.path)}${m.origin === 'transitive' ? ` (${t('transitive')})` : ''} | ${cellCode(m.version)} | ${m.status} | ${m.category ?? ''} | ${ms(m.ms)} | ${m.fixes.slice(0, 2).join(', ')} |`,
    );
  }
  out.push('');
  return out;
}

function markdownEnvironment(r: Report): string[] {
  const out = [`## ${t('Environment')}`, ''];
  out.push(`| ${t('Variable')} | ${t('Value')} | ${t('Source')} |`, '|---|---|---|');
  for (const v of [...r.env.vars, ...r.env.proxyVars])
    out.push(`| ${v.name} | ${v.value ? cellCode(v.value) : ''} | ${v.source} |`);
  out.push('');
  const n = r.env.netrc;
  out.push(
    `- .netrc: ${code(n.path)} ${n.exists ? `${t('exists')}${n.mode ? `, ${t('mode')} ${n.mode}` : ''}${n.tooOpen ? ` (${t('readable by others')})` : ''}; ${t('machines')}: ${n.machines.map((m) => code(m.machine)).join(', ') || t('none')}` : t('does not exist')}`,
  );
  if (r.env.goauth) out.push(`- GOAUTH: ${code(r.env.goauth.value)}`);
  const g = r.env.git;
  out.push(
    `- git: ${g.version ? code(g.version) : mdEscape(g.error ?? '?')}; ${t('credential helpers')}: ${g.credentialHelpers.map(code).join(', ') || t('none')}; insteadOf: ${g.insteadOf.map((i) => `${code(i.from)} → ${code(i.to)}`).join(', ') || t('none')}`,
  );
  out.push(`- ${t('Trusted roots for TLS probes')}: ${code(r.env.trustStore)}`, '');
  return out;
}

export function renderReportMarkdown(r: Report): string {
  const head = [
    `# ${t('Go Module Doctor: download diagnosis')}`,
    '',
    `${t('Root')}: ${code(r.root)} · ${t('Go')}: ${code(r.env.go.version ?? '?')} · ${t('Took')}: ${ms(r.durationMs)} · ${r.createdAt}` +
      (r.state !== 'done' ? ` · **${r.state}**` : ''),
    '',
  ];
  return [
    ...head,
    ...markdownConclusion(r),
    ...markdownProbes(r),
    ...markdownModules(r),
    ...markdownEnvironment(r),
    ...renderConfigMarkdown(r),
  ].join('\n');
}

/** A short line of a stage's facts. */
export function stageDetails(s: StageResult): string {
  const parts: string[] = [];
  if (s.summary) parts.push(s.summary);
  if (s.tls && s.status === 'ok' && s.tls.interception?.suspected)
    parts.push(t('issuer not a public root ({0})', s.tls.interception.reason));
  if (s.git && s.status !== 'ok' && s.git.output.length > 0)
    parts.push(s.git.output[s.git.output.length - 1]);
  return parts.join('; ');
}

export function renderReportJson(r: Report): string {
  return JSON.stringify(r, (_k, v: unknown) => (typeof v === 'string' ? redact(v) : v), 2) + '\n';
}

const ANSI = {
  red: '\x1b[31m',
  green: '\x1b[32m',
  yellow: '\x1b[33m',
  dim: '\x1b[2m',
  bold: '\x1b[1m',
  reset: '\x1b[0m',
};

/** Wraps text in a colour, or leaves it as it is when the output has none. */
type Paint = (code: keyof typeof ANSI, s: string) => string;

const statusColor = (s: StageStatus): keyof typeof ANSI =>
  s === 'ok' ? 'green' : s === 'failed' || s === 'timeout' ? 'red' : s === 'warning' ? 'yellow' : 'dim';

function textConclusion(r: Report, c: Paint): string[] {
  const out = [c('bold', t('Conclusion'))];
  if (r.conclusion.length === 0)
    out.push(
      `  ${c('green', t('No problem found: every probe passed and every module can be downloaded.'))}`,
    );
  for (const cause of r.conclusion) {
    out.push(`  ${cause.rank}. ${c('red', `[${cause.category}]`)} ${redact(cause.title)}`);
    if (cause.detail) out.push(`     ${redact(cause.detail)}`);
    if (cause.modules.length > 0)
      out.push(
        `     ${t('Explains')}: ${cause.modules.slice(0, 5).join(', ')}${cause.modules.length > 5 ? ' …' : ''}`,
      );
    if (cause.fixes.length > 0) out.push(`     ${t('Fixes')}: ${cause.fixes.join(', ')}`);
  }
  return out;
}

function textProbes(r: Report, c: Paint): string[] {
  const out = [c('bold', t('Probes'))];
  for (const p of r.probes) {
    out.push(`  ${p.label}: ${redact(p.url)}${p.via ? ` ${t('via')} ${redact(p.via)}` : ''}`);
    for (const s of p.stages) {
      const word = STATUS_WORD[s.status]();
      out.push(
        `    ${stageName(s.id).padEnd(6)} ${c(statusColor(s.status), word.padEnd(8))} ${ms(s.ms).padStart(8)}  ${redact(stageDetails(s))}`,
      );
    }
  }
  return out;
}

function textModules(r: Report, c: Paint): string[] {
  const out = [c('bold', t('Modules'))];
  if (r.modulesNote) out.push(`  ${redact(r.modulesNote)}`);
  for (const m of r.modules) {
    const st =
      m.status === 'failed'
        ? c('red', m.status)
        : m.status === 'unknown'
          ? c('yellow', m.status)
          : c('green', m.status);
    out.push(
      `  ${m.path}@${m.version}${m.origin === 'transitive' ? ` (${t('transitive')})` : ''}  ${st}${m.category ? ` [${m.category}]` : ''}${m.fixes.length > 0 && m.status === 'failed' ? `  ${t('fix')}: ${m.fixes[0]}` : ''}`,
    );
  }
  return out;
}

function textEnvironment(r: Report, c: Paint): string[] {
  const out = [c('bold', t('Environment'))];
  for (const v of [...r.env.vars, ...r.env.proxyVars]) {
    if (v.source === 'unset') continue;
    out.push(`  ${v.name}=${redact(v.value)}  ${c('dim', `(${v.source})`)}`);
  }
  const n = r.env.netrc;
  out.push(
    `  .netrc ${redact(n.path)}: ${n.exists ? `${n.mode ?? ''}${n.tooOpen ? ` ${t('readable by others')}` : ''} ${t('machines')}: ${n.machines.map((m) => m.machine).join(', ') || t('none')}` : t('does not exist')}`,
  );
  if (r.env.goauth) out.push(`  GOAUTH=${redact(r.env.goauth.value)}`);
  const g = r.env.git;
  out.push(
    `  git ${g.version ?? redact(g.error ?? '?')}; ${t('credential helpers')}: ${g.credentialHelpers.join(', ') || t('none')}`,
  );
  for (const i of g.insteadOf) out.push(`  insteadOf: ${redact(i.from)} → ${redact(i.to)}`);
  out.push(`  ${t('Trusted roots for TLS probes')}: ${redact(r.env.trustStore)}`);
  return out;
}

export function renderReportText(r: Report, opts: { color?: boolean } = {}): string {
  const c: Paint = (code, s) => (opts.color ? `${ANSI[code]}${s}${ANSI.reset}` : s);
  const head = [
    c('bold', t('Go Module Doctor: download diagnosis')),
    `${t('Root')}: ${redact(r.root)}   go ${r.env.go.version ?? '?'}   ${ms(r.durationMs)}${r.state !== 'done' ? `   (${r.state})` : ''}`,
    '',
  ];
  return (
    [
      ...head,
      ...textConclusion(r, c),
      '',
      ...textProbes(r, c),
      '',
      ...textModules(r, c),
      '',
      ...textEnvironment(r, c),
      ...renderConfigText(r),
    ].join('\n') + '\n'
  );
}
