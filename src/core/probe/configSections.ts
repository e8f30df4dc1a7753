/**
 * The report's sections about the configuration rather than the servers: the settings linter's findings, the
 * route of each failing module, and the comparison with the user's login shell (run once, on request: the
 * report is only made when the user asks for it).
 */
import { lintSettings } from '../lint/index.ts';
import type { ModuleRow, Report } from '../report/model.ts';
import { routeFor } from '../route/index.ts';
import { compareWithLoginShell } from '../terminal/compare.ts';
import type { DiagnoseOptions } from './diagnose.ts';

/** Fills report.settings at once and report.terminal when the login shell has answered. */
export async function configSections(
  o: DiagnoseOptions,
  requires: { path: string }[],
  deadline: number,
  report: Report,
  emit: () => void,
): Promise<void> {
  report.settings = lintSettings({
    env: o.env,
    sources: o.envSources,
    goBin: o.goBin,
    effective: o.effective,
    requires: requires.map((r) => r.path),
  });
  if (o.compareLoginShell === false) return;
  report.terminal = await compareWithLoginShell({
    env: o.env,
    sources: o.envSources,
    effective: o.effective,
    goBin: o.goBin,
    timeoutMs: Math.max(1000, Math.min(10_000, deadline - Date.now())),
    ...(o.signal ? { signal: o.signal } : {}),
  });
  emit();
}

/** The route of each failing module (at most 20, one per path), computed in-process. */
export function failingRoutes(rows: ModuleRow[], o: DiagnoseOptions): NonNullable<Report['routes']> {
  const paths = [...new Map(rows.filter((m) => m.status === 'failed').map((m) => [m.path, m])).values()];
  return paths.slice(0, 20).map((m) =>
    routeFor({
      module: m.path,
      version: m.version,
      env: o.env,
      sources: o.envSources,
      goBin: o.goBin,
      effective: o.effective,
    }),
  );
}
