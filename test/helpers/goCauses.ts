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
