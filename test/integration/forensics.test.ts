/**
 * Checksum forensics with real servers: a module proxy, a git smart-HTTP origin (reached through git's
 * insteadOf) and a checksum database on loopback, and the real go. The three cases: a tag moved on the origin
 * (the origin serves other bytes for v1.0.0 than the proxy and the database recorded), a stale go.sum (the fix,
 * run through the CLI's --fix, rewrites its lines and go then downloads), and a proxy that serves bytes the
 * database does not know.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runChecksum } from '../../src/cli/commands/checksum.ts';
import { checksumForensics } from '../../src/core/forensics/index.ts';
import { buildModules, gitEnv, writeMainModule, type BuiltFixtures } from '../harness/fixtures.ts';
import { createGitServer, type GitServer } from '../harness/gitserver.ts';
import { createGoProxy, type GoProxy } from '../harness/goproxy.ts';
import { listen, type Listening } from '../harness/http.ts';
import { createSumDB } from '../harness/sumdb.ts';
import { runGo, sandbox, toolchains, type Sandbox, type Toolchain } from '../helpers/go.ts';

const MOVED = 'github.com/acme/moved';
const LIB = 'github.com/acme/lib';
let work: string;
let fx: BuiltFixtures;
let proxy: GoProxy;
let git: GitServer;
const servers: Listening[] = [];
let base: Record<string, string>;
let gitUrl: string;

/** Re-points tag v1.0.0 of a bare repository at a new commit with other content (what "the tag was moved" is). */
function moveTag(bare: string): void {
  const home = mkdtempSync(join(work, 'home-'));
  const env = gitEnv(home);
  const clone = join(work, 'moving');
  execFileSync('git', ['clone', '-q', bare, clone], { env });
  writeFileSync(
    join(clone, 'doc.go'),
    '// Package moved was changed after v1.0.0 was published.\npackage moved\n',
  );
  execFileSync('git', ['commit', '-qam', 'rewrite history'], { cwd: clone, env });
  execFileSync('git', ['tag', '-f', 'v1.0.0'], { cwd: clone, env });
  execFileSync('git', ['push', '-q', '-f', 'origin', 'v1.0.0'], { cwd: clone, env });
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'gmd-forensics-'));
  fx = await buildModules(
    [
      { path: MOVED, versions: [{ version: 'v1.0.0' }], git: {} },
      { path: LIB, versions: [{ version: 'v1.0.0' }], git: {} },
    ],
    work,
  );
  proxy = createGoProxy({ modules: fx.modules });
  const db = createSumDB({ name: 'sum.forensics.test', modules: fx.modules });
  git = createGitServer({ repos: fx.gitRepos, host: 'github.com' });
  const [p, s, g] = await Promise.all([listen(proxy.handler), listen(db.handler), listen(git.handler)]);
  servers.push(p, s, g);
  gitUrl = g.url;
  base = { GOPROXY: `${p.url},direct`, GOSUMDB: `${db.verifierKey} ${s.url}` };
  moveTag(fx.gitRepos.get('acme/moved')!);
});

after(async () => {
  git?.close();
  for (const s of servers) await s.close();
  rmSync(work, { recursive: true, force: true });
});

function box(tc: Toolchain): Sandbox {
  const sb = sandbox(tc, base);
  writeFileSync(join(sb.home, '.gitconfig'), `[url "${gitUrl}/"]\n\tinsteadOf = https://github.com/\n`);
  return sb;
}

for (const tc of toolchains()) {
  describe(`checksum forensics against go ${tc.version}`, () => {
    test('tag moved: the origin differs, the proxy and the database agree', async () => {
      const sb = box(tc);
      try {
        const goSumText = fx.goSumLines(MOVED, 'v1.0.0').join('\n') + '\n';
        // What the user saw: fetching from the origin, go.sum does not match.
        writeMainModule(
          join(sb.dir, 'm'),
          [{ path: MOVED, version: 'v1.0.0' }],
          fx.goSumLines(MOVED, 'v1.0.0'),
        );
        const seen = await runGo(tc, sb, ['mod', 'download'], {
          cwd: join(sb.dir, 'm'),
          env: { GOPROXY: 'direct' },
        });
        assert.match(seen.stderr, /checksum mismatch/);
        const r = await checksumForensics({
          goBin: tc.bin,
          module: MOVED,
          version: 'v1.0.0',
          env: sb.env,
          goSumText,
        });
        assert.equal(r.verdict, 'tag-moved', JSON.stringify(r));
        assert.equal(r.proxy.zip, r.db.zip);
        assert.notEqual(r.origin.zip, r.db.zip);
        assert.equal(r.goSum.zip, r.db.zip);
        assert.match(r.message, /Pin another version/);
        assert.equal(r.goSumLines, undefined, 'no go.sum fix for a moved tag');
      } finally {
        sb.cleanup();
      }
    });

    test('go.sum stale: only go.sum differs; --fix rewrites its lines from the database and go then downloads', async () => {
      const sb = box(tc);
      try {
        const dir = join(sb.dir, 'm');
        const [zipLine, modLine] = fx.goSumLines(LIB, 'v1.0.0');
        const stale = `${LIB} v1.0.0 h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=`;
        writeMainModule(dir, [{ path: LIB, version: 'v1.0.0' }], [stale, modLine]);
        const before = await runGo(tc, sb, ['mod', 'download'], { cwd: dir });
        assert.match(before.stderr, /checksum mismatch/);
        let out = '';
        const code = await runChecksum([`${LIB}@v1.0.0`, dir, '--fix', '--json'], {
          out: (s) => (out += s),
          env: sb.env,
          cwd: dir,
        });
        const r = JSON.parse(out) as { verdict: string; goSumLines: string[] };
        assert.equal(r.verdict, 'go-sum-stale', out);
        assert.equal(code, 1);
        assert.deepEqual(r.goSumLines, [zipLine, modLine]);
        assert.deepEqual(
          readFileSync(join(dir, 'go.sum'), 'utf8').trim().split('\n').sort(),
          [zipLine, modLine].sort(),
        );
        const after = await runGo(tc, sb, ['mod', 'download'], { cwd: dir });
        assert.equal(after.exitCode, 0, after.stderr);
      } finally {
        sb.cleanup();
      }
    });

    test('proxy disagrees: the proxy serves bytes the database does not record', async () => {
      const sb = box(tc);
      proxy.faults.set({ module: LIB, route: 'zip' }, { kind: 'alter-content' });
      try {
        const r = await checksumForensics({
          goBin: tc.bin,
          module: LIB,
          version: 'v1.0.0',
          env: sb.env,
          goSumText: fx.goSumLines(LIB, 'v1.0.0').join('\n'),
        });
        assert.equal(r.verdict, 'proxy-disagrees', JSON.stringify(r));
        assert.notEqual(r.proxy.zip, r.db.zip);
        assert.equal(r.origin.zip, r.db.zip);
        assert.match(r.message, /something upstream is wrong/);
      } finally {
        proxy.faults.clear();
        sb.cleanup();
      }
    });
  });
}
