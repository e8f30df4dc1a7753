/**
 * Reading and editing .netrc files without disturbing anything else in them.
 *
 * The grammar is the one the go command and curl (hence git) read: whitespace-separated tokens; an entry starts
 * with `machine NAME` or `default`; `login`, `password` and `account` take one value; `macdef NAME` is followed by
 * lines up to a blank line. No quoting, so values cannot contain whitespace.
 */

interface Token {
  text: string;
  start: number;
  end: number;
}

export interface NetrcEntry {
  /** The machine name, or undefined for `default`. */
  machine: string | undefined;
  login?: Token;
  password?: Token;
  /** Offset just after the `machine NAME` (or `default`) tokens. */
  headerEnd: number;
  /** Offset of the entry's first token. */
  start: number;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const re = /\S+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m[0] === 'macdef') {
      tokens.push({ text: m[0], start: m.index, end: m.index + m[0].length });
      // Skip the macro's name and body: everything up to the next blank line.
      const blank = /\n[ \t]*\r?\n/g;
      blank.lastIndex = re.lastIndex;
      const b = blank.exec(text);
      re.lastIndex = b ? b.index + b[0].length : text.length;
      continue;
    }
    tokens.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  }
  return tokens;
}

/** The entries of a .netrc file, with the offsets of their values. */
export function parseNetrc(text: string): NetrcEntry[] {
  const tokens = tokenize(text);
  const entries: NetrcEntry[] = [];
  let cur: NetrcEntry | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i];
    switch (tok.text) {
      case 'machine': {
        const name = tokens[i + 1];
        cur = { machine: name?.text ?? '', headerEnd: name?.end ?? tok.end, start: tok.start };
        entries.push(cur);
        i++;
        break;
      }
      case 'default':
        cur = { machine: undefined, headerEnd: tok.end, start: tok.start };
        entries.push(cur);
        break;
      case 'login':
      case 'password':
      case 'account': {
        const value = tokens[i + 1];
        if (cur && value && tok.text !== 'account') cur[tok.text] = value;
        i++;
        break;
      }
      case 'macdef':
        cur = undefined;
        break;
      default:
        break;
    }
  }
  return entries;
}

/** What a report may show about a .netrc: the machines and whether each has a login and a password. */
export function summarizeNetrc(text: string): { machine: string; hasLogin: boolean; hasPassword: boolean }[] {
  return parseNetrc(text).map((e) => ({
    machine: e.machine ?? 'default',
    hasLogin: e.login !== undefined,
    hasPassword: e.password !== undefined,
  }));
}

export class NetrcValueError extends Error {}

function checkValue(what: string, v: string): void {
  if (v === '' || /\s/.test(v)) {
    throw new NetrcValueError(`a .netrc ${what} cannot be empty or contain spaces`);
  }
}

/**
 * Returns the text with `machine` set to `login`/`password`: an existing entry is updated in place (its other
 * tokens and all other bytes are kept); otherwise a new entry is added before any `default` entry.
 */
export function upsertNetrcEntry(text: string, machine: string, login: string, password: string): string {
  checkValue('machine name', machine);
  checkValue('login', login);
  checkValue('password', password);
  const entries = parseNetrc(text);
  const entry = entries.find((e) => e.machine === machine);
  if (entry) {
    const edits: { start: number; end: number; text: string }[] = [];
    if (entry.login) edits.push({ start: entry.login.start, end: entry.login.end, text: login });
    if (entry.password) edits.push({ start: entry.password.start, end: entry.password.end, text: password });
    let insert = '';
    if (!entry.login) insert += ` login ${login}`;
    if (!entry.password) insert += ` password ${password}`;
    if (insert !== '') edits.push({ start: entry.headerEnd, end: entry.headerEnd, text: insert });
    edits.sort((a, b) => b.start - a.start);
    let out = text;
    for (const e of edits) out = out.slice(0, e.start) + e.text + out.slice(e.end);
    return out;
  }
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const line = `machine ${machine} login ${login} password ${password}${eol}`;
  const dflt = entries.find((e) => e.machine === undefined);
  if (dflt) return text.slice(0, dflt.start) + line + text.slice(dflt.start);
  if (text === '' || text.endsWith('\n')) return text + line;
  return text + eol + line;
}

/**
 * The machine name under which the go command looks up credentials for a URL: the host, with the port when it
 * is not the scheme's default (observed on go 1.23 to 1.27: `machine 127.0.0.1:8805`). git, through curl,
 * matches the host alone. Credentials are only ever sent over https.
 */
export function netrcMachineForGo(url: string): string {
  const u = new URL(url);
  const defaultPort = u.protocol === 'https:' ? '443' : u.protocol === 'http:' ? '80' : '';
  return u.port !== '' && u.port !== defaultPort ? `${u.hostname}:${u.port}` : u.hostname;
}

/** Replaces login and password values in .netrc text, for logs and reports. */
export function redactNetrcText(text: string): string {
  const entries = parseNetrc(text);
  const spans = entries.flatMap((e) => [e.login, e.password]).filter((t): t is Token => t !== undefined);
  spans.sort((a, b) => b.start - a.start);
  let out = text;
  for (const s of spans) out = out.slice(0, s.start) + 'xxxxx' + out.slice(s.end);
  return out;
}
