/**
 * Step 6 of the check, attribution: every finding goes on the line that causes it. A module's own failure goes
 * to its require line (or the replace target that supplies it), on every line that needs that module; a
 * problem tied to no module (a go or toolchain line, a fatal error) goes to the go/toolchain line of the first
 * file. The findings are collected here, in the order they were found.
 */
import { classify } from '../classify/index.ts';
import type { ClassifyInput, Finding } from '../classify/types.ts';
import { t } from '../l10n.ts';
import { parseRequiresChain, splitModVersion, type ModVersion } from './chain.ts';
import { hungTarget } from './hang.ts';
import type { TargetSet } from './targets.ts';
import { ZERO, type AttributedFinding, type Site, type Target, type World } from './types.ts';
import { waitingFinding, type WaitingRequest } from './waiting.ts';

export class Attribution {
  readonly findings: AttributedFinding[] = [];

  constructor(
    private readonly world: World,
    readonly targets: TargetSet,
  ) {}

  /** The toolchain, else go, else module line of the go.work or the first go.mod. */
  goLineSite(): Site {
    const src = this.world.work?.parsed ?? this.world.mods[0]?.parsed;
    const spanned = src?.toolchain ?? src?.go ?? (src && 'module' in src ? src.module : undefined);
    const file = this.world.work?.path ?? this.world.mods[0]?.path ?? '';
    return { file, range: spanned?.range ?? ZERO, requirePath: '' };
  }

  attach(f: Finding, site: Site, target?: Target): void {
    const af: AttributedFinding = { ...f, file: site.file, range: site.range };
    if (site.requirePath) af.requirePath = site.requirePath;
    this.findings.push(af);
    if (target) {
      target.status = 'failed';
      target.findings.push(af);
    }
  }

  /** On every line that needs the target. */
  toTarget(f: Finding, tg: Target): void {
    for (const s of tg.sites) this.attach(f, s, tg);
  }

  /** A finding not (yet) tied to a target: by its module, else the go/toolchain line. */
  loose(f: Finding): void {
    const tg = this.targets.of(f.module, f.version);
    if (tg) this.toTarget(f, tg);
    else this.attach(f, this.goLineSite());
  }

  /** A problem of the go or toolchain line, or else by its module. */
  goLineOrLoose(f: Finding): void {
    if (isGoLineProblem(f) || !f.module) this.attach(f, this.goLineSite());
    else this.loose(f);
  }

  /** The early word on requests still waiting: one provisional finding a line (see waiting.ts); nothing kept. */
  provisional(ws: WaitingRequest[], env: Record<string, string>): AttributedFinding[] {
    const out = new Map<string, AttributedFinding>();
    for (const w of ws) {
      const tg = hungTarget([w.op], this.targets.list, (p, v) => this.targets.of(p, v));
      for (const site of tg ? tg.sites : [this.goLineSite()]) {
        const key = `${site.file}\0${site.range.start.line}\0${site.range.start.character}`;
        if (out.has(key)) continue;
        const af: AttributedFinding = { ...waitingFinding(w, env), file: site.file, range: site.range };
        if (site.requirePath) af.requirePath = site.requirePath;
        out.set(key, { ...af, provisional: true, waitedMs: w.waitedMs });
      }
    }
    return [...out.values()];
  }
}

export function isGoLineProblem(f: Finding): boolean {
  if (f.category === 'toolchain' && !f.module) return true;
  return f.evidence.some((e) =>
    /\bgo\.(mod|work) requires go >=|\btoolchain\b.*\bgo1\.|download go1\./.test(e),
  );
}

export function classifyOne(input: ClassifyInput): Finding {
  return (
    classify(input)[0] ?? {
      category: 'unknown',
      stage: undefined,
      ruleId: 'engine-unclassified',
      summary: t('The go command failed.'),
      evidence: [],
      fixes: [],
    }
  );
}

/** The module a fatal message names: "verifying M@V: …", a requires chain, or the finding's own module. */
export function fatalModule(messages: string, f: Finding): ModVersion | undefined {
  const v = /^(?:go: )?verifying (\S+?)@(\S+?)(?:\/go\.mod)?: /m.exec(messages);
  if (v) return { path: v[1], version: v[2] };
  const c = parseRequiresChain(messages);
  if (c) return splitModVersion(c.chain[0]);
  if (f.module) return { path: f.module, version: f.version ?? '' };
  return undefined;
}
