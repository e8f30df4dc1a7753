// The real-message corpus (test/data/corpus): every message through explain's engine. Two figures, per file and
// per class: accepted (the first category is one of the message's labels) and principal (the first category is its
// first label). The whole corpus must reach 98% accepted and 95% principal. The kept-out file (split off before any
// rule was written for it, see test/data/corpus/README.md) is reported on its own, with at least 5 messages in every
// class. Prints the confusion table (principal label x predicted category).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explainText } from '../../src/core/classify/index.ts';
import { isCategory } from '../../src/core/categories.ts';
import { corpusFile, KEPT_OUT, RULE_CORPUS, type CorpusEntry } from '../helpers/corpus.ts';

const ALL = [...new Set([...RULE_CORPUS, KEPT_OUT])];
/** The files collected for issue 22, whose items name the class they were collected for. */
const CLASSED = ['real-errors-classes.jsonl', KEPT_OUT];

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
 * Issue 22 asked for 95% accepted on the kept-out part. Its first measurement, after the rules were written from the
 * other files alone, was 47/52 (90.4%): the target was missed, and the five misses were left alone so that the part
 * stays a measurement (test/data/corpus/README.md lists them). The bar below keeps that figure from falling.
 */
const KEPT_OUT_ACCEPTED = 0.9;

test('the kept-out part: every class >= 5 messages, accepted >= its first measurement (reported on its own)', () => {
  const kept = scored.get(KEPT_OUT)!;
  const classes = byClass(kept);
  const whole = tally(kept);
  console.log(
    [
      `kept out (${KEPT_OUT}), never used to write rules:`,
      ...[...classes].map(([k, v]) => line(k, tally(v))),
      line('total', whole),
      '',
      ...misses(kept),
    ].join('\n'),
  );
  for (const [k, v] of classes) assert.ok(v.length >= 5, `class ${k}: ${v.length} kept-out messages`);
  assert.ok(
    whole.accepted / whole.total >= KEPT_OUT_ACCEPTED,
    `kept-out accepted ${whole.accepted}/${whole.total}`,
  );
});
