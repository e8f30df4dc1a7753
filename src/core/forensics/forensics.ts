/**
 * Checksum forensics, on request after a checksum mismatch: the h1: hashes of one module version as the proxy
 * serves it, as its origin serves it (go run with GOPROXY=direct in a private module cache), as the checksum
 * database records it (a lookup), and as go.sum holds it; then which case it is:
 *   - tag-moved: the origin differs while the proxy and the database agree (the tag was moved after the proxy
 *     and the database saw it): pin another version;
 *   - go-sum-stale: only go.sum differs (a stale or badly merged go.sum): the fix rewrites those lines from the
 *     database, and only when the user asks;
 *   - proxy-disagrees: the proxy serves bytes the database does not know: a warning that something upstream is
 *     wrong (do not trust that proxy for this module).
 * Each go process runs outside any module, with GOSUMDB=off (the point is to see the bytes, not to verify them),
 * in a temporary GOMODCACHE removed afterwards; nothing of the user's is written.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { escapeCasePath } from '../download/modcache.ts';
import { t } from '../l10n.ts';
import { redact } from '../redact.ts';
import { run } from '../run/runner.ts';
import { parseGoproxy, parseGosumdb } from '../route/route.ts';
import { fetchText } from './fetch.ts';

export interface Hashes {
  /** h1: of the module zip. */
  zip?: string;
  /** h1: of its go.mod. */
  mod?: string;
  /** Why they could not be had (redacted). */
  error?: string;
  /** Where they came from (redacted URL, "go.sum", …). */
  from?: string;
}

export type Verdict = 'tag-moved' | 'go-sum-stale' | 'proxy-disagrees' | 'all-agree' | 'inconclusive';

export interface ForensicsResult {
  module: string;
  version: string;
  proxy: Hashes;
  origin: Hashes;
  db: Hashes;
  goSum: Hashes;
  verdict: Verdict;
  /** Plain explanation (translated). */
  message: string;
  /** For go-sum-stale: the database's lines that replace the module's lines in go.sum. */
  goSumLines?: string[];
}

export interface ForensicsInput {
  goBin: string;
  module: string;
  version: string;
  /** The environment go runs with. */
  env: Record<string, string>;
  /** The text of go.sum (or go.work.sum), when there is one. */
  goSumText?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** The two hashes go.sum holds for module@version. */
export function goSumHashes(text: string | undefined, module: string, version: string): Hashes {
  const out: Hashes = { from: 'go.sum' };
  for (const line of (text ?? '').split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length !== 3 || f[0] !== module) continue;
    if (f[1] === version) out.zip = f[2];
    else if (f[1] === `${version}/go.mod`) out.mod = f[2];
  }
  return out;
}

/** go.sum with module@version's lines replaced by `lines` (added at the end when it had none). */
export function rewriteGoSum(text: string, module: string, version: string, lines: string[]): string {
  const isOurs = (l: string): boolean => {
    const f = l.trim().split(/\s+/);
    return f[0] === module && (f[1] === version || f[1] === `${version}/go.mod`);
  };
  const kept = text.split('\n').filter((l) => !isOurs(l));
  while (kept.length > 0 && kept[kept.length - 1] === '') kept.pop();
  return [...kept, ...lines].join('\n') + '\n';
}

async function hashesFromGo(i: ForensicsInput, goproxy: string, label: string): Promise<Hashes> {
  const dir = mkdtempSync(join(tmpdir(), 'gmd-forensics-'));
  try {
    const env: Record<string, string> = {
      ...i.env,
      GOPROXY: goproxy,
      GOSUMDB: 'off',
      GOPRIVATE: '',
      GONOPROXY: '',
      GONOSUMDB: '',
      GOFLAGS: '-modcacherw',
      GOMODCACHE: join(dir, 'mod'),
      GOWORK: 'off',
      GOTOOLCHAIN: 'local',
    };
    const r = await run([i.goBin, 'mod', 'download', '-json', `${i.module}@${i.version}`], {
      env,
      cwd: dir,
      timeoutMs: i.timeoutMs ?? 120_000,
      signal: i.signal,
      maxOutputBytes: 1024 * 1024,
    });
    let obj: { Sum?: string; GoModSum?: string; Error?: string } = {};
    try {
      obj = JSON.parse(r.stdout) as typeof obj;
    } catch {
      return { from: label, error: redact(r.stderr.trim() || r.spawnError?.message || 'go gave no answer') };
    }
    if (obj.Error) return { from: label, error: redact(obj.Error) };
    return {
      from: label,
      ...(obj.Sum ? { zip: obj.Sum } : {}),
      ...(obj.GoModSum ? { mod: obj.GoModSum } : {}),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  }
}

/** The database's record for module@version: through a proxy that serves it, else at its own URL. */
async function hashesFromDb(i: ForensicsInput): Promise<Hashes> {
  const db = parseGosumdb(i.env.GOSUMDB || 'sum.golang.org');
  if (i.env.GOSUMDB === 'off' || 'error' in db)
    return { error: t('no checksum database (GOSUMDB={0})', i.env.GOSUMDB ?? '') };
  const key = `${escapeCasePath(i.module)}@${escapeCasePath(i.version)}`;
  const bases = db.explicit
    ? [db.url]
    : [
        ...parseGoproxy(i.env.GOPROXY || 'https://proxy.golang.org,direct')
          .filter((e) => /^https?:\/\//.test(e.url))
          .map((e) => `${e.url.replace(/\/+$/, '')}/sumdb/${db.name}`),
        db.url,
      ];
  let last: Hashes = { error: t('the checksum database did not answer') };
  for (const base of bases) {
    const r = await fetchText(`${base.replace(/\/+$/, '')}/lookup/${key}`, i.env, 20_000);
    const from = redact(base);
    if (r.status === 200) {
      const h = goSumHashes(r.body.split('\n\n')[0], i.module, i.version);
      return { ...h, from };
    }
    last = { from, error: redact(r.error ?? `${r.status ?? '?'} ${r.body.split('\n')[0]}`) };
  }
  return last;
}

const same = (a: Hashes, b: Hashes): boolean =>
  a.zip !== undefined &&
  b.zip !== undefined &&
  a.zip === b.zip &&
  (a.mod === undefined || b.mod === undefined || a.mod === b.mod);
const known = (h: Hashes): boolean => h.zip !== undefined;
const goSumDiffers = (s: Hashes, ref: Hashes): boolean =>
  (s.zip !== undefined && s.zip !== ref.zip) ||
  (s.mod !== undefined && ref.mod !== undefined && s.mod !== ref.mod);

/** Which case the four sets of hashes show (see the file comment). */
export function verdictOf(
  proxy: Hashes,
  origin: Hashes,
  db: Hashes,
  goSum: Hashes,
): { verdict: Verdict; message: string } {
  const m = (v: Verdict, message: string): { verdict: Verdict; message: string } => ({ verdict: v, message });
  if (known(proxy) && known(db) && !same(proxy, db))
    return m(
      'proxy-disagrees',
      t(
        'The proxy serves content the checksum database does not record: something upstream is wrong. Do not trust this proxy for this module; report it to whoever runs it.',
      ),
    );
  const originMoved = known(db)
    ? known(origin) && !same(origin, db) && (!known(proxy) || same(proxy, db))
    : known(origin) && known(proxy) && !same(origin, proxy);
  if (originMoved)
    return m(
      'tag-moved',
      t(
        'The origin now serves different content for this version than the proxy and the checksum database recorded: the tag was moved after it was published. Pin another version (or a pseudo-version of the commit you want).',
      ),
    );
  const ref = known(db) ? db : known(proxy) && known(origin) && same(proxy, origin) ? proxy : undefined;
  if (ref && goSumDiffers(goSum, ref))
    return m(
      'go-sum-stale',
      t(
        "Only go.sum differs: it is stale or was badly merged. The fix replaces its lines for this version with the checksum database's.",
      ),
    );
  if (ref && known(goSum))
    return m('all-agree', t('The proxy, the origin, the checksum database and go.sum agree.'));
  return m(
    'inconclusive',
    t("Not enough hashes could be had to tell the cases apart (see each source's error)."),
  );
}

/** Gathers the four sets of hashes (the go runs and the lookup at the same time) and tells the case. */
export async function checksumForensics(i: ForensicsInput): Promise<ForensicsResult> {
  const firstProxy = parseGoproxy(i.env.GOPROXY || 'https://proxy.golang.org,direct').find((e) =>
    /^(https?|file):\/\//.test(e.url),
  );
  const [proxy, origin, db] = await Promise.all([
    firstProxy
      ? hashesFromGo(i, firstProxy.url, redact(firstProxy.url))
      : Promise.resolve<Hashes>({ error: t('GOPROXY names no proxy') }),
    hashesFromGo(i, 'direct', 'direct'),
    hashesFromDb(i),
  ]);
  const goSum = goSumHashes(i.goSumText, i.module, i.version);
  const v = verdictOf(proxy, origin, db, goSum);
  const out: ForensicsResult = { module: i.module, version: i.version, proxy, origin, db, goSum, ...v };
  if (v.verdict === 'go-sum-stale' && db.zip) {
    out.goSumLines = [
      `${i.module} ${i.version} ${db.zip}`,
      ...(db.mod ? [`${i.module} ${i.version}/go.mod ${db.mod}`] : []),
    ];
  }
  return out;
}
