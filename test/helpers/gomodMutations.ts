/**
 * The real go.mod/go.work files of test/data/gomod and seeded mutations of them: the parser's fuzz input, shared
 * by the agreement test (test/integration/gomod-agreement.test.ts, what go says of each variant) and the
 * benchmark (bench/micro.ts, how long the slowest variant takes to parse).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
export const corpusDirs = [join(root, 'test/data/gomod')];

export interface CorpusFile {
  name: string;
  kind: 'mod' | 'work';
  text: string;
}

export function loadCorpus(): CorpusFile[] {
  const out: CorpusFile[] = [];
  for (const dir of corpusDirs) {
    for (const name of readdirSync(dir).sort()) {
      if (name.endsWith('.tsv')) continue;
      out.push({
        name,
        kind: name.endsWith('.work') ? 'work' : 'mod',
        text: readFileSync(join(dir, name), 'utf8'),
      });
    }
  }
  return out;
}

export interface Variant {
  kind: 'mod' | 'work';
  text: string;
  /** The corpus file it was made from. */
  from: string;
}

/** `count` variants, the same ones on every run for the same seed. */
export function mutatedVariants(corpus: CorpusFile[], count: number, seed = 20260101): Variant[] {
  const rnd = prng(seed);
  const out: Variant[] = [];
  for (let i = 0; i < count; i++) {
    const c = corpus[i % corpus.length];
    out.push({ kind: c.kind, text: mutate(c.text, rnd), from: c.name });
  }
  return out;
}

/** A small seeded PRNG (mulberry32), so every run makes the same variants. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SNIPPETS = [
  '(',
  ')',
  '[',
  ']',
  ',',
  '=>',
  '"',
  '`',
  '//',
  '/*',
  '// indirect',
  'v1.2.3',
  'v2.0.0',
  'v1',
  'v0.0.0-20200101000000-abcdefabcdef',
  '+incompatible',
  '../local',
  'go',
  'require',
  'replace',
  'exclude',
  'retract',
  'module',
  'toolchain',
  'godebug',
  'tool',
  'ignore',
  'use',
  '1.21',
  'go1.22.0',
  'x=y',
  '\t',
  ' ',
  '\n',
  '\r\n',
  '/v2',
  'é',
  '😀',
  '"a\\"b"',
];

export function mutate(text: string, rnd: () => number): string {
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
  let lines = text.split('\n');
  const ops = 1 + Math.floor(rnd() * 3);
  for (let k = 0; k < ops; k++) {
    const li = Math.floor(rnd() * lines.length);
    const toks = lines[li].split(/(\s+)/);
    switch (Math.floor(rnd() * 9)) {
      case 0: // delete a line
        lines.splice(li, 1);
        break;
      case 1: // duplicate a line
        lines.splice(li, 0, lines[li]);
        break;
      case 2: {
        // swap two lines
        const lj = Math.floor(rnd() * lines.length);
        [lines[li], lines[lj]] = [lines[lj], lines[li]];
        break;
      }
      case 3: {
        // delete a token
        const ti = Math.floor(rnd() * toks.length);
        toks.splice(ti, 1);
        lines[li] = toks.join('');
        break;
      }
      case 4: {
        // duplicate a token
        const ti = Math.floor(rnd() * toks.length);
        toks.splice(ti, 0, toks[ti], ' ');
        lines[li] = toks.join('');
        break;
      }
      case 5: {
        // swap two tokens
        const a = Math.floor(rnd() * toks.length);
        const b = Math.floor(rnd() * toks.length);
        [toks[a], toks[b]] = [toks[b], toks[a]];
        lines[li] = toks.join('');
        break;
      }
      case 6: {
        // insert a grammar snippet
        const s = lines[li] ?? '';
        const at = Math.floor(rnd() * (s.length + 1));
        lines[li] = s.slice(0, at) + pick(SNIPPETS) + s.slice(at);
        break;
      }
      case 7: {
        // a random printable or control ASCII byte
        const s = lines[li] ?? '';
        const at = Math.floor(rnd() * (s.length + 1));
        lines[li] = s.slice(0, at) + String.fromCharCode(Math.floor(rnd() * 128)) + s.slice(at);
        break;
      }
      default: {
        // delete a character
        const s = lines[li] ?? '';
        const at = Math.floor(rnd() * s.length);
        lines[li] = s.slice(0, at) + s.slice(at + 1);
      }
    }
    if (lines.length === 0) lines = [''];
  }
  return lines.join('\n');
}
