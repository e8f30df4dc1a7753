// Packs the extension as users get it: a production build (minified bundles, no source maps), then a .vsix made
// by @vscode/vsce from a staging folder holding exactly the files the extension needs (the bundles carry every
// dependency, so node_modules is left out). Staging keeps package.json's `files` (what npm publishes for the
// CLI) apart from what goes into the .vsix: the CLI bundle is not in the .vsix (the extension never runs it; the
// npm package has it). Fails when the package grows past the size budget.
//
//   node scripts/package.mjs [--out FILE]      default: gomod-doctor-<version>.vsix in the repository root
// Prints the path of the .vsix on its last line.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const MAX_BYTES = 1024 * 1024;
/**
 * What the installed extension reads: the bundles, its manifest and translations, the icon, the report panel's
 * static files, the documents. A trailing `?` marks an entry that may not exist yet.
 */
const STAGED = [
  'dist/client.cjs',
  'dist/clientMain.cjs',
  'dist/server.cjs',
  'package.nls.json',
  'package.nls.zh-cn.json',
  'l10n',
  'media/icon.png',
  'media/report',
  'syntaxes',
  'docs/walkthrough',
  'README.md',
  'CHANGELOG.md',
  'LICENSE',
];

const outIndex = process.argv.indexOf('--out');
const out =
  outIndex > 0 && process.argv[outIndex + 1]
    ? resolve(process.argv[outIndex + 1])
    : join(root, `${pkg.name}-${pkg.version}.vsix`);

function step(cmd, args, cwd = root) {
  const r = spawnSync(cmd, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) {
    console.error(`package: ${[cmd, ...args].join(' ')} failed (${r.status ?? r.signal})`);
    process.exit(1);
  }
}

step(process.execPath, [join(root, 'scripts/build.mjs'), '--production']);

const stage = mkdtempSync(join(tmpdir(), 'gmd-package-'));
try {
  for (const entry of STAGED) {
    const rel = entry.replace(/\?$/, '');
    if (!existsSync(join(root, rel))) {
      if (entry.endsWith('?')) continue;
      console.error(`package: ${rel} is missing`);
      process.exit(1);
    }
    cpSync(join(root, rel), join(stage, rel), { recursive: true });
  }
  const manifest = { ...pkg };
  delete manifest.files;
  delete manifest.scripts;
  delete manifest.devDependencies;
  // `bin` names the CLI, which only the npm package ships.
  delete manifest.bin;
  writeFileSync(join(stage, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
  // Every file the manifest points at (directly or through package.nls*.json) must be in the package.
  const referenced = [pkg.main, pkg.icon, pkg.l10n];
  for (const lang of pkg.contributes?.languages ?? []) referenced.push(lang.configuration);
  for (const grammar of pkg.contributes?.grammars ?? []) referenced.push(grammar.path);
  for (const nls of ['package.nls.json', 'package.nls.zh-cn.json']) {
    for (const value of Object.values(JSON.parse(readFileSync(join(root, nls), 'utf8')))) {
      if (/^(?:docs|media)\/\S+\.(?:md|png|svg)$/.test(value)) referenced.push(value);
    }
  }
  for (const rel of referenced.filter(Boolean)) {
    if (!existsSync(join(stage, rel.replace(/^\.\//, '')))) {
      console.error(`package: the manifest refers to ${rel}, which is not staged`);
      process.exit(1);
    }
  }
  // Everything staged is wanted; an empty ignore file tells vsce so.
  writeFileSync(join(stage, '.vscodeignore'), '');
  step(join(root, 'node_modules/.bin/vsce'), ['package', '--no-dependencies', '--out', out], stage);
} finally {
  rmSync(stage, { recursive: true, force: true });
}

// Open VSX takes the same .vsix: its CLI must read the manifest back (publishing needs the network and a token,
// so it stays a manual step: see docs/publishing.md).
const ovsx = createRequire(import.meta.url)('ovsx');
const { readVSIXPackage } = createRequire(import.meta.url)('ovsx/lib/zip');
const read = await readVSIXPackage(out);
ovsx.validateManifest(read);
if (read.publisher !== pkg.publisher || read.name !== pkg.name || read.version !== pkg.version) {
  console.error(`package: ovsx read ${read.publisher}.${read.name}@${read.version} from ${out}`);
  process.exit(1);
}
console.log(`package: ovsx reads ${read.publisher}.${read.name}@${read.version}`);

const size = statSync(out).size;
console.log(`package: ${(size / 1024).toFixed(1)} KB`);
if (size > MAX_BYTES) {
  console.error(`package: ${out} is larger than ${MAX_BYTES / 1024} KB`);
  process.exit(1);
}
console.log(out);
