// Builds the three bundles (VS Code client, language server, CLI) from one source tree with esbuild,
// and checks that the pure core imports neither VS Code nor the language server library.
import * as esbuild from 'esbuild';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const production = process.argv.includes('--production');
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const root = new URL('..', import.meta.url).pathname;

/** @param {string} dir */
function tsFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...tsFiles(p));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const forbidden = /^(vscode|vscode-languageserver.*|vscode-languageclient.*)$/;

async function checkCorePurity() {
  const entryPoints = tsFiles(join(root, 'src/core'));
  const result = await esbuild.build({
    entryPoints,
    bundle: true,
    write: false,
    platform: 'node',
    format: 'cjs',
    packages: 'external',
    metafile: true,
    absWorkingDir: root,
    outdir: join(root, 'dist/.core-check'),
    logLevel: 'silent',
  });
  const bad = [];
  for (const [file, input] of Object.entries(result.metafile.inputs)) {
    for (const imp of input.imports) {
      const editor = imp.external && forbidden.test(imp.path);
      const surface = !imp.external && imp.path.startsWith('src/') && !imp.path.startsWith('src/core/');
      if (editor || surface) bad.push(`${file} imports ${imp.path}`);
    }
  }
  if (bad.length > 0) {
    throw new Error(`src/core must stay editor-free:\n  ${bad.join('\n  ')}`);
  }
}

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
  outExtension: { '.js': '.cjs' },
  define: { PACKAGE_VERSION: JSON.stringify(pkg.version) },
};

await checkCorePurity();
const builds = await Promise.all([
  esbuild.build({
    ...common,
    entryPoints: { client: join(root, 'src/client/extension.ts') },
    outdir: join(root, 'dist'),
    // The language client is a separate bundle, required after activation returns.
    external: ['vscode', './clientMain.cjs'],
  }),
  esbuild.build({
    ...common,
    entryPoints: { clientMain: join(root, 'src/client/clientMain.ts') },
    outdir: join(root, 'dist'),
    external: ['vscode'],
  }),
  esbuild.build({
    ...common,
    entryPoints: { server: join(root, 'src/server/main.ts') },
    outdir: join(root, 'dist'),
  }),
  esbuild.build({
    ...common,
    entryPoints: { cli: join(root, 'src/cli/main.ts') },
    outdir: join(root, 'dist'),
    banner: { js: '#!/usr/bin/env node' },
    // The language server is loaded from its own bundle by `gomod-doctor lsp`.
    external: ['./server.cjs'],
  }),
]);
for (const b of builds) {
  for (const [out, meta] of Object.entries(b.metafile.outputs)) {
    if (out.endsWith('.cjs'))
      console.log(`${relative(root, out).padEnd(20)} ${(meta.bytes / 1024).toFixed(1)} KB`);
  }
}
