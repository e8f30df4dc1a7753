/**
 * go's own matching of GOPRIVATE, GONOPROXY, GONOSUMDB and GOINSECURE (x/mod module.MatchPrefixPatterns): a
 * comma-separated list of globs (path.Match syntax); a glob of N path elements is matched against the first N
 * elements of the module path. Written to agree with go exactly where the project's older helper is lenient: go
 * does not trim spaces around a glob, and a malformed glob matches nothing.
 */

/** The globs of a list as go sees them: split on commas, trailing slashes removed, empty ones dropped. */
export function splitGlobs(list: string): string[] {
  return list
    .split(',')
    .map((g) => g.replace(/\/+$/, ''))
    .filter((g) => g !== '');
}

/** The first `n + 1` slash-separated elements of `target`, or undefined when it has fewer. */
function prefixElements(target: string, slashes: number): string | undefined {
  let n = slashes;
  for (let i = 0; i < target.length; i++) {
    if (target[i] !== '/') continue;
    if (n === 0) return target.slice(0, i);
    n--;
  }
  return n > 0 ? undefined : target;
}

/** The first glob of `list` that matches `target` (as go decides), or undefined. */
export function matchingGlob(list: string, target: string): string | undefined {
  for (const glob of splitGlobs(list)) {
    const prefix = prefixElements(target, glob.split('/').length - 1);
    if (prefix !== undefined && pathMatch(glob, prefix)) return glob;
  }
  return undefined;
}

/** module.MatchPrefixPatterns. */
export function matchPrefixPatterns(list: string, target: string): boolean {
  return matchingGlob(list, target) !== undefined;
}

/** Is `glob` well-formed for path.Match (go answers ErrBadPattern, hence no match, otherwise)? */
export function globIsValid(glob: string): boolean {
  return globRegExp(glob) !== undefined;
}

const cache = new Map<string, RegExp | null>();

/** path.Match: '*' any run of non-'/' characters, '?' one, '[...]' a class ('^' negates), '\\' escapes. */
export function pathMatch(glob: string, name: string): boolean {
  const re = globRegExp(glob);
  return re !== undefined && re.test(name);
}

function globRegExp(glob: string): RegExp | undefined {
  let hit = cache.get(glob);
  if (hit === undefined) {
    const src = translate(glob);
    try {
      hit = src === undefined ? null : new RegExp(`^${src}$`, 'u');
    } catch {
      // A reversed range ([z-a]) is valid for go and matches nothing.
      hit = /(?!)/;
    }
    if (cache.size > 500) cache.clear();
    cache.set(glob, hit);
  }
  return hit ?? undefined;
}

const escapeRe = (c: string): string => c.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');

/** The regular expression of a glob, or undefined when go would call it a bad pattern. */
function translate(glob: string): string | undefined {
  const chars = [...glob];
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '\\') {
      if (i + 1 >= chars.length) return undefined;
      out += escapeRe(chars[++i]);
    } else if (c === '[') {
      const cls = translateClass(chars, i + 1);
      if (!cls) return undefined;
      out += cls.re;
      i = cls.end;
    } else out += escapeRe(c);
  }
  return out;
}

/** A character class starting after '[': its regular expression and the index of its ']'. */
function translateClass(chars: string[], start: number): { re: string; end: number } | undefined {
  let i = start;
  let negate = false;
  if (chars[i] === '^') {
    negate = true;
    i++;
  }
  const one = (): string | undefined => {
    let c = chars[i];
    if (c === undefined || c === '-' || c === ']') return undefined;
    if (c === '\\') {
      c = chars[++i];
      if (c === undefined) return undefined;
    }
    i++;
    return c;
  };
  let body = '';
  let ranges = 0;
  for (;;) {
    if (chars[i] === ']' && ranges > 0) break;
    const lo = one();
    if (lo === undefined) return undefined;
    let hi = lo;
    if (chars[i] === '-') {
      i++;
      const h = one();
      if (h === undefined) return undefined;
      hi = h;
    }
    body += lo === hi ? escapeRe(lo) : `${escapeRe(lo)}-${escapeRe(hi)}`;
    ranges++;
    if (i >= chars.length) return undefined;
  }
  return { re: `[${negate ? '^' : ''}${body}]`, end: i };
}
