/**
 * The messages between the report webview (media/report/report.js) and the extension: every shape once.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Category } from '../../core/categories.ts';
import type { FixId } from '../../core/classify/types.ts';
import { appliesByCommand, FIX_SPECS } from '../../core/fix/specs.ts';
import { configViewSections, type ConfigSection } from '../../core/report/configView.ts';
import type { Report } from '../../core/report/model.ts';
import type { ApplyFixParams } from '../../shared/protocol.ts';

/** Extension → webview. */
export type ToWebview =
  | { type: 'init'; strings: Record<string, string>; locale: string }
  | { type: 'started' }
  | { type: 'progress'; report: Report; config: ConfigSection[] }
  | { type: 'done'; report: Report; config: ConfigSection[] }
  | { type: 'error'; message: string };

/**
 * A report for the webview, with its configuration sections already in words (translated in the extension host
 * by the core, the same texts as the Markdown report), so the webview only draws them.
 */
export function reportMessage(type: 'progress' | 'done', report: Report): ToWebview {
  return { type, report, config: configViewSections(report) };
}

/** Webview → extension. */
export type FromWebview =
  | { type: 'ready' }
  | { type: 'rerun' }
  | { type: 'cancel' }
  | { type: 'copyMarkdown' }
  | { type: 'saveJson' }
  | { type: 'fix'; fix: FixId; category: Category; host?: string; module?: string; version?: string };

const KINDS = new Set(['ready', 'rerun', 'cancel', 'copyMarkdown', 'saveJson', 'fix']);

/** Accepts only well-formed messages (the webview is a separate, less trusted context). */
export function parseFromWebview(raw: unknown): FromWebview | undefined {
  if (raw === null || typeof raw !== 'object') return undefined;
  const m = raw as Record<string, unknown>;
  if (typeof m.type !== 'string' || !KINDS.has(m.type)) return undefined;
  if (m.type !== 'fix') return { type: m.type } as FromWebview;
  if (typeof m.fix !== 'string' || typeof m.category !== 'string') return undefined;
  const out: FromWebview = { type: 'fix', fix: m.fix as FixId, category: m.category as Category };
  if (typeof m.host === 'string') out.host = m.host;
  if (typeof m.module === 'string') out.module = m.module;
  if (typeof m.version === 'string') out.version = m.version;
  return out;
}

/**
 * The request a fix button of the report makes: the same offer as the quick fix for that cause (the fix table
 * decides the pattern and the inputs); undefined for advice, which the user follows by hand.
 */
export function fixRequestFor(
  m: Extract<FromWebview, { type: 'fix' }>,
  root: string,
): Omit<ApplyFixParams, 'scope'> | undefined {
  if (!appliesByCommand(m.fix)) return undefined;
  const finding = { category: m.category, module: m.module, host: m.host, version: m.version };
  const offer = FIX_SPECS[m.fix].offers?.(finding, { richClient: true })[0];
  if (!offer) return undefined;
  return {
    fix: m.fix,
    uri: pathToFileURL(join(root, 'go.mod')).toString(),
    category: m.category,
    ...(m.module ? { module: m.module } : {}),
    ...(m.host ? { host: m.host } : {}),
    inputs: offer.inputs,
  };
}
