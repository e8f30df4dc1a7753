/**
 * A stand-in for vscode-go (extension id `golang.go`) for the end-to-end tests: it contributes
 * `go.useLanguageServer` and, like gopls, publishes an error on each go.mod line that starts with an unknown
 * directive. Written into an extensions folder as `golang.go-0.0.1` and registered in its extensions.json, as
 * `--install-extension` would.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const STAND_IN_SOURCE = 'gopls stand-in';

const EXTENSION_JS = `const vscode = require('vscode');
const KNOWN = new Set(['module', 'go', 'toolchain', 'godebug', 'require', 'exclude', 'replace', 'retract', 'tool', 'ignore']);
exports.activate = (context) => {
  const diagnostics = vscode.languages.createDiagnosticCollection('gopls-stand-in');
  context.subscriptions.push(diagnostics);
  const scan = async () => {
    for (const uri of await vscode.workspace.findFiles('**/go.mod')) {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      const found = [];
      text.split('\\n').forEach((line, i) => {
        const m = /^([A-Za-z]\\w*)/.exec(line);
        if (m && !KNOWN.has(m[1])) {
          const d = new vscode.Diagnostic(new vscode.Range(i, 0, i, line.length), 'unknown directive: ' + m[1]);
          d.source = ${JSON.stringify(STAND_IN_SOURCE)};
          found.push(d);
        }
      });
      diagnostics.set(uri, found);
    }
  };
  const watcher = vscode.workspace.createFileSystemWatcher('**/go.mod');
  context.subscriptions.push(watcher, watcher.onDidChange(scan), watcher.onDidCreate(scan));
  return scan();
};
`;

const MANIFEST = {
  name: 'go',
  publisher: 'golang',
  version: '0.0.1',
  engines: { vscode: '^1.75.0' },
  activationEvents: ['workspaceContains:**/go.mod'],
  main: './extension.js',
  contributes: {
    configuration: {
      title: 'Go (stand-in)',
      properties: { 'go.useLanguageServer': { type: 'boolean', default: true } },
    },
  },
};

export function installStandIn(extensionsDir: string): void {
  const folder = 'golang.go-0.0.1';
  const dir = join(extensionsDir, folder);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify(MANIFEST, null, 2));
  writeFileSync(join(dir, 'extension.js'), EXTENSION_JS);
  const registry = join(extensionsDir, 'extensions.json');
  const entries = existsSync(registry)
    ? (JSON.parse(readFileSync(registry, 'utf8')) as Record<string, unknown>[])
    : [];
  entries.push({
    identifier: { id: 'golang.go' },
    version: '0.0.1',
    location: { $mid: 1, path: dir, scheme: 'file' },
    relativeLocation: folder,
    metadata: { installedTimestamp: Date.now(), source: 'vsix' },
  });
  writeFileSync(registry, JSON.stringify(entries));
}
