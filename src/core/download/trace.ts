/**
 * The go command's `-x` trace on stderr: HTTP requests (`# get URL` when one starts, `# get URL: STATUS
 * (0.008s)` or `# get URL: ERROR (0.008s)` when it ends) and the commands it runs (`cd DIR; git ARGS` when one
 * starts, `0.012s # cd DIR; git ARGS` when it ends). A request or command that started and never ended was
 * still open when go stopped: after a timeout, that is what go was waiting for.
 */
import type { Stage } from '../categories.ts';
import { unescapeCasePath } from './modcache.ts';

export interface TraceRequest {
  url: string;
  host: string;
  /** Set when the request ended: "200 OK", "404 Not Found", or an error text. */
  outcome?: string;
  done: boolean;
}

export interface TraceCommand {
  /** The command line as go printed it, without the "cd DIR; " prefix. */
  command: string;
  dir?: string;
  /** The remote URL, when the command line or an earlier command in the same directory names one. */
  url?: string;
  host?: string;
  done: boolean;
}

export interface ParsedTrace {
  requests: TraceRequest[];
  commands: TraceCommand[];
  /** The trace lines themselves. */
  traceLines: string[];
  /** stderr without the trace lines: go's own messages. */
  messages: string;
}

const GET_START = /^# get (\S+)$/;
const GET_END = /^# get (\S+): (.*?)(?: \((\d+(?:\.\d+)?)s\))?$/;
const CMD_END = /^\d+\.\d+s # (.*)$/;
const CMD_START = /^(?:cd (\S+|'[^']*'); )?((?:git|hg|svn|bzr|fossil) .*)$/;
const URL_IN = /\b((?:https?|ssh|git|file):\/\/[^\s'"]+|[\w.-]+@[\w.-]+:[^\s'"]+)/;

export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    const scp = /^[\w.-]+@([\w.-]+):/.exec(url);
    return scp ? scp[1] : '';
  }
}

function unquote(s: string): string {
  return s.startsWith("'") && s.endsWith("'") ? s.slice(1, -1) : s;
}

/** The trace as it is read: what started, what ended, and the remote each directory's commands talk to. */
class TraceReader {
  readonly requests: TraceRequest[] = [];
  readonly commands: TraceCommand[] = [];
  private readonly urlByDir = new Map<string, string>();

  /** Records the line if it is part of the trace; false for go's own messages. */
  read(line: string): boolean {
    let m = GET_START.exec(line);
    if (m) {
      this.requests.push({ url: m[1], host: hostOf(m[1]), done: false });
      return true;
    }
    m = GET_END.exec(line);
    if (m) {
      this.requestEnded(m[1], m[2]);
      return true;
    }
    m = CMD_END.exec(line);
    if (m) {
      this.commandEnded(m[1]);
      return true;
    }
    m = CMD_START.exec(line);
    if (m) {
      this.commandStarted(m[2], m[1] ? unquote(m[1]) : undefined);
      return true;
    }
    return /^(mkdir|rm|mv|cp|touch|chmod) /.test(line);
  }

  private requestEnded(url: string, outcome: string): void {
    const open = this.requests.find((r) => !r.done && r.url === url);
    if (open) {
      open.done = true;
      open.outcome = outcome;
    } else this.requests.push({ url, host: hostOf(url), done: true, outcome });
  }

  private commandEnded(text: string): void {
    const open = this.commands.find(
      (c) => !c.done && (c.dir ? `cd ${c.dir}; ${c.command}` : c.command) === text,
    );
    if (open) open.done = true;
    else {
      const s = CMD_START.exec(text);
      if (s) this.commands.push({ command: s[2], dir: s[1] ? unquote(s[1]) : undefined, done: true });
    }
  }

  /** A command without a URL of its own talks to the remote an earlier command in its directory named. */
  private commandStarted(command: string, dir: string | undefined): void {
    const cmd: TraceCommand = { command, dir, done: false };
    const u = URL_IN.exec(command);
    if (u) {
      cmd.url = u[1];
      if (dir) this.urlByDir.set(dir, u[1]);
    } else if (dir && this.urlByDir.has(dir)) {
      cmd.url = this.urlByDir.get(dir);
    }
    if (cmd.url) cmd.host = hostOf(cmd.url);
    this.commands.push(cmd);
  }
}

export function parseTrace(stderr: string): ParsedTrace {
  const reader = new TraceReader();
  const traceLines: string[] = [];
  const messages: string[] = [];
  for (const line of stderr.split('\n')) (reader.read(line) ? traceLines : messages).push(line);
  return { requests: reader.requests, commands: reader.commands, traceLines, messages: messages.join('\n') };
}

/** What one open request or command says about where go was stuck. */
export interface OpenOperation {
  kind: 'http' | 'vcs';
  host: string;
  stage: Stage;
  /** Redacted-as-go-printed URL or command line. */
  what: string;
  /** The URL of the request, or the remote of the git command when known. */
  url?: string;
  module?: string;
  version?: string;
}

/** Module and version from a GOPROXY or checksum-database URL, when it has that shape. */
export function moduleOfUrl(
  url: string,
): { module: string; version?: string; kind: 'proxy' | 'sumdb' } | undefined {
  let path: string;
  try {
    path = decodeURIComponent(new URL(url).pathname);
  } catch {
    return undefined;
  }
  let m = /\/lookup\/(.+)@([^/@]+)$/.exec(path);
  if (m) {
    const mod = unescapeCasePath(m[1]);
    const ver = unescapeCasePath(m[2]);
    return mod ? { module: mod, version: ver, kind: 'sumdb' } : undefined;
  }
  m =
    /^\/(?:.*?\/)??((?:[a-z0-9!-]+\.)+[a-z0-9!-]+(?:\/[^@]+?)?)\/@(?:v\/(.+)\.(?:info|mod|zip)|v\/list|latest)$/.exec(
      path,
    );
  if (m) {
    const mod = unescapeCasePath(m[1]);
    const ver = m[2] !== undefined ? unescapeCasePath(m[2]) : undefined;
    return mod ? { module: mod, version: ver, kind: 'proxy' } : undefined;
  }
  return undefined;
}

function stageOfUrl(url: string): Stage {
  if (/[?&]go-get=1/.test(url)) return 'vcs';
  if (/\/golang\.org\/toolchain\/@v\//.test(url)) return 'toolchain';
  if (/\/(lookup|tile)\/|\/sumdb\//.test(url)) return 'verify';
  return 'http';
}

/** Requests and commands that were still open at the end of the trace, most specific first (git, then HTTP). */
export function openOperations(trace: ParsedTrace): OpenOperation[] {
  const out: OpenOperation[] = [];
  for (const c of trace.commands) {
    if (c.done) continue;
    out.push({ kind: 'vcs', host: c.host ?? '', stage: 'vcs', what: c.command, url: c.url });
  }
  for (const r of trace.requests) if (!r.done) out.push(requestOperation(r.url));
  return out;
}

/** What an HTTP request of go's is for: its host, stage and, when the URL says, module and version. */
export function requestOperation(url: string): OpenOperation {
  const op: OpenOperation = { kind: 'http', host: hostOf(url), stage: stageOfUrl(url), what: url, url };
  const mod = moduleOfUrl(url);
  if (mod) {
    op.module = mod.module;
    if (mod.version) op.version = mod.version;
  } else {
    const gg = /^https?:\/\/([^?]+)\?go-get=1/.exec(url);
    if (gg) op.module = gg[1];
  }
  return op;
}

/** One line of the trace about a request: `# get URL` (started) or `# get URL: outcome` (answered). */
export function requestLine(line: string): { url: string; done: boolean } | undefined {
  const start = GET_START.exec(line);
  if (start) return { url: start[1], done: false };
  const end = GET_END.exec(line);
  return end ? { url: end[1], done: true } : undefined;
}
