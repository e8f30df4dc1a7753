/**
 * A minimal display-language pack for the e2e tests, built and installed the way a user's language pack is.
 *
 * code-server shows the workbench in a language only when a language pack for it is installed: `--locale zh-cn`
 * alone leaves VS Code (and `vscode.env.language`, which the extension and its language server follow) in English,
 * because the server resolves the locale through `languagepacks.json` in its user-data folder, and that file is
 * written when an extension contributing `localizations` is installed. The real Chinese pack comes from the
 * Marketplace, which these tests cannot reach, so this writes its own: an extension whose only contribution is a
 * `localizations` entry for the language, with a translation file for VS Code itself. The file translates
 * nothing of VS Code (every workbench string falls back to English); it is there because VS Code only accepts a
 * pack that has one. Our extension's own strings come from its l10n bundle and package.nls.<lang>.json, chosen
 * by the resolved language — which is what the zh-cn scenario tests.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { codeServerBin, repoRoot } from './codeServer.ts';

export interface InstalledLanguagePack {
  /** The language the pack contributes, e.g. "zh-cn". */
  languageId: string;
  /**
   * The `languagepacks.json` for the user-data folder of a workbench (code-server resolves `--locale` through
   * it); see installLanguagePack.
   */
  languagePacksJson: string;
}

/**
 * Writes a language pack extension for `languageId`, packs it with vsce and installs it into `extensionsDir`
 * with code-server (`workDir` holds the sources, the .vsix and the install's user-data folder).
 */
export async function installLanguagePack(
  extensionsDir: string,
  workDir: string,
  languageId: string,
  languageName: string,
): Promise<InstalledLanguagePack> {
  const src = join(workDir, 'language-pack');
  mkdirSync(join(src, 'translations'), { recursive: true });
  const name = `gmd-e2e-language-pack-${languageId}`;
  const manifest = {
    name,
    displayName: `e2e language pack (${languageId})`,
    description: `A minimal ${languageId} display-language pack for the Go Module Doctor e2e tests.`,
    publisher: 'gomod-doctor-e2e',
    version: '0.0.1',
    license: 'MIT',
    engines: { vscode: '^1.100.0' },
    categories: ['Language Packs'],
    contributes: {
      localizations: [
        {
          languageId,
          languageName,
          localizedLanguageName: languageName,
          translations: [{ id: 'vscode', path: './translations/main.i18n.json' }],
        },
      ],
    },
  };
  writeFileSync(join(src, 'package.json'), JSON.stringify(manifest, null, 2));
  writeFileSync(join(src, 'translations/main.i18n.json'), JSON.stringify({ version: '1.0.0', contents: {} }));
  await packAndInstall(src, extensionsDir, workDir, join(workDir, 'language-pack-user-data'));
  const id = `${manifest.publisher}.${name}`;
  const translations = join(extensionsDir, `${id}-${manifest.version}`, 'translations/main.i18n.json');
  if (!existsSync(translations)) throw new Error(`the installed language pack has no ${translations}`);
  // What VS Code's language pack service writes when a pack is installed from the workbench (the CLI install
  // above does not run that service): the pack's extensions, its translation files and a hash that names the
  // cache of generated translations.
  const hash = createHash('md5').update(id).update(manifest.version).digest('hex');
  const languagePacksJson = JSON.stringify({
    [languageId]: {
      hash,
      extensions: [{ extensionIdentifier: { id }, version: manifest.version }],
      translations: { vscode: translations },
      label: languageName,
    },
  });
  return { languageId, languagePacksJson };
}

/** The file, under the workbench's HOME, where the probe extension writes `vscode.env.language`. */
export const LANGUAGE_PROBE_FILE = 'vscode-env-language.txt';

/**
 * Installs a probe extension that, once the workbench has started, writes `vscode.env.language` (what every
 * extension, this one's client included, is told the display language is) to $HOME/LANGUAGE_PROBE_FILE.
 */
export async function installLanguageProbe(extensionsDir: string, workDir: string): Promise<void> {
  const src = join(workDir, 'language-probe');
  mkdirSync(src, { recursive: true });
  writeFileSync(
    join(src, 'package.json'),
    JSON.stringify(
      {
        name: 'gmd-e2e-language-probe',
        displayName: 'e2e language probe',
        description: 'Writes vscode.env.language to a file for the Go Module Doctor e2e tests.',
        publisher: 'gomod-doctor-e2e',
        version: '0.0.1',
        license: 'MIT',
        engines: { vscode: '^1.100.0' },
        main: './extension.js',
        activationEvents: ['onStartupFinished'],
      },
      null,
      2,
    ),
  );
  writeFileSync(
    join(src, 'extension.js'),
    [
      "const vscode = require('vscode');",
      "const { writeFileSync } = require('fs');",
      "const { join } = require('path');",
      'exports.activate = () => {',
      `  writeFileSync(join(process.env.HOME, ${JSON.stringify(LANGUAGE_PROBE_FILE)}), vscode.env.language);`,
      '};',
      '',
    ].join('\n'),
  );
  await packAndInstall(src, extensionsDir, workDir, join(workDir, 'probe-user-data'));
}

/** Packs the extension in `src` with vsce and installs it with code-server's CLI. */
async function packAndInstall(
  src: string,
  extensionsDir: string,
  workDir: string,
  userDataDir: string,
): Promise<void> {
  const manifest = JSON.parse(readFileSync(join(src, 'package.json'), 'utf8')) as {
    name: string;
    description: string;
  };
  writeFileSync(join(src, 'LICENSE'), 'MIT (test fixture)\n');
  writeFileSync(join(src, 'README.md'), `# ${manifest.name}\n\n${manifest.description}\n`);
  writeFileSync(join(src, '.vscodeignore'), '');
  const vsix = join(workDir, `${manifest.name}.vsix`);
  const packed = await execa(
    join(repoRoot, 'node_modules/.bin/vsce'),
    ['package', '--no-dependencies', '--allow-missing-repository', '--out', vsix],
    { cwd: src, reject: false, timeout: 60_000, input: '' },
  );
  if (packed.exitCode !== 0)
    throw new Error(`packing ${manifest.name} failed:\n${String(packed.stdout)}\n${String(packed.stderr)}`);
  const installed = await execa(
    codeServerBin(),
    ['--install-extension', vsix, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir],
    { reject: false, timeout: 120_000, env: { ...process.env, HOME: workDir } },
  );
  if (installed.exitCode !== 0)
    throw new Error(
      `installing ${manifest.name} failed:\n${String(installed.stdout)}\n${String(installed.stderr)}`,
    );
}
