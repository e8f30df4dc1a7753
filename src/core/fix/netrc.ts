/**
 * Reading and editing .netrc files without disturbing anything else in them.
 *
 * Two readings. parseNetrc is the lenient one (whitespace-separated tokens; an entry starts with `machine NAME`
 * or `default`; `login`, `password` and `account` take one value; `macdef NAME` runs to a blank line), used to
 * summarise and redact. goNetrcLines is the go command's own reading (cmd/go/internal/auth/netrc.go, whose
 * behaviour it reproduces): line by line, words taken in pairs within a line, a macro ending only at a truly
 * empty line, nothing read after a line that ends in a lone `default`, an entry counted once it has machine,
 * login and password, the first one for a host winning. Every edit is checked against that reading: after
 * upsertNetrcEntry, go finds exactly the credentials written and every other host's as before.
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

// go splits a line into words at Unicode white space (strings.Fields).
const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;
const GO_WORD = /[^\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g;

function checkValue(what: string, v: string): void {
  // eslint-disable-next-line no-control-regex
  if (v === '' || /\s/.test(v) || GO_SPACE.test(v) || /[\x00-\x1f\x7f]/.test(v)) {
    throw new NetrcValueError(
      `a .netrc ${what} cannot be empty or contain spaces, line breaks or control characters`,
    );
  }
}

/** One set of credentials as the go command reads a .netrc, with where its words are. */
export interface GoNetrcLine {
  machine: Token;
  login: Token;
  password: Token;
}

/** The credentials the go command reads from a .netrc, in order (go uses the first one for a host). */
export function goNetrcLines(text: string): GoNetrcLine[] {
  const out: GoNetrcLine[] = [];
  let cur: Partial<GoNetrcLine> = {};
  let inMacro = false;
  let lineStart = 0;
  for (const line of text.split('\n')) {
    const at = lineStart;
    lineStart += line.length + 1;
    if (inMacro) {
      if (line === '') inMacro = false;
      continue;
    }
    const words: Token[] = [...line.matchAll(GO_WORD)].map((m) => ({
      text: m[0],
      start: at + m.index,
      end: at + m.index + m[0].length,
    }));
    let i = 0;
    for (; i < words.length - 1; i += 2) {
      const [key, value] = [words[i].text, words[i + 1]];
      if (key === 'machine') cur = { machine: value };
      else if (key === 'login') cur.login = value;
      else if (key === 'password') cur.password = value;
      else if (key === 'macdef') inMacro = true;
      if (cur.machine && cur.login && cur.password) {
        out.push(cur as GoNetrcLine);
        cur = {};
      }
    }
    if (i < words.length && words[i].text === 'default') break;
  }
  return out;
}

/** The login and password go sends to `machine` (host, or host:port), or undefined. */
export function goNetrcLookup(
  text: string,
  machine: string,
): { login: string; password: string } | undefined {
  const l = goNetrcLines(text).find((x) => x.machine.text === machine);
  return l ? { login: l.login.text, password: l.password.text } : undefined;
}

function applyEdits(text: string, edits: { start: number; end: number; text: string }[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start))
    out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/** The lenient reading's entry for `machine`, updated in place (other tokens and bytes kept). */
function updatedInPlace(text: string, machine: string, login: string, password: string): string | undefined {
  const entry = parseNetrc(text).find((e) => e.machine === machine);
  if (!entry) return undefined;
  const edits: { start: number; end: number; text: string }[] = [];
  if (entry.login) edits.push({ start: entry.login.start, end: entry.login.end, text: login });
  if (entry.password) edits.push({ start: entry.password.start, end: entry.password.end, text: password });
  let insert = '';
  if (!entry.login) insert += ` login ${login}`;
  if (!entry.password) insert += ` password ${password}`;
  if (insert !== '') edits.push({ start: entry.headerEnd, end: entry.headerEnd, text: insert });
  return applyEdits(text, edits);
}

/** Where a new entry may go, in order of preference: before the first default entry, at the end, first. */
function withNewEntry(text: string, line: string, eol: string): string[] {
  const out: string[] = [];
  const dflt = parseNetrc(text).find((e) => e.machine === undefined);
  if (dflt) {
    const lineStart = text.lastIndexOf('\n', dflt.start - 1) + 1;
    out.push(text.slice(0, lineStart) + line + text.slice(lineStart));
  }
  // A macro that runs to the end of the file would swallow what follows: end it with an empty line.
  const sep = text === '' || text.endsWith('\n\n') ? '' : text.endsWith('\n') ? '\n' : '\n\n';
  out.push(text === '' || text.endsWith('\n') ? text + line : text + eol + line);
  out.push(text + sep + line);
  out.push(line + text);
  return out;
}

/**
 * Returns the text with `machine` set to `login`/`password` so that the go command reads exactly those for it
 * and reads every other host as before: the entry go uses is updated in place (its other tokens and all
 * other bytes kept); else the lenient reading's entry is; else a new entry goes before any `default`, at the
 * end, or first — the first of these that go reads as intended.
 */
export function upsertNetrcEntry(text: string, machine: string, login: string, password: string): string {
  checkValue('machine name', machine);
  checkValue('login', login);
  checkValue('password', password);
  const others = new Map<string, { login: string; password: string } | undefined>();
  for (const l of goNetrcLines(text))
    if (l.machine.text !== machine) others.set(l.machine.text, goNetrcLookup(text, l.machine.text));
  const ok = (candidate: string): boolean => {
    const got = goNetrcLookup(candidate, machine);
    if (got?.login !== login || got.password !== password) return false;
    for (const [m, v] of others) {
      const now = goNetrcLookup(candidate, m);
      if (now?.login !== v?.login || now?.password !== v?.password) return false;
    }
    return true;
  };
  const candidates: string[] = [];
  const used = goNetrcLines(text).find((l) => l.machine.text === machine);
  if (used) {
    candidates.push(
      applyEdits(text, [
        { start: used.login.start, end: used.login.end, text: login },
        { start: used.password.start, end: used.password.end, text: password },
      ]),
    );
  }
  const inPlace = updatedInPlace(text, machine, login, password);
  if (inPlace !== undefined) candidates.push(inPlace);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  candidates.push(...withNewEntry(text, `machine ${machine} login ${login} password ${password}${eol}`, eol));
  const good = candidates.find(ok);
  if (good === undefined) throw new NetrcValueError('the go command would not read this .netrc entry');
  return good;
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
