/** The JSON output of `explain --format json` and `diagnose --format json` (schemaVersion 1). */
import type { Finding } from '../../core/classify/types.ts';
import { docsUrl } from '../../core/docs.ts';
import { renderReportJson } from '../../core/report/render.ts';
import { fixHowTo } from './fixHowTo.ts';
import type { Report, ReportFinding } from './model.ts';

/** The JSON form of a finding: the contract fields first, extras when present. */
export function findingJson(f: Finding): Record<string, unknown> {
  const o: Record<string, unknown> = {
    category: f.category,
    stage: f.stage ?? null,
    module: f.module ?? null,
    version: f.version ?? null,
    host: f.host ?? null,
    summary: f.summary,
    evidence: f.evidence,
    fixes: f.fixes,
    ruleId: f.ruleId,
  };
  if (f.chain) o.chain = f.chain;
  // Only the failing layer was recognised (no rule knew the wording): a guess, marked as one.
  if (f.confidence !== undefined) o.confidence = f.confidence;
  if (f.goExitCode !== undefined) o.goExitCode = f.goExitCode;
  if (f.signal !== undefined) o.signal = f.signal;
  return o;
}

function reportFindingJson(f: ReportFinding, effective?: Record<string, string>): Record<string, unknown> {
  const loc = f.location;
  return {
    file: loc?.file ?? null,
    line: loc?.line ?? null,
    column: loc?.column ?? null,
    endLine: loc?.endLine ?? null,
    endColumn: loc?.endColumn ?? null,
    requirePath: f.requirePath ?? null,
    ...findingJson(f),
    // The ids stay in `fixes`; each with its label and, where there is one, the command to run.
    fixDetails: fixHowTo(f, effective),
    docsUrl: docsUrl(f.category),
  };
}

export function renderJson(r: Report): string {
  const count = (s: string): number => r.modules.filter((m) => m.status === s).length;
  const doc: Record<string, unknown> = {
    schemaVersion: 1,
    command: r.command,
    exitCode: r.exitCode,
  };
  if (r.command === 'diagnose') {
    Object.assign(doc, {
      dir: r.dir ?? null,
      mode: r.mode ?? null,
      goWork: r.goWork ?? null,
      goVersion: r.goVersion ?? null,
      failOn: r.failOn ?? null,
      summary: {
        modules: r.modules.length,
        ok: count('ok'),
        cached: count('cached'),
        failed: count('failed'),
        unknown: count('unknown'),
        notChecked: count('not-checked'),
        findings: r.findings.length,
      },
    });
  }
  doc.findings = r.findings.map((f) => reportFindingJson(f, r.effective));
  if (r.command === 'diagnose') doc.modules = r.modules;
  // The probe report is redacted by its own renderer.
  if (r.probe) doc.probe = JSON.parse(renderReportJson(r.probe)) as unknown;
  return `${JSON.stringify(doc, null, 2)}\n`;
}
