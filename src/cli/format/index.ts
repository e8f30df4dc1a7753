/** Output formats and the option parsing that `explain` and `diagnose` share. */
import { CATEGORIES, isCategory, type Category } from '../../core/categories.ts';
import { SUPPORTED_LOCALES, type Locale } from '../../core/l10n.ts';
import { t } from '../../core/l10n.ts';
import { redactFinding } from '../../core/redact.ts';
import { UsageError } from '../exitCodes.ts';
import { renderGithub } from './github.ts';
import { renderJson } from './json.ts';
import type { Report } from './model.ts';
import { renderSarif } from './sarif.ts';
import { renderText, type TextOptions } from './text.ts';

export const FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type Format = (typeof FORMATS)[number];

declare const PACKAGE_VERSION: string | undefined;
export const TOOL_VERSION = typeof PACKAGE_VERSION === 'string' ? PACKAGE_VERSION : 'dev';

export function parseFormat(v: string): Format {
  if ((FORMATS as readonly string[]).includes(v)) return v as Format;
  throw new UsageError(t('--format must be one of {0} (got "{1}")', FORMATS.join(', '), v));
}

export function parseFailOn(v: string): Category[] {
  const out: Category[] = [];
  for (const raw of v.split(',')) {
    const c = raw.trim();
    if (c === '') continue;
    if (!isCategory(c))
      throw new UsageError(t('unknown category "{0}" in --fail-on (known: {1})', c, CATEGORIES.join(', ')));
    if (!out.includes(c)) out.push(c);
  }
  if (out.length === 0) throw new UsageError(t('--fail-on needs at least one category'));
  return out;
}

export function parseLang(v: string): Locale {
  const s = v.trim().toLowerCase();
  if ((SUPPORTED_LOCALES as readonly string[]).includes(s)) return s as Locale;
  throw new UsageError(t('--lang must be one of {0} (got "{1}")', SUPPORTED_LOCALES.join(', '), v));
}

/**
 * Splits "--name=value" and "--name value" options. `valued` lists the options that take a value; anything
 * else that starts with "-" is a flag. Positional arguments come back in order ("--" ends the options).
 */
export function splitArgs(
  argv: string[],
  valued: readonly string[],
  flags: readonly string[],
): { options: Map<string, string[]>; positional: string[] } {
  const options = new Map<string, string[]>();
  const positional: string[] = [];
  const add = (k: string, v: string): void => void options.set(k, [...(options.get(k) ?? []), v]);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(0, eq) : a;
    if (valued.includes(name)) {
      const v = eq > 0 ? a.slice(eq + 1) : argv[++i];
      if (v === undefined) throw new UsageError(t('{0} needs a value', name));
      add(name, v);
    } else if (flags.includes(name) && eq < 0) add(name, '');
    else throw new UsageError(t('unknown option {0}', a));
  }
  return { options, positional };
}

export function render(format: Format, report: Report, text: TextOptions): string {
  // The last stop before a terminal or a file: every finding's shown strings redacted and free of escapes.
  const r: Report = { ...report, findings: report.findings.map(redactFinding) };
  switch (format) {
    case 'json':
      return renderJson(r);
    case 'sarif':
      return renderSarif(r, TOOL_VERSION);
    case 'github':
      return renderGithub(r);
    case 'text':
      return renderText(r, text);
  }
}
