/**
 * The settings and commands tables in README.md / docs/settings.md / docs/zh-cn/settings.md are what
 * scripts/readme-tables.mjs writes from package.json: a test fails when they drift.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const root = new URL('../..', import.meta.url).pathname;
const script = join(root, 'scripts/readme-tables.mjs');

function check(dir: string): { status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [script, '--check', '--root', dir], { encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr };
}

function copyDocs(): string {
  const dir = mkdtempSync(join(tmpdir(), 'readme-tables-'));
  for (const f of ['package.json', 'package.nls.json', 'package.nls.zh-cn.json', '.prettierrc.json']) {
    cpSync(join(root, f), join(dir, f));
  }
  for (const f of ['README.md', 'docs/settings.md', 'docs/zh-cn/settings.md']) {
    try {
      cpSync(join(root, f), join(dir, f));
    } catch {
      // not every document exists
    }
  }
  return dir;
}

test('the tables match package.json (npm run readme:tables rewrites them)', () => {
  const r = check(root);
  assert.equal(r.status, 0, r.stderr);
  const settings = readFileSync(join(root, 'docs/settings.md'), 'utf8');
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, unknown> }; commands: { command: string }[] };
  };
  for (const key of Object.keys(pkg.contributes.configuration.properties))
    assert.ok(settings.includes(`\`${key}\``), key);
  for (const c of pkg.contributes.commands) assert.ok(settings.includes(`\`${c.command}\``), c.command);
  assert.match(readFileSync(join(root, 'docs/zh-cn/settings.md'), 'utf8'), /\| 设置 +\| 类型/);
});

test('a new setting, a changed description or a hand-edited table is reported as drift', () => {
  const dir = copyDocs();
  try {
    assert.equal(check(dir).status, 0);
    const pkgPath = join(dir, 'package.json');
    const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as {
      contributes: { configuration: { properties: Record<string, unknown> } };
    };
    pkg.contributes.configuration.properties['gomodDoctor.newSetting'] = { type: 'boolean', default: false };
    writeFileSync(pkgPath, JSON.stringify(pkg, null, 2));
    const r = check(dir);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /docs\/settings\.md/);

    cpSync(join(root, 'package.json'), pkgPath);
    const nlsPath = join(dir, 'package.nls.zh-cn.json');
    const nls = JSON.parse(readFileSync(nlsPath, 'utf8')) as Record<string, string>;
    nls['config.timeout'] = '改过的说明';
    writeFileSync(nlsPath, JSON.stringify(nls));
    const z = check(dir);
    assert.equal(z.status, 1);
    assert.match(z.stderr, /docs\/zh-cn\/settings\.md/);
    assert.doesNotMatch(z.stderr, /docs\/settings\.md/);

    cpSync(join(root, 'package.nls.zh-cn.json'), nlsPath);
    const docPath = join(dir, 'docs/settings.md');
    writeFileSync(docPath, readFileSync(docPath, 'utf8').replace('`120`', '`60` '));
    assert.equal(check(dir).status, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('without any marked document the script fails instead of passing silently', () => {
  const dir = copyDocs();
  try {
    for (const f of ['README.md', 'docs/settings.md', 'docs/zh-cn/settings.md'])
      rmSync(join(dir, f), { force: true });
    const r = check(dir);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /markers/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
