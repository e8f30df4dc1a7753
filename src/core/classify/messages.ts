/**
 * One-line summaries of findings, in plain words. English here; translated through l10n's t() (the English
 * text is the key of the translation bundles). `{0}` is the host or module the finding names.
 */
import { t } from '../l10n.ts';

export const SUMMARIES = {
  'go-missing': 'The go command was not found: Go is not installed or not on PATH.',
  usage: 'The go command rejected its command line (a usage error, exit code 2).',
  'go-too-old-modules':
    'This go command is too old for modules: it does not know the module commands or flags being used. Install a newer Go.',
  'sumdb-misbehavior':
    'The checksum database {0} gave answers inconsistent with what this machine saw before.',
  'checksum-mismatch-gosum':
    'The downloaded module does not match the checksum recorded in go.sum: the version was changed after it was first recorded, or the download was tampered with.',
  'checksum-mismatch-sumdb':
    'The downloaded module does not match the checksum published by the checksum database: the tag was probably moved or re-created after it was first published.',
  'checksum-missing': 'The checksum database answered without an entry for this module version.',
  'sumdb-not-found':
    'The checksum database {0} cannot vouch for this module: it could not fetch it (a private or deleted repository). The failure happened on the database server, not on this machine: list private modules in GOPRIVATE or GONOSUMDB instead of adding credentials.',
  'sumdb-bad-key': 'The checksum database answer could not be verified with the configured key (GOSUMDB).',
  'sumdb-error': 'The checksum database {0} failed to answer the lookup.',
  'gosumdb-invalid': 'GOSUMDB is not a valid checksum database setting.',
  'go-mod-syntax': 'A go.mod, go.work or go.sum file has a syntax error.',
  'go-line-too-new-format':
    "This go command is too old to read the module's go.mod (a go or toolchain line it does not understand).",
  'path-mismatch': 'The module declares a different path in its go.mod than the path it was required as.',
  'path-malformed': 'The module or import path is not a valid module path.',
  'proxy-connect':
    'The HTTP proxy set in HTTP_PROXY/HTTPS_PROXY ({0}) could not be reached or dropped the connection.',
  'proxy-auth': 'The HTTP proxy refused the request: it requires authentication (407).',
  'proxy-refused':
    'The HTTP proxy refused to open a tunnel to {0} (its answer to CONNECT was an error, shown as a bare status text).',
  'proxy-dns': 'The name of the HTTP proxy ({0}) could not be resolved.',
  'public-server-refused':
    'The public server {0} refused the request (401/403). It never asks for credentials: a firewall, an intercepting or company proxy, or a block on this network or country stands in the way. Try another network or another public GOPROXY.',
  'goget-status':
    'The server for {0} did not answer the ?go-get=1 discovery request with a repository location (HTTP status).',
  'goget-no-meta':
    'The page for {0} has no go-import meta tag, so the go command cannot find its repository.',
  govcs: 'GOVCS does not allow the version control tool needed for this module.',
  'no-secure-protocol': 'No secure protocol (https, ssh) is available for the repository of {0}.',
  'goget-other': 'The go command could not find the repository for the import path {0}.',
  'git-proxy': 'git could not get through the HTTP proxy (CONNECT refused or proxy authentication required).',
  'git-dns': 'git could not resolve the host name {0}.',
  'git-tls': "git could not verify {0}'s TLS certificate (git uses its own CA settings, not Go's).",
  'git-timeout': 'git timed out connecting to {0}.',
  'git-connect': 'git could not connect to {0}, or the connection broke during the transfer.',
  'git-auth':
    'git needs credentials for {0} and has none (prompts are disabled when the go command runs git). Configure a credential helper, .netrc or SSH key, and list the module in GOPRIVATE.',
  'git-auth-github':
    'git needs credentials for github.com. GitHub also asks for credentials when a repository does not exist: check the module path first, then configure credentials for private repositories and list them in GOPRIVATE.',
  'git-ssh-auth': 'SSH authentication to {0} failed (no accepted key, or an unknown host key).',
  'git-not-found': 'The repository for {0} does not exist, or is not visible with the credentials in use.',
  'git-ref-not-found': 'The requested revision does not exist in the repository of {0}.',
  'git-local':
    'git could not write to its working copy in the module cache (permissions or a leftover lock).',
  'vcs-missing': 'A version control tool the go command needs ({0}) is not installed or not on PATH.',
  'vcs-failed': 'A version control command failed while fetching {0}.',
  'vcs-proxy':
    'The version control tool could not get through the HTTP proxy (its CONNECT request was refused).',
  'vcs-dns': 'The version control tool could not resolve the host name {0}.',
  'vcs-tls':
    "The version control tool could not verify {0}'s TLS certificate (it uses its own CA settings, not Go's).",
  'vcs-timeout': 'The version control tool timed out connecting to {0}.',
  'vcs-connect':
    'The version control tool could not connect to {0}, or the connection broke during the transfer.',
  'vcs-auth':
    'The repository server {0} refused the version control tool: credentials are missing or not allowed.',
  'vcs-server': 'The repository server {0} failed on its side (5xx); retrying later usually works.',
  'tls-handshake-timeout': 'The TLS handshake with {0} timed out.',
  dns: 'The host name {0} could not be resolved (DNS).',
  tls: 'The TLS certificate of {0} could not be verified (unknown authority, wrong host name or expired).',
  'tls-plain-http': '{0} answered plain HTTP where HTTPS was expected.',
  timeout: 'The connection to {0} timed out.',
  'http-timeout': '{0} did not answer in time.',
  'connect-refused':
    'The connection to {0} was refused: nothing is listening there, or a firewall rejects it.',
  'connect-unreachable': 'There is no network route to {0}.',
  'connect-reset': 'The connection to {0} was reset or closed before the answer was complete.',
  'windows-socket':
    "Windows could not open or keep the TCP connection to {0} (a socket error; Windows' own words are in the evidence).",
  'tcp-other': 'The TCP connection to {0} failed.',
  'http2-stream':
    'The server {0} broke off the HTTP/2 stream: a fault on its side or of a proxy in front of it, not of this connection. Retrying usually works; another GOPROXY avoids it.',
  'http-not-found': 'The module proxy {0} does not have this module or version (404/410).',
  'proxy-side-failure':
    'The module proxy {0} failed on its own side (its answer reports a local error, such as a full disk); this machine is not at fault.',
  'status-says-gone':
    'The server {0} refused the request and says the repository is not available: it was removed or never existed.',
  'file-proxy-not-found':
    'The file:// module proxy has no file {0}: it does not have this module or version.',
  'file-proxy-permission':
    'The file:// module proxy cannot be read by this user ({0}: permission denied): fix the permissions of the mirror.',
  'http-auth':
    'The server {0} refused the request (401/403): credentials are missing or not allowed. A comma-separated GOPROXY stops at this error instead of trying the next entry.',
  'http-bad-request':
    'The module proxy {0} rejected the request as invalid (400): usually an invalid version.',
  'http-rate-limit': 'The server {0} is rate-limiting requests (429 Too Many Requests).',
  'http-server-error':
    'The server {0} failed (5xx). A comma-separated GOPROXY stops at this error; use | to fall through.',
  'http-other': 'The server {0} answered with an unexpected HTTP status.',
  'http-redirect': 'The server {0} redirected to an insecure or unusable location.',
  'http-insecure': 'The go command refused to use an insecure (http) URL for {0}.',
  'proxy-invalid-response': 'The module proxy {0} sent an invalid response.',
  'goproxy-off': 'Module downloads are disabled (GOPROXY=off).',
  'mod-vendor': 'Module lookups are disabled by -mod=vendor; the vendor directory is missing or out of date.',
  'vendor-inconsistent': 'The vendor directory does not match go.mod (inconsistent vendoring).',
  'missing-go-sum': 'go.sum has no entry for a needed module.',
  'no-required-module': 'No module required in go.mod provides an imported package.',
  'not-in-module': 'The command ran outside a module (no go.mod found).',
  'workspace-mod-flag':
    'A -mod flag (on the command line or in GOFLAGS) conflicts with workspace mode (go.work): remove it, or set GOWORK=off.',
  'workspace-modules':
    'The go.work workspace and the module or directory in use disagree: add the module with go work use, correct go.work, or set GOWORK=off.',
  'goproxy-invalid': 'GOPROXY is not a valid setting.',
  goflags: 'GOFLAGS contains a flag or value the go command rejects.',
  goauth: 'GOAUTH is not a valid setting.',
  'go111module-off': 'Modules are disabled (GO111MODULE=off).',
  'config-other': "The go command's configuration or the module's own files prevent the download.",
  'cache-create': 'The module cache directory cannot be created or is not valid (GOMODCACHE/GOPATH).',
  'cache-zip': 'A module zip is corrupt or invalid (in the module cache or as served by the proxy).',
  'cache-ziphash': 'A module cache entry is corrupt (an invalid .ziphash file).',
  'cache-unzip': 'The module zip could not be extracted.',
  'disk-full': 'The disk is full (no space left on device).',
  'fs-readonly': 'The module cache or build directory is on a read-only file system.',
  'fs-permission': 'Permission denied writing or reading the module cache or a working directory.',
  'fs-busy': 'A file in the module cache is in use or locked by another process.',
  'too-new': 'A newer Go is required ({0}) than the one running, and GOTOOLCHAIN does not allow switching.',
  'tool-built-older':
    'A tool that reads Go code was built with an older Go than this code needs ({0}): reinstall the tool with the newer Go.',
  'toolchain-mixed':
    'Parts of two Go installations of different versions are mixed (the go command, its compiler or the compiled standard library): reinstall Go, and unset GOROOT or point it at that installation.',
  'goroot-missing':
    'GOROOT points at {0}, which does not exist: Go was moved or removed. Unset GOROOT or point it at the installed Go.',
  'toolchain-not-available': 'The Go toolchain requested by go.mod or GOTOOLCHAIN does not exist.',
  'std-too-new': 'This Go is older than the standard-library package {0}: install a newer Go.',
  'std-missing':
    'go cannot find the standard-library package {0} in its own installation: Go is broken, or GOROOT points at another one.',
  'toolchain-download': 'Downloading the Go toolchain required by go.mod or GOTOOLCHAIN failed.',
  'toolchain-invalid': 'GOTOOLCHAIN or the toolchain line is not valid.',
  'pseudo-version': 'The pseudo-version does not match the repository (timestamp, revision or base tag).',
  'unknown-revision': 'The version {0} does not exist in the repository (unknown revision or tag).',
  'no-matching-versions': 'No version of the module matches the query.',
  'invalid-version':
    'The requested version is not valid for this module (major version or +incompatible rules).',
  'package-not-in-module': 'The module was found but does not contain the imported package.',
  'no-module-for-package': 'No module could be found that provides the imported package.',
  'request-hung':
    'The go command was stopped while a request to {0} was still open: the server never answered.',
  'git-hung': 'The go command was stopped while git was still talking to {0}.',
  'killed-by-signal': 'The go command was stopped by a signal: {0}',
  'exit-code': 'The go command failed: {0}',
  unknown: 'The failure could not be classified; see the evidence lines.',
} as const;

export type SummaryKey = keyof typeof SUMMARIES;

// What `{0}` says when the message does not name it.
const FALLBACK: Partial<Record<SummaryKey, string>> = {
  'proxy-connect': 'address not shown',
  'proxy-dns': 'name not shown',
  'goget-other': 'the module',
  'vcs-failed': 'the module',
  'goget-status': 'the module',
  'goget-no-meta': 'the module',
  'no-secure-protocol': 'the module',
  'vcs-missing': 'git, hg, svn, bzr or fossil',
  'unknown-revision': 'requested',
  'too-new': 'see go.mod',
  'http-redirect': 'in GOPROXY',
  'std-too-new': 'in use',
  'std-missing': 'in use',
  'tool-built-older': 'see go.mod',
  'goroot-missing': 'a missing directory',
  'file-proxy-not-found': 'for the request',
  'file-proxy-permission': 'the mirror',
};

/** The translated summary for a key, with `{0}` replaced by `subject` (or a neutral word). */
export function summary(key: SummaryKey, subject: string | undefined): string {
  return t(SUMMARIES[key], subject ?? t(FALLBACK[key] ?? 'the server'));
}
