/**
 * The real-message corpus (test/data/corpus) and the stored scenario transcripts (test/data/transcripts), read
 * the same way by every test that measures the classifier.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '../../src/core/classify/index.ts';
import type { Transcript } from '../harness/scenarios/types.ts';
import { transcriptFindings } from './classifyTranscript.ts';

export interface CorpusEntry {
  id: string;
  labels: string[];
  text: string;
  source: string;
  /** The class of message an issue-22 item was collected for. */
  class?: string;
  note?: string;
}

/** The files rules were written with. */
export const RULE_CORPUS = ['real-errors-dev.jsonl', 'real-errors-more.jsonl', 'real-errors-classes.jsonl'];
/**
 * The kept-out batches (see test/data/corpus/README.md): each was committed before it was first measured, and no
 * rule had been written from it then. Their misses were fixed by structure after that first measurement, so today's
 * figures on them are no longer a held-out measure; the first measurement is recorded in the README and the test.
 */
export const KEPT_OUT = [
  'real-errors-keptout.jsonl',
  'real-errors-keptout2.jsonl',
  'real-errors-keptout3.jsonl',
  'real-errors-keptout4.jsonl',
];
/** Every corpus file. */
export const ALL_CORPUS = [...RULE_CORPUS, ...KEPT_OUT];

const corpusDir = new URL('../data/corpus/', import.meta.url).pathname;
const transcriptDir = new URL('../data/transcripts/', import.meta.url).pathname;

export function corpusFile(name: string): CorpusEntry[] {
  return readFileSync(join(corpusDir, name), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as CorpusEntry);
}

export function corpusEntries(files: string[]): CorpusEntry[] {
  return files.flatMap(corpusFile);
}

export function storedTranscripts(): Transcript[] {
  const out: Transcript[] = [];
  for (const scenario of readdirSync(transcriptDir, { withFileTypes: true })) {
    if (!scenario.isDirectory()) continue;
    for (const f of readdirSync(join(transcriptDir, scenario.name))) {
      if (f.endsWith('.json')) {
        out.push(JSON.parse(readFileSync(join(transcriptDir, scenario.name, f), 'utf8')) as Transcript);
      }
    }
  }
  return out;
}

/** The findings of a stored transcript (each finding's rule won its message). */
export function classifyStored(t: Transcript): Finding[] {
  return transcriptFindings(t);
}
