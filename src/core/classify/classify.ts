/**
 * The classifier: go error messages in, findings out. Pure and fast: no I/O, linear-time expressions,
 * bounded message sizes.
 */
import type { Category } from '../categories.ts';
import {
  extractJsonErrors,
  normaliseLog,
  splitMessages,
  withoutJsonErrorLines,
  MAX_MESSAGE,
} from '../logtext.ts';
import { redact, redactFinding, redactedLines } from '../redact.ts';
import { explainExitCode } from './exitCodes.ts';
import { summary } from './messages.ts';
import { layerRule } from './layers.ts';
import { genericHost, hostOf, makeContext, type MessageContext } from './context.ts';
import { firstRule } from './rules.ts';
import type { ClassifyInput, Finding } from './types.ts';

/** Order of findings: the most fundamental causes first (a broken setup explains the failures after it). */
const RANK: Category[] = [
  'go-missing',
  'syntax',
  'config',
  'toolchain',
  'cache',
  'http-proxy',
  'dns',
  'connect',
  'timeout',
  'tls',
  'auth',
  'vcs',
  'server',
  'sumdb',
  'checksum-mismatch',
  'path-mismatch',
  'invalid-version',
  'not-found',
  'unknown',
];

const GENERIC = new Set(['vcs-failed', 'vcs-stderr', 'goget-other', 'go-mod-syntax-header']);
const MAX_EVIDENCE_LINES = 14;
const MAX_EVIDENCE_LINE = 400;

// A module path and version followed by ": " or " requires" (the forms of go's ModuleError and mvs chains).
const MODVER =
  /(?:^|[\s"'(])([A-Za-z0-9][A-Za-z0-9._~/+!-]{0,299})@([A-Za-z0-9][A-Za-z0-9.+_~-]{0,199})(?:\/go\.mod)?(?=:\s|:$| requires\b)/gm;
const MODULE_ONLY = /\bmodule ([A-Za-z0-9][A-Za-z0-9._~/+!-]{0,299}): /;

interface Target {
  module?: string;
  version?: string;
  chain?: string[];
}

function extractTarget(own: string): Target {
  const items: { mod: string; ver: string; requires: boolean }[] = [];
  MODVER.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = MODVER.exec(own)) !== null) {
    const requires = own.startsWith(' requires', MODVER.lastIndex);
    items.push({ mod: m[1], ver: m[2], requires });
    if (!requires) break;
    if (items.length > 50) break;
  }
  if (items.length > 0) {
    const last = items[items.length - 1];
    const target: Target = { module: last.mod, version: last.ver };
    if (items.some((i) => i.requires)) target.chain = items.map((i) => `${i.mod}@${i.ver}`);
    return target;
  }
  const mo = MODULE_ONLY.exec(own);
  return mo ? { module: mo[1] } : {};
}

function evidenceOf(message: string): string[] {
  const lines = redact(message)
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '');
  const out = lines
    .slice(0, MAX_EVIDENCE_LINES)
    // A cut line is redacted again: the cut can leave a shape the whole line did not have (AKIA and 16 capitals).
    .map((l) => (l.length > MAX_EVIDENCE_LINE ? redact(`${l.slice(0, MAX_EVIDENCE_LINE)}…`) : l));
  if (lines.length > MAX_EVIDENCE_LINES) out.push('…');
  // Every line is an output of redact now: the finding's final redaction need not go over them again.
  return redactedLines(out);
}

function findingFor(c: MessageContext, message: string): Finding {
  const matched = firstRule(c);
  const rule = matched.category === 'unknown' ? (layerRule(c) ?? matched) : matched;
  const host = rule.category === 'unknown' ? undefined : rule.host ? rule.host(c) : genericHost(c);
  const target = rule.category === 'unknown' ? {} : extractTarget(c.own);
  const key = typeof rule.summary === 'function' ? rule.summary(c, host) : rule.summary;
  const stage = typeof rule.stage === 'function' ? rule.stage(c) : rule.stage;
  const subject = rule.subject ? rule.subject(c, { ...target, host }) : host;
  const finding: Finding = {
    category: rule.category,
    stage,
    ruleId: rule.id,
    summary: summary(key, subject !== undefined ? redact(subject) : undefined),
    evidence: evidenceOf(message),
    fixes: [...rule.fixes],
  };
  if (target.module !== undefined) finding.module = target.module;
  if (target.version !== undefined) finding.version = target.version;
  if (host !== undefined) finding.host = redact(host);
  if (target.chain !== undefined) finding.chain = target.chain;
  if (rule.lowConfidence) finding.confidence = 'low';
  return finding;
}

/** Classifies one error message (one go error, possibly multi-line) into one finding; never throws. */
export function classifyMessage(message: string, hints: { viaVcs?: boolean } = {}): Finding {
  const text = message.length > MAX_MESSAGE ? message.slice(0, MAX_MESSAGE) : message;
  const c = makeContext(text);
  if (hints.viaVcs) c.viaVcs = true;
  return findingFor(c, text);
}

const TRACE_VCS_URL =
  /^(?:\d{1,6}\.\d{1,3}s # )?(?:cd \S{1,1000}; )?(?:git|hg|svn|bzr|fossil) [^\n]{0,2000}?\b[a-z][a-z+]{1,12}:\/\/(?:[^@/\s]{1,300}@)?([^\s'"]{1,1000})/gm;

/** The repositories (host/path, without scheme, credentials or ".git") the -x trace shows go running a VCS on. */
function vcsRepositories(trace: string): string[] {
  const out = new Set<string>();
  for (const m of trace.matchAll(TRACE_VCS_URL)) out.add(m[1].replace(/\/+$/, '').replace(/\.git$/, ''));
  return [...out];
}

function causeKey(f: Finding): string {
  return `${f.ruleId}|${f.host ?? ''}|${f.host === undefined ? (f.module ?? '') : ''}`;
}

const TRACE_GET = /^# get (\S{1,2000})(: .*)?$/;
const TRACE_GIT_START = /^cd (\S{1,1000}); (git|hg|svn|bzr|fossil) (.{1,2000})$/;
const TRACE_GIT_DONE = /^\d{1,6}\.\d{1,3}s # cd (\S{1,1000}); (git|hg|svn|bzr|fossil) (.{1,2000})$/;

/** Requests and VCS commands the -x trace shows as started and never finished. */
function openRequests(trace: string): Finding[] {
  const gets = new Map<string, number>();
  const cmds = new Map<string, number>();
  for (const raw of trace.split('\n')) {
    const line = raw.length > 4096 ? raw.slice(0, 4096) : raw.trim();
    const g = TRACE_GET.exec(line);
    if (g) {
      gets.set(g[1], (gets.get(g[1]) ?? 0) + (g[2] === undefined ? 1 : -1));
      continue;
    }
    const done = TRACE_GIT_DONE.exec(line);
    if (done) {
      const k = `${done[1]}; ${done[2]} ${done[3]}`;
      cmds.set(k, (cmds.get(k) ?? 0) - 1);
      continue;
    }
    const start = TRACE_GIT_START.exec(line);
    if (start) {
      const k = `${start[1]}; ${start[2]} ${start[3]}`;
      cmds.set(k, (cmds.get(k) ?? 0) + 1);
    }
  }
  const out: Finding[] = [];
  for (const [url, n] of gets) {
    if (n <= 0) continue;
    const host = hostOf(url);
    const stage = /\/lookup\//.test(url) ? 'verify' : /[?&]go-get=1/.test(url) ? 'vcs' : 'http';
    out.push({
      category: 'timeout',
      stage,
      ruleId: 'request-hung',
      host: host !== undefined ? redact(host) : undefined,
      summary: summary('request-hung', host !== undefined ? redact(host) : undefined),
      evidence: [redact(`# get ${url}`)],
      fixes: ['check-network', 'set-goproxy', 'retry-later'],
    });
  }
  for (const [cmd, n] of cmds) {
    if (n <= 0) continue;
    const url = /\b(https?:\/\/\S{1,1000}|ssh:\/\/\S{1,1000})/.exec(cmd);
    const host = url ? hostOf(url[1]) : undefined;
    out.push({
      category: 'timeout',
      stage: 'vcs',
      ruleId: 'git-hung',
      host: host !== undefined ? redact(host) : undefined,
      summary: summary('git-hung', host !== undefined ? redact(host) : undefined),
      evidence: [redact(`cd ${cmd}`)],
      fixes: ['check-network', 'git-credentials', 'set-goproxy'],
    });
  }
  return out.map((f) => {
    if (f.host === undefined) delete f.host;
    return f;
  });
}

/** The go error messages in a piece of free text (a log, a paste, stderr). */
export function messagesOf(text: string): {
  messages: string[];
  json: { path?: string; version?: string; error: string }[];
} {
  const json = extractJsonErrors(text);
  const rest = json.length > 0 ? withoutJsonErrorLines(text) : text;
  return { messages: splitMessages(normaliseLog(rest)), json };
}

/** The findings of one input, one per cause, in the order their causes were first seen. */
class Findings {
  readonly order: Finding[] = [];
  /** Up to three messages no rule recognised: the evidence if nothing else is found. */
  readonly unknownMessages: string[] = [];
  private readonly byKey = new Map<string, Finding>();
  private readonly seenMessages = new Set<string>();
  private readonly repositories: string[];

  constructor(repositories: string[]) {
    this.repositories = repositories;
  }

  /** Keeps a finding unless its cause is known already (then only a module name it adds). */
  add(f: Finding): void {
    if (f.category === 'unknown') return;
    const key = causeKey(f);
    const prior = this.byKey.get(key);
    if (prior) {
      if (prior.module === undefined && f.module !== undefined) prior.module = f.module;
      return;
    }
    this.byKey.set(key, f);
    this.order.push(f);
  }

  /** Classifies one message (once per module and text), with the module it was reported for if any. */
  consider(message: string, path?: string, version?: string): void {
    const text = message.length > MAX_MESSAGE ? message.slice(0, MAX_MESSAGE) : message;
    const dedupe = `${path ?? ''}@${version ?? ''}\n${text}`;
    if (this.seenMessages.has(dedupe)) return;
    this.seenMessages.add(dedupe);
    const viaVcs =
      path !== undefined && this.repositories.some((r) => path === r || path.startsWith(`${r}/`));
    const f = classifyMessage(text, { viaVcs });
    if (f.category === 'unknown') {
      if (this.unknownMessages.length < 3) this.unknownMessages.push(text);
      return;
    }
    if (path !== undefined && f.module === undefined) f.module = path;
    if (version !== undefined && f.version === undefined) f.version = version;
    this.add(f);
  }
}

/** Every message of the input classified: go's JSON errors, stderr, free text, then what hung in the trace. */
function collect(input: ClassifyInput): Findings {
  const found = new Findings(vcsRepositories(`${input.trace ?? ''}\n${input.stderr ?? ''}`));
  for (const e of input.jsonErrors ?? []) found.consider(e.error, e.path, e.version);
  for (const source of [input.stderr, input.text]) {
    if (!source) continue;
    const { messages, json } = messagesOf(source);
    for (const e of json) found.consider(e.error, e.path, e.version);
    for (const m of messages) found.consider(m);
  }
  // A request still open at the end is a hang only when go did not end on its own.
  if (
    input.trace &&
    (input.signal !== undefined || (input.exitCode ?? 0) > 128 || input.exitCode === undefined)
  ) {
    for (const f of openRequests(input.trace)) found.add(f);
  }
  return found;
}

/** A bare wrapper ("a VCS command failed") adds nothing next to a specific cause. */
function withoutWrappers(order: Finding[]): Finding[] {
  const specific = order.filter((f) => !GENERIC.has(f.ruleId));
  return specific.length > 0 ? specific : order;
}

/** The one finding when no rule matched: a kill by a signal, or `unknown` with the exit code explained. */
function fallback(input: ClassifyInput, unknownMessages: string[]): Finding {
  if (input.signal !== undefined || (input.exitCode !== undefined && input.exitCode > 128)) {
    return {
      category: 'unknown',
      stage: undefined,
      ruleId: 'killed-by-signal',
      summary: summary('killed-by-signal', explainExitCode(input.exitCode, input.signal)),
      evidence: unknownMessages.flatMap(evidenceOf).slice(0, MAX_EVIDENCE_LINES),
      fixes: ['retry-later'],
    };
  }
  const f = classifyMessage(unknownMessages.join('\n'));
  if (input.exitCode !== undefined && input.exitCode !== 0) {
    f.summary = `${f.summary} ${explainExitCode(input.exitCode)}`;
  }
  return f;
}

/** Most fundamental first, each stamped with how go ended. */
function ranked(order: Finding[], input: ClassifyInput): Finding[] {
  // A finding a rule named comes before one the layer detector guessed (another tool's line in the same log).
  const rank = (f: Finding): number => RANK.indexOf(f.category) + (f.confidence === 'low' ? RANK.length : 0);
  const sorted = order
    .map((f, i) => ({ f, i }))
    .sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i)
    .map(({ f }) => f);
  for (const f of sorted) {
    if (input.exitCode !== undefined) f.goExitCode = input.exitCode;
    if (input.signal !== undefined) f.signal = input.signal;
  }
  return sorted;
}

/**
 * Classifies everything a run (or a log) produced. Findings are de-duplicated by cause and sorted with the
 * most fundamental first; unrecognisable input gives a single `unknown` finding.
 */
export function classify(input: ClassifyInput): Finding[] {
  const found = collect(input);
  const order = withoutWrappers(found.order);
  if (order.length === 0) order.push(fallback(input, found.unknownMessages));
  return ranked(order, input).map(redactFinding);
}

/** The engine of `gomod-doctor explain`: the findings in any text that contains go output. */
export function explainText(text: string): Finding[] {
  return classify({ text });
}
