/**
 * The check's step that reports missing go.sum lines (missing.ts) as findings on their require lines, in go's
 * own words, with the fix that adds exactly those lines through go. Not where go builds from vendor/ (go.sum is
 * not read) or where GOFLAGS has -mod=mod (go adds missing lines itself), nor for a require whose download
 * already failed (that finding says why), nor for a module whose go.sum is absent or empty (not set up yet).
 */
import { dirname, join } from 'node:path';
import type { CheckContext } from '../download/context.ts';
import type { AttributedFinding } from '../download/types.ts';
import { t } from '../l10n.ts';
import { sumIndexOf } from './index.ts';
import { missingSums } from './missing.ts';

export function missingSumFindings(ctx: CheckContext): AttributedFinding[] {
  if (ctx.vendor || /(^|\s)-mod=mod(\s|$)/.test(ctx.opts.env.GOFLAGS ?? '')) return [];
  const world = ctx.world;
  const failed = new Set(
    ctx.targets.list.filter((tg) => tg.status === 'failed').map((tg) => `${tg.path}@${tg.version}`),
  );
  // A module without a go.sum (or with an empty one) has not been set up yet (go mod tidy's first run): only a
  // go.sum that has lines and lacks some is reported.
  const mods = world.mods.filter(
    (m) => (world.sums.get(join(dirname(m.path), 'go.sum')) ?? '').trim() !== '',
  );
  return missingSums({
    mods,
    work: world.work?.parsed,
    sums: world.sums.values(),
    index: sumIndexOf(world.sums),
  })
    .filter((m) => !failed.has(`${m.sumPath}@${m.sumVersion}`))
    .map((m) => {
      const mod = m.missing.includes('mod');
      const said = mod
        ? `${m.sumPath}@${m.sumVersion}: missing go.sum entry for go.mod file; to add it:\n\tgo mod download ${m.sumPath}`
        : `missing go.sum entry for module providing package ${m.sumPath}; to add:\n\tgo mod download ${m.sumPath}`;
      return {
        category: 'config',
        stage: 'verify',
        ruleId: 'gosum-missing',
        module: m.sumPath,
        version: m.sumVersion,
        summary: t(
          'go.sum has no line for {0}@{1} ({2}): go build will stop with "missing go.sum entry".',
          m.sumPath,
          m.sumVersion,
          m.missing.map((x) => (x === 'mod' ? 'go.mod' : 'h1')).join(', '),
        ),
        evidence: said.split('\n'),
        fixes: ['go-mod-download'],
        file: m.file,
        range: m.range,
        requirePath: m.path,
      };
    });
}
