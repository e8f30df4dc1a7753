/**
 * Applying a fix chosen from a quick fix: environment changes (`go env -w` for the user, or values for the
 * workspace settings that the client writes), .netrc credentials, module cache entries. Every file write is
 * atomic and keeps modes; nothing secret is logged or returned.
 */
import { promises as fs } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { escapeCasePath } from '../core/download/modcache.ts';
import { NetrcValueError } from '../core/fix/netrc.ts';
import { checkModuleArg } from '../core/gomod/modpath.ts';
import { NetrcPathError, saveNetrcCredentials } from '../core/fix/netrcFile.ts';
import { FIX_SPECS } from '../core/fix/specs.ts';
import { FIX_IDS, type FixId } from '../core/classify/types.ts';
import { probeProxyCandidates } from '../core/fix/proxyCandidates.ts';
import { t } from '../core/l10n.ts';
import { run } from '../core/run/runner.ts';
import type { TextEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import { addMissingSums, applyRequireChange } from './modSumFix.ts';
import type { ApplyFixParams, ApplyFixResult } from '../shared/protocol.ts';
import type { RootResult } from './engine.ts';
import type { DoctorSettings, GoExtensionSettings } from './settings.ts';

export interface FixContext {
  root: string;
  /** The editor's text of an open file (go.mod/go.sum fixes start from it). */
  readText?: (path: string) => string | undefined;
  /** Applies a workspace edit in the editor (go.mod/go.sum fixes); false when the editor cannot. */
  applyEdit?: (edit: WorkspaceEdit) => Promise<boolean>;
  settings: DoctorSettings;
  goSettings: GoExtensionSettings;
  httpProxy: string;
  rootResult: RootResult | undefined;
}

/** The environment variables a fix sets, from the current effective values (the fix table says how). */
export function envChangesFor(
  p: ApplyFixParams,
  effective: Record<string, string>,
): Record<string, string> | undefined {
  if (!isFixId(p.fix)) return undefined;
  return FIX_SPECS[p.fix].env?.(p.inputs ?? {}, effective);
}

async function goEnvWrite(ctx: FixContext, vars: Record<string, string>): Promise<ApplyFixResult> {
  const r = ctx.rootResult;
  if (!r?.goBin || !r.env)
    return { ok: false, message: t('The go command is not available, so go env -w cannot run.') };
  const args = Object.entries(vars).map(([k, v]) => `${k}=${v}`);
  const res = await run([r.goBin, 'env', '-w', ...args], { env: r.env, cwd: ctx.root, timeoutMs: 30_000 });
  if (res.exitCode !== 0) {
    return {
      ok: false,
      message: t('go env -w failed: {0}', res.stderr.trim() || String(res.exitCode ?? res.signal)),
    };
  }
  // Only a non-empty variable beats the go env file (go's own rule); an empty one is as good as unset.
  const shadowed = Object.keys(vars).filter(
    (k) => r.envSources?.[k] === 'process' && (r.env?.[k] ?? '') !== '',
  );
  if (shadowed.length > 0) {
    return {
      ok: true,
      message: t(
        'Saved with go env -w, but {0} is also set in the environment VS Code was started with, which takes precedence: change it there too.',
        shadowed.join(', '),
      ),
    };
  }
  return { ok: true, message: t('Saved for your user with go env -w: {0}', args.join(' ')) };
}

async function writeNetrc(p: ApplyFixParams, ctx: FixContext): Promise<ApplyFixResult> {
  const login = p.inputs?.login ?? '';
  const password = p.inputs?.password ?? '';
  const machine = p.inputs?.machine ?? p.host ?? '';
  if (!machine) return { ok: false, message: t('No host is known for these credentials.') };
  // git reads .netrc through curl, which matches the host without a port: add that entry as well.
  const bare = machine.replace(/:\d+$/, '');
  const machines =
    p.fix === 'git-credentials' || (bare !== machine && p.inputs?.alsoGit === 'true')
      ? [machine, bare]
      : [machine];
  let path: string;
  try {
    // The file go reads, checked, one save at a time, atomically (src/core/fix/netrcFile.ts, issue 18).
    path = await saveNetrcCredentials({
      env: { HOME: homedir(), ...(ctx.rootResult?.env ?? {}) },
      workspace: ctx.root,
      machines,
      login,
      password,
    });
  } catch (err) {
    if (err instanceof NetrcValueError || err instanceof NetrcPathError)
      return { ok: false, message: t('Cannot save these credentials: {0}', err.message) };
    return { ok: false, message: t('Cannot read {0}: {1}', '.netrc', (err as Error).message) };
  }
  const goauth = ctx.rootResult?.goVersion && versionAtLeast(ctx.rootResult.goVersion, '1.24');
  return {
    ok: true,
    message: goauth
      ? t(
          'Saved credentials for {0} in {1} (mode 0600). Go 1.24+ reads it through GOAUTH=netrc, the default.',
          machine,
          path,
        )
      : t('Saved credentials for {0} in {1} (mode 0600).', machine, path),
  };
}

function versionAtLeast(v: string, min: string): boolean {
  const a = v.split('.').map(Number);
  const b = min.split('.').map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x > y;
  }
  return true;
}

async function clearCacheEntry(p: ApplyFixParams, ctx: FixContext): Promise<ApplyFixResult> {
  const gomodcache = ctx.rootResult?.effectiveEnv?.GOMODCACHE ?? '';
  const version = p.inputs?.version ?? '';
  // A path or version go would refuse ("..", a leading "-") never names files to remove (issue 18).
  if (!gomodcache || !p.module || !version || checkModuleArg(p.module, version) !== undefined)
    return { ok: false, message: t('The module cache entry is not known.') };
  const escPath = escapeCasePath(p.module);
  const escVer = escapeCasePath(version);
  const vdir = join(gomodcache, 'cache', 'download', escPath, '@v');
  const removed: string[] = [];
  for (const ext of ['info', 'mod', 'zip', 'ziphash', 'partial', 'lock']) {
    const f = join(vdir, `${escVer}.${ext}`);
    try {
      await fs.rm(f);
      removed.push(f);
    } catch {
      // absent
    }
  }
  const extracted = join(gomodcache, `${escPath}@${escVer}`);
  try {
    await makeWritable(extracted);
    await fs.rm(extracted, { recursive: true, force: true });
    removed.push(extracted);
  } catch {
    // absent
  }
  return {
    ok: true,
    message: t(
      'Removed {0} cached files of {1}@{2}; it will be downloaded again.',
      removed.length,
      p.module,
      version,
    ),
  };
}

/**
 * Lets go fetch the toolchain the module asks for, on the user's request: background runs use GOTOOLCHAIN=local;
 * here go runs in the module with GOTOOLCHAIN=auto, downloads (and verifies) the toolchain into the module cache
 * and reports the version it selected.
 */
async function downloadToolchain(ctx: FixContext): Promise<ApplyFixResult> {
  const r = ctx.rootResult;
  if (!r?.goBin || !r.env) return { ok: false, message: t('The go command is not available.') };
  const res = await run([r.goBin, 'env', 'GOVERSION'], {
    env: { ...r.env, GOTOOLCHAIN: 'auto' },
    cwd: ctx.root,
    timeoutMs: 600_000,
  });
  if (res.exitCode !== 0) {
    return {
      ok: false,
      message: t(
        'The toolchain could not be downloaded: {0}',
        res.stderr.trim() || String(res.exitCode ?? res.signal),
      ),
    };
  }
  return { ok: true, message: t('Downloaded the toolchain: {0}', res.stdout.trim()) };
}

/** The module cache is read-only by default; removing an extracted tree needs write permission on its folders. */
async function makeWritable(dir: string): Promise<void> {
  const st = await fs.lstat(dir);
  if (!st.isDirectory()) return;
  await fs.chmod(dir, st.mode | 0o200);
  for (const e of await fs.readdir(dir, { withFileTypes: true })) {
    if (e.isDirectory()) await makeWritable(join(dir, e.name));
  }
}

/**
 * set-goproxy without a chosen proxy (an editor that cannot ask): the first candidate of gomodDoctor.proxyCandidates
 * that serves the module now, probed the way go would reach it.
 */
async function chooseProxy(p: ApplyFixParams, ctx: FixContext): Promise<ApplyFixParams | ApplyFixResult> {
  if (p.fix !== 'set-goproxy' || (p.inputs?.proxy ?? '').trim() !== '') return p;
  const env = ctx.rootResult?.env ?? {};
  const results = await probeProxyCandidates(
    ctx.settings.proxyCandidates,
    { module: p.module, version: p.inputs?.version },
    env,
    { timeoutMs: 5_000 },
  );
  const usable = results.find((r) => r.ok);
  if (!usable) {
    return {
      ok: false,
      message: t(
        'None of the proxies in gomodDoctor.proxyCandidates can serve {0} now: {1}',
        p.module ?? '',
        results.map((r) => r.summary).join('; '),
      ),
    };
  }
  return { ...p, inputs: { ...(p.inputs ?? {}), proxy: usable.url } };
}

/** A require change (go get) or missing go.sum lines (go mod download), in the go.mod of the diagnostic. */
function goModSumFix(p: ApplyFixParams, ctx: FixContext): Promise<ApplyFixResult> {
  const gomod = URI.parse(p.uri).fsPath;
  const sumCtx = {
    goBin: ctx.rootResult?.goBin,
    env: ctx.rootResult?.env,
    applyEdit: ctx.applyEdit,
    readText: ctx.readText,
  };
  if (FIX_SPECS[p.fix as FixId].writes === 'go.sum')
    return addMissingSums(sumCtx, gomod, p.module ?? '', p.inputs?.version ?? '');
  let edits: TextEdit[];
  try {
    edits = JSON.parse(p.inputs?.edits ?? '[]') as TextEdit[];
  } catch {
    return Promise.resolve({ ok: false, message: t('This fix cannot be applied automatically.') });
  }
  return applyRequireChange(sumCtx, { gomod, edits, target: p.inputs?.target ?? '' });
}

function isFixId(id: string): id is FixId {
  return (FIX_IDS as readonly string[]).includes(id);
}

export async function applyFix(p0: ApplyFixParams, ctx: FixContext): Promise<ApplyFixResult> {
  const chosen = await chooseProxy(p0, ctx);
  if ('ok' in chosen) return chosen;
  const p = chosen;
  const writes = isFixId(p.fix) ? FIX_SPECS[p.fix].writes : 'advice';
  if (writes === 'netrc') return writeNetrc(p, ctx);
  if (writes === 'module-cache') return clearCacheEntry(p, ctx);
  if (writes === 'toolchain') return downloadToolchain(ctx);
  if (writes === 'go.mod' || writes === 'go.sum') return goModSumFix(p, ctx);
  const vars = envChangesFor(p, ctx.rootResult?.effectiveEnv ?? {});
  if (!vars) return { ok: false, message: t('This fix cannot be applied automatically.') };
  if (p.scope === 'workspace' || writes === 'process-env') {
    return {
      ok: true,
      message: t('Set for this workspace: {0}', Object.keys(vars).join(', ')),
      workspaceEnv: vars,
    };
  }
  return goEnvWrite(ctx, vars);
}
