/**
 * Translation for the engine, the language server and the CLI (the VS Code client uses vscode.l10n with the
 * same bundles). Messages are written in English in the code and looked up by their English text in
 * l10n/bundle.l10n.<locale>.json; a missing translation falls back to English.
 */
import * as l10n from '@vscode/l10n';
import zhCn from '../../l10n/bundle.l10n.zh-cn.json' with { type: 'json' };

export const SUPPORTED_LOCALES = ['en', 'zh-cn'] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];

const bundles: Record<Exclude<Locale, 'en'>, Record<string, string>> = { 'zh-cn': zhCn };

let current: Locale = 'en';

/** Maps an editor locale ("zh-cn", "zh-Hans") or a POSIX one ("zh_CN.UTF-8") to a supported locale. */
export function normalizeLocale(raw: string | undefined): Locale {
  const s = (raw ?? '').trim().toLowerCase().replace(/_/g, '-').replace(/\..*$/, '');
  if (s === 'zh' || s.startsWith('zh-cn') || s.startsWith('zh-hans') || s.startsWith('zh-sg')) return 'zh-cn';
  return 'en';
}

/** The locale a command-line user asked for: LC_ALL, then LC_MESSAGES, then LANG. */
export function localeFromEnv(env: Record<string, string | undefined>): Locale {
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG']) {
    const v = env[name];
    if (v !== undefined && v !== '') return normalizeLocale(v);
  }
  return 'en';
}

export function setLocale(locale: string | undefined): Locale {
  current = normalizeLocale(locale);
  l10n.config({ contents: current === 'en' ? {} : bundles[current] });
  return current;
}

export function getLocale(): Locale {
  return current;
}

/** Translates a message; `{0}`, `{1}` … are replaced by the arguments. */
export function t(message: string, ...args: (string | number | boolean)[]): string {
  return l10n.t(message, ...args);
}
