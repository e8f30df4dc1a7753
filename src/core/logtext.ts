/**
 * Log normalisation: turns any text that contains go output (CI logs, terminal pastes, editor logs) into
 * the go error messages it holds.
 *
 * - normaliseLog: CRLF, ANSI colours, CI timestamps, build-tool prefixes, `> ` quoting, JSON-escaped text,
 *   paste decorations (Markdown emphasis and code, list bullets, HTML entities), hard-wrapped lines;
 * - splitMessages: a message is a first line plus its indented continuation lines (and go's unindented
 *   trailers: the FAQ hint after a git failure, the SECURITY ERROR paragraphs);
 * - extractJsonErrors: the `Error` fields of `go mod download -json` objects, with their Path and Version.
 *
 * Everything works line by line with a cap on the length considered, and no expression has nested
 * repetition, so the cost is linear in the size of the log.
 */

/** Longest part of one line that is looked at; the rest of a longer line is dropped. */
export const MAX_LINE = 4096;
/** Longest message (in characters) handed to the classifier. */
export const MAX_MESSAGE = 16384;

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]{0,40}[ -/]{0,5}[@-~]|\x1b\][^\x07\x1b]{0,500}(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;
const TIMESTAMP = /^\uFEFF?\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:?\d\d)? ?/;
// Go's log package (`2026/11/30 08:15:10 `), bracketed times (`[08:15:10] `, `[2026-11-30 08:15:10] `) and GitHub
// Actions' `##[error]` annotation.
const LOG_PREFIX =
  /^(?:\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d(?:\.\d{1,9})? |\[(?:\d{4}-\d\d-\d\d[ T])?\d\d:\d\d:\d\d(?:[.,]\d{1,9})?\] ?|##\[(?:error|warning|debug|notice)\])/;
// Docker/BuildKit progress prefixes: "#13 51.81 ", "21.90 ".
const BUILDKIT = /^#\d{1,5} \d{1,6}\.\d{1,3} |^\d{1,6}\.\d{2,3} (?=\S)/;
// Quoting in issue threads and nix logs: "> ", ">", "       > ".
const QUOTE = /^ {0,12}>(?:[ \t]|$)/;
const JSON_ESCAPED =
  /\\n(?:go: |\\t|\t| {2,}\S|[A-Za-z0-9.\-/]{1,200}@|package |# cd |abort: |svn: E|bzr: |brz: |fatal: )|\\"[^"]{0,200}\\"|\\n[^\n]{0,2000}?\\n/;

function unescapeJsonText(line: string): string {
  let out = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c !== '\\' || i + 1 >= line.length) {
      out += c;
      continue;
    }
    const n = line[i + 1];
    i++;
    if (n === 'n') out += '\n';
    else if (n === 't') out += '\t';
    else if (n === 'r') out += '';
    else if (n === '"' || n === '\\' || n === '/') out += n;
    else if (n === 'u' && /^[0-9a-fA-F]{4}$/.test(line.slice(i + 1, i + 5))) {
      out += String.fromCharCode(parseInt(line.slice(i + 1, i + 5), 16));
      i += 4;
    } else out += `\\${n}`;
  }
  return out;
}

// What an issue thread or a chat adds around a pasted message. A code fence line is dropped; a list bullet or number
// only at the start of a line and before text (go's own lines start with a word, a tab or `-flag`, never `- `).
const CODE_FENCE = /^ {0,12}(?:`{3,}|~{3,})[\w+.-]{0,30}\s*$/;
const BULLET = /^ {0,6}(?:[-*+•]|\d{1,3}[.)]) {1,4}(?=\S)/;
// Paired emphasis only: `**403 Forbidden**`, `__x__` between word boundaries (never `__init__` inside a path). Each
// run stops at the next marker character, so a line is scanned once.
const BOLD_STARS = /\*\*(?=\S)([^*\n]{1,1000}?)\*\*/g;
const BOLD_UNDERSCORES = /(^|[\s(])__(?=\S)([^_\n]{1,1000}?)__(?=$|[\s).,:;!?])/g;
const ENTITY = /&(?:(quot|apos|amp|lt|gt|nbsp)|#(\d{1,7})|#x([0-9a-fA-F]{1,6}));/g;
const NAMED_ENTITY: Record<string, string> = { quot: '"', apos: "'", amp: '&', lt: '<', gt: '>', nbsp: ' ' };

function decodeEntity(m: string, name?: string, dec?: string, hex?: string): string {
  if (name !== undefined) return NAMED_ENTITY[name];
  const code = dec !== undefined ? Number(dec) : parseInt(hex ?? '', 16);
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
}

// HTML tags an issue body wraps a log in (a closed list: go prints `<nil>` and `<module>`, never these).
const HTML_TAG =
  /<\/?(?:pre|code|samp|kbd|tt|b|strong|em|i|p|br|details|summary|blockquote)\b[^<>\n]{0,200}>/gi;
// What a web page or a chat does to plain text: typographic quotes, non-breaking and zero-width spaces.
const TYPOGRAPHIC: [RegExp, string][] = [
  [/[\u201C\u201D\u201E\u2033]/g, '"'],
  [/[\u2018\u2019\u201A\u2032]/g, "'"],
  [/[\u00A0\u2007\u2009\u202F]/g, ' '],
  [/\u200B|\u200C|\u200D|\u2060/g, ''],
];

/** A line without the Markdown and HTML a paste wraps go's words in (no go message contains these forms). */
export function stripPasteMarkup(line: string): string {
  if (CODE_FENCE.test(line)) return '';
  let out = line.replace(BULLET, '');
  if (/[^\t -~]/.test(out)) for (const [re, plain] of TYPOGRAPHIC) out = out.replace(re, plain);
  if (out.includes('<')) out = out.replace(HTML_TAG, '');
  if (out.includes('`')) out = out.replace(/`/g, '');
  if (out.includes('**')) out = out.replace(BOLD_STARS, '$1');
  if (out.includes('__')) out = out.replace(BOLD_UNDERSCORES, '$1$2');
  if (out.includes('&')) out = out.replace(ENTITY, decodeEntity);
  return out;
}

function cleanLine(raw: string): string {
  let line = raw.length > MAX_LINE ? raw.slice(0, MAX_LINE) : raw;
  if (line.includes('\x1b')) line = line.replace(ANSI, '');
  line = line.replace(TIMESTAMP, '').replace(LOG_PREFIX, '');
  // Quoting can be nested ("> > go: …") and combined with build prefixes and list bullets.
  for (let k = 0; k < 4; k++) {
    const before = line;
    line = line.replace(BUILDKIT, '');
    if (QUOTE.test(line)) line = line.replace(QUOTE, '');
    line = stripPasteMarkup(line);
    if (line === before) break;
  }
  return line;
}

// A line that starts a new message (never joined to the previous line when undoing hard wraps).
const MESSAGE_START =
  /^(?:go(?: [a-z]{1,12}){0,2}: |verifying |package |SECURITY |[\w.~-]{1,100}\.[a-z]{2,20}\/\S{0,300}@\S{1,200}:|fatal: |error: |warning: |remote: |\$ |#|\{|\}|"|[A-Z][a-z]{1,20} |[A-Z][A-Za-z]{1,20}: |abort: |(?:bzr|brz): ERROR: |svn: E\d{6}: )/;

// Lines that start a message even right after a cut URL or a line left with a trailing space.
const HARD_START = /^(?:#|go: |go [a-z]{2,12}[: ]|package |\$ )/;

/** Whether `line` is the rest of the long line `prev`, cut by a terminal, a log viewer or a paste. */
function continuesWrap(prev: string, line: string): boolean {
  if (line.length === 0) return false;
  // The trace line of a VCS command (`# cd DIR; hg clone …`) is whole; what follows is the command's output.
  if (/(?:^|\s)# cd \S/.test(prev)) return false;
  // One leading space is where a wrap fell on a space (go indents continuation lines with a tab or more spaces).
  if (/^[\t ]/.test(line) && !/^ [^\s]/.test(line)) return false;
  // A URL cut short, or a line that ends in the space a wrap fell on, goes on whatever the next line looks like.
  const lastWord = prev.slice(Math.max(prev.lastIndexOf(' '), prev.lastIndexOf('\t')) + 1);
  if ((lastWord.includes('://') || /\S $/.test(prev)) && !HARD_START.test(line)) return true;
  if (MESSAGE_START.test(line)) return false;
  // A sentence ends with a full stop; a cut host name or number goes on in lower case or digits.
  return !(/\.\s?$/.test(prev) && /^[A-Z\s]/.test(line));
}

/**
 * Normalises a log: CRLF, ANSI colours, timestamps, prefixes and quoting removed, JSON-escaped text
 * decoded, hard-wrapped lines re-joined.
 */
export function normaliseLog(text: string): string {
  const out: string[] = [];
  let prevLen = 0;
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = cleanLine(raw);
    if (JSON_ESCAPED.test(line)) {
      const decoded = unescapeJsonText(line).split('\n').map(cleanLine);
      for (const d of decoded) out.push(d);
      prevLen = 0;
      continue;
    }
    const rest = out.length > 0 && prevLen >= 72 ? wrappedRest(out[out.length - 1], line) : undefined;
    if (rest !== undefined && out[out.length - 1].length + rest.length <= MAX_LINE) {
      out[out.length - 1] += rest;
      prevLen = rest.length >= 72 ? rest.length : 0;
      continue;
    }
    out.push(line);
    prevLen = line.length;
  }
  return out.join('\n');
}

/**
 * The part of `line` that continues the long line `prev` (a hard wrap), or undefined. Inside a block indented as a
 * whole (a paste indented as a code block), a wrapped line repeats the block's indentation: that is not go's own.
 */
function wrappedRest(prev: string, line: string): string | undefined {
  if (continuesWrap(prev, line)) return line;
  // The block's indentation is spaces (go indents with tabs) and may be shallower than the wrapped line's own; one
  // more space is where the wrap fell on a space.
  const spaces = /^ {1,40}/.exec(line)?.[0].length ?? 0;
  for (const k of [spaces, spaces - 1]) {
    if (k < 1 || !prev.startsWith(line.slice(0, k))) continue;
    const body = line.slice(k);
    if (/^(?:\s\s|\t)/.test(body) || prev.length - k < 72 || TRAILER.test(body.trimStart())) return undefined;
    return continuesWrap(prev.slice(k), body) ? body : undefined;
  }
  return undefined;
}

// Unindented lines go prints as part of a message.
const TRAILER =
  /^(?:Confirm the import path was entered correctly\.|If this is a private repository, see |SECURITY (?:ERROR|WARNING)|This download does NOT match|The bits may have been replaced|have intercepted the download|The checksum server has provided|not contain an entry for the download|For more information, see 'go help module-auth'|go\.sum database server misbehavior|proof of misbehavior:|note:|Please make sure you have the correct access rights|and the repository exists\.|server response:)/;

/** Splits normalised log text into go error messages (first line plus continuation lines). */
export function splitMessages(text: string): string[] {
  const messages: string[] = [];
  let current: string[] = [];
  let size = 0;
  let blankPending = false;
  const flush = (): void => {
    if (current.length > 0) messages.push(current.join('\n'));
    current = [];
    size = 0;
  };
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      blankPending = true;
      continue;
    }
    const continuation = /^[\t ]/.test(line) || TRAILER.test(line);
    if (continuation && current.length > 0) {
      if (size < MAX_MESSAGE) {
        if (blankPending && !TRAILER.test(line)) current.push('');
        current.push(line.length > MAX_LINE ? line.slice(0, MAX_LINE) : line);
        size += Math.min(line.length, MAX_LINE) + 1;
      }
    } else {
      flush();
      current.push(line.length > MAX_LINE ? line.slice(0, MAX_LINE) : line);
      size = current[0].length;
    }
    blankPending = false;
  }
  flush();
  return messages;
}

export interface JsonError {
  path?: string;
  version?: string;
  error: string;
}

/** Reads a JSON string literal starting at `start` (the opening quote); undefined if unterminated. */
function readJsonString(s: string, start: number): { value: string; end: number } | undefined {
  let i = start + 1;
  while (i < s.length) {
    const c = s[i];
    if (c === '"') {
      try {
        return { value: JSON.parse(s.slice(start, i + 1)) as string, end: i + 1 };
      } catch {
        return undefined;
      }
    }
    if (c === '\\') i += 2;
    else if (c === '\n') return undefined;
    else i++;
  }
  return undefined;
}

const FIELD = /"(Path|Version|Error)"[ \t]{0,20}:[ \t]{0,20}"/g;

/** The Error fields of `go mod download -json` objects in `text`, with the object's Path and Version. */
export function extractJsonErrors(text: string): JsonError[] {
  const out: JsonError[] = [];
  let path: string | undefined;
  let version: string | undefined;
  let nextBrace = text.indexOf('{');
  let lastOpen = -1;
  let seenOpen = -1;
  FIELD.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = FIELD.exec(text)) !== null) {
    // The object a field belongs to: the last '{' before it (scanned forward once, so linear overall).
    while (nextBrace !== -1 && nextBrace < m.index) {
      lastOpen = nextBrace;
      nextBrace = text.indexOf('{', nextBrace + 1);
    }
    if (lastOpen !== seenOpen) {
      seenOpen = lastOpen;
      path = undefined;
      version = undefined;
    }
    const str = readJsonString(text, m.index + m[0].length - 1);
    if (!str) {
      // Unterminated: skip the rest of the line rather than retrying inside it.
      const nl = text.indexOf('\n', m.index);
      if (nl === -1) break;
      FIELD.lastIndex = nl + 1;
      continue;
    }
    FIELD.lastIndex = str.end;
    if (m[1] === 'Path') path = str.value;
    else if (m[1] === 'Version') version = str.value;
    else out.push({ path, version, error: str.value });
  }
  return out;
}

/** Removes the lines holding JSON `Error` fields (they are classified from extractJsonErrors). */
export function withoutJsonErrorLines(text: string): string {
  if (!text.includes('"Error"')) return text;
  return text
    .split('\n')
    .filter((l) => !/^[ \t]{0,40}"Error"[ \t]{0,20}:/.test(l))
    .join('\n');
}
