/**
 * Shared machinery for giving lines meaning: error reporting with LSP ranges, spans, and the argument checks
 * (strings, versions, go/toolchain/godebug arguments) go.mod and go.work both use, worded as go words them.
 */
import type { Godebug, ParseError, Range, Spanned } from '../types.ts';
import {
  GO_VERSION_RE,
  TOOLCHAIN_RE,
  canonicalVersion,
  goQuote,
  goUnquote,
  invalidVersionNoun,
} from '../versions.ts';
import type { Locator } from './locator.ts';
import type { Token } from './lexer.ts';
import type { Line } from './structure.ts';

export class Interpreter {
  readonly errors: ParseError[] = [];
  constructor(readonly loc: Locator) {}

  error(start: number, end: number, message: string): void {
    this.errors.push({ range: this.loc.range(start, end), message });
  }
  errorAt(tokens: Token[], message: string): void {
    this.error(tokens[0].start, tokens[tokens.length - 1].end, message);
  }
  span(t: Token, value = t.text): Spanned {
    return { value, range: this.loc.range(t.start, t.end) };
  }
  /** The entry's range: its first token through its trailing comment. */
  lineRange(verbTok: Token | undefined, line: Line): Range {
    const first = verbTok ?? line.tokens[0];
    const last = line.suffix ?? line.tokens[line.tokens.length - 1];
    return this.loc.range(first.start, last.end);
  }

  /** go's parseString: unquotes "…", rejects other quotes. */
  str(t: Token): { value: string } | { error: string } {
    if (t.text.startsWith('"')) {
      const v = goUnquote(t.text);
      return v === undefined ? { error: 'invalid syntax' } : { value: v };
    }
    if (/["'`]/.test(t.text)) return { error: 'unquoted string cannot contain quote' };
    return { value: t.text };
  }

  /** go's parseVersion without a fixer: the canonical version, or go's message. */
  version(verb: string, path: string, t: Token): { value: string } | { error: string } {
    const prefix = path !== '' ? `${verb} ${path}: ` : `${verb}: `;
    const s = this.str(t);
    if ('error' in s) {
      return { error: `${prefix}${invalidVersionNoun(t.text)} ${goQuote(t.text)} invalid: ${s.error}` };
    }
    const cv = canonicalVersion(s.value);
    if (cv === '') {
      return {
        error: `${prefix}${invalidVersionNoun(s.value)} ${goQuote(s.value)} invalid: must be of the form v1.2.3`,
      };
    }
    return { value: cv };
  }

  godebug(tokens: Token[], args: Token[]): Godebug | undefined {
    if (args.length !== 1 || /["`',]/.test(args[0].text)) {
      this.errorAt(tokens, 'usage: godebug key=value');
      return undefined;
    }
    const t = args[0];
    const eq = t.text.indexOf('=');
    if (eq < 0) {
      this.errorAt(tokens, 'usage: godebug key=value');
      return undefined;
    }
    return {
      key: { value: t.text.slice(0, eq), range: this.loc.range(t.start, t.start + eq) },
      value: { value: t.text.slice(eq + 1), range: this.loc.range(t.start + eq + 1, t.end) },
      range: { start: this.loc.pos(0), end: this.loc.pos(0) },
    };
  }

  oneArg(tokens: Token[], args: Token[], usage: string): Spanned | undefined {
    if (args.length !== 1) {
      this.errorAt(tokens, usage);
      return undefined;
    }
    const s = this.str(args[0]);
    if ('error' in s) {
      this.errorAt(args, `invalid quoted string: ${s.error}`);
      return undefined;
    }
    return this.span(args[0], s.value);
  }

  goVersion(tokens: Token[], args: Token[]): Spanned | undefined {
    if (args.length !== 1) {
      this.errorAt(tokens, 'go directive expects exactly one argument');
      return undefined;
    }
    if (!GO_VERSION_RE.test(args[0].text)) {
      this.errorAt(args, `invalid go version '${args[0].text}': must match format 1.23.0`);
      return undefined;
    }
    return this.span(args[0]);
  }

  toolchain(tokens: Token[], args: Token[]): Spanned | undefined {
    if (args.length !== 1) {
      this.errorAt(tokens, 'toolchain directive expects exactly one argument');
      return undefined;
    }
    if (!TOOLCHAIN_RE.test(args[0].text)) {
      this.errorAt(
        args,
        `invalid toolchain version '${args[0].text}': must match format go1.23.0 or default`,
      );
      return undefined;
    }
    return this.span(args[0]);
  }
}
