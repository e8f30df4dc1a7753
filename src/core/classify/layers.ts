/**
 * The last resort before `unknown`: no rule matched the message's wording, but the text still shows which layer
 * failed (an HTTP status with its reason phrase, an HTTP/2 error code name, a module-mode flag with a refusal, a Go
 * version mismatch). The finding is then the layer's rule, marked as a lower-confidence guess (`layer-` ids).
 *
 * A table of signals, each a few literal-anchored expressions without nested repetition, run only on messages no
 * rule recognised.
 */
import type { MessageContext, Rule } from './context.ts';
import { firstRule, RULES } from './rules.ts';

// The reason phrases net/http prints after a 4xx or 5xx status (RFC 9110), so that a bare number is never read as one;
// redirects and successes are not failures.
const STATUS_WITH_REASON =
  /\b([1-5]\d\d) (?:Not Found|Gone|Forbidden|Unauthorized|Proxy Authentication Required|Too Many Requests|Bad Request|Internal Server Error|Bad Gateway|Service Unavailable|Gateway Timeout|Method Not Allowed|Not Acceptable|Request Timeout|Conflict|Unavailable For Legal Reasons)\b/i;
const TRACE_LINE = /^\s{0,20}# get /m;
const FIRST_URL = /\bhttps?:\/\/[^\s"'<>()]{1,2000}/;

// Words go uses when it refuses a setting.
const REFUSAL =
  /\b(?:disabled|not allowed|not supported|not permitted|cannot|can't|refus(?:ed|es|ing)|invalid|only valid|may only|must not|conflicts?)\b/i;

interface LayerSignal {
  /** What the signal shows, for the reader of this table. */
  layer: string;
  /** All of these must be found in the message's own part (in any order). */
  all: RegExp[];
  /** The rule whose category, summary and fixes the finding takes. */
  rule: string;
}

const SIGNALS: LayerSignal[] = [
  {
    // x/net/http2's error code names (a stream reset or GOAWAY, however the paste shortened its sentence).
    layer: 'HTTP/2',
    all: [
      /\b(?:INTERNAL_ERROR|PROTOCOL_ERROR|REFUSED_STREAM|FLOW_CONTROL_ERROR|STREAM_CLOSED|FRAME_SIZE_ERROR|COMPRESSION_ERROR|CONNECT_ERROR|ENHANCE_YOUR_CALM|SETTINGS_TIMEOUT|HTTP_1_1_REQUIRED)\b/,
    ],
    rule: 'http2-stream',
  },
  {
    layer: 'workspace (go.work) refused',
    all: [/\bgo\.work\b|\bGOWORK\b|\bworkspace mode\b/, REFUSAL],
    rule: 'workspace-modules',
  },
  {
    layer: 'vendor mode refused',
    all: [/-mod[= ]vendor\b/, REFUSAL],
    rule: 'mod-vendor',
  },
  {
    layer: 'a -mod flag or GOFLAGS refused',
    all: [/-mod[= ][a-z]{1,20}\b|\bGOFLAGS\b/, REFUSAL],
    rule: 'goflags',
  },
  {
    layer: 'a tool built with an older go',
    all: [/\b(?:built|compiled) with (?:Go |go ?)1?\.?\d{1,3}|\brequires newer Go version\b/i],
    rule: 'tool-built-older',
  },
  {
    layer: 'a newer go required',
    all: [/\bgo ?>= ?1\.\d{1,3}|\brequires (?:a )?newer (?:version of )?Go\b|\bgo\.mod requires go\b/i],
    rule: 'too-new',
  },
];

const byId = (id: string): Rule => {
  const rule = RULES.find((r) => r.id === id);
  if (!rule) throw new Error(`layers.ts: no rule ${id}`);
  return rule;
};

function borrowed(id: string): Rule {
  const rule = byId(id);
  return { ...rule, id: `layer-${rule.id}`, any: undefined, when: undefined, lowConfidence: true };
}

/**
 * The rule of the layer `c` shows, when no rule matched it; undefined when the text shows no layer. A status with its
 * reason phrase is read as the status go would have printed (so a public proxy's 403 is still not a credentials
 * problem), and the status rules decide.
 */
export function layerRule(c: MessageContext): Rule | undefined {
  // go's -x trace (`# get URL: 404 Not Found (0.01s)`) logs requests, failed or not: it is never a failure itself.
  if (TRACE_LINE.test(c.own)) return undefined;
  const status = STATUS_WITH_REASON.exec(c.own);
  if (status && c.status === undefined) {
    const withStatus = { ...c, status: { code: Number(status[1]), url: FIRST_URL.exec(c.own)?.[0] ?? '' } };
    const rule = firstRule(withStatus);
    if (rule.category !== 'unknown') {
      c.status = withStatus.status;
      return { ...rule, id: `layer-${rule.id}`, lowConfidence: true };
    }
  }
  for (const s of SIGNALS) {
    if (s.all.every((re) => re.test(c.own))) return borrowed(s.rule);
  }
  return undefined;
}
