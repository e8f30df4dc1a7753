/**
 * The module check of a diagnosis: checkModule within what is left of the deadline, its results as report rows,
 * and the findings no row holds (for the conclusion).
 */
import { checkModule, type CheckResult } from '../download/check.ts';
import { t } from '../l10n.ts';
import { redact } from '../redact.ts';
import type { ModuleRow, Report } from '../report/model.ts';
import type { LooseFinding } from './conclude.ts';
import type { DiagnoseOptions } from './diagnose.ts';

/** Joins a note to the report's module note (which may be empty). */
function withNote(note: string | undefined, more: string): string {
  return [note, more].filter((x) => x).join(' ');
}

/**
 * Checks the module's requires, filling `report.modules`, `modulesState` and `modulesNote`; returns the
 * findings no module row holds.
 */
export async function checkModules(
  o: DiagnoseOptions,
  report: Report,
  deadline: number,
  emit: () => void,
): Promise<LooseFinding[]> {
  if (o.goError !== undefined) {
    report.modulesNote = withNote(report.modulesNote, t('The modules were not checked: go cannot be run.'));
    return [];
  }
  const budget = deadline - Date.now() - 500;
  if (budget <= 0) {
    report.modulesState = 'skipped';
    return [];
  }
  const result = await checkWithin(o, budget);
  if (result.skipped === 'no-module') {
    report.modulesState = 'skipped';
    report.modulesNote = t('No go.mod or go.work in {0}.', o.root);
    return [];
  }
  if (result.skipped === 'syntax') {
    report.modulesState = 'skipped';
    report.modulesNote = t('go.mod or go.work does not parse; fix its syntax first.');
    return [{ category: 'syntax', summary: report.modulesNote, fixes: ['fix-go-mod-syntax'] }];
  }
  const m = moduleRows(result);
  report.modules = m.rows;
  report.modulesState = 'done';
  if (result.runs.some((r) => r.timedOut || (r.canceled && !o.signal?.aborted))) {
    report.modulesNote = withNote(report.modulesNote, t('go was stopped at the diagnosis deadline.'));
  }
  emit();
  return m.loose;
}

/** checkModule stopped at the budget or by the caller's signal. */
async function checkWithin(o: DiagnoseOptions, budget: number): Promise<CheckResult> {
  // go runs up to two processes (download, then the module graph): both stop at the deadline.
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(), budget + 250);
  const forward = (): void => stop.abort();
  o.signal?.addEventListener('abort', forward);
  return checkModule({
    goBin: o.goBin,
    dir: o.root,
    env: o.env,
    timeoutMs: budget,
    signal: stop.signal,
    goVersion: o.goVersion,
    ...(o.effective.GOMODCACHE ? { gomodcache: o.effective.GOMODCACHE } : {}),
  }).finally(() => {
    clearTimeout(timer);
    o.signal?.removeEventListener('abort', forward);
  });
}

export function moduleRows(result: CheckResult): { rows: ModuleRow[]; loose: LooseFinding[] } {
  const downloadMs = result.runs[0]?.durationMs ?? 0;
  const rows: ModuleRow[] = result.modules.map((m) => {
    const f = m.finding;
    const row: ModuleRow = {
      path: m.path,
      version: m.version,
      status: m.status,
      origin: 'direct',
      fixes: f?.fixes ?? [],
      ms: m.status === 'cached' ? 0 : downloadMs,
    };
    if (f) {
      row.category = f.category;
      if (f.stage) row.stage = f.stage;
      row.summary = f.summary;
      row.evidence = f.evidence.map(redact);
      if (f.chain && f.chain.length > 1) row.chain = f.chain;
      if (f.host) row.host = f.host;
    }
    return row;
  });
  // Modules deep in the graph whose failure reached a direct requirement: a row of their own.
  for (const f of result.findings) {
    const last = f.chain && f.chain.length > 1 ? f.chain[f.chain.length - 1] : undefined;
    const at = last ? last.lastIndexOf('@') : -1;
    if (!last || at <= 0) continue;
    const path = last.slice(0, at);
    const version = last.slice(at + 1);
    if (rows.some((r) => r.path === path && r.version === version)) continue;
    rows.push({
      path,
      version,
      status: 'failed',
      origin: 'transitive',
      category: f.category,
      ...(f.stage ? { stage: f.stage } : {}),
      summary: f.summary,
      evidence: f.evidence.map(redact),
      fixes: f.fixes,
      chain: f.chain,
      ...(f.host ? { host: f.host } : {}),
      ms: downloadMs,
    });
  }
  const loose: LooseFinding[] = [];
  for (const f of result.findings) {
    if (f.requirePath) continue;
    if (f.module && rows.some((r) => r.path === f.module)) continue;
    loose.push({
      category: f.category,
      summary: f.summary,
      fixes: f.fixes,
      ...(f.module ? { module: f.module } : {}),
    });
  }
  return { rows, loose };
}
