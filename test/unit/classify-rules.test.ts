// One test per rule, with go's exact wording from the reference (every version's variant where they differ).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  classify,
  classifyMessage,
  explainExitCode,
  messagesOf,
  RULES,
} from '../../src/core/classify/index.ts';
import { CATEGORIES, STAGES } from '../../src/core/categories.ts';
import { classifyStored, corpusEntries, ALL_CORPUS, storedTranscripts } from '../helpers/corpus.ts';

interface Case {
  name: string;
  text: string;
  category: string;
  stage?: string;
  rule?: string;
  host?: string;
  module?: string;
  version?: string;
}

const CASES: Case[] = [
  // DNS
  {
    name: 'DNS no such host (go client)',
    text: 'example.com/hello@v1.0.0: Get "https://proxy.example.test/example.com/hello/@v/v1.0.0.info": dial tcp: lookup proxy.example.test on 10.0.0.53:53: no such host',
    category: 'dns',
    stage: 'resolve',
    rule: 'dns',
    host: 'proxy.example.test',
    module: 'example.com/hello',
    version: 'v1.0.0',
  },
  {
    name: 'DNS inside unrecognized import path',
    text: 'gitlocal.test/missing@v1.0.0: unrecognized import path "gitlocal.test/missing": https fetch: Get "https://gitlocal.test/missing?go-get=1": dial tcp: lookup gitlocal.test on 127.0.0.53:53: no such host',
    category: 'dns',
    stage: 'resolve',
    host: 'gitlocal.test',
  },
  {
    name: 'DNS server misbehaving',
    text: 'go: example.com/m@v1.2.3: Get "https://proxy.golang.org/example.com/m/@v/v1.2.3.mod": dial tcp: lookup proxy.golang.org on 127.0.0.11:53: server misbehaving',
    category: 'dns',
  },
  {
    name: 'git: Could not resolve host',
    text: "go: example.com/m@v1.0.0: git ls-remote -q origin in /tmp/gopath/pkg/mod/cache/vcs/abc: exit status 128:\n\tfatal: unable to access 'https://git.example.test/m/': Could not resolve host: git.example.test",
    category: 'dns',
    rule: 'git-dns',
    host: 'git.example.test',
  },
  // connect / timeout
  {
    name: 'connection refused (T, all versions)',
    text: 'go: example.com/hello@v1.0.0: Get "http://127.0.0.1:1/example.com/hello/@v/v1.0.0.mod": dial tcp 127.0.0.1:1: connect: connection refused',
    category: 'connect',
    stage: 'connect',
    rule: 'connect-refused',
    host: '127.0.0.1:1',
  },
  {
    name: 'network unreachable',
    text: 'example.com/m@v1.0.0: Get "https://proxy.golang.org/example.com/m/@v/v1.0.0.info": dial tcp [2607:f8b0::11]:443: connect: network is unreachable',
    category: 'connect',
    rule: 'connect-unreachable',
  },
  {
    name: 'connection reset mid-stream',
    text: 'example.com/m@v1.0.0: read tcp 127.0.0.1:50000->127.0.0.1:8080: read: connection reset by peer',
    category: 'connect',
    rule: 'connect-reset',
  },
  {
    name: 'EOF on Get',
    text: 'example.com/m@v1.0.0: Get "http://127.0.0.1:8080/example.com/m/@v/v1.0.0.info": EOF',
    category: 'connect',
    rule: 'connect-reset',
  },
  {
    name: 'dial timeout',
    text: 'go: example.com/m@v1.0.0: Get "https://proxy.golang.org/example.com/m/@v/v1.0.0.mod": dial tcp 142.250.206.209:443: i/o timeout',
    category: 'timeout',
    stage: 'connect',
    rule: 'timeout',
    host: 'proxy.golang.org',
  },
  {
    name: 'timeout inside unrecognized import path is a timeout',
    text: 'go: example.test/m@v1.0.0: unrecognized import path "example.test/m": https fetch: Get "https://example.test/m?go-get=1": dial tcp 10.1.1.1:443: i/o timeout',
    category: 'timeout',
    host: 'example.test',
  },
  {
    name: 'TLS handshake timeout',
    text: 'go: module gioui.org: Get "https://goproxy.cn/gioui.org/@v/list": net/http: TLS handshake timeout',
    category: 'timeout',
    stage: 'tls',
    rule: 'tls-handshake-timeout',
    module: 'gioui.org',
  },
  {
    name: 'sumdb lookup timeout is a timeout, not sumdb',
    text: 'go: github.com/kr/text@v0.2.0/go.mod: verifying module: github.com/kr/text@v0.2.0/go.mod: Get "https://sum.golang.org/lookup/github.com/kr/text@v0.2.0": dial tcp 172.217.160.81:443: i/o timeout',
    category: 'timeout',
    host: 'sum.golang.org',
    module: 'github.com/kr/text',
    version: 'v0.2.0',
  },
  // TLS: 1.19 wording (no prefix) and 1.20+ wording
  {
    name: 'TLS unknown authority, go1.20+',
    text: 'example.com/hello@v1.0.0: Get "https://127.0.0.1:8443/example.com/hello/@v/v1.0.0.info": tls: failed to verify certificate: x509: certificate signed by unknown authority',
    category: 'tls',
    stage: 'tls',
    rule: 'tls',
    host: '127.0.0.1:8443',
  },
  {
    name: 'TLS unknown authority, go1.19 (no tls: prefix)',
    text: 'example.com/hello@v1.0.0: Get "https://127.0.0.1:8443/example.com/hello/@v/v1.0.0.info": x509: certificate signed by unknown authority',
    category: 'tls',
    rule: 'tls',
  },
  {
    name: 'TLS no IP SANs',
    text: 'example.com/hello@v1.0.0: Get "https://127.0.0.1:8443/example.com/hello/@v/v1.0.0.info": tls: failed to verify certificate: x509: cannot validate certificate for 127.0.0.1 because it doesn\'t contain any IP SANs',
    category: 'tls',
  },
  {
    name: 'TLS 1.25+ many-SAN wording',
    text: 'example.com/m@v1.0.0: Get "https://h.test/example.com/m/@v/v1.0.0.info": tls: failed to verify certificate: x509: certificate is valid for 120 names, but none matched h.test',
    category: 'tls',
  },
  {
    name: 'TLS expired',
    text: 'go: m.test/x@v1.0.0: unrecognized import path "m.test/x": https fetch: Get "https://m.test/x?go-get=1": tls: failed to verify certificate: x509: certificate has expired or is not yet valid: current time 2024-01-01T00:00:00Z is after 2023-01-01T00:00:00Z',
    category: 'tls',
  },
  {
    name: 'plain HTTP answer to HTTPS',
    text: 'example.com/m@v1.0.0: Get "https://127.0.0.1:8080/example.com/m/@v/v1.0.0.info": http: server gave HTTP response to HTTPS client',
    category: 'tls',
    rule: 'tls-plain-http',
  },
  {
    name: 'git TLS (GnuTLS wording)',
    text: "go: gopkg.in/check.v1@v1.0.0: git fetch -f origin refs/heads/*:refs/heads/* refs/tags/*:refs/tags/* in /go/pkg/mod/cache/vcs/7e5f: exit status 128:\n\tfatal: unable to access 'https://gopkg.in/check.v1/': server certificate verification failed. CAfile: /etc/ssl/certs/ca-certificates.crt CRLfile: none",
    category: 'tls',
    rule: 'git-tls',
    host: 'gopkg.in',
  },
  // HTTP proxy
  {
    name: 'proxyconnect refused (T)',
    text: 'example.com/hello@v1.0.0: Get "https://proxy.example.test/example.com/hello/@v/v1.0.0.info": proxyconnect tcp: dial tcp 127.0.0.1:1: connect: connection refused',
    category: 'http-proxy',
    stage: 'proxy',
    rule: 'http-proxy-connect',
    host: '127.0.0.1:1',
  },
  {
    name: 'CONNECT 407: only the reason phrase (T, 1.19/1.23/1.27)',
    text: 'example.com/hello@v1.0.0: Get "https://proxy.example.test/example.com/hello/@v/v1.0.0.info": Proxy Authentication Required',
    category: 'http-proxy',
    rule: 'http-proxy-auth',
  },
  {
    name: 'git through a proxy: 407 after CONNECT',
    text: "go: git.corp.test/m@v1.0.0: git ls-remote -q origin in /x: exit status 128:\n\tfatal: unable to access 'https://git.corp.test/m/': Received HTTP code 407 from proxy after CONNECT",
    category: 'http-proxy',
  },
  // HTTP statuses from a GOPROXY
  {
    name: '404 with one-line server response (T)',
    text: 'example.com/hello@v1.0.0: reading http://127.0.0.1:18081/status/404/one/example.com/hello/@v/v1.0.0.info: 404 Not Found\n\tserver response: not found: example.com/hello@v1.0.0: invalid version: unknown revision v1.0.0',
    category: 'not-found',
    stage: 'http',
    rule: 'http-not-found',
    host: '127.0.0.1:18081',
  },
  {
    name: '410 with multi-line server response (T)',
    text: 'go: example.com/hello@v1.0.1: reading http://127.0.0.1:18081/x/example.com/hello/@v/v1.0.1.info: 410 Gone\n\tserver response:\n\tline1\n\tline2',
    category: 'not-found',
  },
  {
    name: 'proxy 404 whose body shows git auth failing on the proxy: not an auth problem here',
    text: "go: module github.com/lexkong/lager: reading https://goproxy.io/github.com/lexkong/lager/@v/list: 404 Not Found\n\tserver response:\n\tnot found: go list -m github.com/lexkong/lager: git ls-remote -q https://github.com/lexkong/lager in /data/x: exit status 128:\n\t\tfatal: could not read Username for 'https://github.com': terminal prompts disabled",
    category: 'not-found',
    rule: 'http-not-found',
  },
  {
    name: '403 (comma GOPROXY stops here)',
    text: 'example.com/hello@v1.0.0: reading https://proxy.corp.test/example.com/hello/@v/v1.0.0.zip: 403 Forbidden',
    category: 'auth',
    rule: 'http-auth',
  },
  {
    name: '401 old wording, from a public proxy: not a credentials problem',
    text: 'go: example.com/x@v1.2.1: unexpected status (https://goproxy.io/example.com/x/@v/v1.2.1.info): 401 authenticationrequired',
    category: 'http-proxy',
    rule: 'public-server-refused',
  },
  {
    name: "CONSTRUCTED from the tool's format: hg behind a proxy that refuses CONNECT",
    text: 'go: hg.example.org/lib@v1.4.2: hg clone -U -- https://hg.example.org/lib . in /tmp/gopath/pkg/mod/cache/vcs/5f1c: exit status 255:\n\tabort: error: Tunnel connection failed: 403 Forbidden',
    category: 'http-proxy',
    rule: 'vcs-proxy',
    host: 'hg.example.org',
  },
  {
    name: "CONSTRUCTED from the tool's format: hg: the C resolver's text",
    text: 'go: hg.example.org/lib@v1.4.2: hg clone -U -- https://hg.example.org/lib . in /tmp/gopath/pkg/mod/cache/vcs/5f1c: exit status 255:\n\tabort: error: Name or service not known',
    category: 'dns',
    rule: 'vcs-dns',
    host: 'hg.example.org',
  },
  {
    name: "CONSTRUCTED from the tool's format: hg: a certificate whose fingerprint hg does not expect",
    text: 'go: hg.example.org/lib@v1.4.2: hg clone -U -- https://hg.example.org/lib . in /tmp/gopath/pkg/mod/cache/vcs/5f1c: exit status 255:\n\tabort: certificate for hg.example.org has unexpected fingerprint 05:e7:8e:8d:cb:85',
    category: 'tls',
    rule: 'vcs-tls',
    host: 'hg.example.org',
  },
  {
    name: "CONSTRUCTED from the tool's format: svn: APR's WSAETIMEDOUT (E730060) in German",
    text: "# cd .; svn checkout https://svn.example.org/repo/trunk /tmp/gopath/src/svn.example.org/repo\nsvn: E170013: Unable to connect to a repository at URL 'https://svn.example.org/repo/trunk'\nsvn: E730060: Ein Verbindungsversuch ist fehlgeschlagen, da die Gegenstelle nach einer bestimmten Zeitspanne nicht richtig reagiert hat.\npackage svn.example.org/repo: exit status 1",
    category: 'timeout',
    rule: 'vcs-timeout',
  },
  {
    name: "CONSTRUCTED from the tool's format: bzr: Python's errno for a refused connection",
    text: 'go: launchpad.net/lib@v0.0.0-20140225173054-000000000087: bzr branch --use-existing-dir https://launchpad.net/~team/lib/trunk . in /tmp/gopath/pkg/mod/cache/vcs/f46c: exit status 3:\n\tbzr: ERROR: Connection error: Could not connect to bazaar.launchpad.net:443 [Errno 111] Connection refused',
    category: 'connect',
    rule: 'vcs-connect',
    host: 'launchpad.net',
  },
  {
    name: "CONSTRUCTED from the tool's format: hg: HTTP 403",
    text: 'go: hg.example.org/lib@v1.4.2: hg clone -U -- https://hg.example.org/lib . in /tmp/gopath/pkg/mod/cache/vcs/5f1c: exit status 255:\n\tabort: HTTP Error 403: Forbidden',
    category: 'auth',
    rule: 'vcs-http-auth',
    host: 'hg.example.org',
  },
  {
    name: "CONSTRUCTED from the tool's format: svn: the URL does not exist",
    text: "svn: E170000: URL 'https://svn.example.org/repo/trunk' doesn't exist",
    category: 'not-found',
    rule: 'vcs-not-found',
  },
  {
    name: "CONSTRUCTED from the tool's format: brz: a 502 from the repository server",
    text: 'go: launchpad.net/lib@v0.0.0-20140225173054-000000000087: brz branch --use-existing-dir https://launchpad.net/~team/lib/trunk . in /tmp/gopath/pkg/mod/cache/vcs/f46c: exit status 3:\n\tbrz: ERROR: Invalid http response for https://launchpad.net/~team/lib/trunk/.bzr/branch-format: Unable to handle http code 502: Bad Gateway',
    category: 'server',
    rule: 'vcs-http-server',
    host: 'launchpad.net',
  },
  {
    name: "CONSTRUCTED from go's format: GOPATH mode with GOPATH unset",
    text: 'package example.com/team/lib: cannot download, $GOPATH not set. For more details see: go help gopath',
    category: 'config',
    rule: 'go-env-invalid',
  },
  {
    name: "CONSTRUCTED from go's format: GOROOT names a directory that is gone",
    text: 'go: cannot find GOROOT directory: /usr/local/go1.20',
    category: 'toolchain',
    rule: 'goroot-missing',
  },
  {
    name: "GOPATH go get -v: the status in 'Parsing meta tags from URL (status code N)' (constructed from go's format)",
    text: 'Parsing meta tags from https://golang.org/x/net/websocket?go-get=1 (status code 403)',
    category: 'http-proxy',
    rule: 'public-server-refused',
  },
  {
    name: "GOPATH go get -v: a 404 from a vanity server's discovery page (constructed from go's format)",
    text: 'Parsing meta tags from https://go.corp.test/lib?go-get=1 (status code 404)',
    category: 'vcs',
    rule: 'goget-status',
  },
  {
    name: '401 old wording, from a private proxy',
    text: 'go: example.com/x@v1.2.1: unexpected status (https://goproxy.corp.test/example.com/x/@v/v1.2.1.info): 401 Unauthorized',
    category: 'auth',
    rule: 'http-auth',
  },
  {
    name: '429',
    text: 'go: a.test/m@v1.0.0: reading https://p.test/a.test/m/@v/v1.0.0.mod: 429 Too Many Requests',
    category: 'server',
    rule: 'http-rate-limit',
  },
  {
    name: '500',
    text: 'example.com/hello@v1.0.0: reading http://127.0.0.1:18081/x/example.com/hello/@v/v1.0.0.info: 500 Internal Server Error',
    category: 'server',
    rule: 'http-server-error',
  },
  {
    name: '502',
    text: 'go: a.test/m@v1.0.0: reading https://p.test/a.test/m/@v/v1.0.0.zip: 502 Bad Gateway',
    category: 'server',
  },
  {
    name: '503',
    text: 'module a.test/m: reading https://p.test/a.test/m/@v/list: 503 Service Unavailable',
    category: 'server',
    module: 'a.test/m',
  },
  {
    name: '400 from the proxy for an invalid version',
    text: 'go: a.test/m@v0.0.0-20190315094337-365674df15fc: reading https://proxy.golang.org/a.test/m/@v/v0.0.0-20190315094337-365674df15fc.mod: 400 Bad Request',
    category: 'invalid-version',
  },
  {
    name: 'invalid response from proxy (T)',
    text: 'example.com/hello@v1.0.0: invalid response from proxy "http://127.0.0.1:18081/bad": invalid character \'<\' looking for beginning of value',
    category: 'server',
    rule: 'proxy-invalid-response',
  },
  // ?go-get=1 discovery and VCS
  {
    name: 'go-get 404',
    text: 'unrecognized import path "helm.sh/helm/pkg/storage": reading https://helm.sh/helm/pkg/storage?go-get=1: 404 Not Found',
    category: 'vcs',
    rule: 'goget-status',
    host: 'helm.sh',
  },
  {
    name: 'no go-import meta tags',
    text: 'example.com/m@v1.0.0: unrecognized import path "example.com/m": parse https://example.com/m?go-get=1: no go-import meta tags ()',
    category: 'vcs',
    rule: 'goget-no-meta',
  },
  {
    name: 'GOVCS (T)',
    text: 'gitlocal.test/missing@v1.0.0: unrecognized import path "gitlocal.test/missing": GOVCS disallows using git for public gitlocal.test/missing; see \'go help vcs\'',
    category: 'vcs',
    rule: 'govcs',
  },
  {
    name: 'git missing, go <= 1.25',
    text: 'example.com/m@v1.0.0: git init --bare in /tmp/gopath/pkg/mod/cache/vcs/0123: exec: "git": executable file not found in $PATH',
    category: 'vcs',
    rule: 'vcs-missing',
  },
  {
    name: 'git missing, go 1.26+',
    text: 'example.com/m@v1.0.0: unable to resolve git version: failed to execute git version: exec: "git": executable file not found in $PATH',
    category: 'vcs',
    rule: 'vcs-missing',
  },
  {
    name: 'git auth, go <= 1.24 wording (T)',
    text: "gitlocal.test/auth@v1.0.0: invalid version: git ls-remote -q origin in /tmp/pkg/mod/cache/vcs/0360: exit status 128:\n\tfatal: could not read Username for 'http://gitlocal.test': terminal prompts disabled\nConfirm the import path was entered correctly.\nIf this is a private repository, see https://golang.org/doc/faq#git_https for additional information.",
    category: 'auth',
    stage: 'vcs',
    rule: 'git-auth',
    host: 'gitlocal.test',
    module: 'gitlocal.test/auth',
    version: 'v1.0.0',
  },
  {
    name: 'git auth, go 1.27 wording (URL in ls-remote, go.dev FAQ)',
    text: "gitlocal.test/auth@v1.0.0: invalid version: git ls-remote -q --end-of-options http://gitlocal.test/auth.git in /tmp/pkg/mod/cache/vcs/0360: exit status 128:\n\tfatal: could not read Username for 'http://gitlocal.test': terminal prompts disabled\nConfirm the import path was entered correctly.\nIf this is a private repository, see https://go.dev/doc/faq#git_https for additional information.",
    category: 'auth',
    rule: 'git-auth',
  },
  {
    name: 'git 403',
    text: "gitlocal.test/forbidden@v1.0.0: invalid version: git ls-remote -q origin in /x: exit status 128:\n\tremote: forbidden\n\tfatal: unable to access 'http://gitlocal.test/forbidden.git/': The requested URL returned error: 403",
    category: 'auth',
  },
  {
    name: 'ssh publickey',
    text: 'go: github.com/a/b@v1.0.0: reading github.com/a/b/go.mod at revision v1.0.0: git ls-remote -q origin in /x: exit status 128:\n\tgit@github.com: Permission denied (publickey).\n\tfatal: Could not read from remote repository.',
    category: 'auth',
    rule: 'git-ssh-auth',
    host: 'github.com',
  },
  {
    name: 'git repository not found (T)',
    text: "gitlocal.test/missing@v1.0.0: invalid version: git ls-remote -q origin in /x: exit status 128:\n\tremote: not found\n\tfatal: repository 'http://gitlocal.test/missing.git/' not found",
    category: 'not-found',
    rule: 'git-not-found',
  },
  {
    name: 'git remote end hung up',
    text: 'go: a.test/m@v1.0.0: git -c protocol.version=0 fetch --unshallow -f https://a.test/m refs/heads/*:refs/heads/* in /x: exit status 128:\n\tfatal: the remote end hung up unexpectedly',
    category: 'connect',
    rule: 'git-connect',
  },
  {
    name: 'git killed (signal)',
    text: 'go: a.test/m@v1.0.0: git ls-remote -q origin in /x: signal: killed',
    category: 'vcs',
    rule: 'vcs-failed',
  },
  // Versions and paths
  {
    name: 'unknown revision',
    text: 'go: a.test/m@v1.9.9: invalid version: unknown revision v1.9.9',
    category: 'not-found',
    rule: 'unknown-revision',
  },
  {
    name: 'no matching versions',
    text: 'module a.test/m: no matching versions for query "latest"',
    category: 'not-found',
    rule: 'no-matching-versions',
  },
  {
    name: 'invalid pseudo-version',
    text: 'go: a.test/m@v0.0.0-20190626162700-a535a178675f: invalid pseudo-version: does not match version-control timestamp (expected 20190726140627)',
    category: 'invalid-version',
    rule: 'pseudo-version',
  },
  {
    name: '+incompatible',
    text: 'a.test/m@v1.2.0+incompatible: invalid version: +incompatible suffix not allowed: major version v1 is compatible',
    category: 'invalid-version',
    rule: 'invalid-version',
  },
  {
    name: 'major version mismatch',
    text: 'go: a.test/m@v2.0.0: invalid version: module contains a go.mod file, so module path must match major version ("a.test/m/v2")',
    category: 'invalid-version',
  },
  {
    name: 'path mismatch in a requires chain',
    text: 'go: a.test/main@v1.0.0 requires\n\tb.test/dep@v0.2.0 requires\n\tc.test/leaf@v0.1.0: parsing go.mod:\n\tmodule declares its path as: leaf\n\t        but was required as: c.test/leaf',
    category: 'path-mismatch',
    rule: 'path-mismatch',
    module: 'c.test/leaf',
    version: 'v0.1.0',
  },
  {
    name: 'malformed module path (T)',
    text: 'go: malformed module path "foo": missing dot in first path element',
    category: 'path-mismatch',
    rule: 'malformed-path',
  },
  // Verification
  {
    name: 'go.sum mismatch (fatal, no go: prefix) (T)',
    text: "verifying example.com/hello@v1.0.0: checksum mismatch\n\tdownloaded: h1:vnr7AAAA=\n\tgo.sum:     h1:AAAABBBB=\n\nSECURITY ERROR\nThis download does NOT match an earlier download recorded in go.sum.\nThe bits may have been replaced on the origin server, or an attacker may\nhave intercepted the download attempt.\n\nFor more information, see 'go help module-auth'.",
    category: 'checksum-mismatch',
    stage: 'verify',
    rule: 'checksum-mismatch-gosum',
    module: 'example.com/hello',
    version: 'v1.0.0',
  },
  {
    name: 'sumdb mismatch',
    text: 'example.com/hello@v1.0.0: verifying module: checksum mismatch\n\tdownloaded: h1:x=\n\tsum.golang.org: h1:y=\n\nSECURITY ERROR\nThis download does NOT match the one reported by the checksum server.',
    category: 'checksum-mismatch',
    rule: 'checksum-mismatch-sumdb',
  },
  {
    name: 'sumdb: checksum missing (1.25+)',
    text: 'example.com/hello@v1.0.0: verifying go.mod: checksum missing from sumdb response\n\nSECURITY ERROR\nThis download does NOT match one reported by the checksum server.',
    category: 'sumdb',
  },
  {
    name: 'sumdb 404 (T)',
    text: 'example.com/hello@v1.0.0: verifying go.mod: example.com/hello@v1.0.0/go.mod: reading http://127.0.0.1:18093/lookup/example.com/hello@v1.0.0: 404 Not Found\n\tserver response: file does not exist',
    category: 'sumdb',
    stage: 'verify',
    rule: 'sumdb-lookup-not-found',
  },
  {
    name: 'TRAP: terminal prompts disabled inside the checksum database response is sumdb, not auth',
    text: "go: gitlab.com/g/foo@v0.0.0-20210429153539-e2d639ad297e: verifying go.mod: gitlab.com/g/foo@v0.0.0-20210429153539-e2d639ad297e/go.mod: reading https://sum.golang.org/lookup/gitlab.com/g/foo@v0.0.0-20210429153539-e2d639ad297e: 410 Gone\n\tserver response:\n\tnot found: gitlab.com/g/foo@v0.0.0-20210429153539-e2d639ad297e: invalid version: git fetch -f origin in /tmp/gopath/pkg/mod/cache/vcs/35cd: exit status 128:\n\t\tfatal: could not read Username for 'https://gitlab.com': terminal prompts disabled",
    category: 'sumdb',
    rule: 'sumdb-lookup-not-found',
    host: 'sum.golang.org',
  },
  {
    name: 'sumdb connection refused (T) is a network problem',
    text: 'example.com/hello@v1.0.0: verifying go.mod: example.com/hello@v1.0.0/go.mod: Get "http://127.0.0.1:1/lookup/example.com/hello@v1.0.0": dial tcp 127.0.0.1:1: connect: connection refused',
    category: 'connect',
  },
  {
    name: 'sumdb wrong key',
    text: 'example.com/hello@v1.0.0: verifying go.mod: example.com/hello@v1.0.0/go.mod: reading tree note: note has no verifiable signatures\nnote:\ngo.sum database tree',
    category: 'sumdb',
    rule: 'sumdb-bad-signature',
  },
  {
    name: 'sumdb misbehavior',
    text: 'SECURITY ERROR\ngo.sum database server misbehavior detected!',
    category: 'sumdb',
    rule: 'sumdb-misbehavior',
  },
  {
    name: 'invalid GOSUMDB',
    text: 'go: example.com/hello@v1.0.0: verifying go.mod: invalid GOSUMDB: malformed verifier id',
    category: 'config',
    rule: 'gosumdb-invalid',
  },
  // Extraction and cache
  {
    name: 'bad zip from proxy (T)',
    text: 'zip: not a valid zip file',
    category: 'cache',
    stage: 'extract',
    rule: 'cache-zip',
  },
  {
    name: 'unzip failure: a file name modules do not allow makes the version unusable',
    text: "-> unzip /tmp/gopath/pkg/mod/cache/download/a.test/m/@v/v1.0.0.zip: malformed file path \"a b/'.go\": invalid char '\\''",
    category: 'invalid-version',
    stage: 'extract',
    rule: 'invalid-version',
  },
  {
    name: 'corrupt ziphash',
    text: 'verifying a.test/m@v0.0.1: unexpected ziphash: ""',
    category: 'cache',
    rule: 'cache-ziphash',
  },
  {
    name: 'cache not a directory (T)',
    text: 'could not create module cache: "/x" is not a directory',
    category: 'cache',
    rule: 'cache-create',
  },
  {
    name: 'GOMODCACHE relative (T)',
    text: 'GOMODCACHE entry is relative; must be absolute path: "rel/cache".\n',
    category: 'cache',
    rule: 'cache-create',
  },
  {
    name: 'permission denied',
    text: 'go: a.test/m@v1.0.0: open /go/pkg/mod/cache/download/a.test/m/@v/v1.0.0.lock: permission denied',
    category: 'cache',
    rule: 'fs-permission',
  },
  {
    name: 'disk full',
    text: 'go: a.test/m@v1.0.0: write /go/pkg/mod/cache/download/a.test/m/@v/v1.0.0.zip123.tmp: no space left on device',
    category: 'cache',
    rule: 'disk-full',
  },
  {
    name: 'read-only fs',
    text: 'go: a.test/m@v1.0.0: mkdir /go/pkg/mod/a.test: read-only file system',
    category: 'cache',
    rule: 'fs-readonly',
  },
  // Toolchains
  {
    name: 'TooNew (T)',
    text: 'example.com/hello@v1.0.0 requires go >= 1.999 (running go 1.23.5; GOTOOLCHAIN=local)',
    category: 'toolchain',
    stage: 'toolchain',
    rule: 'too-new',
  },
  {
    // Constructed from the compiler's version check (a go command and a compiler of two installations).
    name: 'compiler and go command of different versions (constructed)',
    text: '# runtime/internal/sys\ncompile: version "go1.22.3" does not match go tool version "go1.22.1"',
    category: 'toolchain',
    stage: 'toolchain',
    rule: 'toolchain-mixed',
  },
  {
    // Constructed from go/types' error in a tool built with an older go (the corpus has a real one, k3-tool-007).
    name: 'a tool built with an older go than the code needs (constructed)',
    text: 'mockgen: /src/api.go:1:1: package requires newer Go version go1.24 (application built with go1.23)',
    category: 'toolchain',
    stage: 'toolchain',
    rule: 'tool-built-older',
  },
  {
    name: 'toolchain not available (T)',
    text: 'go: download go1.99.1 for linux/amd64: toolchain not available',
    category: 'toolchain',
    rule: 'toolchain-not-available',
  },
  {
    name: 'toolchain download 500 (T)',
    text: 'go: download go1.99.1: golang.org/toolchain@v0.0.1-go1.99.1.linux-amd64: reading https://p.test/golang.org/toolchain/@v/v0.0.1-go1.99.1.linux-amd64.zip: 500 Internal Server Error',
    category: 'server',
  },
  {
    name: 'switch failed (T)',
    text: 'go: switching to go >= 1.999: module golang.org/toolchain: reading http://127.0.0.1:18081/golang.org/toolchain/@v/list: 404 Not Found',
    category: 'toolchain',
    rule: 'toolchain-not-found',
  },
  {
    name: 'invalid GOTOOLCHAIN (T)',
    text: 'go: invalid GOTOOLCHAIN "banana"',
    category: 'toolchain',
    rule: 'toolchain-invalid',
  },
  {
    name: 'cannot find in PATH',
    text: 'go: cannot find "go1.99.1" in PATH',
    category: 'toolchain',
    rule: 'toolchain-invalid',
  },
  {
    name: 'old go reading a new go line',
    text: "go: errors parsing go.mod:\n/src/go.mod:3: invalid go version '1.21.0': must match format 1.23",
    category: 'toolchain',
    rule: 'go-line-format',
  },
  {
    name: 'old go reading a toolchain line',
    text: 'go: errors parsing go.mod:\n/src/go.mod:5: unknown directive: toolchain',
    category: 'toolchain',
    rule: 'go-line-format',
  },
  // Configuration
  {
    name: 'GOPROXY=off (T)',
    text: 'go: example.com/hello@v1.0.0: module lookup disabled by GOPROXY=off',
    category: 'config',
    rule: 'goproxy-off',
  },
  {
    name: 'GOPROXY empty list (T)',
    text: 'go: GOPROXY list is not the empty string, but contains no entries',
    category: 'config',
    rule: 'goproxy-invalid',
  },
  {
    name: 'GOPROXY bad scheme (T)',
    text: 'invalid proxy URL scheme (must be https, http, file): ftp://x',
    category: 'config',
    rule: 'goproxy-invalid',
  },
  {
    name: 'GOFLAGS (T)',
    text: 'go: parsing $GOFLAGS: unknown flag -nosuchflag',
    category: 'config',
    rule: 'goflags',
  },
  {
    name: 'GOAUTH (T 1.27)',
    text: 'go: GOAUTH=off cannot be combined with other authentication commands (GOAUTH=off;netrc)',
    category: 'config',
    rule: 'goauth',
  },
  {
    name: 'usage error (T)',
    text: "flag provided but not defined: -foo\nusage: go mod download [-x] [-json] [-reuse=old.json] [modules]\nRun 'go help mod download' for details.",
    category: 'config',
    rule: 'usage',
  },
  {
    name: 'no modules specified (T)',
    text: "go: no modules specified (see 'go help mod download')",
    category: 'config',
    rule: 'not-in-module',
  },
  {
    name: 'GO111MODULE=off',
    text: "go: modules disabled by GO111MODULE=off; see 'go help modules'",
    category: 'config',
    rule: 'go111module-off',
  },
  {
    name: 'missing go.sum entry',
    text: 'go: github.com/spf13/pflag@v1.0.5: missing go.sum entry; to add it:\n\tgo mod download github.com/spf13/pflag',
    category: 'config',
    rule: 'missing-go-sum',
  },
  {
    name: 'syntax',
    text: 'go: errors parsing go.mod:\n/tmp/x/go.mod:3: usage: require module/path v1.2.3',
    category: 'syntax',
    rule: 'go-mod-syntax',
  },
  {
    name: 'malformed go.sum',
    text: 'go: malformed go.sum:\n/x/go.sum:3: wrong number of fields 5',
    category: 'syntax',
  },
  { name: 'go missing', text: 'bash: go: command not found', category: 'go-missing', rule: 'go-missing' },
  // Rules no other test text, corpus item or transcript made win (issue 20): each with a real message. The
  // first seven are the real go's output, captured with go 1.19 and 1.27 (temporary directories renamed).
  {
    name: 'file:// proxy without the file: its 404',
    text: 'go: example.com/missing@v1.0.0: reading file:///tmp/gmd-proxy/example.com/missing/@v/v1.0.0.info: no such file or directory',
    category: 'not-found',
    stage: 'http',
    rule: 'file-proxy-not-found',
  },
  {
    name: 'file:// proxy this user cannot read: its 403',
    text: 'go: example.com/hello@v1.0.0: reading file:///tmp/gmd-proxy/example.com/hello/@v/v1.0.0.info: permission denied',
    category: 'auth',
    rule: 'file-proxy-permission',
  },
  {
    name: 'file:// proxy with a Windows path go cannot parse',
    text: 'go: example.com/missing@v1.0.0: parse "file://C:\\\\proxy": invalid port ":\\\\proxy" after host',
    category: 'config',
    rule: 'goproxy-invalid',
  },
  {
    name: 'redirect loop',
    text: 'go: example.com/hello@v1.0.0: Get "/p/example.com/hello/@v/v1.0.0.infoxxxxxxxxxx": stopped after 10 redirects',
    category: 'config',
    rule: 'http-redirect',
  },
  {
    name: 'a status no other rule handles',
    text: 'go: example.com/hello@v1.0.0: reading http://127.0.0.1:43847/p/example.com/hello/@v/v1.0.0.info: 451 Unavailable For Legal Reasons',
    category: 'server',
    rule: 'http-other-status',
  },
  {
    name: 'import with no module requiring it',
    text: 'main.go:3:8: no required module provides package example.com/notrequired; to add it:\n\tgo get example.com/notrequired',
    category: 'config',
    rule: 'no-required-module',
  },
  {
    name: 'toolchain download that fails after the download',
    text: 'go: download go1.99.0: stat /tmp/gmd/gopath/pkg/mod/golang.org/toolchain@v0.0.1-go1.99.0.linux-amd64/bin/go: no such file or directory',
    category: 'toolchain',
    rule: 'toolchain-download',
  },
  {
    // orangepi-xunlong/orangepi-build#251
    name: 'git connect timeout',
    text: "fatal: unable to access 'https://github.com/orangepi-xunlong/u-boot-orangepi.git/': Failed to connect to github.com port 443: Connection timed out",
    category: 'timeout',
    rule: 'git-timeout',
    host: 'github.com',
  },
  {
    // golang/go#25102 (vgo, an old git)
    name: 'git: no such remote ref',
    text: 'vgo: import "github.com/you/hello" ->\n\timport "rsc.io/quote": git fetch --depth=1 https://github.com/rsc/quote c4d4236f92427c64bfbcf1cc3f8142ab18f30b22 in /home/wilk/go/src/v/cache/vcswork/af72e8eb60eb05152f7c8a104173245f2891ad0a76bf7d2886307ccb7b12ed20: exit status 128:\n\terror: no such remote ref c4d4236f92427c64bfbcf1cc3f8142ab18f30b22',
    category: 'not-found',
    rule: 'git-ref-not-found',
  },
  {
    // asciimoo/wuzz#96 (GOPATH mode)
    name: 'git: proxy answers CONNECT with a redirect',
    text: "fatal: unable to access 'https://github.com/asciimoo/wuzz/': Received HTTP code 302 from proxy after CONNECT\npackage github.com/asciimoo/wuzz: exit status 128.",
    category: 'http-proxy',
    rule: 'git-proxy',
  },
  {
    // golang/go#22926 (net/http's wording of a client timeout)
    name: 'client timeout awaiting headers',
    text: 'Get http://127.0.0.1:44868: net/http: request canceled (Client.Timeout exceeded while awaiting headers)',
    category: 'timeout',
    rule: 'http-timeout',
  },
  {
    // golang/go#32188 (cmd/go's renameio on Windows)
    name: 'file in use on Windows',
    text: 'open C:\\Users\\gopher\\AppData\\Local\\Temp\\1\\renameio091369927\\blob.bin: The process cannot access the file because it is being used by another process.',
    category: 'cache',
    rule: 'fs-busy',
  },
  {
    // intel/rmd#58
    name: 'zip with a case-insensitive name collision',
    text: '-> unzip /root/go_projects/pkg/mod/cache/download/github.com/intel/rmd/@v/v0.2.1.zip: case-insensitive file name collision: "VERSION" and "version"',
    category: 'cache',
    rule: 'cache-unzip',
  },
  {
    name: 'go.mod parse header alone',
    text: 'go: errors parsing go.mod:',
    category: 'syntax',
    rule: 'go-mod-syntax-header',
  },
  {
    name: 'nothing recognisable',
    text: 'something entirely different happened',
    category: 'unknown',
    rule: 'unknown',
  },
];

describe('rules', () => {
  for (const c of CASES) {
    test(c.name, () => {
      const f = classifyMessage(c.text);
      assert.equal(f.category, c.category, `ruleId=${f.ruleId}`);
      if (c.stage !== undefined) assert.equal(f.stage, c.stage);
      if (c.rule !== undefined) assert.equal(f.ruleId, c.rule);
      if (c.host !== undefined) assert.equal(f.host, c.host);
      if (c.module !== undefined) assert.equal(f.module, c.module);
      if (c.version !== undefined) assert.equal(f.version, c.version);
      assert.ok(f.summary.length > 0 && !f.summary.includes('\n'));
      assert.ok(f.evidence.length > 0);
    });
  }

  test('ids are unique, categories and stages valid, the catch-all last', () => {
    const ids = RULES.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const r of RULES) {
      assert.ok((CATEGORIES as readonly string[]).includes(r.category), r.id);
      if (typeof r.stage === 'string') assert.ok((STAGES as readonly string[]).includes(r.stage), r.id);
    }
    assert.equal(RULES[RULES.length - 1].id, 'unknown');
  });

  test('every rule is the winning rule for a case above, a corpus message or a stored transcript', () => {
    const won = new Set<string>(CASES.map((c) => classifyMessage(c.text).ruleId));
    // The corpus files rules were written with (never the kept-out part): every message of every item.
    for (const e of corpusEntries(ALL_CORPUS)) {
      for (const m of messagesOf(e.text).messages) won.add(classifyMessage(m).ruleId);
    }
    for (const t of storedTranscripts()) for (const f of classifyStored(t)) won.add(f.ruleId);
    assert.deepEqual(
      RULES.map((r) => r.id).filter((id) => !won.has(id)),
      [],
      'rules that never win: cover each with a real message or remove it',
    );
  });

  test('GitHub "authentication required" summary mentions repositories that do not exist', () => {
    const f = classifyMessage(
      "go: module github.com/yuangwei/go-18next: git ls-remote -q origin in /x: exit status 128:\n\tfatal: could not read Username for 'https://github.com': terminal prompts disabled",
    );
    assert.equal(f.category, 'auth');
    assert.match(f.summary, /does not exist/);
    assert.ok(f.fixes.includes('check-module-path'));
  });

  test('sumdb trap suggests GOPRIVATE/GONOSUMDB, not credentials', () => {
    const f = classifyMessage(CASES.find((c) => c.name.startsWith('TRAP'))!.text);
    assert.ok(f.fixes.includes('set-goprivate') && f.fixes.includes('set-gonosumdb'));
    assert.ok(!f.fixes.includes('git-credentials') && !f.fixes.includes('netrc-credentials'));
  });

  test('401/403 and 5xx summaries say a comma-separated GOPROXY stops there', () => {
    assert.match(
      classifyMessage('a.test/m@v1.0.0: reading https://p.test/x: 403 Forbidden').summary,
      /comma-separated GOPROXY/,
    );
    assert.match(
      classifyMessage('a.test/m@v1.0.0: reading https://p.test/x: 503 Service Unavailable').summary,
      /comma-separated GOPROXY/,
    );
  });

  test('requires chain is extracted', () => {
    const f = classifyMessage(
      'go: github.com/go-interpreter/wagon@v0.5.0 requires\n\tgithub.com/twitchyliquid64/golang-asm@v0.0.0-20190315094337-365674df15fc: invalid pseudo-version: does not match version-control timestamp (2019-01-26T20:37:39Z)',
    );
    assert.deepEqual(f.chain, [
      'github.com/go-interpreter/wagon@v0.5.0',
      'github.com/twitchyliquid64/golang-asm@v0.0.0-20190315094337-365674df15fc',
    ]);
    assert.equal(f.module, 'github.com/twitchyliquid64/golang-asm');
  });

  test('unknown text gives the catch-all', () => {
    const f = classifyMessage('something entirely different happened');
    assert.equal(f.category, 'unknown');
    assert.equal(f.ruleId, 'unknown');
    assert.equal(f.stage, undefined);
  });
});

describe('classify()', () => {
  test('de-duplicates by cause and puts the most fundamental first', () => {
    const stderr = [
      'go: a.test/one@v1.0.0: Get "https://proxy.golang.org/a.test/one/@v/v1.0.0.mod": dial tcp 1.2.3.4:443: i/o timeout',
      'go: a.test/two@v1.0.0: Get "https://proxy.golang.org/a.test/two/@v/v1.0.0.mod": dial tcp 1.2.3.4:443: i/o timeout',
      'go: a.test/three@v1.0.0: missing go.sum entry; to add it:',
      '\tgo mod download a.test/three',
    ].join('\n');
    const fs = classify({ stderr, exitCode: 1 });
    assert.deepEqual(
      fs.map((f) => f.category),
      ['config', 'timeout'],
    );
    assert.ok(fs.every((f) => f.goExitCode === 1));
  });

  test('JSON errors carry their module path and version', () => {
    const fs = classify({
      jsonErrors: [{ path: 'example.com/hello', version: 'latest', error: 'zip: not a valid zip file' }],
    });
    assert.equal(fs[0].category, 'cache');
    assert.equal(fs[0].module, 'example.com/hello');
    assert.equal(fs[0].version, 'latest');
  });

  test('nothing recognisable gives one unknown finding', () => {
    const fs = classify({ text: 'hello\nworld\n' });
    assert.equal(fs.length, 1);
    assert.equal(fs[0].category, 'unknown');
  });

  test('a hung go: the -x trace names the request still open', () => {
    const trace = [
      '# get https://proxy.golang.org/a.test/m/@v/v1.0.0.info',
      '# get https://proxy.golang.org/a.test/m/@v/v1.0.0.info: 200 OK (0.012s)',
      '# get https://hang.test/a.test/m/@v/v1.0.0.mod',
    ].join('\n');
    const fs = classify({ trace, signal: 'SIGKILL' });
    assert.equal(fs[0].category, 'timeout');
    assert.equal(fs[0].ruleId, 'request-hung');
    assert.equal(fs[0].host, 'hang.test');
    assert.equal(fs[0].stage, 'http');
    assert.equal(fs[0].signal, 'SIGKILL');
  });

  test('a hung git command in the trace', () => {
    const trace = ['cd /tmp/gopath/pkg/mod/cache/vcs/abc; git ls-remote -q https://git.hang.test/m.git'].join(
      '\n',
    );
    const fs = classify({ trace, exitCode: 137 });
    assert.equal(fs[0].ruleId, 'git-hung');
    assert.equal(fs[0].stage, 'vcs');
    assert.equal(fs[0].host, 'git.hang.test');
  });

  test('killed with nothing else to say', () => {
    const fs = classify({ stderr: '', exitCode: 137 });
    assert.equal(fs[0].ruleId, 'killed-by-signal');
    assert.match(fs[0].summary, /SIGKILL/);
  });
});

describe('explainExitCode', () => {
  test('go, shell, git and signal codes', () => {
    assert.match(explainExitCode(0), /success/);
    assert.match(explainExitCode(1), /go command failed/);
    assert.match(explainExitCode(2), /usage/);
    assert.match(explainExitCode(126), /could not be executed/);
    assert.match(explainExitCode(127), /not found/);
    assert.match(explainExitCode(128), /git exits 128/);
    assert.match(explainExitCode(130), /SIGINT/);
    assert.match(explainExitCode(137), /SIGKILL.*out-of-memory/);
    assert.match(explainExitCode(143), /SIGTERM/);
    assert.match(explainExitCode(124), /timeout/);
    assert.match(explainExitCode(undefined, 'SIGTERM'), /SIGTERM/);
    assert.match(explainExitCode(undefined, 'SIGKILL'), /out-of-memory/);
    assert.match(explainExitCode(3), /not an exit code the go command uses/);
  });
});
