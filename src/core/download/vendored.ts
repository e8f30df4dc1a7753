/**
 * The vendored step, instead of steps 3 to 5: where go builds from vendor/ (workspace/vendor.ts has go's rules),
 * nothing is downloaded, so nothing is reported about downloads. What go does check is that
 * vendor/modules.txt agrees with go.mod ("inconsistent vendoring"): `go list -m` with GOPROXY=off makes go run
 * that check and nothing else, offline; each line of its complaint goes to the require (or replace) of the
 * module it names, with the fix `go mod vendor`.
 *
 * Module mode runs on the private copy of go.mod (the vendor folder is the root's: go finds it from the working
 * directory). A vendored workspace's vendor folder sits beside go.work, so go runs on the go.work itself there;
 * `go list -m` offline writes no file.
 */
import { dirname } from 'node:path';
import { classify } from '../classify/index.ts';
import type { Finding } from '../classify/types.ts';
import type { GoModFile, GoWorkFile } from '../gomod/types.ts';
import { redact } from '../redact.ts';
import { vendorMode, type VendorMode } from '../workspace/vendor.ts';
import type { CheckContext } from './context.ts';
import { finishedRun } from './finished.ts';
import { span, type CheckOptions, type Site, type World } from './types.ts';

/** go's vendoring mode for these files: the planner's when given, else by go's rules. */
export function vendorOf(opts: CheckOptions, dir: string, world: World): VendorMode {
  // A workspace's vendor folder is beside its go.work (which GOWORK may name anywhere).
  const at = world.work ? dirname(world.work.path) : dir;
  return vendorOfFile(opts, at, world.mode, world.work?.parsed ?? world.mods[0]?.parsed);
}

/** The same for one parsed go.mod or go.work (quickStart has only the last parse of go.mod). */
export function vendorOfFile(
  opts: CheckOptions,
  dir: string,
  mode: World['mode'],
  file: GoModFile | GoWorkFile | undefined,
): VendorMode {
  if (opts.vendor) return opts.vendor;
  return vendorMode({
    dir,
    mode,
    goLine: file?.go?.value,
    goflags: opts.env.GOFLAGS,
    goVersion: opts.goVersion,
  });
}

/** One line of go's complaint: "\tpath@version: is …" (a replacement of every version has no @version). */
const VEND_LINE = /^\t(\S+?)(?:@(\S+))?: (is .*)$/;

export async function checkVendored(ctx: CheckContext): Promise<void> {
  for (const tg of ctx.targets.list) tg.status = 'ok';
  if (ctx.opts.offline) return;
  const offline = { GOPROXY: 'off' };
  const r =
    ctx.world.mode === 'workspace'
      ? await ctx.go.runInPlace(['list', '-m'], { ...offline, GOWORK: ctx.world.work!.path })
      : await ctx.go.runWith(['list', '-m'], offline);
  const hang = { candidates: [], otherwise: 'go-line' as const, timeoutMs: ctx.timeoutMs };
  if (finishedRun(r, ctx.out, hang) !== 'exited' || r.exitCode === 0) return;
  const [f] = classify({ stderr: r.stderr, exitCode: r.exitCode, goVersion: ctx.opts.goVersion });
  if (!f) return;
  const lines = r.stderr.split('\n').filter((l) => VEND_LINE.test(l));
  if (lines.length === 0) return ctx.out.goLineOrLoose(f);
  for (const line of lines) {
    const [, path, version, reason] = VEND_LINE.exec(line)!;
    const site = vendorSite(ctx, path, /\breplaced\b.*\bin go\.mod\b/.test(reason));
    const one: Finding = { ...f, module: path, evidence: [redact(line.trim()), ...f.evidence.slice(0, 1)] };
    if (version) one.version = version;
    const tg = ctx.targets.of(path, version);
    ctx.out.attach(one, site, tg);
  }
}

/** The require (or, for a replacement go.mod has, the replace) of `path`; else the go line. */
function vendorSite(ctx: CheckContext, path: string, replaced: boolean): Site {
  for (const m of ctx.world.mods) {
    const rep = replaced ? m.parsed.replace.find((x) => x.old.path.value === path) : undefined;
    if (rep) return { file: m.path, range: rep.range, requirePath: path };
    const req = m.parsed.require.find((x) => x.path.value === path);
    if (req) return { file: m.path, range: span(req.path.range, req.version.range), requirePath: path };
  }
  return ctx.out.goLineSite();
}
