/**
 * Semantic versions and module paths as the go command checks them when it reads go.mod
 * (golang.org/x/mod semver and module rules, reimplemented).
 */

interface SemverParts {
  major: string;
  minor: string;
  patch: string;
  short: string;
  prerelease: string;
  build: string;
}

const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isIdentChar = (c: string): boolean =>
  (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || isDigit(c) || c === '-';

/** Reads a decimal number without leading zeros at s[i]; returns its end or -1. */
function readInt(s: string, i: number): number {
  let j = i;
  while (j < s.length && isDigit(s[j])) j++;
  if (j === i || (s[i] === '0' && j - i > 1)) return -1;
  return j;
}

function badNum(part: string): boolean {
  return part.length > 1 && part[0] === '0' && /^[0-9]+$/.test(part);
}

/** Reads dot-separated identifiers from s[i] (after '-' or '+') up to `stop`; returns the end or -1. */
function readIdents(s: string, i: number, stop: string | undefined, checkNum: boolean): number {
  let j = i;
  let start = i;
  while (j < s.length && s[j] !== stop) {
    const c = s[j];
    if (c === '.') {
      if (start === j || (checkNum && badNum(s.slice(start, j)))) return -1;
      start = j + 1;
    } else if (!isIdentChar(c)) {
      return -1;
    }
    j++;
  }
  if (start === j || (checkNum && badNum(s.slice(start, j)))) return -1;
  return j;
}

function parseSemver(v: string): SemverParts | undefined {
  if (v.length === 0 || v[0] !== 'v') return undefined;
  let i = readInt(v, 1);
  if (i < 0) return undefined;
  const major = v.slice(1, i);
  if (i === v.length) return { major, minor: '0', patch: '0', short: '.0.0', prerelease: '', build: '' };
  if (v[i] !== '.') return undefined;
  let j = readInt(v, i + 1);
  if (j < 0) return undefined;
  const minor = v.slice(i + 1, j);
  if (j === v.length) return { major, minor, patch: '0', short: '.0', prerelease: '', build: '' };
  if (v[j] !== '.') return undefined;
  i = readInt(v, j + 1);
  if (i < 0) return undefined;
  const patch = v.slice(j + 1, i);
  let prerelease = '';
  let build = '';
  if (i < v.length && v[i] === '-') {
    j = readIdents(v, i + 1, '+', true);
    if (j < 0) return undefined;
    prerelease = v.slice(i, j);
    i = j;
  }
  if (i < v.length && v[i] === '+') {
    j = readIdents(v, i + 1, undefined, false);
    if (j < 0) return undefined;
    build = v.slice(i, j);
    i = j;
  }
  if (i !== v.length) return undefined;
  return { major, minor, patch, short: '', prerelease, build };
}

export function isValidSemver(v: string): boolean {
  return parseSemver(v) !== undefined;
}

/** The canonical form of a semantic version (`v1.2` → `v1.2.0`, build metadata dropped), or "" if invalid. */
export function semverCanonical(v: string): string {
  const p = parseSemver(v);
  if (!p) return '';
  if (p.build !== '') return v.slice(0, v.length - p.build.length);
  return v + p.short;
}

/** "v2" for "v2.1.0"; "" if invalid. */
export function semverMajor(v: string): string {
  const p = parseSemver(v);
  return p ? `v${p.major}` : '';
}

export function semverBuild(v: string): string {
  return parseSemver(v)?.build ?? '';
}

/** Like the go command's module.CanonicalVersion: keeps `+incompatible`. "" if invalid. */
export function canonicalVersion(v: string): string {
  const cv = semverCanonical(v);
  if (cv === '') return '';
  return semverBuild(v) === '+incompatible' ? cv + '+incompatible' : cv;
}

const PSEUDO_RE =
  /^v[0-9]+\.(0\.0-|\d+\.\d+-([^+]*\.)?0\.)\d{14}-[A-Za-z0-9]+(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;

export function isPseudoVersion(v: string): boolean {
  return v.split('-').length - 1 >= 2 && isValidSemver(v) && PSEUDO_RE.test(v);
}

/**
 * Splits a module path into prefix and major-version suffix ("/v2", ".v1" for gopkg.in).
 * `ok` is false for a malformed suffix such as "/v1", "/v0", "/v2.1" or a gopkg.in path without ".vN".
 */
export function splitPathVersion(path: string): { prefix: string; pathMajor: string; ok: boolean } {
  if (path.startsWith('gopkg.in/')) {
    let i = path.length;
    if (path.endsWith('-unstable')) i -= '-unstable'.length;
    while (i > 0 && isDigit(path[i - 1])) i--;
    if (i <= 1 || path[i - 1] !== 'v' || path[i - 2] !== '.')
      return { prefix: path, pathMajor: '', ok: false };
    const pathMajor = path.slice(i - 2);
    if (pathMajor.length <= 2 || (pathMajor[2] === '0' && pathMajor !== '.v0')) {
      return { prefix: path, pathMajor: '', ok: false };
    }
    return { prefix: path.slice(0, i - 2), pathMajor, ok: true };
  }
  let i = path.length;
  let dot = false;
  while (i > 0 && (isDigit(path[i - 1]) || path[i - 1] === '.')) {
    if (path[i - 1] === '.') dot = true;
    i--;
  }
  if (i <= 1 || i === path.length || path[i - 1] !== 'v' || path[i - 2] !== '/') {
    return { prefix: path, pathMajor: '', ok: true };
  }
  const pathMajor = path.slice(i - 2);
  if (dot || pathMajor.length <= 2 || pathMajor[2] === '0' || pathMajor === '/v1') {
    return { prefix: path, pathMajor: '', ok: false };
  }
  return { prefix: path.slice(0, i - 2), pathMajor, ok: true };
}

/** The go command's complaint when version v does not fit the path's major suffix, or undefined. */
export function checkPathMajor(v: string, pathMajor: string): string | undefined {
  let pm = pathMajor;
  if (pm.startsWith('.v') && pm.endsWith('-unstable')) pm = pm.slice(0, -'-unstable'.length);
  if (v.startsWith('v0.0.0-') && pm === '.v1') return undefined;
  const m = semverMajor(v);
  let want: string;
  if (pm === '') {
    if (m === 'v0' || m === 'v1' || semverBuild(v) === '+incompatible') return undefined;
    want = 'v0 or v1';
  } else {
    if (m === pm.slice(1)) return undefined;
    want = pm.slice(1);
  }
  return `${invalidVersionNoun(v)} ${goQuote(v)} invalid: should be ${want}, not ${m}`;
}

export function invalidVersionNoun(v: string): string {
  return isPseudoVersion(v) ? 'pseudo-version' : 'version';
}

/** True for a replacement target that is a directory (".", "..", "./x", "../x", rooted, or "C:"). */
export function isDirectoryPath(ns: string): boolean {
  return (
    ns === '.' ||
    ns.startsWith('./') ||
    ns.startsWith('.\\') ||
    ns === '..' ||
    ns.startsWith('../') ||
    ns.startsWith('..\\') ||
    ns.startsWith('/') ||
    ns.startsWith('\\') ||
    (ns.length >= 2 && /^[A-Za-z]:/.test(ns))
  );
}

/** `go 1.21`, `go 1.21.3`, `go 1.21rc1` (the go command's language version syntax). */
export const GO_VERSION_RE = /^([1-9][0-9]*)\.(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))?([a-z]+[0-9]+)?$/;
/** `toolchain default` or `toolchain go1…`. */
export const TOOLCHAIN_RE = /^default$|^go1($|\.)/;

const PRINTABLE_RE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

/** Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
export function isPrintable(ch: string): boolean {
  return ch === ' ' || PRINTABLE_RE.test(ch);
}

function escapeRune(cp: number, quote: string): string {
  const ch = String.fromCodePoint(cp);
  switch (ch) {
    case '\x07':
      return '\\a';
    case '\b':
      return '\\b';
    case '\f':
      return '\\f';
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    case '\t':
      return '\\t';
    case '\v':
      return '\\v';
    case '\\':
      return '\\\\';
  }
  if (ch === quote) return '\\' + ch;
  if (isPrintable(ch)) return ch;
  if (cp < 0x80) return '\\x' + cp.toString(16).padStart(2, '0');
  if (cp < 0x10000) return '\\u' + cp.toString(16).padStart(4, '0');
  return '\\U' + cp.toString(16).padStart(8, '0');
}

/** Go's strconv.Quote (%q of a string). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) out += escapeRune(ch.codePointAt(0)!, '"');
  return out + '"';
}

/** Go's strconv.QuoteRune (%q of a rune). */
export function goQuoteRune(ch: string): string {
  return "'" + escapeRune(ch.codePointAt(0)!, "'") + "'";
}

/** The one-letter escapes of a Go string literal. */
const SIMPLE_ESCAPES = new Map([
  ['a', '\x07'],
  ['b', '\b'],
  ['f', '\f'],
  ['n', '\n'],
  ['r', '\r'],
  ['t', '\t'],
  ['v', '\v'],
  ['\\', '\\'],
  ['"', '"'],
]);

/**
 * The escape at s[i] (a backslash) of a Go string literal: the text it stands for and the index after it;
 * undefined when it is not valid Go (\x, \u, \U with their hex digits, three octal digits, or one letter).
 */
function unescapeAt(s: string, i: number): { text: string; next: number } | undefined {
  const e = s[i + 1];
  const simple = e === undefined ? undefined : SIMPLE_ESCAPES.get(e);
  if (simple !== undefined) return { text: simple, next: i + 2 };
  if (e === 'x' || e === 'u' || e === 'U') {
    const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
    const hex = s.slice(i + 2, i + 2 + n);
    if (hex.length !== n || !/^[0-9A-Fa-f]+$/.test(hex)) return undefined;
    const v = parseInt(hex, 16);
    if (e !== 'x' && (v > 0x10ffff || (v >= 0xd800 && v < 0xe000))) return undefined;
    return { text: String.fromCodePoint(v), next: i + 2 + n };
  }
  const oct = s.slice(i + 1, i + 4);
  if (!/^[0-7]{3}$/.test(oct)) return undefined;
  const v = parseInt(oct, 8);
  return v > 255 ? undefined : { text: String.fromCharCode(v), next: i + 4 };
}

/** Go's strconv.Unquote for a double-quoted string; undefined when the syntax is invalid. */
export function goUnquote(t: string): string | undefined {
  if (t.length < 2 || t[0] !== '"' || t[t.length - 1] !== '"') return undefined;
  const s = t.slice(1, -1);
  let out = '';
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === '"' || c === '\n') return undefined;
    if (c !== '\\') {
      out += c;
      i++;
      continue;
    }
    const escape = unescapeAt(s, i);
    if (!escape) return undefined;
    out += escape.text;
    i = escape.next;
  }
  return out;
}

/**
 * The go line that names the installed go, as `go mod init` writes it: the full version (1.27.3) from go 1.21
 * on. A line without its patch release (1.27) names a language version, not a toolchain, so a go command with
 * GOTOOLCHAIN=auto asks for a toolchain that does not exist. go 1.19 and 1.20 reject three-part lines: 1.20.
 */
export function goLineFor(installed: string): string | undefined {
  const m = /^(?:go)?(\d+)\.(\d+)((?:\.\d+)?(?:(?:rc|beta)\d+)?)/.exec(installed);
  if (!m) return undefined;
  const major = Number(m[1]);
  const minor = Number(m[2]);
  if (major === 1 && minor < 21) return `${major}.${minor}`;
  return m[3] ? `${major}.${minor}${m[3]}` : `${major}.${minor}.0`;
}
