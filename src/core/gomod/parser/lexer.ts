/**
 * The go.mod / go.work lexer: text to tokens (identifiers, strings, punctuation, newlines, comments), like go's
 * modfile lexer, reporting bad input as errors instead of stopping.
 */
import { goQuoteRune, isPrintable } from '../versions.ts';

export type Kind = 'ident' | 'string' | 'punct' | 'nl' | 'comment' | 'eolcomment' | 'eof';

export interface Token {
  kind: Kind;
  text: string;
  start: number;
  end: number;
  /** A lexical error was reported on this token. */
  bad: boolean;
}

export interface LexError {
  start: number;
  end: number;
  message: string;
}

const SLASH_STAR = 'mod files must use // comments (not /* */ comments)';

function isSpaceRune(ch: string): boolean {
  return /^[\t\n\v\f\r \u0085\u00a0\p{Zs}\u2028\u2029]$/u.test(ch);
}

/** 1 for the ASCII characters an identifier may hold (isIdentRune below 0x80). */
const ASCII_IDENT = new Uint8Array(0x80);
for (let c = 0x21; c < 0x7f; c++) ASCII_IDENT[c] = '()[]{},'.includes(String.fromCharCode(c)) ? 0 : 1;

function isIdentRune(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (c < 0x80) return c > 0x20 && c < 0x7f && !'()[]{},'.includes(ch);
  switch (ch) {
    case ' ':
    case '(':
    case ')':
    case '[':
    case ']':
    case '{':
    case '}':
    case ',':
      return false;
  }
  return isPrintable(ch) && !isSpaceRune(ch);
}

/** The code point at i as a string (one or two UTF-16 units; a lone surrogate stays one unit). */
function runeAt(s: string, i: number): string {
  const c = s.charCodeAt(i);
  if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
    const d = s.charCodeAt(i + 1);
    if (d >= 0xdc00 && d < 0xe000) return s.slice(i, i + 2);
  }
  return s[i];
}

/**
 * The end of the identifier starting at start: it stops before `//`, before a `/*` (reported) and before any
 * character an identifier may not hold. A first character that cannot start one is reported and is the token.
 */
function identEnd(s: string, start: number, errors: LexError[]): number {
  const r = runeAt(s, start);
  if (!isIdentRune(r)) {
    errors.push({ start, end: start + r.length, message: `unexpected input character ${goQuoteRune(r)}` });
    return start + r.length;
  }
  let i = start;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c === 0x2f) {
      const n = s.charCodeAt(i + 1);
      if (n === 0x2f) break;
      if (n === 0x2a) {
        errors.push({ start: i, end: i + 2, message: SLASH_STAR });
        break;
      }
    }
    // ASCII, nearly every character of a go.mod: a table lookup instead of a one-character string.
    if (c < 0x80) {
      if (ASCII_IDENT[c] === 0) break;
      i++;
      continue;
    }
    const ch = runeAt(s, i);
    if (!isIdentRune(ch)) break;
    i += ch.length;
  }
  return i;
}

/** The end of the "…" or `…` string starting at start; an unterminated one is reported and ends early. */
function stringEnd(s: string, start: number, errors: LexError[]): number {
  const quote = s[start];
  let i = start + 1;
  for (;;) {
    if (i >= s.length) {
      errors.push({ start, end: i, message: 'unexpected EOF in string' });
      return i;
    }
    if (s[i] === '\n') {
      errors.push({ start, end: i, message: 'unexpected newline in string' });
      return i;
    }
    const d = s[i++];
    if (d === quote) return i;
    if (d === '\\' && quote === '"') {
      if (i >= s.length) {
        errors.push({ start, end: i, message: 'unexpected EOF in string' });
        return i;
      }
      i += runeAt(s, i).length;
    }
  }
}

/**
 * The tokens of s, ending with an 'eof' token; lexical errors go to `errors`. One loop with closures over the
 * position, as measured fastest (bench/micro.ts); identifiers and strings are scanned by the helpers above.
 */
export function lex(s: string, errors: LexError[]): Token[] {
  const toks: Token[] = [];
  let i = 0;
  /** The current line has a token before i (so a comment here is an end-of-line comment). */
  let lineHasText = false;
  const push = (kind: Kind, start: number, end: number, bad = false): void => {
    toks.push({ kind, text: s.slice(start, end), start, end, bad });
  };
  /** A comment from i to the end of the line; it swallows the newline, as go's lexer does. */
  const comment = (bad: boolean): void => {
    const start = i;
    let j = s.indexOf('\n', i);
    const nl = j >= 0;
    if (!nl) j = s.length;
    const end = j > start && s[j - 1] === '\r' ? j - 1 : j;
    push(lineHasText ? 'eolcomment' : 'comment', start, end, bad);
    i = nl ? j + 1 : j;
    lineHasText = false;
  };
  /** An identifier or a string at i (or one bad character, reported). */
  const word = (c: string): void => {
    const start = i;
    const errorsBefore = errors.length;
    const isString = c === '"' || c === '`';
    i = isString ? stringEnd(s, i, errors) : identEnd(s, i, errors);
    const bad = errors.length > errorsBefore;
    push(isString ? 'string' : 'ident', start, i, bad);
    // A "/*" glued to the identifier (reported where it starts): go reads the rest of the line as a comment.
    if (bad && !isString && errors[errors.length - 1].start === i) comment(true);
  };
  while (i < s.length) {
    const c = s[i];
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (c === '/' && s[i + 1] === '/') {
      comment(false);
    } else if (c === '/' && s[i + 1] === '*') {
      errors.push({ start: i, end: i + 2, message: SLASH_STAR });
      lineHasText = true;
      comment(true);
    } else if (c === '\n') {
      push('nl', i, i + 1);
      i++;
      lineHasText = false;
    } else if ('()[]{},'.includes(c)) {
      lineHasText = true;
      push('punct', i, i + 1);
      i++;
    } else {
      lineHasText = true;
      word(c);
    }
  }
  push('eof', s.length, s.length);
  return toks;
}
