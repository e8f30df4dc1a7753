/** One-line descriptions and help for each category (SARIF rules, text headings). Translated through t(). */
import type { Category } from '../../core/categories.ts';
import { t } from '../../core/l10n.ts';

const NAMES: Record<Category, string> = {
  'go-missing': 'The go command is missing or does not run',
  syntax: 'go.mod or go.work does not parse',
  dns: 'A host name could not be resolved',
  connect: 'A connection could not be made',
  timeout: 'A download did not finish in time',
  tls: 'The TLS connection failed (certificate or handshake)',
  'http-proxy': 'The HTTP proxy refused or failed the request',
  auth: 'The server asked for credentials',
  'not-found': 'The module or version does not exist on the server',
  sumdb: 'The checksum database could not verify the module',
  'checksum-mismatch': 'The downloaded content does not match go.sum or the checksum database',
  'path-mismatch': 'The module declares a different path than the one required',
  'invalid-version': 'The version is not valid for this module',
  toolchain: 'The go or toolchain line needs another Go toolchain',
  config: 'A go setting (GOPROXY, GOFLAGS, GONOSUMDB, …) prevents the download',
  vcs: 'The version control command (git, …) failed',
  cache: 'The module cache is damaged or not writable',
  server: 'The server failed (5xx, 429 or a broken answer)',
  unknown: 'The download failed for a reason not recognised',
};

const HELP: Record<Category, string> = {
  'go-missing': 'Install Go, put it on PATH, or pass --go PATH (the editor setting gomodDoctor.goPath).',
  syntax: 'Fix the line the parser points at; nothing is downloaded until the file parses.',
  dns: 'Check the host name and your DNS or network; for private modules check GOPRIVATE/GONOPROXY.',
  connect: 'Check the network, firewall and proxy settings (HTTPS_PROXY), or choose another GOPROXY.',
  timeout: 'The server or network is slow or silent; check the network or proxy, or raise --timeout.',
  tls: 'Install the CA certificate your network uses, or check the system clock.',
  'http-proxy': 'Check HTTPS_PROXY/HTTP_PROXY and the proxy credentials.',
  auth: 'Add credentials (~/.netrc or a git credential helper), or mark the module private with GOPRIVATE.',
  'not-found': 'Check the module path and version; private modules need GOPRIVATE (and credentials).',
  sumdb: 'For private modules set GONOSUMDB or GOPRIVATE; otherwise check GOSUMDB and the network.',
  'checksum-mismatch':
    'Do not edit go.sum by hand: find out why the content changed before running go mod tidy.',
  'path-mismatch': 'Require the module by the path its go.mod declares, or add a replace directive.',
  'invalid-version': 'Use a version that exists (go list -m -versions MODULE).',
  toolchain: 'Install the required Go version, or allow go to download it (GOTOOLCHAIN).',
  config: 'Correct the go setting the message names (go env -w KEY=VALUE or the environment).',
  vcs: 'Install the version control tool and check its access to the repository.',
  cache: 'Repair the module cache entry (go clean -modcache for that module) or its permissions.',
  server: 'The server failed: retry later, or use another GOPROXY.',
  unknown: "Read go's own message below; please report it so the doctor can learn it.",
};

export function categoryName(c: Category): string {
  return t(NAMES[c]);
}

export function categoryHelp(c: Category): string {
  return t(HELP[c]);
}
