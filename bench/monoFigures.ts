/** The plain monorepo figures of one source of modules (bench/monorepo.ts), from the pairs' measurements. */
import { median, PER_ROOT, UNGUARDED, type MonoFigure } from './monoUniverse.ts';

export interface PlainMeasured {
  /** Per pair: the engine's cold time, go's own download in one process, the warm restart; each / bare go. */
  cold: number[];
  floor: number[];
  warm: number[];
  procs: { cold: number; warm: number };
  dup: number;
  failures: number;
}

const spreadOf = (xs: number[]): Pick<MonoFigure, 'value' | 'spread' | 'n'> => ({
  value: median(xs),
  spread: [Math.min(...xs), Math.max(...xs)],
  n: xs.length,
});

export function plainFigureSet(
  via: { id: string; label: string; targets: boolean },
  roots: number,
  m: PlainMeasured,
): MonoFigure[] {
  const label = `${roots} roots, ${PER_ROOT + 1} requires each (plain, ${via.label})`;
  const floor = `one go run over the distinct modules: ${median(m.floor).toFixed(3)} of bare go`;
  const timed = (target: number): Partial<MonoFigure> =>
    via.targets ? { ...UNGUARDED, target, cmp: 'le' } : { guard: false, note: `no target here; ${floor}` };
  return [
    {
      id: `mono.cold.ratio${via.id}.${roots}`,
      label: `Monorepo cold / go mod download root by root, ${label}`,
      unit: 'ratio',
      ...spreadOf(m.cold),
      ...timed(0.4),
    },
    {
      id: `mono.cold.floor${via.id}.${roots}`,
      label: `Monorepo cold, go's own download in one process / go mod download root by root, ${label}`,
      unit: 'ratio',
      ...spreadOf(m.floor),
      guard: false,
      note: 'what no engine on this machine goes below: the same downloads without the 100 go starts',
    },
    {
      id: `mono.warm.ratio${via.id}.${roots}`,
      label: `Monorepo warm restart / go mod download root by root, ${label}`,
      unit: 'ratio',
      ...spreadOf(m.warm),
      ...timed(0.15),
    },
    {
      id: `mono.warm.procs${via.id}.${roots}`,
      label: `Monorepo warm restart, go processes, ${label}`,
      unit: 'count',
      value: m.procs.warm,
      note: `cold: ${m.procs.cold}`,
    },
    {
      id: `mono.duplicates${via.id}.${roots}`,
      label: `Monorepo duplicate findings, ${label}`,
      unit: 'count',
      value: m.dup,
      target: 0,
      cmp: 'eq',
    },
    {
      id: `mono.failures${via.id}.${roots}`,
      label: `Monorepo failures found (true count ${roots}), ${label}`,
      unit: 'count',
      value: m.failures,
      target: roots,
      cmp: 'eq',
    },
  ];
}
