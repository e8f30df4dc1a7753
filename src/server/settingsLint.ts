/**
 * The settings linter's findings (src/core/lint) on the go.mod `module` line: only those about what go will do
 * wrong (a misspelled variable, a GOPROXY go rejects, a .netrc entry or git rule that never applies…); advice
 * about safety stays in the report and the CLI.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import { parseGoModShared } from '../core/gomod/parseCache.ts';
import {
  editorFindings,
  lintEnvironment,
  lintModule,
  type LintEnvironment,
  type RuleMemo,
} from '../core/lint/index.ts';
import type { RootResult } from './engine.ts';

/**
 * The environment halves of the lint already read, by environment: one per batch of roots (they share one
 * environment), so its files are read once for the batch, as its go env is.
 */
export type LintMemo = Map<string, LintEntry>;

interface LintEntry {
  env: LintEnvironment;
  rules: RuleMemo;
}

/**
 * The last environment each memo answered for, by reference: the roots of a batch share one prepared go, so their
 * env, sources and go env values are the same objects and the key need not be stringified again for each root.
 */
const lastOf = new WeakMap<LintMemo, { refs: unknown[]; entry: LintEntry }>();

function environmentOf(result: RootResult, memo: LintMemo | undefined): LintEntry {
  const input = {
    env: result.env ?? {},
    sources: result.envSources ?? {},
    ...(result.goBin ? { goBin: result.goBin } : {}),
    ...(result.effectiveEnv ? { effective: result.effectiveEnv } : {}),
  };
  if (!memo) return { env: lintEnvironment(input), rules: new Map() };
  const refs = [input.env, input.sources, input.goBin, input.effective];
  const last = lastOf.get(memo);
  if (last && refs.every((r, i) => r === last.refs[i])) return last.entry;
  const key = JSON.stringify([input.env, input.sources, input.goBin ?? null, input.effective ?? null]);
  let known = memo.get(key);
  if (!known) memo.set(key, (known = { env: lintEnvironment(input), rules: new Map() }));
  lastOf.set(memo, { refs, entry: known });
  return known;
}

/** Adds the root's settings findings to `byUri` (on its go.mod's module line); nothing when go.mod is absent. */
export function addSettingsDiagnostics(
  dir: string,
  result: RootResult,
  byUri: Map<string, Diagnostic[]>,
  overrides: Map<string, string>,
  memo?: LintMemo,
): void {
  if (!result.env || !result.envSources) return;
  const path = join(dir, 'go.mod');
  let text = overrides.get(path);
  try {
    text ??= readFileSync(path, 'utf8');
  } catch {
    return;
  }
  const mod = parseGoModShared(text);
  if (!mod.module) return;
  const lint = environmentOf(result, memo);
  const findings = editorFindings(
    lintModule(
      lint.env,
      mod.require.map((r) => r.path.value),
      lint.rules,
    ),
  );
  if (findings.length === 0) return;
  const uri = URI.file(path).toString();
  const list = byUri.get(uri) ?? [];
  for (const f of findings)
    list.push({
      range: mod.module.range,
      severity: f.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
      source: 'Go Module Doctor',
      code: f.rule,
      message: f.message,
    });
  byUri.set(uri, list);
}
