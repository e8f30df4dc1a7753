/**
 * What a rule reads of a message: its context (the message split at `server response:`, its first HTTP status,
 * whether a VCS ran) and the host it is about. The rule table (rules.ts) is written over these.
 */
import type { Category, Stage } from '../categories.ts';
import type { SummaryKey } from './messages.ts';
import type { FixId } from './types.ts';

export interface MessageContext {
  /** The whole message. */
  text: string;
  /** The part before `server response:` (what happened on this machine). */
  own: string;
  /** The part after `server response:` (what the remote server reported), or ''. */
  server: string;
  /** The first HTTP status in the own part, with its URL. */
  status?: { code: number; url: string };
  /** Whether the own part shows a git (or other VCS) command or git's own output. */
  vcs: boolean;
  /** Whether the run's trace shows go fetching this module with git (GOPROXY=direct, GOPRIVATE): a stage hint only. */
  viaVcs?: boolean;
}

export interface Rule {
  id: string;
  category: Category;
  stage: Stage | ((c: MessageContext) => Stage | undefined) | undefined;
  summary: SummaryKey | ((c: MessageContext, host: string | undefined) => SummaryKey);
  fixes: FixId[];
  /** Any of these on the own part (or where `on` says). */
  any?: RegExp[];
  /** Additionally required. */
  when?: (c: MessageContext) => boolean;
  on?: 'own' | 'text';
  /** How to find the host for this rule (default: the generic extraction). */
  host?: (c: MessageContext) => string | undefined;
  /** Set on a layer's rule taken when no rule matched the wording (layers.ts): a lower-confidence finding. */
  lowConfidence?: boolean;
  /** What `{0}` in the summary names (default: the host). */
  subject?: (
    c: MessageContext,
    t: { module?: string; version?: string; host?: string },
  ) => string | undefined;
}

// go's `reading URL: 404 Not Found`, go 1.11's `unexpected status (URL): 404`, net/http's `Get "URL": 404`, and a
// bare `URL: 403 Forbidden` (a title, a tool that drops go's words), never a -x trace line (`# get URL: 200 OK`).
const HTTP_STATUS =
  /(?:\breading(?:\s{1,20}|(?=https?:\/\/))(\S{1,2000})|(?<=^|\s)(?<!# get )(?=https?:\/\/)(\S{1,2000})|\bunexpected status \((\S{1,2000})\)|\bGet "?([^"\s]{1,2000})"?): ([1-5]\d\d)(?![\w.:/-])/;

// GOPATH mode's `go get -v`: `Parsing meta tags from URL (status code 403)`.
const GOPATH_STATUS = /\bParsing meta tags from (\S{1,2000}) \(status code ([1-5]\d\d)\)/;

export function findStatus(own: string): { code: number; url: string } | undefined {
  const m = HTTP_STATUS.exec(own);
  if (!m) {
    const g = GOPATH_STATUS.exec(own);
    return g ? { code: Number(g[2]), url: g[1] } : undefined;
  }
  return { code: Number(m[5]), url: m[1] ?? m[2] ?? m[3] ?? m[4] ?? '' };
}

// Module mode (`git … in DIR: exit status N`), GOPATH mode (`# cd DIR; hg clone …`, `package P: exit status N`),
// and go's own code for version control (a crash in codehost, a VCS it cannot read zips from, nested checkouts).
const GIT_CONTEXT =
  /\b(?:git|hg|svn|bzr|brz|fossil) [a-z-]{2,20} .{0,600}? in \S{1,1000}: |exit status 12[89]|^\s{0,20}fatal: |\bgit clone |\bgit ls-remote |\bgit fetch |^\s{0,20}# cd \S{1,1000}; (?:git|hg|svn|bzr|brz|fossil) |^package \S{1,500}: exit status \d{1,3}\s*$|\bmodfetch\/codehost\.|\bnot implemented for (?:svn|hg|bzr|fossil)\b|" uses (?:git|hg|svn|bzr|brz|fossil), but parent "/m;

export function makeContext(text: string): MessageContext {
  const i = text.indexOf('server response:');
  const own = i === -1 ? text : text.slice(0, i);
  const server = i === -1 ? '' : text.slice(i);
  return { text, own, server, status: findStatus(own), vcs: GIT_CONTEXT.test(own) };
}

export function hostOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  const m = /^[a-z][a-z0-9+.-]{0,20}:\/\/(?:[^@/\s]{0,300}@)?([^/?#\s"']{1,300})/i.exec(url);
  return m ? m[1] : undefined;
}

const PROXY_DIAL = /proxyconnect tcp: dial tcp (?:\[([^\]\s]{1,100})\]|([^\s:[]{1,300})):(\d{1,5})/;
const PROXY_LOOKUP = /proxyconnect tcp: dial tcp: lookup ([^\s:]{1,300})/;
const SOCKS = /\bsocks connect tcp ([^\s>]{1,300})->/;
export function proxyHost(c: MessageContext): string | undefined {
  const m = PROXY_DIAL.exec(c.own);
  if (m) return `${m[1] !== undefined ? `[${m[1]}]` : m[2]}:${m[3]}`;
  const l = PROXY_LOOKUP.exec(c.own);
  return l ? l[1] : SOCKS.exec(c.own)?.[1];
}

export function gitHost(c: MessageContext): string | undefined {
  const patterns = [
    /Could not resolve host: ([^\s'"]{1,300})/,
    /unable to access '([^']{1,1000})'/,
    /for '([^']{1,1000})'/,
    /repository '([^']{1,1000})' not found/,
    /Failed to connect to ([^\s]{1,300}) port/,
    /\b[\w.-]{1,64}@([\w.-]{1,255}): Permission denied/,
    /ssh: connect to host ([^\s]{1,300})/,
    /\bgit ls-remote -q (?:--end-of-options )?(https?:\/\/\S{1,1000}) in /,
  ];
  for (const re of patterns) {
    const m = re.exec(c.own);
    if (m) return hostOf(m[1]) ?? m[1];
  }
  return undefined;
}

const LOOKUP = /\blookup ([^\s:]{1,300}?)(?: on [^\s:]{1,300}(?::\d{1,5})?)?: /;
const URL_GET = /\b(?:Get|Head|Post) "?([a-z][a-z0-9+.-]{0,20}:\/\/[^"\s]{1,2000})"?:/g;
const IMPORT_PATH = /unrecognized import path "([^"\s]{1,500})"/;
const DIAL = /\bdial tcp \[?([0-9a-fA-F:.]{2,100}?)\]?:(\d{1,5})\b/;
const READ_TCP = /\b(?:read|write) tcp \S{1,100}->\[?([0-9a-fA-F:.]{2,100}?)\]?:\d{1,5}:/;

/** The host a message is about: the innermost URL, a DNS name, or the import path's first element. */
export function genericHost(c: MessageContext): string | undefined {
  const lookup = LOOKUP.exec(c.own);
  if (lookup) return lookup[1];
  let last: string | undefined;
  URL_GET.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = URL_GET.exec(c.own)) !== null) last = m[1];
  if (last) return hostOf(last);
  if (c.status) return hostOf(c.status.url) ?? c.status.url.split('/')[0];
  const g = gitHost(c);
  if (g) return g;
  const ip = IMPORT_PATH.exec(c.own);
  if (ip) return ip[1].split('/')[0];
  const d = DIAL.exec(c.own);
  if (d) return d[1];
  const r = READ_TCP.exec(c.own);
  if (r) return r[1];
  return undefined;
}
