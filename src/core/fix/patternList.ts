/**
 * GOPRIVATE, GONOPROXY, GONOSUMDB and GOINSECURE hold comma-separated lists of path-prefix glob patterns. A fix
 * adds to the list; it never replaces what the user already has.
 */

/** Does `pattern` (a glob over path elements, as in path.Match) match `path` or one of its prefixes? */
export function patternMatchesPrefix(pattern: string, path: string): boolean {
  const pat = pattern.replace(/\/+$/, '').split('/');
  const elems = path.split('/');
  if (pat.length === 0 || pat.length > elems.length) return false;
  for (let i = 0; i < pat.length; i++) {
    if (!globElem(pat[i], elems[i])) return false;
  }
  return true;
}

function globElem(pat: string, s: string): boolean {
  // path.Match over a single element: '*' any run, '?' one char, [...] classes. Iterative, no backtracking blowup.
  let re = '';
  for (let i = 0; i < pat.length; i++) {
    const c = pat[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = pat.indexOf(']', i + 1);
      if (close < 0) return false;
      let cls = pat.slice(i + 1, close);
      if (cls.startsWith('^')) cls = '^' + cls.slice(1).replace(/[\\\]]/g, '\\$&');
      else cls = cls.replace(/[\\\]^]/g, '\\$&');
      re += `[${cls}]`;
      i = close;
    } else if (c === '\\' && i + 1 < pat.length) {
      re += pat[++i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    } else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  try {
    return new RegExp(`^${re}$`).test(s);
  } catch {
    return false;
  }
}

/** Is `path` already covered by a pattern of the comma-separated `list`? */
export function listCovers(list: string, path: string): boolean {
  return splitList(list).some((p) => patternMatchesPrefix(p, path));
}

export function splitList(list: string): string[] {
  return list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Adds `pattern` to a comma-separated list unless an entry already covers it; keeps the user's order. */
export function addToList(list: string, pattern: string): string {
  const items = splitList(list);
  if (items.some((p) => p === pattern || patternMatchesPrefix(p, pattern))) return items.join(',');
  return [...items, pattern].join(',');
}

/**
 * The prefix to add to GOPRIVATE for a module path: the host and, for hosts that serve many owners (github.com,
 * gitlab.com, bitbucket.org …), the owner, so one company's modules are private without making a whole public host
 * private.
 */
export function privatePatternFor(modulePath: string): string {
  const elems = modulePath.split('/');
  const sharedHosts = [
    'github.com',
    'gitlab.com',
    'bitbucket.org',
    'gitee.com',
    'codeberg.org',
    'dev.azure.com',
  ];
  if (sharedHosts.includes(elems[0]) && elems.length >= 2) return `${elems[0]}/${elems[1]}`;
  return elems[0];
}
