/**
 * Quick fixes built from a diagnostic's data (no go, no server process): which fixes are offered for a
 * category, which one is preferred, and the edits for the go line and a replace directive.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver/node';
import type { Category } from '../../src/core/categories.ts';
import type { FixId } from '../../src/core/classify/types.ts';
import { codeActionsFor, compareGoVersions, DANGEROUS_FIXES } from '../../src/server/codeActions.ts';
import type { DiagnosticData, PlacedFinding } from '../../src/server/diagnostics.ts';
import { envChangesFor } from '../../src/server/fixes.ts';
import { candidateRequest } from '../../src/core/fix/proxyCandidates.ts';
import { goLineFor } from '../../src/core/gomod/versions.ts';

const URI = 'file:///ws/go.mod';
const REQ = { start: { line: 4, character: 8 }, end: { line: 4, character: 34 } };

function diag(
  category: Category,
  fixes: FixId[],
  extra: Partial<PlacedFinding> = {},
  range = REQ,
): Diagnostic {
  const finding: PlacedFinding = {
    category,
    stage: undefined,
    ruleId: 'test',
    summary: 'summary',
    evidence: [],
    fixes,
    module: 'git.corp.example/team/private',
    version: 'v1.0.0',
    host: 'goproxy.corp.example',
    file: '/ws/go.mod',
    range,
    ...extra,
  };
  const data: DiagnosticData = { finding, root: '/ws' };
  return { range, message: 'summary', code: category, data };
}

/**
 * The go.mod edits of an action: an edit for the go line and the unparseable version, the edits a require change
 * hands to the server (which runs go get on them, so go.sum follows) for the others.
 */
function editsOf(a: CodeAction): unknown {
  const args = a.command?.arguments?.[0] as { inputs?: { edits?: string } } | undefined;
  return a.edit?.changes?.[URI] ?? (args?.inputs?.edits ? JSON.parse(args.inputs.edits) : undefined);
}

const fixOf = (a: { command?: { arguments?: unknown[] } }): string | undefined =>
  (a.command?.arguments?.[0] as { fix?: string } | undefined)?.fix;

test('auth: credentials are preferred over GOPRIVATE (which would skip the proxy that has the module)', () => {
  const actions = codeActionsFor(URI, diag('auth', ['netrc-credentials', 'set-goprivate']), {
    richClient: true,
  });
  assert.deepEqual(actions.map(fixOf), ['netrc-credentials', 'set-goprivate']);
  assert.equal(actions[0].isPreferred, true);
  assert.equal(actions[1].isPreferred, undefined);
});

test('sumdb: GONOSUMDB is preferred over GOPRIVATE', () => {
  const actions = codeActionsFor(URI, diag('sumdb', ['set-goprivate', 'set-gonosumdb']), {
    richClient: false,
  });
  assert.deepEqual(actions.map(fixOf), ['set-gonosumdb', 'set-goprivate']);
  assert.equal(actions[0].isPreferred, true);
});

test('cache and checksum-mismatch: removing the cache entry comes first; a mismatch always offers it', () => {
  const cache = codeActionsFor(URI, diag('cache', ['clear-cache-entry', 'set-goproxy']), {
    richClient: true,
  });
  assert.deepEqual(cache.map(fixOf), ['clear-cache-entry', 'set-goproxy']);
  const sum = codeActionsFor(URI, diag('checksum-mismatch', ['change-version']), { richClient: false });
  assert.deepEqual(sum.map(fixOf), ['clear-cache-entry']);
});

test('GOPROXY=off offers choosing a proxy', () => {
  const actions = codeActionsFor(URI, diag('config', ['enable-goproxy', 'go-mod-download']), {
    richClient: true,
  });
  assert.deepEqual(actions.map(fixOf), ['set-goproxy']);
});

test('a dangerous fix is never preferred, even alone', () => {
  const actions = codeActionsFor(URI, diag('tls', ['set-goinsecure']), { richClient: true });
  assert.equal(actions.length, 1);
  assert.ok(DANGEROUS_FIXES.has('set-goinsecure'));
  assert.notEqual(actions[0].isPreferred, true);
});

test('http-proxy and tls: set the variables go reads for the workspace (rich clients, which ask the value)', () => {
  const rich = codeActionsFor(URI, diag('http-proxy', ['proxy-credentials', 'set-proxy-env']), {
    richClient: true,
  });
  assert.deepEqual(
    rich.map((a) => (a.command?.arguments?.[0] as { inputs?: { variable?: string } }).inputs?.variable),
    ['HTTPS_PROXY', 'NO_PROXY'],
  );
  const tls = codeActionsFor(URI, diag('tls', ['install-ca-certificate', 'set-proxy-env']), {
    richClient: true,
  });
  assert.equal(tls.length, 1);
  assert.match(tls[0].title, /SSL_CERT_FILE/);
  assert.deepEqual(codeActionsFor(URI, diag('tls', ['set-proxy-env']), { richClient: false }), []);
});

test('set-proxy-env changes only the variables it may, with a value', () => {
  const p = { fix: 'set-proxy-env', uri: URI, category: 'tls' as const, scope: 'workspace' as const };
  assert.deepEqual(envChangesFor({ ...p, inputs: { variable: 'SSL_CERT_FILE', value: ' /ca.pem ' } }, {}), {
    SSL_CERT_FILE: '/ca.pem',
  });
  assert.equal(envChangesFor({ ...p, inputs: { variable: 'PATH', value: '/x' } }, {}), undefined);
  assert.equal(envChangesFor({ ...p, inputs: { variable: 'HTTPS_PROXY', value: '' } }, {}), undefined);
});

test('a go line newer than the installed go: change it to the full version of the installed go (toolchain or go 1.19 syntax)', () => {
  const text = 'module example.com/app\n\ngo 1.99.1\n';
  const goLine = { start: { line: 2, character: 3 }, end: { line: 2, character: 9 } };
  const info = { richClient: false, goVersion: '1.27.3', readText: () => text };
  const tc = codeActionsFor(URI, diag('toolchain', ['gotoolchain-local', 'upgrade-go'], {}, goLine), info);
  assert.deepEqual(
    tc.map((a) => a.title),
    ['Change the go line to 1.27.3 (the installed go)', 'Set GOTOOLCHAIN=local (use the installed go)'],
  );
  assert.equal(tc[0].isPreferred, true);
  // The full version, as go mod init writes it: "1.27" names no toolchain, so GOTOOLCHAIN=auto would fail on it.
  assert.deepEqual(tc[0].edit?.changes?.[URI], [{ range: goLine, newText: '1.27.3' }]);
  const old = codeActionsFor(URI, diag('syntax', ['fix-go-mod-syntax'], {}, goLine), {
    ...info,
    goVersion: '1.19.13',
  });
  // go 1.19 and 1.20 reject a three-part go line: major.minor there.
  assert.deepEqual(old[0].edit?.changes?.[URI], [{ range: goLine, newText: '1.19' }]);
  // Not offered when the installed go already satisfies the line, nor for a diagnostic on another line.
  assert.deepEqual(
    codeActionsFor(URI, diag('toolchain', ['upgrade-go'], {}, goLine), {
      ...info,
      readText: () => 'go 1.21\n',
    }),
    [],
  );
  assert.deepEqual(codeActionsFor(URI, diag('syntax', ['fix-go-mod-syntax']), info), []);
});

test('path-mismatch: require the declared path, or keep the fork with a replace directive', () => {
  const text = 'module example.com/app\n\ngo 1.19\n\nrequire example.com/renamed v1.0.0\n';
  const d = diag('path-mismatch', ['check-module-path', 'add-replace-directive'], {
    module: 'example.com/renamed',
    evidence: [
      'module declares its path as: example.com/original',
      '        but was required as: example.com/renamed',
    ],
  });
  const actions = codeActionsFor(URI, d, { richClient: false, readText: () => text });
  assert.equal(actions.length, 2);
  assert.equal(actions[0].isPreferred, true);
  const pathRange = { start: REQ.start, end: { line: 4, character: 8 + 'example.com/renamed'.length } };
  assert.deepEqual(editsOf(actions[0]), [{ range: pathRange, newText: 'example.com/original' }]);
  const end = { line: 5, character: 0 };
  assert.deepEqual(editsOf(actions[1]), [
    { range: pathRange, newText: 'example.com/original' },
    { range: { start: end, end }, newText: '\nreplace example.com/original => example.com/renamed v1.0.0\n' },
  ]);
});

test('invalid-version: "module path must match major version" offers the /vN path (after a version that exists)', () => {
  const d = diag('invalid-version', ['change-version', 'check-module-path'], {
    module: 'github.com/acme/major',
    version: 'v2.0.0+incompatible',
    evidence: [
      'github.com/acme/major@v2.0.0+incompatible: invalid version: module contains a go.mod file, so module path must match major version ("github.com/acme/major/v2")',
    ],
  });
  const data = d.data as DiagnosticData;
  data.versions = ['v1.0.0'];
  const actions = codeActionsFor(URI, d, { richClient: true, readText: () => undefined });
  assert.deepEqual(
    actions.map((a) => a.title),
    [
      'Change the version to v1.0.0',
      "Require github.com/acme/major/v2 v2.0.0 (the module's major-version path)",
    ],
  );
  assert.equal(actions[0].isPreferred, true);
  const pathEnd = { line: 4, character: 8 + 'github.com/acme/major'.length };
  assert.deepEqual(editsOf(actions[1]), [
    { range: { start: REQ.start, end: pathEnd }, newText: 'github.com/acme/major/v2' },
    {
      range: {
        start: { line: 4, character: REQ.end.character - 'v2.0.0+incompatible'.length },
        end: REQ.end,
      },
      newText: 'v2.0.0',
    },
  ]);
});

test('compareGoVersions orders go line versions', () => {
  assert.ok(compareGoVersions('1.99.1', '1.27') > 0);
  assert.ok(compareGoVersions('1.21', '1.21.0') === 0);
  assert.ok(compareGoVersions('1.22rc1', '1.22.0') < 0);
  assert.ok(compareGoVersions('1.9', '1.19') < 0);
});

test('a proxy candidate is asked for the module version it must serve (case-encoded), else its version list', () => {
  assert.equal(
    candidateRequest('https://proxy.example/', 'github.com/Azure/sdk', 'v1.2.3')?.href,
    'https://proxy.example/github.com/!azure/sdk/@v/v1.2.3.info',
  );
  assert.equal(
    candidateRequest('https://mirror.example/goproxy', 'example.com/m', '1.0.0')?.href,
    'https://mirror.example/goproxy/example.com/m/@v/list',
  );
  assert.equal(candidateRequest('direct', 'example.com/m', 'v1.0.0'), undefined);
  assert.equal(candidateRequest('ftp://x.example', 'example.com/m'), undefined);
});

test('plain editors get a set-goproxy the server completes (first serving candidate); VS Code asks', () => {
  const d = diag('dns', ['check-dns', 'set-goproxy'], { module: 'example.com/hello', version: 'v1.0.0' });
  const plain = codeActionsFor(URI, d, { richClient: false });
  assert.equal(plain.length, 1);
  assert.match(plain[0].title, /first proxy of gomodDoctor\.proxyCandidates that serves example\.com\/hello/);
  assert.deepEqual((plain[0].command?.arguments?.[0] as { inputs?: unknown }).inputs, { version: 'v1.0.0' });
  const rich = codeActionsFor(URI, d, { richClient: true });
  assert.equal(rich[0].command?.command, 'gomodDoctor.fix');
});

test('a failing replacement: the version fix edits the replace directive, not the require', () => {
  const text =
    'module example.com/app\n\ngo 1.19\n\nrequire example.com/hello v1.0.0\n\nreplace example.com/hello => example.com/hello v1.9.9\n';
  const rep = { start: { line: 6, character: 29 }, end: { line: 6, character: 53 } };
  const d = diag('not-found', ['change-version'], { module: 'example.com/hello', version: 'v1.0.0' }, rep);
  const data = d.data as DiagnosticData;
  data.versions = ['v1.0.0', 'v1.1.0'];
  // The ranges the engine attaches are the require's.
  data.versionRange = { start: { line: 4, character: 26 }, end: { line: 4, character: 32 } };
  const actions = codeActionsFor(URI, d, { richClient: false, readText: () => text });
  assert.deepEqual(
    actions.map((a) => editsOf(a)),
    [[{ range: { start: { line: 6, character: 47 }, end: { line: 6, character: 53 } }, newText: 'v1.1.0' }]],
  );
});

test('a require version without its "v": add it', () => {
  const range = { start: { line: 5, character: 19 }, end: { line: 5, character: 24 } };
  const d = diag(
    'syntax',
    ['fix-go-mod-syntax'],
    {
      evidence: [
        'go.mod:6:20: require example.com/hello: version "1.0.0" invalid: must be of the form v1.2.3',
      ],
    },
    range,
  );
  const actions = codeActionsFor(URI, d, { richClient: false, readText: () => 'module m\n' });
  assert.deepEqual(
    actions.map((a) => [a.title, a.isPreferred, editsOf(a)]),
    [['Change the version to v1.0.0', true, [{ range, newText: 'v1.0.0' }]]],
  );
});

test('git missing for a direct download: a proxy that serves the module needs no git', () => {
  const d = diag('vcs', ['install-vcs'], { ruleId: 'vcs-missing', module: 'github.com/acme/lib' });
  assert.deepEqual(codeActionsFor(URI, d, { richClient: true }).map(fixOf), ['set-goproxy']);
  const other = diag('vcs', ['set-govcs'], { ruleId: 'vcs-disallowed', module: 'github.com/acme/lib' });
  assert.deepEqual(codeActionsFor(URI, other, { richClient: true }), []);
});

test('goLineFor: the installed go as go mod init writes its go line', () => {
  assert.equal(goLineFor('1.27.3'), '1.27.3');
  assert.equal(goLineFor('go1.23.5'), '1.23.5');
  assert.equal(goLineFor('1.21'), '1.21.0');
  assert.equal(goLineFor('1.22rc1'), '1.22rc1');
  assert.equal(goLineFor('1.20.14'), '1.20');
  assert.equal(goLineFor('1.19.13'), '1.19');
  assert.equal(goLineFor('devel'), undefined);
});
