// The real-message corpus: every message through explain's engine; the principal label must come first for
// at least 97% of the whole corpus. Prints the confusion table (principal label x predicted category).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { explainText } from '../../src/core/classify/index.ts';
import { isCategory } from '../../src/core/categories.ts';

interface Entry {
  id: string;
  labels: string[];
  text: string;
  source: string;
}

function load(name: string): Entry[] {
  const path = new URL(`../data/corpus/${name}`, import.meta.url);
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Entry);
}

const files = ['real-errors-dev.jsonl', 'real-errors-more.jsonl'];

test('corpus files are well formed and cite a source', () => {
  const seen = new Set<string>();
  for (const f of files) {
    for (const e of load(f)) {
      assert.ok(!seen.has(e.id), `duplicate id ${e.id}`);
      seen.add(e.id);
      assert.ok(e.labels.length > 0 && e.labels.every(isCategory), `${e.id}: ${e.labels.join(',')}`);
      assert.ok(e.text.length > 0 && e.source.length > 0, e.id);
    }
  }
  assert.ok(load('real-errors-more.jsonl').length >= 100);
});

test('an accepted category comes first for >= 97% of the corpus', () => {
  const confusion = new Map<string, Map<string, number>>();
  const misses: string[] = [];
  const perFile: string[] = [];
  let ok = 0;
  let total = 0;
  for (const f of files) {
    let fileOk = 0;
    const entries = load(f);
    for (const e of entries) {
      const got = explainText(e.text)[0].category;
      const row = confusion.get(e.labels[0]) ?? new Map<string, number>();
      row.set(got, (row.get(got) ?? 0) + 1);
      confusion.set(e.labels[0], row);
      if (e.labels.includes(got)) fileOk++;
      else misses.push(`${e.id}: labels ${e.labels.join(',')} got ${got}`);
    }
    perFile.push(`${f}: ${fileOk}/${entries.length} (${((100 * fileOk) / entries.length).toFixed(1)}%)`);
    ok += fileOk;
    total += entries.length;
  }
  const cols = [...new Set([...confusion.values()].flatMap((r) => [...r.keys()]))].sort();
  const lines = [
    `${'label \\ predicted'.padEnd(18)} ${cols.map((c) => c.slice(0, 8).padStart(8)).join(' ')}`,
  ];
  for (const [label, row] of [...confusion.entries()].sort()) {
    lines.push(`${label.padEnd(18)} ${cols.map((c) => String(row.get(c) ?? '.').padStart(8)).join(' ')}`);
  }
  console.log(
    [
      ...perFile,
      `total: ${ok}/${total} (${((100 * ok) / total).toFixed(1)}%)`,
      '',
      ...lines,
      '',
      ...misses,
    ].join('\n'),
  );
  assert.ok(ok / total >= 0.97, `accuracy ${ok}/${total}`);
});
