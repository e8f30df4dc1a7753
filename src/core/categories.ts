/**
 * Failure categories and stages: a public contract (CLI JSON, SARIF rules, diagnostic codes, docs pages).
 * Add to these lists; never rename or remove an entry.
 */

export const CATEGORIES = [
  'go-missing',
  'syntax',
  'dns',
  'connect',
  'timeout',
  'tls',
  'http-proxy',
  'auth',
  'not-found',
  'sumdb',
  'checksum-mismatch',
  'path-mismatch',
  'invalid-version',
  'toolchain',
  'config',
  'vcs',
  'cache',
  'server',
  'unknown',
] as const;

export type Category = (typeof CATEGORIES)[number];

/** Where in a download the failure happened. */
export const STAGES = [
  'resolve',
  'connect',
  'tls',
  'proxy',
  'http',
  'vcs',
  'verify',
  'extract',
  'toolchain',
  'config',
] as const;

export type Stage = (typeof STAGES)[number];

export function isCategory(s: string): s is Category {
  return (CATEGORIES as readonly string[]).includes(s);
}

export function isStage(s: string): s is Stage {
  return (STAGES as readonly string[]).includes(s);
}
