/**
 * Findings become LSP diagnostics: on the failing require's path and version (or the replacement, or the
 * go/toolchain line), code = the category with a link to its page, the finding itself in `data`.
 */
import {
  DiagnosticSeverity,
  type Diagnostic,
  type DiagnosticRelatedInformation,
} from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import type { Finding } from '../core/classify/types.ts';
import type { Range } from '../core/gomod/types.ts';
import { t } from '../core/l10n.ts';
import { redactFinding } from '../core/redact.ts';
import { docsUrl } from './docs.ts';

export const SOURCE = 'Go Module Doctor';

/** A finding placed in a file. */
export type PlacedFinding = Finding & {
  /** Absolute path of the go.mod or go.work the finding is shown in. */
  file: string;
  range: Range;
  /** The direct require that pulls in a failing dependency. */
  requirePath?: string;
  /** Early word on a hang: go is still waiting for the request this finding names. */
  provisional?: true;
  /** How long that request has waited so far. */
  waitedMs?: number;
};

/** What travels in Diagnostic.data: the finding plus what the code actions need. */
export interface DiagnosticData {
  finding: PlacedFinding;
  /** Versions of the module the proxy knows, for the change-version fix. */
  versions?: string[];
  /** The module root the finding belongs to. */
  root: string;
  /** Exact ranges of the require's module path and version, when the finding is on a require. */
  pathRange?: Range;
  versionRange?: Range;
}

export function toDiagnostic(
  f: PlacedFinding,
  root: string,
  extra: Omit<DiagnosticData, 'finding' | 'root'> = {},
): Diagnostic {
  // Module, chain and evidence are shown in the message, the hover and related information.
  f = redactFinding(f);
  const related: DiagnosticRelatedInformation[] = [];
  if (f.chain && f.chain.length > 1) {
    related.push({
      location: { uri: URI.file(f.file).toString(), range: f.range },
      message: t('Required through: {0}', f.chain.join(' → ')),
    });
  }
  const data: DiagnosticData = { finding: f, root, ...extra };
  let message = f.summary;
  if (f.chain && f.chain.length > 1 && f.module) {
    message = t('{0} (a dependency of this module: {1})', f.summary, f.chain.join(' → '));
  }
  return {
    range: f.range,
    // A provisional finding (go is still waiting for an answer) is a warning until the result replaces it.
    severity: f.provisional === true ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error,
    code: f.category,
    codeDescription: { href: docsUrl(f.category) },
    source: SOURCE,
    message,
    data,
    ...(related.length > 0 ? { relatedInformation: related } : {}),
  };
}

export function isDiagnosticData(v: unknown): v is DiagnosticData {
  if (typeof v !== 'object' || v === null) return false;
  const d = v as Record<string, unknown>;
  return typeof d.root === 'string' && typeof d.finding === 'object' && d.finding !== null;
}
