/**
 * Results kept on disk between processes, so that a restart (of the editor, say) does not check again what
 * nothing has changed for. A saved result is used only when all of these hold:
 *
 * - the same files, environment, go binary and go version (the result key, keys.ts), the same locale (findings
 *   hold translated words) and the same format;
 * - every module cache entry the check read is unchanged (the stamp of its `@v` folder, as the in-process
 *   cache proves entries between checks);
 * - every module it found failing was tried again by this run's batch and failed with the same words (a
 *   network problem may have gone away, or changed).
 *
 * A check is saved when all it knew can be proven again that way: each of its own go runs succeeded, its graph
 * verdict came from go (whose `go mod graph` names every module it read) or from the batch's facts, and its
 * failures, if any, came from a batch. Not a vendored one (vendor/ is not in the key). go's error texts are kept
 * as hashes, never as text; findings are kept as shown (redacted). The file is written whole (a temporary file
 * renamed over it, mode 0600), and a file that cannot be read or parsed is ignored: it is a cache, never a source
 * of truth.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ModDownloadJson } from './jsonStream.ts';
import type { BatchHang, CheckResult } from './types.ts';

/** Bumped whenever CheckResult or the key's meaning changes: an older file is then ignored. */
const FORMAT = 1;
const MAX_ENTRIES = 2_000;
/** About this much JSON at most (a result of a thousand requires is a few hundred KB): the oldest go first. */
const MAX_BYTES = 8 * 1024 * 1024;

interface SavedEntry {
  at: number;
  /** The CheckResult without its runs, as JSON text. */
  result: string;
  /** [module path, version, stamp of its `@v` folder ('' for none)] for every entry the check read. */
  deps: [string, string, string][];
  /**
   * [path@version, hash of go's error text, the module whose versions its finding's change-version fix offers
   * ('' for none)] for every module the check found failing. (Files written before the third had two.)
   */
  failures: [string, string, string?][];
}

interface SavedFile {
  format: number;
  locale: string;
  entries: Record<string, SavedEntry>;
}

export type StampOf = (path: string, version: string) => string | undefined;
export type BatchFailuresByKey = ReadonlyMap<string, ModDownloadJson | BatchHang>;

const errorHash = (text: string): string => createHash('sha256').update(text).digest('base64');

/** The hash of go's error for `key` in a batch's failures; undefined when the batch did not fail it in words. */
export function failureHash(prefetched: BatchFailuresByKey | undefined, key: string): string | undefined {
  const f = prefetched?.get(key);
  return f && !('hang' in f) && f.Error !== undefined ? errorHash(f.Error) : undefined;
}

export class SavedResults {
  private entries?: Map<string, SavedEntry>;
  private dirty = false;
  /** Results given back so far (for the benchmark's and the tests' reports). */
  given = 0;

  /**
   * `file`: where they are kept (outside any workspace); `locale`: the language of the findings; `maxBytes`: about
   * how much the file may hold (the results used least recently go first).
   */
  constructor(
    readonly file: string,
    private readonly locale: string,
    private readonly maxBytes = MAX_BYTES,
  ) {}

  /** Whether no result is saved (nothing to look up: the keys need not be computed). */
  get empty(): boolean {
    return this.load().size === 0;
  }

  /** Whether a result is saved for `key` whose entries all have the same stamps now (its failures untried). */
  candidate(key: string, stampOf: StampOf): boolean {
    const e = this.load().get(key);
    return e !== undefined && this.depsHold(e, stampOf);
  }

  /**
   * The failures saved for `key` (a candidate's), with what their findings said of the change-version fix: the
   * language server lists those versions before any root's check has given its result back.
   */
  failuresOf(key: string): readonly [string, string, string?][] {
    return this.load().get(key)?.failures ?? [];
  }

  /**
   * The result saved for `key`, when every entry it read has the same stamp now (`stampOf`) and every failure
   * it holds is in this run's batch failures (`prefetched`) with the same words; else undefined.
   */
  lookup(key: string, stampOf: StampOf, prefetched?: BatchFailuresByKey): CheckResult | undefined {
    const e = this.load().get(key);
    if (!e) return undefined;
    if (!this.depsHold(e, stampOf)) return undefined;
    if (e.failures.some(([k, h]) => failureHash(prefetched, k) !== h)) return undefined;
    e.at = Date.now();
    this.entries!.delete(key);
    this.entries!.set(key, e);
    this.given++;
    return { ...(JSON.parse(e.result) as Omit<CheckResult, 'runs'>), runs: [] };
  }

  /**
   * Keeps `result` for `key`, with the stamps of the module paths the check read (`read`: path → a version)
   * and the batch's words for each module it found failing. A failure the batch did not give in words (a hang,
   * or no batch) is not kept.
   */
  record(
    key: string,
    result: CheckResult,
    read: ReadonlyMap<string, string>,
    stampOf: StampOf,
    prefetched?: BatchFailuresByKey,
  ): void {
    const failures: [string, string, string][] = [];
    for (const m of result.modules) {
      if (m.status === 'ok' || m.status === 'cached') continue;
      const k = `${m.path}@${m.version}`;
      const h = m.status === 'failed' ? failureHash(prefetched, k) : undefined;
      if (h === undefined) return;
      failures.push([k, h, changeVersionOf(result, m.path)]);
    }
    const deps: [string, string, string][] = [...read].map(([p, v]) => [p, v, stampOf(p, v) ?? '']);
    const { runs: _runs, ...kept } = result;
    const entries = this.load();
    entries.delete(key);
    entries.set(key, { at: Date.now(), result: JSON.stringify(kept), deps, failures });
    while (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
    this.dirty = true;
  }

  private depsHold(e: SavedEntry, stampOf: StampOf): boolean {
    return e.deps.every(([p, v, st]) => (stampOf(p, v) ?? '') === st);
  }

  /** Writes the file when something was recorded since the last write; an error is the caller's to log. */
  save(): void {
    if (!this.dirty || !this.entries) return;
    const data: SavedFile = {
      format: FORMAT,
      locale: this.locale,
      entries: Object.fromEntries(newestWithin(this.entries, this.maxBytes)),
    };
    const dir = dirname(this.file);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const tmp = join(dir, `.results.${randomBytes(6).toString('hex')}.tmp`);
    try {
      writeFileSync(tmp, JSON.stringify(data), { mode: 0o600, flag: 'wx' });
      renameSync(tmp, this.file);
    } catch (e) {
      rmSync(tmp, { force: true });
      throw e;
    }
    this.dirty = false;
  }

  private load(): Map<string, SavedEntry> {
    if (this.entries) return this.entries;
    this.entries = new Map();
    let data: Partial<SavedFile> | undefined;
    try {
      data = JSON.parse(readFileSync(this.file, 'utf8')) as Partial<SavedFile>;
    } catch {
      return this.entries; // none yet, or unreadable: start afresh
    }
    if (data?.format !== FORMAT || data.locale !== this.locale || typeof data.entries !== 'object')
      return this.entries;
    const byAge = Object.entries(data.entries ?? {}).sort(([, a], [, b]) => a.at - b.at);
    for (const [k, e] of byAge) if (validEntry(e)) this.entries.set(k, e);
    return this.entries;
  }
}

/** `path` when its finding offers the change-version fix (its versions are listed for it); '' when not. */
function changeVersionOf(result: CheckResult, path: string): string {
  return result.findings.some((f) => f.module === path && f.fixes.includes('change-version')) ? path : '';
}

/** The newest entries (last in `entries`) whose JSON fits in about `bytes`, oldest first. */
function newestWithin(entries: Map<string, SavedEntry>, bytes: number): [string, SavedEntry][] {
  const kept: [string, SavedEntry][] = [];
  let size = 0;
  for (const [k, e] of [...entries].reverse()) {
    size += k.length + e.result.length + 64 * (e.deps.length + e.failures.length);
    if (size > bytes) break;
    kept.push([k, e]);
  }
  return kept.reverse();
}

function validEntry(e: unknown): e is SavedEntry {
  const x = e as Partial<SavedEntry> | null;
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof x.at === 'number' &&
    typeof x.result === 'string' &&
    Array.isArray(x.deps) &&
    Array.isArray(x.failures)
  );
}
