/**
 * Redaction of secrets in any text the engine shows or stores: passwords in URLs (as the go command does,
 * `user:xxxxx@host`), Authorization headers, .netrc entries, token query parameters, token-shaped strings.
 *
 * Every expression here is linear: single quantifiers over character classes, no nested repetition.
 */

export const REDACTED = 'xxxxx';

const RULES: [RegExp, string | ((substring: string, ...args: string[]) => string)][] = [
  // https://user:secret@host -> https://user:xxxxx@host (go's own url.Redacted form).
  [/(\b[A-Za-z][A-Za-z0-9+.-]{0,20}:\/\/)([^\s/:@"'<>]{0,200}):([^\s/@"'<>]{1,500})@/g, `$1$2:${REDACTED}@`],
  // https://<token>@host: a long user name without a password is a token.
  [/(\b[A-Za-z][A-Za-z0-9+.-]{0,20}:\/\/)([A-Za-z0-9_.~-]{20,500})@/g, `$1${REDACTED}@`],
  // Authorization: Bearer abc / Proxy-Authorization: Basic abc (keep the scheme, drop the value).
  [
    /\b((?:Proxy-)?Authorization["']?\s{0,5}[:=]\s{0,5}["']?)(?:(Basic|Bearer|Token|Digest|Negotiate|NTLM|token)\s{1,5})?[^\s"',;]{1,2000}/gi,
    (_m: string, head: string, scheme: string | undefined) =>
      `${head}${scheme ? `${scheme} ` : ''}${REDACTED}`,
  ],
  // Header-ish key=value or key: value pairs naming a secret.
  [
    /\b(password|passwd|pwd|secret|client_secret|access_token|private_token|api_key|apikey|token|PRIVATE-TOKEN|X-Auth-Token|X-API-Key|JOB-TOKEN)(["']?\s{0,5}[:=]\s{0,5}["']?)(?!xxxxx)[^\s"'&,;)]{1,2000}/gi,
    `$1$2${REDACTED}`,
  ],
  // Query parameters carrying credentials.
  [
    /([?&](?:access_token|private_token|token|auth|key|api_key|apikey|password|sig|signature|X-Amz-Signature|X-Amz-Credential|X-Amz-Security-Token|client_secret)=)[^&\s"'#]{1,2000}/gi,
    `$1${REDACTED}`,
  ],
  // Token shapes: GitHub, GitLab, Bitbucket app passwords are not recognisable; AWS key ids.
  [/\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{16,255}/g, REDACTED],
  [/\bgithub_pat_[A-Za-z0-9_]{20,255}/g, REDACTED],
  [/\bgl(?:pat|dt|rt|ptt|cbt|imt|agent|oas)-[A-Za-z0-9_-]{16,255}/g, REDACTED],
  [/\bAKIA[0-9A-Z]{16}\b/g, REDACTED],
];

// .netrc keywords: only on lines that look like .netrc content, so prose such as "Password for" is kept.
const NETRC_LINE =
  /^\s{0,40}(?:machine|default|login|password|account|macdef)\b|\bmachine\s{1,20}\S{1,300}\s{1,20}(?:login|password)\b/;
const NETRC_VALUE = /\b(login|password|account)(\s{1,20})(?!xxxxx)\S{1,2000}/g;

/** Redacts secrets in one line of text. */
function redactLine(line: string): string {
  let out = line;
  if (NETRC_LINE.test(out)) out = out.replace(NETRC_VALUE, `$1$2${REDACTED}`);
  for (const [re, by] of RULES) {
    re.lastIndex = 0;
    out = typeof by === 'string' ? out.replace(re, by) : out.replace(re, by);
  }
  return out;
}

/** Redacts passwords, tokens and .netrc credentials in `text`, line by line. */
export function redact(text: string): string {
  if (text.length === 0) return text;
  return text.split('\n').map(redactLine).join('\n');
}
