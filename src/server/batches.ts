/**
 * Batches across roots in the server: when several roots are to be checked at once (startup, a settings change,
 * folders added, a re-check of everything), the roots that share the effective environment (the core's
 * batchKey: the go binary and every variable but GOWORK, so folders with settings of their own never share one)
 * download what they lack in one go run (Engine.prefetch), each root hearing the early word on a hang on its own
 * lines; then each root's check goes through the scheduler as usual, taking the batch's failures instead of
 * running go for them. A batch download takes one of the scheduler's `concurrency` places. A single root keeps
 * the single-root path; an edit of a root in a batch stops the batch's go, the root takes the single-root path
 * and the others go on in a new batch.
 */
import type { BatchUnit } from '../core/download/batch.ts';
import type { AttributedFinding } from '../core/download/check.ts';
import type { CheckUnit } from '../core/workspace/planner.ts';
import type { RootChecker } from './checker.ts';
import type { Engine, PreparedRoot, PrepareRootOptions } from './engine.ts';
import type { Publisher } from './publisher.ts';
import type { RootRegistry } from './rootRegistry.ts';
import type { Scheduler } from './scheduler.ts';
import type { FolderSettings, SettingsStore } from './settingsStore.ts';

export interface BatchDeps {
  engine: Engine;
  settings: SettingsStore;
  registry: RootRegistry;
  checker: RootChecker;
  scheduler: Scheduler;
  publisher: Publisher;
  /** Roots joined or left a batch (the status counts them as being checked). */
  onChange: () => void;
  log: (msg: string) => void;
  waitNoticeMs?: number;
  processEnv?: Record<string, string | undefined>;
}

interface Batch {
  /** Roots not yet handed over to the scheduler. */
  roots: Set<string>;
  ctrl: AbortController;
  /** Roots shown an early word by this batch (withdrawn when it stops before handing them over). */
  told: Set<string>;
  done: Promise<void>;
}

/** A root ready for a batch: its unit, its folder's settings and its prepared go. */
interface Member {
  root: string;
  unit: CheckUnit;
  s: FolderSettings;
  p: PreparedRoot;
}

/** Members that may share one go run: the same environment, timeout and trace setting. */
function groupsOf(members: Member[]): Member[][] {
  const groups = new Map<string, Member[]>();
  for (const m of members) {
    const k = JSON.stringify([m.p.key, m.s.doctor.timeout, m.s.doctor.logGoTrace]);
    groups.set(k, [...(groups.get(k) ?? []), m]);
  }
  return [...groups.values()];
}

export class BatchRunner {
  private readonly batches = new Set<Batch>();
  /** Batches started (for tests and benchmarks). */
  started = 0;

  constructor(private readonly d: BatchDeps) {}

  /** Checks `roots` together; a batch in flight that holds one of them is stopped and its roots join. */
  start(roots: string[]): void {
    const all = new Set(roots.filter((r) => this.d.registry.has(r)));
    for (const b of [...this.batches]) {
      if (![...b.roots].some((r) => all.has(r))) continue;
      for (const r of b.roots) all.add(r);
      this.stop(b);
    }
    if (all.size < 2) {
      for (const r of all) this.d.scheduler.request(r, { delayMs: 0 });
      return;
    }
    const b: Batch = { roots: all, ctrl: new AbortController(), told: new Set(), done: Promise.resolve() };
    this.batches.add(b);
    this.started++;
    b.done = this.execute(b)
      .catch((e: unknown) => this.d.log(`batch download failed: ${String(e)}`))
      // Whatever the batch could not do, each root's own check does (unless the batch was stopped).
      .finally(() => this.handOver(b, b.ctrl.signal.aborted ? [] : [...b.roots]));
    this.d.onChange();
  }

  /**
   * `root` is checked on its own (an edit, a save): a batch holding it stops its go, and the batch's other
   * roots go on in a new one.
   */
  leave(root: string): void {
    const b = [...this.batches].find((x) => x.roots.has(root));
    if (!b) return;
    // Its early word goes too (the batch stops waiting); its own check says again what it waits for.
    this.stop(b);
    b.roots.delete(root);
    this.start([...b.roots]);
    this.d.onChange();
  }

  /** A root is gone: no batch waits for it (a batch left with no root stops). */
  forget(root: string): void {
    for (const b of [...this.batches]) {
      b.roots.delete(root);
      b.told.delete(root);
      if (b.roots.size === 0) this.stop(b);
    }
  }

  /** Stops every batch and its go (a cancelled re-check); the roots are not checked. */
  cancelAll(): void {
    for (const b of [...this.batches]) this.stop(b);
    this.d.onChange();
  }

  /** Roots waiting for a batch download now. */
  roots(): string[] {
    return [...this.batches].flatMap((b) => [...b.roots]);
  }

  isBusy(root?: string): boolean {
    return [...this.batches].some((b) => root === undefined || b.roots.has(root));
  }

  /** Resolves when no batch is in flight. */
  async idle(): Promise<void> {
    while (this.batches.size > 0) await Promise.all([...this.batches].map((b) => b.done));
  }

  private stop(b: Batch): void {
    b.ctrl.abort();
    this.batches.delete(b);
    for (const r of b.told) if (b.roots.has(r)) this.d.publisher.setProvisional(r, new Map());
  }

  /** Hands roots over to the scheduler, which checks each now (with the batch's failures when there are). */
  private handOver(b: Batch, roots: string[]): void {
    for (const r of roots) {
      if (!b.roots.delete(r)) continue;
      if (this.d.registry.has(r)) this.d.scheduler.runNow(r);
    }
    if (b.roots.size === 0) this.batches.delete(b);
    this.d.onChange();
  }

  private async execute(b: Batch): Promise<void> {
    const members = await this.prepare(b);
    const groups = groupsOf(members);
    // A root alone in its environment gains nothing from a batch: its own check, the single-root path.
    this.handOver(
      b,
      groups.filter((g) => g.length < 2).flatMap((g) => g.map((m) => m.root)),
    );
    const shared = groups.filter((g) => g.length >= 2);
    await Promise.all(shared.map((g) => this.d.scheduler.withSlot(() => this.download(b, g))));
  }

  /**
   * Each root's go and environment; roots that cannot join (disabled, vendored, no go) are handed over now, a
   * vendored one with the go prepared here. The first enabled root of each folder and plan environment is
   * prepared, one after the other (the first reads `go env`); the others of its folder and environment take its
   * go (prepareGo's result does not depend on the root once `go env` is known), so the environment is built and
   * go looked for once per folder, not per root.
   */
  private async prepare(b: Batch): Promise<Member[]> {
    const alone: string[] = [];
    const byEnv = new Map<string, string[]>();
    for (const root of b.roots) {
      const unit = this.d.registry.unit(root);
      const k = unit ? JSON.stringify([this.d.registry.folderOf(unit.dir) ?? unit.dir, unit.env]) : '';
      const same = byEnv.get(k);
      if (same) same.push(root);
      else byEnv.set(k, [root]);
    }
    const found: (Member | undefined)[] = [];
    for (const roots of byEnv.values()) {
      // The first root prepared (a disabled one is not) lends its go to the others, vendored ones included.
      let lender: Member | undefined;
      for (const root of roots) {
        const m = lender ? this.sibling(b, lender, root, alone) : await this.member(b, root, alone);
        lender ??= m;
        if (!m?.unit.vendor.vendored) found.push(m);
        else {
          // Go builds it from vendor/: nothing to download; its own check takes the go prepared here.
          this.d.checker.setPrepared(m.root, m.p.reuse);
          alone.push(m.root);
        }
      }
    }
    if (b.ctrl.signal.aborted) return [];
    this.handOver(b, alone);
    return found.filter((m): m is Member => m !== undefined && b.roots.has(m.root));
  }

  /** A root ready for the batch, or undefined (then in `alone` when its own check is to run). */
  private async member(b: Batch, root: string, alone: string[]): Promise<Member | undefined> {
    const unit = this.d.registry.unit(root);
    if (!unit || b.ctrl.signal.aborted) return undefined;
    const s = this.d.settings.forPath(unit.dir);
    const p = s.doctor.enable ? await this.d.engine.prepare(this.prepareOptions(b, unit, s)) : undefined;
    if (!p) alone.push(root);
    return p && { root, unit, s, p };
  }

  /** `root` with the go its folder's first root was prepared with (member() when it cannot share it). */
  private sibling(b: Batch, first: Member, root: string, alone: string[]): Member | undefined {
    const unit = this.d.registry.unit(root);
    if (!unit || b.ctrl.signal.aborted) return undefined;
    const s = this.d.settings.forPath(unit.dir);
    if (!s.doctor.enable || s !== first.s) {
      alone.push(root);
      return undefined;
    }
    return { root, unit, s, p: this.d.engine.preparedLike(first.p, this.prepareOptions(b, unit, s)) };
  }

  private prepareOptions(b: Batch, unit: CheckUnit, s: FolderSettings): PrepareRootOptions {
    return {
      ...{ root: unit.dir, settings: s.doctor, goSettings: s.go, httpProxy: s.httpProxy },
      ...{ signal: b.ctrl.signal, unitEnv: unit.env },
      ...(this.d.processEnv ? { processEnv: this.d.processEnv } : {}),
    };
  }

  /** One group's download, then its roots to the scheduler with what the download found. */
  private async download(b: Batch, g: Member[]): Promise<void> {
    const signal = b.ctrl.signal;
    const here = g.filter((m) => b.roots.has(m.root));
    if (signal.aborted || here.length === 0) return;
    const overrides = new Map<string, string>();
    for (const m of here)
      for (const [k, v] of this.d.checker.editorTexts(m.root, m.s.doctor.runOn === 'change'))
        overrides.set(k, v);
    const units: BatchUnit[] = here.map((m) => ({
      dir: m.unit.dir,
      env: m.p.env,
      onWaiting: (fs) => this.waiting(b, m, fs),
    }));
    const doctor = here[0].s.doctor;
    const failures = await this.d.engine.prefetch(units, here[0].p, {
      timeoutMs: doctor.timeout * 1000,
      signal,
      overrides,
      force: here.some((m) => this.d.checker.isFresh(m.root)),
      ...(this.d.waitNoticeMs === undefined ? {} : { waitNoticeMs: this.d.waitNoticeMs }),
      ...(doctor.logGoTrace ? { log: this.d.log } : {}),
    });
    if (signal.aborted) return;
    for (const m of here) this.d.checker.setPrefetched(m.root, failures, m.p.reuse);
    this.handOver(
      b,
      here.map((m) => m.root),
    );
  }

  /** The early word for one root of the batch, on the files it owns. */
  private waiting(b: Batch, m: Member, findings: AttributedFinding[]): void {
    if (b.ctrl.signal.aborted || !b.roots.has(m.root)) return;
    const mine = findings.filter((f) => m.unit.files.includes(f.file));
    if (mine.length > 0) b.told.add(m.root);
    this.d.checker.showWaiting(m.root, m.unit.dir, mine, b.ctrl.signal);
  }
}
