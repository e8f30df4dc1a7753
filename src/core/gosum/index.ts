/**
 * The go.sum lines of one check, split once for the steps that read them (the cache confirmation and the
 * missing-lines step each split every text again, which was most of their cost in a batch of 100 roots).
 */

export interface SumIndex {
  /** The lines of each module path, as written (the first field is the path). */
  byPath: Map<string, string[]>;
  /** `path version` and `path version/go.mod` of each line whose hash is an h1 hash. */
  keys: Set<string>;
}

const OTHER_SPACE = /\s/;
/** White space other than the blank (a tab, a carriage return, a no-break space …). */
const SPACE_BUT_BLANK = /[^\S ]/;

/** Whether the character at `i` is white space (as \s: ASCII's quickly, the others by the expression). */
function isSpace(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c === 32 || (c >= 9 && c <= 13) || (c > 127 && OTHER_SPACE.test(s[i]));
}

/**
 * The first four fields of a line split at white space (a go.sum line has three): what `trim().split(/\s+/)`
 * gives, without the expression and the copies for the hundreds of lines of each go.sum.
 */
export function sumFields(line: string): string[] {
  // The usual line: three fields between single spaces, no other white space (one expression test).
  const a = line.indexOf(' ');
  const b = a > 0 ? line.indexOf(' ', a + 1) : -1;
  if (b > a + 1 && b < line.length - 1 && line.indexOf(' ', b + 1) === -1 && !SPACE_BUT_BLANK.test(line))
    return [line.slice(0, a), line.slice(a + 1, b), line.slice(b + 1)];
  const out: string[] = [];
  let i = 0;
  while (out.length < 4) {
    while (i < line.length && isSpace(line, i)) i++;
    if (i >= line.length) break;
    const start = i;
    while (i < line.length && !isSpace(line, i)) i++;
    out.push(line.slice(start, i));
  }
  return out;
}

export function buildSumIndex(texts: Iterable<string>): SumIndex {
  const byPath = new Map<string, string[]>();
  const keys = new Set<string>();
  for (const text of texts) {
    for (const line of text.split('\n')) {
      const f = sumFields(line);
      if (f.length === 0) continue;
      const lines = byPath.get(f[0]);
      if (lines) lines.push(line);
      else byPath.set(f[0], [line]);
      if (f.length >= 3 && f[2].startsWith('h1:')) keys.add(`${f[0]} ${f[1]}`);
    }
  }
  return { byPath, keys };
}

const indexes = new WeakMap<ReadonlyMap<string, string>, SumIndex>();

/** The index of a loaded world's go.sum texts (World.sums), built on first use and kept with the map. */
export function sumIndexOf(sums: ReadonlyMap<string, string>): SumIndex {
  let ix = indexes.get(sums);
  if (!ix) {
    ix = buildSumIndex(sums.values());
    indexes.set(sums, ix);
  }
  return ix;
}
