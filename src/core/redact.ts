/**
 * Redaction of secrets in any text the engine shows or stores: credentials in URLs (as the go command does,
 * `user:xxxxx@host`), Authorization/Cookie/API-key headers (also in go's `map[Authorization:[…]]` form),
 * environment-style assignments naming a secret, .netrc entries, credential query parameters, token-shaped
 * strings. redact() also drops terminal control sequences: what it returns is safe to print.
 *
 * Every expression here is linear: single quantifiers over character classes, no nested repetition.
 */
import type { Finding } from './classify/types.ts';

export const REDACTED = 'xxxxx';

type Replacer = (substring: string, ...args: string[]) => string;

// Words that make a name (an environment variable, a header, a query parameter, a JSON key) a secret's.
const SECRET_WORDS = new Set([
  'token',
  'password',
  'passwd',
  'pass',
  'pwd',
  'secret',
  'key',
  'apikey',
  'credential',
  'credentials',
  'creds',
  'authorization',
  'cookie',
  'session',
  'sessionid',
  'signature',
  'sig',
  'pat',
  'privatekey',
  'accesskey',
]);

/** Whether a name such as GITHUB_TOKEN, X-Gitlab-Api-Key, apiKey or client-secret names a secret. */
export function isSecretName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[\s_.-]+/);
  if (words.some((w) => SECRET_WORDS.has(w))) return true;
  return false;
}

// User names that carry no secret by convention (ssh's git@, the fixed user of token-as-password schemes).
const PLAIN_USERS = new Set([
  'git',
  'oauth2',
  'x-access-token',
  'x-token-auth',
  'gitlab-ci-token',
  'anonymous',
]);
const SCHEME = /\b[A-Za-z][A-Za-z0-9+.-]{0,20}:\/\//g;
const MAX_AUTHORITY = 65536;

/**
 * Credentials of every URL in `line`. The authority runs to the first "/" or white space and its user
 * information to the last "@" in it, as go's URL parser reads it, so a password with quotes, "<", ">" or a
 * raw "@", of any length, is found. The user stays when a password follows it (go's own form) unless it looks
 * like a token; a user alone is a token unless it is a conventional name such as git.
 */
function redactUrls(line: string): string {
  if (!line.includes('://')) return line;
  let out = '';
  let from = 0;
  SCHEME.lastIndex = 0;
  for (let m = SCHEME.exec(line); m !== null; m = SCHEME.exec(line)) {
    const start = m.index + m[0].length;
    if (start < from) continue;
    let end = start;
    while (end < line.length && end - start < MAX_AUTHORITY && !/[\s/]/.test(line[end])) end++;
    const at = line.lastIndexOf('@', end - 1);
    if (at < start) continue;
    const userinfo = line.slice(start, at);
    const colon = userinfo.indexOf(':');
    const user = colon === -1 ? userinfo : userinfo.slice(0, colon);
    const plainUser = user.length < 20 && /^[^\s"'<>,;{}[\]]*$/.test(user);
    let shown: string;
    if (colon === -1) shown = PLAIN_USERS.has(user) || user === REDACTED ? user : REDACTED;
    else shown = `${plainUser ? user : REDACTED}:${REDACTED}`;
    out += line.slice(from, start) + shown;
    from = at;
  }
  return out + line.slice(from);
}

const ASSIGNMENT = /(?<=^|[\s"'{,;([?&])([A-Za-z_][A-Za-z0-9_.-]{0,80})(["']?\s{0,5}[:=]\s{0,5})/g;
const HEADERS_OF_THEIR_OWN = /^(?:proxy-)?authorization$|^(?:set-)?cookie$/i;

/** Where a value starting at `i` ends: a quoted string whole, else up to white space or a separator. */
function valueEnd(line: string, i: number): number {
  const q = line[i];
  if (q === '"' || q === "'") {
    const close = line.indexOf(q, i + 1);
    return close === -1 ? line.length : close + 1;
  }
  let end = i;
  while (end < line.length && end - i < 4000 && !/[\s"'&,;)\]]/.test(line[end])) end++;
  return end;
}

/** NAME=value, name: value, "name": "value" where the name names a secret (GITHUB_TOKEN=, X-Api-Key:, …). */
function redactAssignments(line: string): string {
  let out = '';
  let from = 0;
  for (const m of line.matchAll(ASSIGNMENT)) {
    const name = m[1];
    if (m.index < from || !isSecretName(name) || HEADERS_OF_THEIR_OWN.test(name)) continue;
    const start = m.index + m[0].length;
    const end = valueEnd(line, start);
    const value = line.slice(start, end);
    const quote = /^["']/.test(value) ? value[0] : '';
    if (value.length === 0 || value.slice(quote.length).startsWith(REDACTED)) continue;
    out += `${line.slice(from, start)}${quote}${REDACTED}${quote}`;
    from = end;
  }
  return out + line.slice(from);
}

/**
 * Each rule: its expression, its replacement, and what a line must contain for the expression to match at all
 * (a literal it needs, case-insensitively for the rules that ignore case), so most lines skip most rules.
 */
const RULES: [RegExp, string | Replacer, string][] = [
  // go's header map: map[Authorization:[Basic abc] X-Api-Key:[abc]].
  [
    /\b([A-Za-z][A-Za-z0-9-]{0,80}):\[([^\]\n]{0,4000})\]/g,
    (m: string, name: string) => (isSecretName(name) ? `${name}:[${REDACTED}]` : m),
    ':[',
  ],
  // Authorization: Bearer abc / Proxy-Authorization: Basic abc (keep the scheme, drop the value).
  [
    /\b((?:Proxy-)?Authorization["']?\s{0,5}[:=]\s{0,5}["']?)(?:(Basic|Bearer|Token|Digest|Negotiate|NTLM|token)\s{1,5})?(?!xxxxx|\[)([^\s"',;\]]{1,4000})/gi,
    (m: string, head: string, scheme: string | undefined, value: string) =>
      // "Bearer xxxxx" is already redacted: the scheme alone is not a value.
      !scheme && /^(?:Basic|Bearer|Token|Digest|Negotiate|NTLM)$/i.test(value)
        ? m
        : `${head}${scheme ? `${scheme} ` : ''}${REDACTED}`,
    'authorization',
  ],
  // Cookie headers: every cookie is a secret.
  [/\b((?:Set-)?Cookie\s{0,5}:\s{0,5})(?!xxxxx|\[)[^\n]{1,4000}/gi, `$1${REDACTED}`, 'cookie'],
  // Query parameters carrying credentials (?access_token=, &api-key=, X-Amz-Signature=, …).
  [
    /([?&;])([A-Za-z][A-Za-z0-9_.-]{0,80})=([^&\s"'#]{1,4000})/g,
    (m: string, sep: string, name: string) =>
      isSecretName(name) || /^X-Amz-|^auth$/i.test(name) ? `${sep}${name}=${REDACTED}` : m,
    '=',
  ],
  // Token shapes: GitHub, GitLab, AWS key ids.
  [/\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{16,255}/g, REDACTED, 'gh'],
  [/\bgithub_pat_[A-Za-z0-9_]{20,255}/g, REDACTED, 'github_pat_'],
  [/\bgl(?:pat|dt|rt|ptt|cbt|imt|agent|oas)-[A-Za-z0-9_-]{16,255}/g, REDACTED, 'gl'],
  [/\bAKIA[0-9A-Z]{16}\b/g, REDACTED, 'AKIA'],
];

/** The rules' expressions and the literal each needs (for the test that the literal is needed). */
export const redactionRuleNeeds: readonly (readonly [RegExp, string])[] = RULES.map(([re, , needs]) => [
  re,
  needs,
]);

// .netrc keywords: only on lines that look like .netrc content, so prose such as "Password for" is kept.
const NETRC_LINE =
  /^\s{0,40}(?:machine|default|login|password|account|macdef)\b|\bmachine\s{1,20}\S{1,300}\s{1,20}(?:login|password)\b/;
const NETRC_VALUE = /\b(login|password|account)(\s{1,20})(?!xxxxx)\S{1,4000}/g;

const ESCAPES =
  // eslint-disable-next-line no-control-regex
  /\x1b\[[0-?]{0,64}[ -/]{0,8}[@-~]|\x1b[\]PX^_][^\x07\x1b\x9c\n]{0,4000}(?:\x07|\x1b\\|\x9c)?|\x1b[ -~]?/g;
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

/**
 * Drops terminal control sequences (CSI such as colours, OSC such as window titles) and every other C0 and C1
 * control character except newline and tab, so text from a server cannot drive the terminal it is printed on.
 */
export function stripControls(text: string): string {
  // eslint-disable-next-line no-control-regex
  if (!/[\x00-\x08\x0b-\x1f\x7f-\x9f]/.test(text)) return text;
  return text.replace(ESCAPES, '').replace(CONTROLS, '');
}

/** Redacts secrets in one line of text. */
function redactLine(line: string): string {
  let out = redactUrls(line);
  if (/[:=]/.test(out)) out = redactAssignments(out);
  if (NETRC_LINE.test(out)) out = out.replace(NETRC_VALUE, `$1$2${REDACTED}`);
  let lower: string | undefined;
  for (const [re, by, needs] of RULES) {
    const hay = re.ignoreCase ? (lower ??= out.toLowerCase()) : out;
    if (!hay.includes(needs)) continue;
    re.lastIndex = 0;
    out = typeof by === 'string' ? out.replace(re, by) : out.replace(re, by);
    lower = undefined;
  }
  return out;
}

/** Redacts passwords, tokens and .netrc credentials in `text`, line by line, and drops control characters. */
export function redact(text: string): string {
  if (text.length === 0) return text;
  return stripControls(text).split('\n').map(redactLine).join('\n');
}

/** Line lists that redactedLines made (a finding's evidence): redactFinding does not redact them again. */
const redactedLists = new WeakSet<readonly string[]>();

/**
 * Marks `lines` as redacted already (each one an output of redact, which gives the same text when applied
 * again), so that redactFinding does not pay for it twice; a copy of the list is redacted as usual.
 */
export function redactedLines(lines: string[]): string[] {
  redactedLists.add(lines);
  return lines;
}

/** A finding whose every shown string (module, version, host, chain, summary, evidence) is redacted. */
export function redactFinding<T extends Finding>(f: T): T {
  const evidence = redactedLists.has(f.evidence) ? [...f.evidence] : f.evidence.map(redact);
  const out: T = { ...f, summary: redact(f.summary), evidence };
  if (f.module !== undefined) out.module = redact(f.module);
  if (f.version !== undefined) out.version = redact(f.version);
  if (f.host !== undefined) out.host = redact(f.host);
  if (f.chain !== undefined) out.chain = f.chain.map(redact);
  return out;
}
