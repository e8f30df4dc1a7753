/**
 * One check of one root, as the scheduler runs it: the root's folder settings, the unsaved editor contents, the
 * engine, then the result to the publisher. Keeps each root's last result (hover, quick fixes and fixes read it).
 */
import type { Diagnostic, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { toDiagnostic } from './diagnostics.ts';
import type { AttributedFinding } from '../core/download/check.ts';
import type { BatchFailures, Engine, PreparedReuse, RootResult } from './engine.ts';
import type { Publisher } from './publisher.ts';
import type { RootRegistry } from './rootRegistry.ts';
import type { SettingsStore } from './settingsStore.ts';
import { addSettingsDiagnostics, type LintMemo } from './settingsLint.ts';

export interface CheckerDeps {
  engine: Engine;
  settings: SettingsStore;
  registry: RootRegistry;
  publisher: Publisher;
  documents: TextDocuments<TextDocument>;
  log: (msg: string) => void;
  /** Called with go's missing-or-broken message the first time a check meets it (after it worked, again). */
  onGoMissing: (message: string) => void;
  /** How long a request waits before it is reported (default: the engine's). */
  waitNoticeMs?: number;
  /** Provisional diagnostics changed (the status names what is waited for). */
  onProvisional?: () => void;
  /** The environment go starts from (the server's own by default; in-process tests pass a sandbox's). */
  processEnv?: Record<string, string | undefined>;
}

/** A root's diagnostics grouped by the file they are in. */
export function diagnosticsByUri(
  root: string,
  result: Pick<RootResult, 'diagnostics'>,
): Map<string, Diagnostic[]> {
  const byUri = new Map<string, Diagnostic[]>();
  for (const d of result.diagnostics) {
    const uri = URI.file(d.finding.file).toString();
    const list = byUri.get(uri) ?? [];
    list.push(toDiagnostic(d.finding, root, d.extra));
    byUri.set(uri, list);
  }
  return byUri;
}

export class RootChecker {
  private readonly results = new Map<string, RootResult>();
  /** Roots whose next check must not reuse a cached result: a fix or a recheck changed what go would see. */
  private readonly fresh = new Set<string>();
  /** What a batch download across roots found for a root, for its next check (then forgotten). */
  private readonly batched = new Map<string, BatchFailures>();
  /** The go a batch prepared for a root, for its next check only (never kept past it). */
  private readonly prepared = new Map<string, PreparedReuse>();
  private goMissingShown = false;
  /** The settings lint's environment half per batch, shared by the batch's roots (dropped with the batch). */
  private readonly lintMemos = new WeakMap<BatchFailures, LintMemo>();

  constructor(private readonly deps: CheckerDeps) {}

  /** The last finished check of a root. */
  result(root: string): RootResult | undefined {
    return this.results.get(root);
  }

  /** Whether go builds the root from vendor/: as its last check found, else as the plan says. */
  isVendored(root: string): boolean {
    return this.results.get(root)?.vendored ?? this.deps.registry.isVendored(root);
  }

  hasResult(root: string): boolean {
    return this.results.has(root);
  }

  /** Whether the last check found no usable go command. */
  get goMissing(): boolean {
    return this.goMissingShown;
  }

  /** The next check of `root` runs go for real (after a fix, or an explicit re-check). */
  markFresh(root: string): void {
    this.fresh.add(root);
  }

  /** Removes what the engine keeps between checks (at shutdown). */
  dispose(): void {
    this.deps.engine.dispose();
  }

  /** Whether the next check of `root` must run go for real (markFresh). */
  isFresh(root: string): boolean {
    return this.fresh.has(root);
  }

  /** The next check of `root` takes a batch download's failures instead of running go for them. */
  setPrefetched(root: string, failures: BatchFailures, prepared?: PreparedReuse): void {
    this.batched.set(root, failures);
    if (prepared) this.prepared.set(root, prepared);
    else this.prepared.delete(root);
  }

  /** The next check of `root` uses the go a batch prepared for it (a vendored root: nothing to download). */
  setPrepared(root: string, prepared: PreparedReuse): void {
    this.prepared.set(root, prepared);
  }

  forget(root: string): void {
    this.results.delete(root);
    this.fresh.delete(root);
    this.batched.delete(root);
    this.prepared.delete(root);
  }

  /** The scheduler's run function: `root` is a planned unit's id. */
  async run(root: string, signal: AbortSignal): Promise<void> {
    const { settings, publisher, registry } = this.deps;
    const unit = registry.unit(root);
    if (!unit) return;
    const s = settings.forPath(unit.dir);
    if (!s.doctor.enable) {
      this.results.delete(root);
      publisher.setFinal(root, new Map());
      return;
    }
    const force = this.fresh.delete(root);
    const prefetched = this.batched.get(root);
    const prepared = this.prepared.get(root);
    this.batched.delete(root);
    this.prepared.delete(root);
    const overrides = this.editorTexts(root, s.doctor.runOn === 'change');
    const result = await this.deps.engine.check({
      root: unit.dir,
      unitEnv: unit.env,
      owns: unit.files,
      // Where the plan says go builds from vendor/, the engine checks vendor/modules.txt instead of downloads;
      // otherwise it applies go's rules itself, with the go version it finds.
      ...(unit.vendor.vendored ? { vendor: unit.vendor } : {}),
      settings: s.doctor,
      goSettings: s.go,
      httpProxy: s.httpProxy,
      overrides,
      signal,
      log: this.deps.log,
      force,
      onWaiting: (findings) => this.showWaiting(root, unit.dir, findings, signal),
      ...(prefetched ? { prefetched } : {}),
      ...(prepared ? { prepared } : {}),
      ...(this.deps.waitNoticeMs === undefined ? {} : { waitNoticeMs: this.deps.waitNoticeMs }),
      ...(this.deps.processEnv ? { processEnv: this.deps.processEnv } : {}),
    });
    if (signal.aborted || !registry.has(root)) {
      if (force) this.fresh.add(root);
      if (prefetched) this.batched.set(root, prefetched);
      publisher.setProvisional(root, new Map());
      return;
    }
    this.noteGoMissing(result.goMissing);
    this.results.set(root, result);
    const byUri = diagnosticsByUri(unit.dir, result);
    addSettingsDiagnostics(unit.dir, result, byUri, overrides, prefetched && this.lintMemo(prefetched));
    publisher.setFinal(root, byUri);
  }

  /** Early word on a hang: warnings on the requires go waits for, until the result replaces them. */
  showWaiting(root: string, dir: string, findings: AttributedFinding[], signal: AbortSignal): void {
    if (signal.aborted) return;
    const byUri = diagnosticsByUri(dir, { diagnostics: findings.map((finding) => ({ finding, extra: {} })) });
    this.deps.publisher.setProvisional(root, byUri);
    this.deps.onProvisional?.();
  }

  /** Unsaved editor contents of the root's files, read only with runOn "change". */
  editorTexts(root: string, useEditor: boolean): Map<string, string> {
    const out = new Map<string, string>();
    if (!useEditor) return out;
    for (const doc of this.deps.documents.all()) {
      const path = URI.parse(doc.uri).fsPath;
      if (this.deps.registry.rootOf(path) === root) out.set(path, doc.getText());
    }
    return out;
  }

  private lintMemo(batch: BatchFailures): LintMemo {
    const known = this.lintMemos.get(batch);
    if (known) return known;
    const memo: LintMemo = new Map();
    this.lintMemos.set(batch, memo);
    return memo;
  }

  private noteGoMissing(message: string | undefined): void {
    if (message === undefined) {
      this.goMissingShown = false;
      return;
    }
    if (this.goMissingShown) return;
    this.goMissingShown = true;
    this.deps.onGoMissing(message);
  }
}
