/** Small helpers the check's steps share. */
import { join } from 'node:path';

/** The module cache go would use under `env` (GOMODCACHE, else the first GOPATH entry's pkg/mod). */
export function gomodcacheOf(env: Record<string, string>): string {
  if (env.GOMODCACHE) return env.GOMODCACHE;
  const gopath = (env.GOPATH ?? '').split(process.platform === 'win32' ? ';' : ':').find((p) => p !== '');
  return join(gopath ?? join(env.HOME ?? env.USERPROFILE ?? '', 'go'), 'pkg', 'mod');
}

export function versionAtLeast(v: string | undefined, major: number, minor: number): boolean {
  const m = /^(\d+)\.(\d+)/.exec(v ?? '');
  if (!m) return false;
  return +m[1] > major || (+m[1] === major && +m[2] >= minor);
}

/** Runs `fn` over `items` with at most `limit` calls in flight. */
export async function forEachLimit<T>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
