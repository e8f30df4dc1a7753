/**
 * A `file://` GOPROXY (an offline mirror on disk) with the real go command of every selected version: a module the
 * mirror lacks, a mirror folder that does not exist, a folder go may not read, and GOPROXY values go cannot use as a
 * file URL. Each failure must be classified like its http counterpart (not found, permission denied, bad
 * configuration), never as `unknown`.
 *
 * Permission denied needs a process the file modes apply to: as root, go runs under setpriv without the capabilities
 * that bypass them (the test is skipped, with the reason, when setpriv is missing).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { classify, type Finding } from '../../src/core/classify/index.ts';
import { decodeModDownload } from '../../src/core/download/jsonStream.ts';
import { runGo, sandbox, selectedVersions, toolchains, type Sandbox, type Toolchain } from '../helpers/go.ts';

const isRoot = process.getuid?.() === 0;

function hasSetpriv(): boolean {
  try {
    execFileSync('setpriv', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A mirror on disk serving example.com/hello v1.0.0 (list, info, go.mod; no zip), and a main module m. */
function world(sb: Sandbox): { mirror: string; mod: string } {
  const mirror = join(sb.dir, 'mirror');
  const v = join(mirror, 'example.com/hello/@v');
  mkdirSync(v, { recursive: true });
  writeFileSync(join(v, 'list'), 'v1.0.0\n');
  writeFileSync(join(v, 'v1.0.0.info'), '{"Version":"v1.0.0"}\n');
  writeFileSync(join(v, 'v1.0.0.mod'), 'module example.com/hello\n');
  const mod = join(sb.dir, 'm');
  mkdirSync(mod);
  writeFileSync(join(mod, 'go.mod'), 'module m\n');
  return { mirror, mod };
}

async function download(
  tc: Toolchain,
  sb: Sandbox,
  cwd: string,
  goproxy: string,
  target: string,
  dropCapabilities = false,
): Promise<{ findings: Finding[]; output: string }> {
  const env = { ...sb.env, GOPROXY: goproxy };
  let r;
  if (dropCapabilities) {
    // Root keeps its uid but loses what lets it read a folder whose mode says no (and can't regain it on exec).
    const caps = '-dac_override,-dac_read_search';
    r = await runGo(
      { version: tc.version, bin: 'setpriv' },
      sb,
      [
        '--securebits',
        '+noroot',
        '--bounding-set',
        caps,
        '--inh-caps',
        caps,
        tc.bin,
        'mod',
        'download',
        '-json',
        target,
      ],
      { cwd, env },
    );
  } else {
    r = await runGo(tc, sb, ['mod', 'download', '-json', target], { cwd, env });
  }
  const jsonErrors = decodeModDownload(r.stdout)
    .filter((m) => m.Error !== undefined)
    .map((m) => ({ path: m.Path, ...(m.Version ? { version: m.Version } : {}), error: m.Error! }));
  assert.notEqual(r.exitCode, 0, `go should fail:\n${r.stdout}${r.stderr}`);
  const findings = classify({
    jsonErrors,
    stderr: r.stderr,
    ...(r.exitCode !== undefined ? { exitCode: r.exitCode } : {}),
  });
  return { findings, output: r.stdout + r.stderr };
}

function first(findings: Finding[], output: string): Finding {
  assert.ok(findings.length > 0, `no finding for:\n${output}`);
  return findings[0];
}

for (const tc of toolchains(selectedVersions())) {
  describe(`file:// GOPROXY, go ${tc.version}`, () => {
    test('a module the mirror does not have: not-found', async () => {
      const sb = sandbox(tc);
      try {
        const { mirror, mod } = world(sb);
        const { findings, output } = await download(
          tc,
          sb,
          mod,
          `file://${mirror}`,
          'example.com/missing@v1.0.0',
        );
        assert.match(
          output,
          /reading file:\/\/\S+\/example\.com\/missing\/@v\/v1\.0\.0\.info: no such file or directory/,
        );
        const f = first(findings, output);
        assert.equal(f.category, 'not-found', output);
        assert.equal(f.ruleId, 'file-proxy-not-found');
      } finally {
        sb.cleanup();
      }
    });

    test('a mirror folder that does not exist: not-found', async () => {
      const sb = sandbox(tc);
      try {
        const { mod } = world(sb);
        const { findings, output } = await download(
          tc,
          sb,
          mod,
          `file://${join(sb.dir, 'no-such-mirror')}`,
          'example.com/hello@v1.0.0',
        );
        const f = first(findings, output);
        assert.equal(f.category, 'not-found', output);
        assert.equal(f.ruleId, 'file-proxy-not-found');
      } finally {
        sb.cleanup();
      }
    });

    test(
      'a mirror folder go may not read: permission denied (auth)',
      {
        skip: isRoot && !hasSetpriv() ? 'running as root without setpriv: file modes would not apply' : false,
      },
      async () => {
        const sb = sandbox(tc);
        const { mirror, mod } = world(sb);
        const v = join(mirror, 'example.com/hello/@v');
        chmodSync(v, 0o000);
        try {
          const { findings, output } = await download(
            tc,
            sb,
            mod,
            `file://${mirror}`,
            'example.com/hello@v1.0.0',
            isRoot,
          );
          assert.match(output, /reading file:\/\/\S+: permission denied/);
          const f = first(findings, output);
          assert.equal(f.category, 'auth', output);
          assert.equal(f.ruleId, 'file-proxy-permission');
        } finally {
          chmodSync(v, 0o755);
          sb.cleanup();
        }
      },
    );

    for (const [name, goproxy, wording] of [
      [
        'a relative path (file://mirror)',
        'file://mirror',
        /invalid file:\/\/ proxy URL with non-path elements/,
      ],
      ['a Windows path (file://C:\\mirror)', 'file://C:\\mirror', /parse \\?"file:\/\/C:.{1,30}invalid port/],
    ] as const) {
      test(`${name}: config`, async () => {
        const sb = sandbox(tc);
        try {
          const { mod } = world(sb);
          const { findings, output } = await download(tc, sb, mod, goproxy, 'example.com/hello@v1.0.0');
          assert.match(output, wording);
          const f = first(findings, output);
          assert.equal(f.category, 'config', output);
          assert.equal(f.ruleId, 'goproxy-invalid');
        } finally {
          sb.cleanup();
        }
      });
    }
  });
}
