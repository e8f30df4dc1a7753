// The real-message corpus (test/data/corpus): every message through explain's engine. Two figures, per file, per
// principal label and per issue-22 class: accepted (the first category is one of the message's labels) and principal
// (the first category is its first label). The whole corpus must reach 98% accepted and 95% principal. The kept-out
// batches are reported on their own: their first measurement (recorded below, when no rule had been written from
// them) and today's figures, per class; every class has at least 5 kept-out messages. Prints the confusion table
// (principal label x predicted category).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explainText } from '../../src/core/classify/index.ts';
import { isCategory } from '../../src/core/categories.ts';
import { ALL_CORPUS, corpusFile, KEPT_OUT, type CorpusEntry } from '../helpers/corpus.ts';

const ALL = ALL_CORPUS;
/** The files collected for issue 22, whose items name the class they were collected for. */
const CLASSED = ['real-errors-classes.jsonl', ...KEPT_OUT];

interface Tally {
  accepted: number;
  principal: number;
  total: number;
}

interface Scored {
  entry: CorpusEntry;
  got: string;
  rule: string;
}

const scored = new Map<string, Scored[]>(
  ALL.map((f) => [
    f,
    corpusFile(f).map((entry) => {
      const first = explainText(entry.text)[0];
      return { entry, got: first.category, rule: first.ruleId };
    }),
  ]),
);

function tally(items: Scored[]): Tally {
  return {
    accepted: items.filter((s) => s.entry.labels.includes(s.got)).length,
    principal: items.filter((s) => s.entry.labels[0] === s.got).length,
    total: items.length,
  };
}

const pct = (n: number, d: number): string => `${((100 * n) / d).toFixed(1)}%`;

function line(name: string, t: Tally): string {
  return `${name.padEnd(28)} accepted ${`${t.accepted}/${t.total}`.padStart(7)} (${pct(t.accepted, t.total).padStart(6)})  principal ${`${t.principal}/${t.total}`.padStart(7)} (${pct(t.principal, t.total).padStart(6)})`;
}

function byClass(items: Scored[]): Map<string, Scored[]> {
  const out = new Map<string, Scored[]>();
  for (const s of items) {
    const k = s.entry.class ?? '(none)';
    out.set(k, [...(out.get(k) ?? []), s]);
  }
  return new Map([...out.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

function byLabel(items: Scored[]): Map<string, Scored[]> {
  const out = new Map<string, Scored[]>();
  for (const s of items) out.set(s.entry.labels[0], [...(out.get(s.entry.labels[0]) ?? []), s]);
  return new Map([...out.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

function misses(items: Scored[]): string[] {
  return items
    .filter((s) => s.entry.labels[0] !== s.got)
    .map(
      (s) =>
        `${s.entry.labels.includes(s.got) ? 'alternative' : 'MISS       '} ${s.entry.id}: labels ${s.entry.labels.join(',')} got ${s.got} (${s.rule})`,
    );
}

test('corpus files are well formed and cite a source', () => {
  const seen = new Set<string>();
  for (const f of ALL) {
    for (const e of corpusFile(f)) {
      assert.ok(!seen.has(e.id), `duplicate id ${e.id}`);
      seen.add(e.id);
      assert.ok(e.labels.length > 0 && e.labels.every(isCategory), `${e.id}: ${e.labels.join(',')}`);
      assert.equal(new Set(e.labels).size, e.labels.length, `${e.id}: a label twice`);
      assert.ok(e.text.length > 0 && e.source.length > 0, e.id);
      if (CLASSED.includes(f)) assert.ok(e.class, `${e.id}: no class`);
    }
  }
  assert.ok(corpusFile('real-errors-more.jsonl').length >= 100);
  // The same message twice would count twice; the kept-out part must not repeat a message rules were written with.
  const texts = new Set<string>();
  for (const f of ALL) {
    for (const e of corpusFile(f)) {
      assert.ok(!texts.has(e.text), `${e.id}: the same text as another item`);
      texts.add(e.text);
    }
  }
});

test('the whole corpus: >= 98% accepted, >= 95% principal (per file, per class, confusion table)', () => {
  const all = ALL.flatMap((f) => scored.get(f)!);
  const confusion = new Map<string, Map<string, number>>();
  for (const s of all) {
    const row = confusion.get(s.entry.labels[0]) ?? new Map<string, number>();
    row.set(s.got, (row.get(s.got) ?? 0) + 1);
    confusion.set(s.entry.labels[0], row);
  }
  const cols = [...new Set([...confusion.values()].flatMap((r) => [...r.keys()]))].sort();
  const table = [
    `${'label \\ predicted'.padEnd(18)} ${cols.map((c) => c.slice(0, 8).padStart(8)).join(' ')}`,
  ];
  for (const [label, row] of [...confusion.entries()].sort()) {
    table.push(`${label.padEnd(18)} ${cols.map((c) => String(row.get(c) ?? '.').padStart(8)).join(' ')}`);
  }
  const classed = CLASSED.flatMap((f) => scored.get(f)!);
  const whole = tally(all);
  console.log(
    [
      'whole corpus, per file:',
      ...ALL.map((f) => line(f, tally(scored.get(f)!))),
      line('total', whole),
      '',
      'whole corpus, per principal label:',
      ...[...byLabel(all)].map(([k, v]) => line(k, tally(v))),
      '',
      'issue-22 classes (rule-writing and kept-out parts together):',
      ...[...byClass(classed)].map(([k, v]) => line(k, tally(v))),
      '',
      ...table,
      '',
      ...misses(all),
    ].join('\n'),
  );
  assert.ok(whole.accepted / whole.total >= 0.98, `accepted ${whole.accepted}/${whole.total}`);
  assert.ok(whole.principal / whole.total >= 0.95, `principal ${whole.principal}/${whole.total}`);
});

/**
 * The first measurement of each kept-out batch, per class: [accepted, principal, messages]. Taken once, when the
 * batch was committed and no rule had been written from it (test/data/corpus/README.md): batch 1 after the rules of
 * d558353, batch 2 after those of 31e6ceb, batch 3 after those of 8e97ce2 (the structural rules of
 * classify-layers.test.ts), batch 4 after those of af72cd1 (batch 3's misses fixed by structure). Issue 22 asked for
 * 95% accepted: batches 1-3 fell short (47/52, 26/30, 58/64), batch 4 reached it (49/50). The misses of batches 1-3
 * were then fixed by structure (batch 3's by paste-markup normalisation, the layer detector of classify/layers.ts and
 * tools' wordings of go's conditions), so today's figures on those files are printed too but are not held-out
 * figures; the newest batch's first measurement is the held-out figure of the rules it was measured with.
 */
const FIRST_MEASUREMENT: Record<string, Record<string, [number, number, number]>> = {
  'real-errors-keptout.jsonl': {
    'gopath-era': [10, 10, 11],
    http2: [6, 6, 6],
    'other-vcs': [6, 6, 7],
    'proxy-403': [4, 3, 5],
    'tool-wrapper': [8, 8, 10],
    windows: [6, 4, 6],
    'workspace-flags': [7, 7, 7],
  },
  'real-errors-keptout2.jsonl': {
    'gopath-era': [5, 5, 5],
    http2: [2, 2, 2],
    'other-vcs': [3, 3, 3],
    'proxy-403': [2, 2, 3],
    'tool-wrapper': [5, 4, 5],
    windows: [4, 4, 4],
    'workspace-flags': [5, 5, 8],
  },
  'real-errors-keptout3.jsonl': {
    'gopath-era': [10, 10, 11],
    http2: [6, 6, 7],
    'other-vcs': [8, 7, 8],
    'proxy-403': [7, 7, 8],
    'tool-wrapper': [10, 8, 11],
    windows: [8, 8, 8],
    'workspace-flags': [9, 9, 11],
  },
  'real-errors-keptout4.jsonl': {
    'gopath-era': [12, 10, 12],
    http2: [4, 4, 4],
    'other-vcs': [7, 7, 8],
    'proxy-403': [1, 1, 1],
    'tool-wrapper': [9, 9, 9],
    windows: [8, 7, 8],
    'workspace-flags': [8, 8, 8],
  },
};

test('the kept-out part, on its own: first measurement and today, per class; every class >= 5 messages', () => {
  const kept = KEPT_OUT.flatMap((f) => scored.get(f)!);
  const classes = byClass(kept);
  const first = new Map<string, Tally>();
  for (const [f, perClass] of Object.entries(FIRST_MEASUREMENT)) {
    const counted = byClass(scored.get(f)!);
    for (const [k, [accepted, principal, total]] of Object.entries(perClass)) {
      // The record must describe the file as it is: same classes, same number of messages.
      assert.equal(
        counted.get(k)?.length,
        total,
        `${f} ${k}: ${counted.get(k)?.length} messages, recorded ${total}`,
      );
      const t = first.get(k) ?? { accepted: 0, principal: 0, total: 0 };
      first.set(k, {
        accepted: t.accepted + accepted,
        principal: t.principal + principal,
        total: t.total + total,
      });
    }
    assert.equal([...counted.keys()].length, Object.keys(perClass).length, `${f}: classes`);
  }
  const sum = (ts: Tally[]): Tally => ({
    accepted: ts.reduce((n, t) => n + t.accepted, 0),
    principal: ts.reduce((n, t) => n + t.principal, 0),
    total: ts.reduce((n, t) => n + t.total, 0),
  });
  const firstTotal = sum([...first.values()]);
  const today = tally(kept);
  const asTally = ([accepted, principal, total]: [number, number, number]): Tally => ({
    accepted,
    principal,
    total,
  });
  console.log(
    [
      `kept out (${KEPT_OUT.join(', ')}): first measurement, before any rule was written from them:`,
      ...[...first.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, t]) => line(k, t)),
      line('total', firstTotal),
      '',
      'first measurement per batch (each with the rules of its day; the newest is the held-out figure of today):',
      ...Object.entries(FIRST_MEASUREMENT).map(([f, pc]) => line(f, sum(Object.values(pc).map(asTally)))),
      '',
      'the same messages today (their first misses since fixed by structure: not a held-out figure):',
      ...[...classes].map(([k, v]) => line(k, tally(v))),
      line('total', today),
      '',
      ...misses(kept),
    ].join('\n'),
  );
  for (const [k, v] of classes) assert.ok(v.length >= 5, `class ${k}: ${v.length} kept-out messages`);
  assert.equal(firstTotal.total, kept.length);
  assert.ok(today.accepted / today.total >= 0.95, `kept-out accepted today ${today.accepted}/${today.total}`);
});
