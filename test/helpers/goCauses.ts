/**
 * CONSTRUCTED failure causes (not quoted from anywhere), by layer, from the format strings of go's net, crypto/tls,
 * crypto/x509, net/http and x/net/http2 packages and from Windows' socket error texts. Each is `[category, text]`.
 * test/unit/classify-layers.test.ts wraps them in go's outer layers (goShapes.ts).
 */
export type Cause = [label: string, text: string];

const IP = '142.250.72.17';
const LOCAL = '10.0.0.23:51544';

// Windows' own words for a WSAE code, as FormatMessage prints them in a few languages (go appends them verbatim).
const WSAETIMEDOUT = [
  'A connection attempt failed because the connected party did not properly respond after a period of time, or established connection failed because connected host has failed to respond.',
  '由于连接方在一段时间后没有正确答复或连接的主机没有反应，连接尝试失败。',
  '连接尝试失败，因为连接方在一段时间内没有正确响应，或建立连接时因为连接的主机未能响应而失败。',
  '接続済みの呼び出し先が一定の時間を過ぎても正しく応答しなかったため、接続できませんでした。または接続済みのホストが応答しなかったため、確立された接続は失敗しました。',
  'Ein Verbindungsversuch ist fehlgeschlagen, da die Gegenstelle nach einer bestimmten Zeitspanne nicht richtig reagiert hat, oder die hergestellte Verbindung war fehlerhaft, da der verbundene Host nicht reagiert hat.',
  'Попытка установить соединение была безуспешной, т.к. от другого компьютера за требуемое время не получен нужный отклик, или было разорвано уже установленное соединение из-за неверного отклика уже подключенного компьютера.',
];
const WSAECONNREFUSED = [
  'No connection could be made because the target machine actively refused it.',
  '由于目标计算机积极拒绝，无法连接。',
  '対象のコンピューターによって拒否されたため、接続できませんでした。',
  'Es konnte keine Verbindung hergestellt werden, da der Zielcomputer die Verbindung verweigerte.',
  'Подключение не установлено, т.к. конечный компьютер отверг запрос на подключение.',
];
const WSAECONNRESET = [
  'An existing connection was forcibly closed by the remote host.',
  '远程主机强迫关闭了一个现有的连接。',
  '既存の接続はリモート ホストに強制的に切断されました。',
  'Eine vorhandene Verbindung wurde vom Remotehost geschlossen.',
  'Удаленный хост принудительно разорвал существующее подключение.',
];
const WSAECONNABORTED = [
  'An established connection was aborted by the software in your host machine.',
  '你的主机中的软件中止了一个已建立的连接。',
  'Eine bestehende Verbindung wurde softwaregesteuert durch den Hostcomputer abgebrochen.',
];
const WSAENETUNREACH = [
  'A socket operation was attempted to an unreachable network.',
  '向一个无法连接的网络尝试了一个套接字操作。',
];

/** Transport errors of go's HTTP client, by layer (net, crypto/tls, crypto/x509, net/http, x/net/http2). */
export const NET_CAUSES: Cause[] = [
  // DNS
  ['dns', 'dial tcp: lookup proxy.golang.org on 127.0.0.53:53: no such host'],
  ['dns', 'dial tcp: lookup proxy.golang.org: no such host'],
  ['dns', 'dial tcp: lookup proxy.golang.org on 192.168.1.1:53: server misbehaving'],
  [
    'dns',
    'dial tcp: lookup proxy.golang.org on 8.8.8.8:53: read udp 10.0.0.23:5353->8.8.8.8:53: i/o timeout',
  ],
  [
    'dns',
    'dial tcp: lookup proxy.golang.org on [::1]:53: dial udp [::1]:53: connect: network is unreachable',
  ],
  ['dns', 'dial tcp: lookup proxy.golang.org: Temporary failure in name resolution'],
  ['dns', 'dial tcp: lookup proxy.golang.org: nodename nor servname provided, or not known'],
  ['dns', 'dial tcp: lookup proxy.golang.org: getaddrinfow: No such host is known.'],
  ['dns', 'dial tcp: lookup proxy.golang.org: getaddrinfow: 不知道这样的主机。'],
  ['dns', 'dial tcp: lookup proxy.golang.org: getaddrinfow: Der angegebene Host ist unbekannt.'],
  // TCP: timeouts
  ['timeout', `dial tcp ${IP}:443: i/o timeout`],
  ['timeout', 'dial tcp [2607:f8b0:4005:80a::2011]:443: i/o timeout'],
  ['timeout', `dial tcp ${IP}:443: connect: connection timed out`],
  ['timeout', `dial tcp ${IP}:443: connect: operation timed out`],
  ...WSAETIMEDOUT.map((w): Cause => ['timeout', `dial tcp ${IP}:443: connectex: ${w}`]),
  ...WSAETIMEDOUT.map((w): Cause => ['timeout', `read tcp ${LOCAL}->${IP}:443: wsarecv: ${w}`]),
  ['timeout', `dial tcp ${IP}:443: connectex: winapi error #10060`],
  ['timeout', `read tcp ${LOCAL}->${IP}:443: i/o timeout`],
  ['timeout', 'net/http: TLS handshake timeout'],
  [
    'timeout',
    'net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)',
  ],
  ['timeout', 'context deadline exceeded (Client.Timeout exceeded while awaiting headers)'],
  // TCP: refused, unreachable, reset
  ['connect', `dial tcp ${IP}:443: connect: connection refused`],
  ['connect', `dial tcp ${IP}:443: connect: network is unreachable`],
  ['connect', `dial tcp ${IP}:443: connect: no route to host`],
  ...WSAECONNREFUSED.map((w): Cause => ['connect', `dial tcp ${IP}:443: connectex: ${w}`]),
  ...WSAENETUNREACH.map((w): Cause => ['connect', `dial tcp ${IP}:443: connectex: ${w}`]),
  ...WSAECONNRESET.map((w): Cause => ['connect', `read tcp ${LOCAL}->${IP}:443: wsarecv: ${w}`]),
  ...WSAECONNABORTED.map((w): Cause => ['connect', `write tcp ${LOCAL}->${IP}:443: wsasend: ${w}`]),
  ['connect', `read tcp ${LOCAL}->${IP}:443: read: connection reset by peer`],
  ['connect', `write tcp ${LOCAL}->${IP}:443: write: broken pipe`],
  ['connect', 'EOF'],
  ['connect', 'unexpected EOF'],
  // TLS
  ['tls', 'x509: certificate signed by unknown authority'],
  ['tls', 'tls: failed to verify certificate: x509: certificate signed by unknown authority'],
  [
    'tls',
    'x509: certificate signed by unknown authority (possibly because of "x509: invalid signature: parent certificate cannot sign this kind of certificate" while trying to verify candidate authority certificate "Corp Root CA")',
  ],
  ['tls', 'x509: “proxy.golang.org” certificate is not standards compliant'],
  ['tls', 'x509: certificate is not trusted'],
  [
    'tls',
    'x509: certificate has expired or is not yet valid: current time 2019-01-01T00:00:00Z is before 2024-03-01T00:00:00Z',
  ],
  ['tls', 'x509: certificate is valid for *.corp.example, not proxy.golang.org'],
  ['tls', 'remote error: tls: handshake failure'],
  ['tls', 'local error: tls: bad record MAC'],
  ['tls', 'tls: first record does not look like a TLS handshake'],
  ['tls', 'tls: server selected unsupported protocol version 301'],
  ['tls', 'http: server gave HTTP response to HTTPS client'],
  // An HTTP(S)_PROXY in the way
  ['http-proxy', 'proxyconnect tcp: dial tcp 127.0.0.1:7890: connect: connection refused'],
  ['http-proxy', `proxyconnect tcp: dial tcp 127.0.0.1:7890: connectex: ${WSAECONNREFUSED[1]}`],
  ['http-proxy', 'proxyconnect tcp: tls: first record does not look like a TLS handshake'],
  ['http-proxy', 'proxyconnect tcp: dial tcp: lookup proxy.corp.example: no such host'],
  ['http-proxy', 'Proxy Authentication Required'],
  [
    'http-proxy',
    'socks connect tcp 127.0.0.1:1080->proxy.golang.org:443: dial tcp 127.0.0.1:1080: connect: connection refused',
  ],
  [
    'http-proxy',
    'socks connect tcp 127.0.0.1:1080->proxy.golang.org:443: unknown error general SOCKS server failure',
  ],
  ['timeout', 'net/http: request canceled'],
  ['timeout', 'net/http: request canceled while waiting for connection'],
  // HTTP/2: the server (or a proxy in front of it) broke off the stream
  ...[
    'NO_ERROR',
    'PROTOCOL_ERROR',
    'INTERNAL_ERROR',
    'FLOW_CONTROL_ERROR',
    'SETTINGS_TIMEOUT',
    'STREAM_CLOSED',
    'FRAME_SIZE_ERROR',
    'REFUSED_STREAM',
    'CANCEL',
    'COMPRESSION_ERROR',
    'CONNECT_ERROR',
    'ENHANCE_YOUR_CALM',
    'INADEQUATE_SECURITY',
    'HTTP_1_1_REQUIRED',
    'unknown error code 0x1f',
  ].flatMap((code): Cause[] => [
    ['server', `stream error: stream ID 17; ${code}`],
    ['server', `stream error: stream ID 4339; ${code}; received from peer`],
  ]),
  [
    'server',
    'http2: server sent GOAWAY and closed the connection; LastStreamID=1999, ErrCode=NO_ERROR, debug=""',
  ],
  [
    'server',
    'http2: server sent GOAWAY and closed the connection; LastStreamID=3, ErrCode=ENHANCE_YOUR_CALM, debug="too_many_pings"',
  ],
  ['server', 'connection error: PROTOCOL_ERROR'],
  ['server', 'protocol error: received DATA before a HEADERS frame'],
];

/** A VCS command go runs (module mode form; GOPATH mode checks out into a directory instead of `.`). */
export interface VcsCause {
  label: string;
  cmd: string;
  code: number;
  stderr: string;
}

const HG = 'hg clone -U -- https://hg.example.org/lib .';
const BZR = 'bzr branch --use-existing-dir https://launchpad.net/~team/lib/trunk .';
const BRZ = 'brz branch --use-existing-dir https://launchpad.net/~team/lib/trunk .';
const SVN = 'svn list -- https://svn.example.org/repo/trunk@HEAD .';
const FOSSIL = 'fossil clone -- https://chiselapp.com/user/team/repository/lib .fossil';
const SVN_CONNECT =
  "svn: E170013: Unable to connect to a repository at URL 'https://svn.example.org/repo/trunk'";
const BZR_HTTP =
  'Invalid http response for https://launchpad.net/~team/lib/trunk/.bzr/branch-format: Unable to handle http code';

const GIT = 'git ls-remote -q origin';
const GIT125 = 'git ls-remote -q --end-of-options https://github.com/team/lib';
const UNABLE = "fatal: unable to access 'https://github.com/team/lib/':";
const git = (label: string, stderr: string): VcsCause => ({ label, cmd: GIT, code: 128, stderr });
const git125 = (label: string, stderr: string): VcsCause => ({ label, cmd: GIT125, code: 128, stderr });
const hg = (label: string, stderr: string): VcsCause => ({ label, cmd: HG, code: 255, stderr });
const bzr = (label: string, stderr: string): VcsCause => ({
  label,
  cmd: BZR,
  code: 3,
  stderr: `bzr: ERROR: ${stderr}`,
});
const brz = (label: string, stderr: string): VcsCause => ({
  label,
  cmd: BRZ,
  code: 3,
  stderr: `brz: ERROR: ${stderr}`,
});
const svn = (label: string, stderr: string): VcsCause => ({
  label,
  cmd: SVN,
  code: 1,
  stderr: `${SVN_CONNECT}\n${stderr}`,
});
const svnOnly = (label: string, stderr: string): VcsCause => ({ label, cmd: SVN, code: 1, stderr });
const fossil = (label: string, stderr: string): VcsCause => ({ label, cmd: FOSSIL, code: 1, stderr });

/**
 * Failures of Mercurial (Python's socket and ssl errors after `abort:`), Bazaar and Breezy (`bzr: ERROR:`,
 * `brz: ERROR:`), Subversion (`svn: ENNNNNN:`, APR's codes: E000NNN errno, E67NNNN resolver, E73NNNN Winsock) and
 * Fossil, by the layer that failed.
 */
export const VCS_CAUSES: VcsCause[] = [
  git('dns', `${UNABLE} Could not resolve host: github.com`),
  git125(
    'dns',
    'ssh: Could not resolve hostname github.com: Name or service not known\nfatal: Could not read from remote repository.',
  ),
  git('connect', `${UNABLE} Failed to connect to github.com port 443 after 2 ms: Couldn't connect to server`),
  git(
    'connect',
    'ssh: connect to host github.com port 22: Connection refused\nfatal: Could not read from remote repository.',
  ),
  git(
    'connect',
    'error: RPC failed; curl 56 OpenSSL SSL_read: Connection was reset, errno 10054\nfatal: the remote end hung up unexpectedly',
  ),
  git125('connect', 'fatal: early EOF\nfatal: index-pack failed'),
  git('timeout', `${UNABLE} Failed to connect to github.com port 443 after 21046 ms: Timed out`),
  git('timeout', `${UNABLE} Failed to connect to github.com port 443 after 130012 ms: Connection timed out`),
  git125(
    'timeout',
    'ssh: connect to host github.com port 22: Connection timed out\nfatal: Could not read from remote repository.',
  ),
  git('tls', `${UNABLE} SSL certificate problem: unable to get local issuer certificate`),
  git('tls', `${UNABLE} server certificate verification failed. CAfile: none CRLfile: none`),
  git(
    'tls',
    `${UNABLE} schannel: SEC_E_UNTRUSTED_ROOT (0x80090325) - The certificate chain was issued by an authority that is not trusted.`,
  ),
  git('http-proxy', `${UNABLE} Received HTTP code 407 from proxy after CONNECT`),
  git('http-proxy', `${UNABLE} CONNECT tunnel failed, response 403`),
  git('auth', "fatal: could not read Username for 'https://github.com': terminal prompts disabled"),
  git125(
    'auth',
    'git@github.com: Permission denied (publickey).\nfatal: Could not read from remote repository.',
  ),
  git(
    'auth',
    `remote: HTTP Basic: Access denied\nfatal: Authentication failed for 'https://gitlab.corp.example/team/lib.git/'`,
  ),
  git(
    'not-found',
    "remote: Repository not found.\nfatal: repository 'https://github.com/team/lib/' not found",
  ),
  git('not-found', `${UNABLE} The requested URL returned error: 404`),
  hg('dns', 'abort: error: Name or service not known'),
  hg('dns', 'abort: error: nodename nor servname provided, or not known'),
  hg('dns', 'abort: error: [Errno 11001] getaddrinfo failed'),
  hg('dns', 'abort: error: [Errno -3] Temporary failure in name resolution'),
  hg('connect', 'abort: error: Connection refused'),
  hg('connect', 'abort: error: [Errno 111] Connection refused'),
  hg('connect', `abort: error: [WinError 10061] ${WSAECONNREFUSED[1]}`),
  hg('connect', 'abort: error: [Errno 101] Network is unreachable'),
  hg('connect', 'abort: error: [Errno 104] Connection reset by peer'),
  hg('connect', 'abort: stream ended unexpectedly (got 0 bytes, expected 4)'),
  hg('timeout', 'abort: error: timed out'),
  hg('timeout', `abort: error: ${WSAETIMEDOUT[0]}`),
  hg('timeout', `abort: error: ${WSAETIMEDOUT[2]}`),
  hg('connect', `abort: error: ${WSAECONNREFUSED[0]}`),
  hg('connect', `abort: error: ${WSAECONNREFUSED[4]}`),
  hg('connect', `abort: error: ${WSAECONNRESET[1]}`),
  hg('timeout', 'abort: error: [Errno 110] Connection timed out'),
  hg('timeout', `abort: error: [WinError 10060] ${WSAETIMEDOUT[3]}`),
  hg('tls', 'abort: error: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed (_ssl.c:727)'),
  hg(
    'tls',
    'abort: error: _ssl.c:504: error:14090086:SSL routines:SSL3_GET_SERVER_CERTIFICATE:certificate verify failed',
  ),
  hg('tls', 'abort: certificate for hg.example.org has unexpected fingerprint 05:e7:8e:8d:cb:85'),
  hg(
    'tls',
    'abort: unable to verify security of hg.example.org (no loaded CA certificates); refusing to connect',
  ),
  hg('tls', 'abort: error: [SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1056)'),
  hg('http-proxy', 'abort: error: Tunnel connection failed: 407 Proxy Authentication Required'),
  hg('auth', 'abort: HTTP Error 403: Forbidden'),
  hg('auth', 'abort: HTTP Error 401: Unauthorized'),
  hg('auth', 'abort: http authorization required for https://hg.example.org/lib'),
  hg('auth', 'abort: authorization failed'),
  hg('not-found', 'abort: HTTP Error 404: Not Found'),
  hg('not-found', 'abort: HTTP Error 410: Gone'),
  hg('not-found', 'abort: repository https://hg.example.org/lib not found!'),
  hg('not-found', "abort: 'https://hg.example.org/lib' does not appear to be an hg repository:"),
  hg('server', 'abort: HTTP Error 500: Internal Server Error'),
  hg('server', 'abort: HTTP Error 502: Bad Gateway'),
  hg('vcs', 'abort: no suitable response from remote hg!'),
  bzr('vcs', 'Not a branch: "https://launchpad.net/~team/lib/trunk/".'),
  bzr('dns', "Connection error: Couldn't resolve host 'launchpad.net' [Errno -2] Name or service not known"),
  bzr(
    'connect',
    'Connection error: Could not connect to bazaar.launchpad.net:443 [Errno 111] Connection refused',
  ),
  bzr(
    'connect',
    'Connection closed: Unexpected end of message. Please check connectivity and permissions, and report a bug if problems persist.',
  ),
  bzr(
    'timeout',
    'Connection error: Could not connect to bazaar.launchpad.net:443 [Errno 110] Connection timed out',
  ),
  bzr('tls', '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed (_ssl.c:590)'),
  bzr('server', `${BZR_HTTP} 502: Bad Gateway`),
  bzr('auth', `${BZR_HTTP} 403: Forbidden`),
  bzr('not-found', `${BZR_HTTP} 404: Not Found`),
  bzr('vcs', 'Transport operation not possible: http does not support mkdir()'),
  brz(
    'dns',
    "Connection error: Couldn't resolve host 'launchpad.net' [Errno -3] Temporary failure in name resolution",
  ),
  brz(
    'timeout',
    'Connection error: Could not connect to bazaar.launchpad.net:443 [Errno 110] Connection timed out',
  ),
  brz('server', `${BZR_HTTP} 503: Service Unavailable`),
  brz('vcs', 'Not a branch: "https://launchpad.net/~team/lib/trunk/".'),
  svn('dns', 'svn: E670002: Name or service not known'),
  svn('dns', 'svn: E670008: nodename nor servname provided, or not known'),
  svn('dns', 'svn: E731001: No such host is known.'),
  svn('dns', 'svn: E731001: 不知道这样的主机。'),
  svn('connect', 'svn: E000111: Error running context: Connection refused'),
  svn('connect', `svn: E730061: ${WSAECONNREFUSED[3]}`),
  svn('connect', 'svn: E000113: Error running context: No route to host'),
  svn('connect', 'svn: E120108: Error running context: The server unexpectedly closed the connection.'),
  svn('connect', `svn: E730054: ${WSAECONNRESET[2]}`),
  svn('timeout', 'svn: E000110: Error running context: Connection timed out'),
  svn('timeout', `svn: E730060: ${WSAETIMEDOUT[5]}`),
  svn('tls', 'svn: E230001: Server SSL certificate verification failed: issuer is not trusted'),
  svn('tls', 'svn: E120171: Error running context: An error occurred during SSL communication'),
  svn('auth', "svn: E170001: Authentication required for '<https://svn.example.org:443> Example'"),
  svnOnly('auth', "svn: E175013: Access to '/repo/trunk' forbidden"),
  svnOnly('auth', 'svn: E215004: No more credentials or we tried too many times.\nAuthentication failed'),
  svnOnly('not-found', "svn: E170000: URL 'https://svn.example.org/repo/trunk' doesn't exist"),
  svnOnly('not-found', "svn: E160013: '/repo/trunk' path not found"),
  svnOnly('server', "svn: E175002: Unexpected HTTP status 502 'Bad Gateway' on '/repo/trunk'"),
  fossil('vcs', 'redirect limit exceeded\nserver returned an error - clone aborted'),
  fossil('dns', "can't resolve host name: chiselapp.com"),
  fossil('connect', 'cannot connect to host chiselapp.com:443'),
  fossil('tls', 'Unable to verify SSL cert from chiselapp.com\nSSL cert declined'),
];

const M = 'example.com/team/lib';
const V = 'v1.4.2';
/** Every wording go has used for an HTTP status: 1.13+, 1.11-1.12, with a server response, checksum database, list query, GOPATH -v. */
const statusWrappers = (host: string, path: string, st: string) => [
  `go: ${M}@${V}: reading https://${host}/${path}: ${st}`,
  `go: ${M}@${V}: unexpected status (https://${host}/${path}): ${st}`,
  `go get: ${M}@${V}: reading https://${host}/${path}: ${st}\n\tserver response: ${st}`,
  `verifying ${M}@${V}: ${M}@${V}: reading https://${host}/${path}: ${st}`,
  `go: module ${M}: reading https://${host}/${path}: ${st}`,
  `Parsing meta tags from https://${host}/${path} (status code ${st.slice(0, 3)})`,
];
/** HTTP statuses from public proxies and checksum databases, a private proxy, in every status wording of go. */
export const STATUS_CAUSES: Cause[] = [];
for (const h of [
  'proxy.golang.org',
  'goproxy.cn',
  'goproxy.io',
  'mirrors.aliyun.com/goproxy',
  'proxy.golang.com.cn',
  'goproxy.bj.bcebos.com',
  'mirrors.tencent.com/go',
  'repo.huaweicloud.com/repository/goproxy',
])
  for (const s of ['403 Forbidden', '401 Unauthorized'])
    for (const t of statusWrappers(h, `${M}/@v/${V}.info`, s)) STATUS_CAUSES.push(['http-proxy', t]);
for (const h of ['sum.golang.org', 'sum.golang.google.cn', 'goproxy.cn/sumdb/sum.golang.org'])
  for (const t of statusWrappers(h, `lookup/${M}@${V}`, '403 Forbidden'))
    STATUS_CAUSES.push(['http-proxy', t]);
for (const t of statusWrappers('proxy.corp.example', `${M}/@v/${V}.info`, '403 Forbidden'))
  STATUS_CAUSES.push(['auth', t]);
for (const t of statusWrappers('proxy.golang.org', `${M}/@v/${V}.info`, '404 Not Found'))
  STATUS_CAUSES.push(['not-found', t]);
for (const t of statusWrappers('proxy.golang.org', `${M}/@v/${V}.info`, '410 Gone'))
  STATUS_CAUSES.push(['not-found', t]);
for (const t of statusWrappers('sum.golang.org', `lookup/${M}@${V}`, '404 Not Found'))
  STATUS_CAUSES.push(['sumdb', t]);
for (const s of [
  '500 Internal Server Error',
  '502 Bad Gateway',
  '503 Service Unavailable',
  '504 Gateway Timeout',
  '429 Too Many Requests',
])
  for (const t of statusWrappers('goproxy.io', `${M}/@v/${V}.zip`, s)) STATUS_CAUSES.push(['server', t]);
/**
 * Messages of go's configuration, workspace, GOPATH-era and toolchain checks, and what tools and shells say when go or
 * a VCS is not there (constructed from their format strings).
 */
export const SINGLE_CAUSES: Cause[] = [
  [
    'config',
    'go: -mod may only be set to readonly or vendor when in workspace mode, but it is set to "mod"\n\tRemove the -mod flag to use the default readonly value, \n\tor set GOWORK=off to disable workspace mode.',
  ],
  [
    'config',
    'go: -mod may only be set to readonly when in workspace mode, but it is set to "vendor"\n\tRemove the -mod flag to use the default readonly value,\n\tor set GOWORK=off to disable workspace mode.',
  ],
  [
    'config',
    "go: 'go mod vendor' cannot be run in workspace mode. Run 'go work vendor' to vendor the workspace or set 'GOWORK=off' to exit workspace mode.",
  ],
  [
    'config',
    'go: inconsistent vendoring in /tmp/w:\n\texample.com/a@v1.0.0: is explicitly required in go.mod, but not marked as explicit in vendor/modules.txt\n\n\tTo ignore the vendor directory, use -mod=readonly or -mod=mod.\n\tTo sync the vendor directory, run:\n\t\tgo mod vendor',
  ],
  ['config', 'go: module example.com/a appears multiple times in workspace'],
  ['config', "go: no modules were found in the current workspace; see 'go help work'"],
  [
    'config',
    "go: no go.work file found\n\t(run 'go work init' first or specify path using GOWORK environment variable)",
  ],
  ['config', 'go: the path provided to GOWORK must be an absolute path'],
  ['config', 'go: unknown environment setting GO111MODULE=of'],
  ['config', '$GOPATH/go.mod exists but should not'],
  ['config', "go build: -mod=vend not supported (can be '', 'mod', 'readonly', or 'vendor')"],
  ['config', "-mod=vend not supported (can be '', 'mod', 'readonly', or 'vendor')"],
  [
    'config',
    'go: cannot determine module path for source directory /tmp/x (outside GOPATH, module path must be specified)',
  ],
  ['config', 'go: cannot use path@version syntax in GOPATH mode'],
  [
    'config',
    'package example.com/team/lib: cannot download, $GOPATH not set. For more details see: go help gopath',
  ],
  [
    'config',
    "go: cannot download, $GOPATH must not be set to $GOROOT. For more details see: 'go help gopath'",
  ],
  ['config', 'go: directory ../lib is outside main module or its selected dependencies'],
  ['config', 'go: -modfile cannot be used with commands that ignore the current module'],
  ['toolchain', 'go: cannot find GOROOT directory: /usr/local/go1.20'],
  ['toolchain', 'go: go.work requires go >= 1.22 (running go 1.21.5)'],
  [
    'vcs',
    'package example.com/team/lib: directory "/tmp/gopath/src/example.com/team/lib" is not using a known version control system',
  ],
  ['config', 'go: -modfile=deps.txt: file does not have .mod extension'],
  [
    'config',
    'main.go:4:2: cannot find module providing package example.com/team/lib: import lookup disabled by -mod=readonly',
  ],
  [
    'config',
    'cannot find module providing package example.com/team/lib: import lookup disabled by -mod=vendor\n\t(Go version in go.mod is at least 1.14 and vendor directory exists.)',
  ],
  [
    'config',
    'go: example.com/team/lib@v0.0.0-00010101000000-000000000000 (replaced by ..\\lib): reading ..\\lib\\go.mod: open ..\\lib\\go.mod: The system cannot find the path specified.',
  ],
  [
    'config',
    'go: cannot load module ..\\lib listed in go.work file: open ..\\lib\\go.mod: 系统找不到指定的文件。',
  ],
  [
    'cache',
    'go: example.com/team/lib@v1.4.2: rename C:\\Users\\dev\\go\\pkg\\mod\\example.com\\team\\lib@v1.4.2.tmp-1 C:\\Users\\dev\\go\\pkg\\mod\\example.com\\team\\lib@v1.4.2: Access is denied.',
  ],
  ['cache', 'go: example.com/team/lib@v1.4.2: mkdir C:\\Users\\dev\\go\\pkg\\mod\\cache: 拒绝访问。'],
  [
    'cache',
    'go: example.com/team/lib@v1.4.2: remove C:\\Users\\dev\\go\\pkg\\mod\\cache\\download\\example.com\\team\\lib\\@v\\v1.4.2.zip: Der Prozess kann nicht auf die Datei zugreifen, da sie von einem anderen Prozess verwendet wird.',
  ],
  [
    'cache',
    'go: example.com/team/lib@v1.4.2: write C:\\Users\\dev\\go\\pkg\\mod\\cache\\download\\example.com\\team\\lib\\@v\\v1.4.2.zip: 磁盘空间不足。',
  ],
  ['go-missing', 'zsh: command not found: go'],
  ['go-missing', "'go' 不是内部或外部命令，也不是可运行的程序\n或批处理文件。"],
  [
    'go-missing',
    "'go' は、内部コマンドまたは外部コマンド、\n操作可能なプログラムまたはバッチ ファイルとして認識されていません。",
  ],
  ['go-missing', 'Der Befehl "go" ist entweder falsch geschrieben oder\nkonnte nicht gefunden werden.'],
  [
    'go-missing',
    '"go" не является внутренней или внешней\nкомандой, исполняемой программой или пакетным файлом.',
  ],
  ['go-missing', 'go : 无法将“go”项识别为 cmdlet、函数、脚本文件或可运行程序的名称。'],
  [
    'go-missing',
    "go : The term 'go' is not recognized as the name of a cmdlet, function, script file, or operable program.",
  ],
  ['go-missing', 'Error: spawnSync go ENOENT'],
  [
    'go-missing',
    'Cannot run program "go" (in directory "/home/dev/app"): error=2, No such file or directory',
  ],
  ['go-missing', 'Cannot run program "go": CreateProcess error=2, The system cannot find the file specified'],
  ['go-missing', "FileNotFoundError: [Errno 2] No such file or directory: 'go'"],
  ['go-missing', 'make: go: No such file or directory'],
  ['go-missing', "env: 'go': No such file or directory"],
  ['vcs', "'git' 不是内部或外部命令，也不是可运行的程序\n或批处理文件。"],
  ['vcs', 'Cannot run program "git": CreateProcess error=2, The system cannot find the file specified'],
  ['config', 'go install: no install location for directory /home/dev/app outside GOPATH'],
  [
    'timeout',
    'go: example.com/team/lib@v1.4.2: read tcp 10.0.0.23:51544->142.250.72.17:443: wsarecv: The semaphore timeout period has expired.',
  ],
  [
    'timeout',
    'go: example.com/team/lib@v1.4.2: read tcp 10.0.0.23:51544->142.250.72.17:443: wsarecv: 信号灯超时时间已到。',
  ],
  [
    'connect',
    'go: example.com/team/lib@v1.4.2: Get "https://proxy.golang.org/example.com/team/lib/@v/v1.4.2.zip": net/http: HTTP/1.x transport connection broken: malformed HTTP response "\\x00\\x00"',
  ],
  ['go-missing', 'fish: Unknown command: go'],
  ['go-missing', '/bin/sh: 1: go: not found'],
  ['go-missing', 'Error: fork/exec /usr/local/go/bin/go: no such file or directory'],
  [
    'go-missing',
    'failed to run go list: fork/exec C:\\Go\\bin\\go.exe: The system cannot find the file specified.',
  ],
  ['go-missing', 'exec: "C:\\\\Program Files\\\\Go\\\\bin\\\\go.exe": file does not exist'],
  ['go-missing', 'fork/exec C:\\Go\\bin\\go.exe: 系统找不到指定的文件。'],
  ['go-missing', 'Error: failed to download modules: binary with name "go" not found'],
  ['vcs', 'fork/exec C:\\Program Files\\Git\\cmd\\git.exe: The system cannot find the file specified.'],
  [
    'vcs',
    'go: example.com/team/lib@v1.4.2: git init --bare in C:\\Users\\u\\go\\pkg\\mod\\cache\\vcs\\5f1c: exec: "git": executable file not found in %PATH%',
  ],
  [
    'path-mismatch',
    'package example/lib: unrecognized import path "example/lib" (import path does not begin with hostname)',
  ],
];
