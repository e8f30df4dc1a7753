/**
 * What `diagnose` (and `explain`) hand to the output formats: findings with a 1-based file:line:column, the
 * modules checked, and the outcome.
 */
import { relative, sep } from 'node:path';
import type { Category } from '../../core/categories.ts';
import type { Finding } from '../../core/classify/types.ts';
import type { Range } from '../../core/gomod/types.ts';
import type { Report as ProbeReport } from '../../core/report/model.ts';

export interface Location {
  /** Relative to the base folder with "/" separators (absolute when the file is outside it). */
  file: string;
  /** 1-based. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export type ReportFinding = Finding & { location?: Location; requirePath?: string };

export type ModuleState = 'ok' | 'cached' | 'failed' | 'unknown' | 'not-checked';

export interface ReportModule {
  path: string;
  version: string;
  status: ModuleState;
}

export interface Report {
  command: 'diagnose' | 'explain';
  /** The folder checked (absolute), or undefined for explain. */
  dir?: string;
  mode?: 'module' | 'workspace';
  /** In workspace mode, the go.work go uses (absolute): DIR's, one above DIR, or the file GOWORK names. */
  goWork?: string;
  goVersion?: string;
  findings: ReportFinding[];
  modules: ReportModule[];
  exitCode: number;
  /** Categories that decide the exit code (--fail-on); undefined = all. */
  failOn?: Category[];
  durationMs?: number;
  /** The stage-by-stage diagnosis (--probe), when it ran. */
  probe?: ProbeReport;
  /** go's effective environment (go env), for the exact fix commands; absent for explain. */
  effective?: Record<string, string>;
  /** Processes started (go env + go runs). */
  processes?: number;
}

/** A path for output: relative to `base` with "/" when under it, else absolute. */
export function displayPath(file: string, base: string): string {
  const rel = relative(base, file);
  if (rel === '' || rel.startsWith('..') || rel.includes(':')) return file.split(sep).join('/');
  return rel.split(sep).join('/');
}

/** LSP range (0-based, UTF-16 characters) to a 1-based location. */
export function toLocation(file: string, range: Range, base: string): Location {
  return {
    file: displayPath(file, base),
    line: range.start.line + 1,
    column: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

/** Findings that share a cause (same category, summary and module) with every place they are attached to. */
export interface CauseGroup {
  finding: ReportFinding;
  locations: Location[];
  requirePaths: string[];
}

export function groupByCause(findings: ReportFinding[]): CauseGroup[] {
  const groups = new Map<string, CauseGroup>();
  for (const f of findings) {
    const key = JSON.stringify([f.category, f.summary, f.module ?? '', f.version ?? '']);
    let g = groups.get(key);
    if (!g) {
      g = { finding: f, locations: [], requirePaths: [] };
      groups.set(key, g);
    }
    if (f.location) g.locations.push(f.location);
    if (f.requirePath && !g.requirePaths.includes(f.requirePath)) g.requirePaths.push(f.requirePath);
  }
  return [...groups.values()];
}
