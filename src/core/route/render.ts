/**
 * The route in words: Markdown for the hover and the report, plain text for the CLI. Every string was redacted
 * when the route was computed; it is redacted again here (a renderer must never be where a secret leaks).
 */
import { t } from '../l10n.ts';
import { redact } from '../redact.ts';
import type { RouteSource } from './goenv.ts';
import type { HostRoute, ModuleRoute, OnError, RouteStep } from './route.ts';

/** Where a value came from, in words. */
export function sourceLabel(s: RouteSource): string {
  switch (s) {
    case 'process':
      return t('process environment');
    case 'goenv-file':
      return t('go env file (go env -w)');
    case 'settings':
      return t('gomodDoctor.env setting');
    case 'vscode-go':
      return t('go.toolsEnvVars setting (vscode-go)');
    case 'http.proxy':
      return t('http.proxy setting');
    case 'doctor':
      return t('set by Go Module Doctor');
    case 'goroot-go.env':
      return t('$GOROOT/go.env');
    case 'go-default':
      return t("go's default");
    case 'unset':
      return t('not set');
  }
}

function onErrorWord(o: OnError): string {
  return o === 'next-on-any-error' ? '|' : o === 'next-on-not-found' ? ',' : '';
}

function stepLine(s: RouteStep, n: number): string {
  const what = s.kind === 'proxy' ? (s.url ?? s.entry) : s.entry;
  const sep = onErrorWord(s.onError);
  return `${n}. ${what}${sep ? ` \`${sep}\`` : ''} — ${s.note}`;
}

function hostLine(h: HostRoute): string {
  const role =
    h.role === 'proxy'
      ? t('proxy')
      : h.role === 'checksum-db'
        ? t('checksum database')
        : h.role === 'origin'
          ? t('origin (go-import page)')
          : t('git');
  const creds = h.credentials.map((c) => c.detail).join('; ');
  const rewrite = h.insteadOf
    ? ` (${t('git rewrites {0} to {1} by insteadOf in {2}', h.insteadOf.before, h.url, h.insteadOf.origin)})`
    : '';
  return `${role} \`${h.host}\`${rewrite}: ${creds}`;
}

/** The route as lines of Markdown (no heading), for the hover and the report. */
export function routeMarkdownLines(r: ModuleRoute): string[] {
  const out: string[] = [];
  out.push(`**${t('Route')}** \`${r.module}${r.version ? '@' + r.version : ''}\``);
  if (r.configError) out.push(`- ⚠ ${t('go rejects GOPROXY: {0}', r.configError)}`);
  r.steps.forEach((s, i) => out.push(stepLine(s, i + 1)));
  for (const m of r.matches)
    out.push(
      `- ${t('{0} pattern {1} matches (in {2}, from the {3})', m.variable, `\`${m.pattern}\``, m.from, sourceLabel(m.source))}`,
    );
  const db = r.checksumDb;
  out.push(
    `- ${t('Checksum database')}: ${db.used ? `\`${db.name ?? ''}\` — ` : ''}${db.reason} (${sourceLabel(db.source)})`,
  );
  for (const h of r.hosts) out.push(`- ${hostLine(h)}`);
  return out.map((l) => redact(l));
}

export function routeMarkdown(r: ModuleRoute): string {
  return routeMarkdownLines(r).join('\n');
}

/** The route as plain text for the terminal. */
export function routeText(r: ModuleRoute): string {
  const out: string[] = [];
  out.push(
    `${t('Route')}: ${r.module}${r.version ? '@' + r.version : ''}${r.goVersion ? `  (go ${r.goVersion})` : ''}`,
  );
  out.push('', t('Settings'));
  for (const s of r.settings) out.push(`  ${s.name}=${s.value}  (${sourceLabel(s.source)})`);
  out.push('', t('Steps'));
  if (r.configError) out.push(`  ! ${t('go rejects GOPROXY: {0}', r.configError)}`);
  r.steps.forEach((s, i) => out.push(`  ${stepLine(s, i + 1).replace(/`/g, '')}`));
  if (r.matches.length > 0) out.push('', t('Private-path patterns'));
  for (const m of r.matches)
    out.push(
      `  ${t('{0} pattern {1} matches (in {2}, from the {3})', m.variable, m.pattern, m.from, sourceLabel(m.source))}`,
    );
  const db = r.checksumDb;
  out.push(
    '',
    `${t('Checksum database')}: ${db.used ? `${db.name ?? ''} (${db.url ?? ''}) — ` : ''}${db.reason}`,
  );
  out.push('', t('Hosts and credentials'));
  for (const h of r.hosts) out.push(`  ${hostLine(h).replace(/`/g, '')}`);
  return out.map((l) => redact(l)).join('\n') + '\n';
}
