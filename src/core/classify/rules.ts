/**
 * The classification rules: an ordered table, first match wins, the last rule is the catch-all.
 *
 * Order matters: rules for inner causes come before rules for the wrappers around them, so that
 * `unrecognized import path "x": https fetch: Get …: i/o timeout` is a timeout, not a discovery failure.
 * Rules look at the message's own part (before any `server response:`); text after `server response:` is what
 * a proxy or checksum database said about its own failure, and only the sumdb rules read it.
 *
 * Every expression is linear (no nested repetition) and runs on one message of bounded size.
 */
import type { Stage } from '../categories.ts';
import { genericHost, gitHost, hostOf, proxyHost, type MessageContext, type Rule } from './context.ts';
import {
  NOT_FOUND_AT_PATH,
  notRecognized,
  WIN_ACCESS_DENIED,
  WIN_DISK_FULL,
  WIN_FILE_IN_USE,
  WSA_CONNECT_CODE,
  WSA_REFUSED_OR_RESET_WORDS,
  WSA_TIMEDOUT,
  WSA_TIMEDOUT_WORDS,
} from './windowsText.ts';

// Public module proxies, checksum databases and vanity servers: none of them ever asks for credentials, so a 401
// or 403 from one of them comes from something on the network path (a firewall, an intercepting proxy, a block).
const PUBLIC_SERVERS =
  /^(?:proxy\.golang\.org|sum\.golang\.org|golang\.org|go\.dev|goproxy\.io|goproxy\.cn|proxy\.golang\.com\.cn|mirrors\.aliyun\.com|goproxy\.dev|gocenter\.io|storage\.googleapis\.com|sum\.golang\.google\.cn|goproxy\.bj\.bcebos\.com|goproxy\.baidu\.com|mirrors\.tencent\.com|mirrors\.cloud\.tencent\.com|repo\.huaweicloud\.com)$/i;

const fromPublicServer = (c: MessageContext): boolean =>
  c.status !== undefined && PUBLIC_SERVERS.test(hostOf(c.status.url) ?? c.status.url.split('/')[0]);

// What a server says about its own local failure, after `server response:` (a full disk on the proxy).
const SERVER_LOCAL_FAILURE =
  /no space left on device|too many open files|cannot allocate memory|read-only file system|disk quota exceeded/i;

// The file a file:// module proxy could not give (its path, shown in the summary).
const FILE_PROXY = /\breading file:\/\/(\S{1,2000}): /;

// Standard-library packages added since Go 1.16 (an older go calls them malformed module paths or finds them
// missing from GOROOT).
const STD_PKGS =
  'embed|io/fs|slices|maps|cmp|iter|unique|structs|weak|log/slog|math/rand/v2|crypto/ecdh|crypto/mlkem|crypto/hkdf|crypto/pbkdf2|crypto/sha3|testing/synctest|testing/slogtest|go/version';
const STD_TOO_NEW = new RegExp(
  `malformed module path "(${STD_PKGS})": missing dot in first path element|\\bpackage (${STD_PKGS}) is not in (?:GOROOT|std)\\b`,
);

// The first elements of standard-library paths present since Go 1.0-1.7: go looking one of them up as a remote path,
// or not finding it in GOROOT, means the Go installation itself is broken or GOROOT points at another one.
const STD_FIRST =
  'archive|bufio|builtin|bytes|compress|container|context|crypto|database|debug|encoding|errors|expvar|flag|fmt|go|hash|html|image|index|io|log|math|mime|net|os|path|reflect|regexp|runtime|sort|strconv|strings|sync|syscall|testing|text|time|unicode|unsafe';
// go 1.11's `cannot find module for path bytes`, go 1.13+'s `malformed module path "fmt": missing dot`: a
// standard-library path looked up as a module (one this go has always had; newer ones are STD_TOO_NEW, tried first).
const STD_MISSING = new RegExp(
  `(?:unrecognized import path |cannot find package |\\bpackage )"?((?:${STD_FIRST})(?:/[a-z0-9/]{1,100})?)(?:"(?:: import path does not begin with hostname| in any of)| is not in (?:GOROOT|std)\\b)|\\b(?:cannot find module for path |malformed module path ")((?:${STD_FIRST})(?:/[a-z0-9/]{1,100})?)(?:(?![\\w."/-])|": missing dot in first path element)`,
);

const isSumdbLookup = (c: MessageContext): boolean =>
  c.status !== undefined && /\/lookup\/|sum\.golang\.(?:org|google\.cn)/.test(c.status.url);

const statusIn = (c: MessageContext, lo: number, hi: number): boolean =>
  c.status !== undefined && c.status.code >= lo && c.status.code <= hi;

const httpStage = (c: MessageContext): Stage => (/\/lookup\//.test(c.status?.url ?? '') ? 'verify' : 'http');

// A URL's host in a Mercurial, Bazaar/Breezy, Subversion or Fossil command or its output.
const VCS_URL_HOST =
  /\b(?:hg|bzr|brz|svn|fossil) [^\n]{0,300}?\b(?:https?|svn|bzr\+ssh|ssh):\/\/(?:[^/\s'"@]{1,300}@)?([^/\s'":]{1,300})/;
const vcsHost = (c: MessageContext): string | undefined => VCS_URL_HOST.exec(c.own)?.[1] ?? genericHost(c);

/** An HTTP status as Mercurial (`abort: HTTP Error N`), Bazaar/Breezy and Subversion report one. */
const vcsStatus = (codes: string): RegExp =>
  new RegExp(
    String.raw`(?:\babort: HTTP Error|\bUnable to handle http code|\bsvn: E\d{6}: Unexpected HTTP status) (?:${codes})\b`,
  );

/**
 * A program (go, git, hg, …) that a tool ran by its full path, or that exec looked up, and did not find:
 * `fork/exec C:\\Go\\bin\\go.exe: The system cannot find the file specified.`, `exec: "/usr/local/go/bin/go": file
 * does not exist`, in any language Windows speaks.
 */
const missingProgram = (names: string): RegExp =>
  new RegExp(
    String.raw`(?:\bfork\/exec (?:[A-Za-z]:)?[^\n:"]{0,300}[\\/]|\bexec: "(?:[^"\n]{0,300}[\\/])?)(?:${names})(?:\.exe)?"?: ${NOT_FOUND_AT_PATH}`,
  );

/** The rule table, in order. */
export const RULES: Rule[] = [
  // --- The go command itself -------------------------------------------------------------------------
  {
    id: 'go-missing',
    category: 'go-missing',
    stage: undefined,
    summary: 'go-missing',
    fixes: ['install-go'],
    any: [
      /(?:^|[\s:])go: (?:command )?not found\b/m,
      /exec: "go(?:\.exe)?": executable file not found/,
      notRecognized('go'),
      /\bspawn(?:Sync)? (?:\S{0,300}[\\/])?go(?:\.exe)? ENOENT\b/,
      // Java (an IDE), Python, make and env running go that is not there.
      /\bCannot run program "(?:[^"\n]{0,300}[\\/])?go(?:\.exe)?"/,
      /\bNo such file or directory: '(?:[^'\n]{0,300}\/)?go'/,
      /\b(?:make(?:\[\d{1,3}\])?|env): '?go'?: (?:No such file or directory|Command not found)/,
      /\bcannot find "go(?:\.exe)?" in (?:PATH|\$PATH|%PATH%)/,
      /\b(?:failed to find|unable to find|could not find|couldn't find|cannot find|can't find) (?:the )?"?go"? (?:binary|executable)\b/i,
      /\bGo (?:is not|isn't) installed\b/i,
      // A tool that runs go (a site generator, an IDE) saying the binary is missing, in its own words.
      /\b(?:binary|executable|command|program)(?: with name)? "go(?:\.exe)?":? not found\b/,
      // zsh and fish word it their own way; a tool that runs go by its full path gets the OS's answer.
      /\bcommand not found: go(?![\w.-])/,
      /\bUnknown command:? '?go'?(?![\w.-])/,
      missingProgram('go'),
    ],
  },
  {
    // A go from before modules: the module subcommands and flags do not exist yet.
    id: 'go-too-old-modules',
    category: 'toolchain',
    stage: 'toolchain',
    summary: 'go-too-old-modules',
    fixes: ['upgrade-go'],
    any: [
      /\bunknown subcommand "(?:mod|work)"/,
      // The flag alone: `-mod vendor` as one argument is a typo, not an old go.
      /\bflag provided but not defined: -(?:m|mod|modfile|modcacherw)(?:=\S{0,40})?(?:$|[^\S\n]*\n)/m,
    ],
  },
  {
    id: 'usage',
    category: 'config',
    stage: 'config',
    summary: 'usage',
    fixes: ['fix-goflags'],
    any: [
      // At a line's start or after a tool's words (`...: exit status 2: flag provided ...`).
      /(?:^|[\s:])(?:go: )?flag provided but not defined: /m,
      /(?:^|[\s:])usage: go [a-z]/m,
      /(?:^|[\s:])go(?: [a-z]{1,12}){1,2}: unknown command\b/m,
      /\(from \$GOFLAGS\)/,
      /^go: unknown subcommand/m,
      // A flag the mode or the command refuses: -mod in GOPATH mode, a flag (from GOFLAGS) given to `go version`.
      /\bbuild flag -mod(?:file)?=\S{0,40} only valid when using modules/,
      /\bgo [a-z]{2,12}: flags can only be used with arguments/,
      /-mod=\S{0,40} not supported \(can be /,
      /-modfile cannot be used with commands that ignore the current module/,
      /-modfile=\S{1,1000}: file does not have \.mod extension/,
    ],
  },
  // --- Verification ----------------------------------------------------------------------------------
  {
    id: 'sumdb-misbehavior',
    category: 'sumdb',
    stage: 'verify',
    summary: 'sumdb-misbehavior',
    fixes: ['clear-cache-entry', 'set-gosumdb'],
    on: 'text',
    any: [/go\.sum database server misbehavior/],
  },
  {
    id: 'checksum-missing-sumdb',
    category: 'sumdb',
    stage: 'verify',
    summary: 'checksum-missing',
    fixes: ['set-gonosumdb', 'retry-later'],
    any: [/checksum missing from sumdb response/],
  },
  {
    id: 'checksum-mismatch-gosum',
    category: 'checksum-mismatch',
    stage: 'verify',
    summary: 'checksum-mismatch-gosum',
    fixes: ['change-version', 'contact-module-author'],
    on: 'text',
    any: [
      /(?:^|\s)verifying \S{1,600}: checksum mismatch\n[\s\S]{0,400}?go\.(?:work\.)?sum:/m,
      /does NOT match an earlier download recorded in go\.sum/,
    ],
  },
  {
    id: 'checksum-mismatch-sumdb',
    category: 'checksum-mismatch',
    stage: 'verify',
    summary: 'checksum-mismatch-sumdb',
    fixes: ['change-version', 'contact-module-author', 'clear-cache-entry'],
    on: 'text',
    any: [
      /\bchecksum mismatch\b/,
      /This download does NOT match the one reported by the checksum server/,
      // A tool that fetches modules with go and compares the sum itself: one h1: hash where another was expected.
      /\bh1:[A-Za-z0-9+/]{43}=[^\n]{0,40}\bexpected\b[^\n]{0,20}\bh1:[A-Za-z0-9+/]{43}=/,
    ],
  },
  {
    id: 'sumdb-lookup-not-found',
    category: 'sumdb',
    stage: 'verify',
    summary: 'sumdb-not-found',
    fixes: ['set-goprivate', 'set-gonosumdb', 'check-module-path'],
    when: (c) =>
      isSumdbLookup(c) && (statusIn(c, 404, 404) || statusIn(c, 410, 410) || statusIn(c, 400, 400)),
  },
  {
    id: 'sumdb-bad-signature',
    category: 'sumdb',
    stage: 'verify',
    summary: 'sumdb-bad-key',
    fixes: ['set-gosumdb', 'clear-cache-entry'],
    any: [
      /note has no verifiable signatures|reading tree note|verifying tree note|malformed note\b|invalid signed tree note/,
    ],
  },
  {
    id: 'gosumdb-invalid',
    category: 'config',
    stage: 'config',
    summary: 'gosumdb-invalid',
    fixes: ['set-gosumdb'],
    any: [/invalid GOSUMDB|missing GOSUMDB|invalid sumdb name|malformed verifier id|unknown GOSUMDB\b/],
  },
  // --- go.mod and toolchain lines --------------------------------------------------------------------
  {
    id: 'go-line-format',
    category: 'toolchain',
    stage: 'toolchain',
    summary: 'go-line-too-new-format',
    fixes: ['upgrade-go'],
    any: [/invalid go version '[^']{1,40}': must match format/, /unknown directive: (?:toolchain|godebug)\b/],
  },
  {
    id: 'path-mismatch',
    category: 'path-mismatch',
    // The downloaded go.mod contradicts the require: found while checking what was fetched.
    stage: (c) =>
      /module declares its path as: |but was required as: |unexpected module path "/.test(c.own)
        ? 'verify'
        : 'config',
    summary: 'path-mismatch',
    fixes: ['check-module-path', 'add-replace-directive'],
    any: [
      /module declares its path as: /,
      /but was required as: /,
      /has post-v\d{1,4} module path "/,
      /go\.mod has non-[^\s]{1,100} module path/,
      /has malformed module path "[^"]{0,300}"/,
      // go 1.11-1.13: `parsing go.mod: unexpected module path "M"`.
      /\bparsing go\.mod: unexpected module path "/,
    ],
  },
  {
    id: 'go-mod-syntax',
    category: 'syntax',
    stage: 'config',
    summary: 'go-mod-syntax',
    fixes: ['fix-go-mod-syntax'],
    any: [
      /\bgo\.(?:mod|work):\d{1,7}(?::\d{1,5})?: (?:usage: |unknown directive|unexpected |malformed |invalid |unquoted |expected |repeated |unknown block type|syntax error)/,
      // A directive at a file position whose version is not even a version: the file itself is wrong.
      /\bgo\.(?:mod|work):\d{1,7}(?::\d{1,5})?: (?:require|replace|exclude|retract|tool|ignore|use) [^\n]{0,600}: version "[^"\n]{0,200}" invalid: /,
      /\bno module declaration in go\.mod\b/,
      /\bmalformed go\.sum\b/,
      /go\.sum:\d{1,7}: (?:wrong number of fields|malformed)/,
    ],
  },
  {
    // `go: errors parsing go.mod:` on its own line: the cause is on the lines after it (a generic wrapper).
    id: 'go-mod-syntax-header',
    category: 'syntax',
    stage: 'config',
    summary: 'go-mod-syntax',
    fixes: ['fix-go-mod-syntax'],
    any: [/errors parsing go\.(?:mod|work)\b/],
  },
  // --- HTTP proxies (HTTP_PROXY/HTTPS_PROXY) --------------------------------------------------------
  {
    id: 'http-proxy-dns',
    category: 'http-proxy',
    stage: 'proxy',
    summary: 'proxy-dns',
    fixes: ['set-proxy-env', 'check-dns'],
    any: [/proxyconnect tcp: dial tcp: lookup /],
    host: proxyHost,
  },
  {
    id: 'http-proxy-connect',
    category: 'http-proxy',
    stage: 'proxy',
    summary: 'proxy-connect',
    fixes: ['set-proxy-env', 'check-network'],
    // ALL_PROXY=socks5://…: golang.org/x/net/proxy reports `socks connect tcp PROXY->TARGET: <cause>`.
    any: [/proxyconnect tcp: /, /Could not resolve proxy: /, /\bsocks connect tcp \S{1,300}->/],
    host: proxyHost,
  },
  {
    id: 'http-proxy-auth',
    category: 'http-proxy',
    stage: 'proxy',
    summary: 'proxy-auth',
    fixes: ['proxy-credentials', 'set-proxy-env'],
    any: [
      /\bGet "?[^"\s]{1,2000}"?: Proxy Authentication Required\b/,
      /(?:\breading |\bread "?)\S{1,2000}: Proxy Authentication Required\b/,
      /Received HTTP code 407 from proxy/,
      /CONNECT tunnel failed, response 407/,
      /\b407 Proxy Authentication Required\b/,
    ],
  },
  {
    // A proxy answering CONNECT with anything but 200: Go's transport reports only the reason phrase.
    id: 'http-proxy-refused',
    category: 'http-proxy',
    stage: 'proxy',
    summary: 'proxy-refused',
    fixes: ['set-proxy-env', 'check-firewall'],
    any: [
      /\bGet "?[^"\s]{1,2000}"?: (?:Forbidden|Bad Gateway|Service Unavailable|Gateway Timeout|Bad Request|Method Not Allowed|Internal Server Error|Not Implemented|Unauthorized|Not Found|Request Timeout)\)?\s*$/m,
    ],
  },
  {
    id: 'git-proxy',
    category: 'http-proxy',
    stage: 'proxy',
    summary: 'git-proxy',
    fixes: ['set-proxy-env', 'proxy-credentials'],
    any: [
      /Received HTTP code \d{3} from proxy after CONNECT/,
      /CONNECT tunnel failed/,
      /Proxy CONNECT aborted/,
    ],
  },
  {
    id: 'public-server-refused',
    category: 'http-proxy',
    stage: 'http',
    summary: 'public-server-refused',
    fixes: ['check-firewall', 'set-proxy-env', 'set-goproxy'],
    when: (c) => (statusIn(c, 401, 401) || statusIn(c, 403, 403)) && fromPublicServer(c),
  },
  // --- ?go-get=1 discovery --------------------------------------------------------------------------
  {
    id: 'goget-status',
    category: 'vcs',
    stage: 'vcs',
    summary: 'goget-status',
    fixes: ['check-module-path', 'set-goprivate'],
    when: (c) => c.status !== undefined && /[?&]go-get=1/.test(c.status.url),
  },
  {
    id: 'goget-no-meta',
    category: 'vcs',
    stage: 'vcs',
    summary: 'goget-no-meta',
    fixes: ['check-module-path', 'add-replace-directive'],
    any: [
      /no go-import meta tags/,
      /disagree(?:s)? about go-import/,
      /invalid repo root/,
      /unknown vcs "/,
      /found meta tag .{0,300} but /,
      // vgo and early module mode: `unknown VCS, Repo: hg, URL`.
      /\bunknown VCS, /,
    ],
  },
  {
    id: 'govcs',
    category: 'vcs',
    stage: 'vcs',
    summary: 'govcs',
    fixes: ['set-govcs'],
    any: [/GOVCS disallows using /],
  },
  {
    id: 'no-secure-protocol',
    category: 'vcs',
    stage: 'vcs',
    summary: 'no-secure-protocol',
    fixes: ['set-goinsecure', 'check-module-path'],
    any: [/no secure protocol found for repository/],
  },
  // --- git's own messages ---------------------------------------------------------------------------
  {
    id: 'git-dns',
    category: 'dns',
    stage: 'resolve',
    summary: 'git-dns',
    fixes: ['check-dns', 'check-network'],
    any: [
      /Could not resolve host: /,
      /ssh: Could not resolve hostname /,
      /\bunable to look up [^\s]{1,300} \(port/,
    ],
    host: gitHost,
  },
  {
    id: 'git-tls',
    category: 'tls',
    stage: 'tls',
    summary: 'git-tls',
    fixes: ['install-ca-certificate', 'check-system-clock'],
    any: [
      /SSL certificate problem: /,
      /server certificate verification failed/,
      /SSL: certificate verification failed/,
      /SSL: no alternative certificate subject name matches/,
      /certificate verify failed/,
      /gnutls_handshake\(\) failed/,
      /schannel: .{0,200}(?:certificate|SEC_E_)/,
      // Not when curl says the connection was reset under it (errno 104/10053/10054): that is the TCP layer.
      /(?:SSL_ERROR_SYSCALL|OpenSSL SSL_(?:connect|read): )(?![^\n]{0,120}\berrno (?:104|1005[34])\b)(?![^\n]{0,40}Connection (?:was )?reset)/,
    ],
    host: gitHost,
  },
  {
    id: 'git-timeout',
    category: 'timeout',
    stage: 'connect',
    summary: 'git-timeout',
    fixes: ['check-network', 'check-firewall', 'set-goproxy'],
    any: [
      /Failed to connect to \S{1,300} port \d{1,5}(?: after \d{1,9} ms)?: (?:Connection timed out|Operation timed out|Timed out)/,
      /ssh: connect to host \S{1,300} port \d{1,5}: (?:Connection timed out|Operation timed out)/,
      /Connection timed out after \d{1,9} milliseconds/,
      /Operation timed out after \d{1,9} milliseconds/,
    ],
    host: gitHost,
  },
  {
    id: 'git-connect',
    category: 'connect',
    stage: 'connect',
    summary: 'git-connect',
    fixes: ['check-network', 'check-firewall'],
    any: [
      /Failed to connect to \S{1,300} port \d{1,5}/,
      /fatal: unable to connect to \S{1,300}/,
      /Couldn't connect to server/,
      /ssh: connect to host \S{1,300} port \d{1,5}: /,
      /\bRPC failed; /,
      /the remote end hung up unexpectedly/,
      /\bearly EOF\b/,
      /GnuTLS recv error/,
      /OpenSSL SSL_read: .{0,100}errno \d{1,5}/,
      /Recv failure: Connection reset by peer/,
      /transfer closed with outstanding read data remaining/,
      /Connection closed by remote host/,
      /kex_exchange_identification: /,
    ],
    host: gitHost,
  },
  {
    id: 'git-ssh-auth',
    category: 'auth',
    stage: 'vcs',
    summary: 'git-ssh-auth',
    fixes: ['ssh-keys', 'git-credentials', 'set-goprivate'],
    any: [/Permission denied \(publickey/, /Host key verification failed/, /no such identity: /],
    host: gitHost,
  },
  {
    id: 'git-auth',
    category: 'auth',
    stage: 'vcs',
    summary: (_c, host) => (host === 'github.com' ? 'git-auth-github' : 'git-auth'),
    fixes: ['git-credentials', 'netrc-credentials', 'set-goprivate', 'check-module-path'],
    any: [
      /terminal prompts disabled/,
      /could not read (?:Username|Password) for /,
      /Cannot prompt because user interactivity has been disabled/,
      /Authentication failed for /,
      /The requested URL returned error: 40[13]\b/,
      /HTTP Basic: Access denied/,
      /Invalid username or password/,
      /remote: (?:Unauthorized|Forbidden|Permission to \S{1,300} denied)/,
      /remote: .{0,200}SAML SSO/,
    ],
    host: gitHost,
  },
  {
    id: 'git-not-found',
    category: 'not-found',
    stage: 'vcs',
    summary: 'git-not-found',
    fixes: ['check-module-path', 'check-repository-exists', 'git-credentials'],
    any: [
      /(?:remote|remote error): Repository not found/i,
      /fatal: repository '[^']{1,1000}' not found/,
      /The requested URL returned error: 404\b/,
      /does not appear to be a git repository/,
      /The project you were looking for could not be found/,
      /remote: Not Found\b/,
    ],
    host: gitHost,
  },
  {
    id: 'git-ref-not-found',
    category: 'not-found',
    stage: 'vcs',
    summary: 'git-ref-not-found',
    fixes: ['change-version'],
    any: [
      /couldn't find remote ref /i,
      /\bno such remote ref /,
      /\bnot our ref\b/,
      /fatal: ambiguous argument '[^']{1,300}': unknown revision/,
    ],
    host: gitHost,
  },
  {
    id: 'git-local',
    category: 'cache',
    stage: 'vcs',
    summary: 'git-local',
    fixes: ['fix-cache-permissions', 'clear-cache-entry'],
    when: (c) => c.vcs,
    any: [
      /(?:cannot open|unable to create|could not lock|unable to write|insufficient permission)[^\n]{0,300}(?:Permission denied|File exists|permission)/i,
      /fatal: not a git repository/,
      /\.lock': File exists/,
      /detected dubious ownership in repository/,
      /\babort: repository \S{1,1000} already exists/,
    ],
  },
  {
    id: 'vcs-missing',
    category: 'vcs',
    stage: 'vcs',
    summary: 'vcs-missing',
    subject: (c) =>
      /exec: "([a-z]{2,10})(?:\.exe)?"|missing ([A-Za-z]{2,12}) command|\b(git): command not found|'(git)' is not/
        .exec(c.own)
        ?.slice(1)
        .find((x) => x !== undefined),
    fixes: ['install-vcs'],
    any: [
      /exec: "(?:git|hg|svn|bzr|brz|fossil)(?:\.exe)?": executable file not found/,
      /\bmissing (?:Git|Mercurial|Bazaar|Subversion|Fossil) command/,
      /unable to resolve git version/,
      /\bgit: command not found|'git' is not recognized/,
      missingProgram('git|hg|svn|bzr|brz|fossil'),
      notRecognized('git|hg|svn|bzr|brz|fossil'),
      /\bCannot run program "(?:[^"\n]{0,300}[\\/])?(?:git|hg|svn|bzr|fossil)(?:\.exe)?"/,
    ],
  },
  // --- Mercurial, Bazaar/Breezy, Subversion and Fossil: their own output, by the layer that failed ------------
  // hg prints Python's socket and ssl errors after `abort:`, bzr/brz after `bzr: ERROR:`/`brz: ERROR:`; svn names
  // APR's error: E000NNN is an errno, E67NNNN a resolver error, E73NNNN a Winsock one (E730060 is WSAETIMEDOUT).
  {
    id: 'vcs-proxy',
    category: 'http-proxy',
    stage: 'proxy',
    summary: 'vcs-proxy',
    fixes: ['set-proxy-env', 'proxy-credentials'],
    any: [/\bTunnel connection failed: \d{3}\b/],
    host: vcsHost,
  },
  {
    id: 'vcs-dns',
    category: 'dns',
    stage: 'resolve',
    summary: 'vcs-dns',
    fixes: ['check-dns', 'check-network'],
    any: [
      // The C library's resolver texts (go itself says `no such host`): any tool that prints them failed in DNS.
      /\b(?:Name or service not known|nodename nor servname provided, or not known|No address associated with hostname|Temporary failure in name resolution|getaddrinfo failed)\b/,
      /\[(?:Errno|WinError) (?:-[235]|8|1100[124])\]/,
      /\b(?:Couldn't|Could not|can't|cannot) resolve host\b/i,
      /\bsvn: E(?:67\d{4}|7310(?:0[124])): /,
    ],
    host: vcsHost,
  },
  {
    id: 'vcs-tls',
    category: 'tls',
    stage: 'tls',
    summary: 'vcs-tls',
    fixes: ['install-ca-certificate', 'check-system-clock', 'set-proxy-env'],
    any: [
      /\[SSL(?:: [A-Z_]{2,60})?\]/,
      /\b_ssl\.c:\d{1,6}: /,
      /\babort: certificate for \S{1,300} has unexpected fingerprint/,
      /\babort: unable to verify security of /,
      // Mercurial before 3.x: a certificate for another name, with its hint to pin the fingerprint.
      /\babort: \S{1,300} certificate error: /,
      /^\s{0,20}\(configure hostfingerprint /m,
      /\bsvn: E(?:230001|120171): /,
      /\bUnable to verify SSL cert from |\bSSL cert declined\b/,
      /\b(?:bzr|brz): ERROR: Certificate error/,
    ],
    host: vcsHost,
  },
  {
    id: 'vcs-timeout',
    category: 'timeout',
    stage: 'connect',
    summary: 'vcs-timeout',
    fixes: ['check-network', 'check-firewall', 'set-goproxy'],
    any: [
      /\[(?:Errno|WinError) (?:110|60|10060)\]/,
      /\babort: error: (?:timed out|Operation timed out|Connection timed out)/,
      // Python on Windows prints the OS's sentence bare, in the machine's language.
      new RegExp(String.raw`\babort: error: [^\n]{0,120}?(?:${WSA_TIMEDOUT_WORDS})`),
      /\bsvn: E(?:000110|000060|730060|175012): /,
      /\b(?:bzr|brz): ERROR: [^\n]{0,300}\btimed out\b/,
    ],
    host: vcsHost,
  },
  {
    id: 'vcs-connect',
    category: 'connect',
    stage: 'connect',
    summary: 'vcs-connect',
    fixes: ['check-network', 'check-firewall', 'set-goproxy'],
    any: [
      /\[(?:Errno|WinError) (?:111|61|104|54|101|51|113|65|32|1005[1-4]|10061|10065)\]/,
      /\babort: error: (?:Connection refused|Connection reset by peer|Network is unreachable|No route to host|Broken pipe)/,
      /\babort: stream ended unexpectedly/,
      new RegExp(String.raw`\babort: error: [^\n]{0,120}?(?:${WSA_REFUSED_OR_RESET_WORDS})`),
      /\bsvn: E(?:000111|000061|000113|000101|000104|000054|73005[1-4]|730061|730065|120108|120106): /,
      /\b(?:bzr|brz): ERROR: Connection (?:error|closed): /,
      /\bcannot connect to host \S{1,300}:\d{1,5}/,
    ],
    host: vcsHost,
  },
  {
    id: 'vcs-http-auth',
    category: 'auth',
    stage: 'vcs',
    summary: 'vcs-auth',
    fixes: ['netrc-credentials', 'set-goprivate', 'check-module-path'],
    any: [
      vcsStatus('401|403'),
      /\babort: (?:http )?authorization (?:required|failed)/,
      /\bsvn: E(?:170001|215004|175013): /,
      /\bnot authorized to clone\b/,
    ],
    host: vcsHost,
  },
  {
    id: 'vcs-not-found',
    category: 'not-found',
    stage: 'vcs',
    summary: 'git-not-found',
    fixes: ['check-module-path', 'check-repository-exists'],
    any: [
      vcsStatus('404|410'),
      /\babort: repository \S{1,1000} not found\b/,
      /\babort: '?\S{1,1000}'? does not appear to be an hg repository/,
      /\bsvn: E(?:170000|160013|175007): /,
    ],
    host: vcsHost,
  },
  {
    id: 'vcs-http-server',
    category: 'server',
    stage: 'vcs',
    summary: 'vcs-server',
    fixes: ['retry-later', 'set-goproxy'],
    any: [vcsStatus(String.raw`5\d\d`)],
    host: vcsHost,
  },
  // --- go's own HTTP client: network ----------------------------------------------------------------
  {
    id: 'tls-handshake-timeout',
    category: 'timeout',
    stage: 'tls',
    summary: 'tls-handshake-timeout',
    fixes: ['check-network', 'check-firewall', 'set-goproxy'],
    any: [/net\/http: TLS handshake timeout/],
  },
  {
    id: 'dns',
    category: 'dns',
    stage: 'resolve',
    summary: 'dns',
    fixes: ['check-dns', 'set-goproxy'],
    any: [
      /\blookup [^\s:]{1,300}(?: on [^\s]{1,300})?: (?:no such host|server misbehaving|Temporary failure in name resolution|no answer from DNS server|getaddrinfow?: |read udp |dial udp |i\/o timeout|connection refused|operation was canceled)/,
      /\bdial tcp: lookup [^\s:]{1,300}/,
      /getaddrinfo(?:w)?: (?:The requested name is valid|No such host is known|This is usually a temporary error|nodename nor servname)/,
    ],
  },
  {
    id: 'tls',
    category: 'tls',
    stage: 'tls',
    summary: 'tls',
    fixes: ['install-ca-certificate', 'check-system-clock', 'set-proxy-env'],
    any: [
      /\bx509: /,
      /\btls: (?:failed to verify certificate|handshake failure|first record does not look like a TLS handshake|bad certificate|unrecognized name|protocol version not supported|internal error|certificate required)/,
      /\bremote error: tls: /,
      /\bcertificate signed by unknown authority\b/,
      // Any other crypto/tls error (`tls: …`, `local error: tls: …`), never a package path ending in /tls.
      /(?:^|[\s(:])tls: [a-z]/m,
    ],
  },
  {
    id: 'tls-plain-http',
    category: 'tls',
    stage: 'tls',
    summary: 'tls-plain-http',
    fixes: ['set-goproxy', 'set-goinsecure'],
    any: [/server gave HTTP response to HTTPS client/],
  },
  {
    id: 'timeout',
    category: 'timeout',
    stage: 'connect',
    summary: 'timeout',
    fixes: ['check-network', 'check-firewall', 'set-goproxy'],
    any: [
      /\bdial tcp [^\s]{1,300}: i\/o timeout/,
      // WSAETIMEDOUT in English; the sentence may be cut short by a title or a console.
      /\bdial tcp [^\s]{1,300}: connectex: A\s{1,5}connection\s{1,5}attempt\s{1,5}failed\b/,
      /\bdial tcp [^\s]{1,300}: connect: (?:connection timed out|operation timed out)/,
      // WSAETIMEDOUT in any language, or by its number.
      WSA_TIMEDOUT,
    ],
  },
  {
    id: 'http-timeout',
    category: 'timeout',
    stage: 'http',
    summary: 'http-timeout',
    fixes: ['check-network', 'retry-later', 'set-goproxy'],
    any: [
      /\bi\/o timeout\b/,
      /context deadline exceeded/,
      /Client\.Timeout exceeded/,
      // go's HTTP client before Client.Timeout named itself, and its wait for a free connection.
      /\bnet\/http: request canceled\b/,
      /\brequest canceled while waiting for connection\b/,
      /timeout awaiting response headers/,
      /\bread: connection timed out\b/,
      /\bwsarecv: A connection attempt failed because the connected party did not properly respond/,
    ],
  },
  {
    // HTTP/2 resets and GOAWAYs come from the server (or a proxy in front of it), not from this machine's link.
    id: 'http2-stream',
    category: 'server',
    stage: 'http',
    summary: 'http2-stream',
    fixes: ['retry-later', 'set-goproxy', 'report-to-proxy'],
    any: [
      // x/net/http2's StreamError (`stream ID N; <code name or "unknown error code 0xN">`) and ConnectionError.
      /\bstream error: stream ID \d{1,10}; [A-Za-z]/,
      // The same, cut short by a title or a wrap after its fixed words.
      /\bstream error: stream\b/,
      /\bconnection error: [A-Z][A-Z_0-9]{3,40}\b/,
      /\bhttp2: (?:server sent GOAWAY|Transport received Server's graceful shutdown GOAWAY)/,
      /\bprotocol error: received [A-Z]{2,20} /,
    ],
  },
  {
    id: 'connect-refused',
    category: 'connect',
    stage: 'connect',
    summary: 'connect-refused',
    fixes: ['check-network', 'check-firewall', 'set-goproxy'],
    any: [
      /\bconnect: connection refused/,
      /\bconnectex: No connection could be made because the target machine actively refused it/,
      /\bdial tcp [^\s]{1,300}: connect: permission denied/,
      /\bdial tcp [^\s]{1,300}: socket: /,
    ],
  },
  {
    id: 'connect-unreachable',
    category: 'connect',
    stage: 'connect',
    summary: 'connect-unreachable',
    fixes: ['check-network', 'set-goproxy'],
    any: [
      /\bconnect: (?:network is unreachable|no route to host|host is down|cannot assign requested address)/,
      /\bconnectex: (?:A socket operation was attempted to an unreachable (?:network|host)|The requested address is not valid)/,
    ],
  },
  {
    id: 'connect-reset',
    category: 'connect',
    stage: 'connect',
    summary: 'connect-reset',
    fixes: ['check-network', 'retry-later', 'set-goproxy'],
    any: [
      /\bconnection reset by peer\b/,
      /\bforcibly closed by the remote host\b/,
      /\bbroken pipe\b/,
      /\bGet "?[^"\s]{1,2000}"?: (?:unexpected )?EOF\b/,
      /\bread "[^"\s]{1,2000}": (?:unexpected )?EOF\b/,
      /\breading \S{1,2000}: (?:unexpected )?EOF\b/,
      /: (?:https? fetch: )?(?:Get [^\n]{1,2000}: )?unexpected EOF$/m,
      /http2: (?:client connection lost|stream closed)/,
      /\btransport connection broken\b/,
      /\bserver closed idle connection\b/,
      /\bwsarecv: An existing connection was forcibly closed/,
    ],
  },
  {
    // Windows socket errors by structure: the OS text after `connectex:`/`wsarecv:` may be in any language.
    id: 'windows-socket',
    category: 'connect',
    stage: 'connect',
    summary: 'windows-socket',
    fixes: ['check-network', 'check-firewall', 'set-goproxy'],
    any: [
      /\bdial tcp \S{1,300}: connectex: /,
      /\b(?:read|write) tcp \S{1,300}: wsa(?:recv|send): /,
      WSA_CONNECT_CODE,
    ],
  },
  {
    // The TCP layer failed with an error no rule above knows (a cut or split OS message): still a connection failure.
    id: 'tcp-other',
    category: 'connect',
    stage: 'connect',
    summary: 'tcp-other',
    fixes: ['check-network', 'check-firewall', 'set-goproxy'],
    any: [
      /\bdial tcp \[?[0-9a-fA-F:.]{2,100}\]?:\d{1,5}: \S/,
      /\b(?:read|write) tcp \S{1,120}->\[?[0-9a-fA-F:.]{2,100}\]?:\d{1,5}: \S/,
    ],
  },
  // --- HTTP status from a GOPROXY (or other server) ----------------------------------------------------
  {
    // `M@1.0.0`: a version without its leading "v" is not a module version; the proxy then answers 404.
    id: 'invalid-version-query',
    category: 'invalid-version',
    stage: (c) => (c.vcs || c.viaVcs ? 'vcs' : 'http'),
    summary: 'invalid-version',
    fixes: ['change-version'],
    any: [/(?:^|\s)[^\s@]{1,300}@\d[^\s:]{0,100}: invalid version: /m],
    host: () => undefined,
  },
  {
    id: 'toolchain-not-found',
    category: 'toolchain',
    stage: 'toolchain',
    summary: 'toolchain-not-available',
    fixes: ['gotoolchain-local', 'upgrade-go'],
    when: (c) =>
      (statusIn(c, 404, 404) || statusIn(c, 410, 410)) && /golang\.org\/toolchain/.test(c.status?.url ?? ''),
  },
  {
    id: 'proxy-side-failure',
    category: 'server',
    stage: httpStage,
    summary: 'proxy-side-failure',
    fixes: ['retry-later', 'set-goproxy', 'report-to-proxy'],
    when: (c) => c.status !== undefined && SERVER_LOCAL_FAILURE.test(c.server),
  },
  {
    // A refusal whose server response says the thing is gone: the status is ambiguous, the explanation is not.
    id: 'status-says-gone',
    category: 'not-found',
    stage: httpStage,
    summary: 'status-says-gone',
    fixes: ['check-module-path', 'change-version'],
    when: (c) =>
      (statusIn(c, 401, 401) || statusIn(c, 403, 403)) &&
      /\b(?:currently not available|not found|does not exist|no longer exists)\b/i.test(c.server),
  },
  {
    // A file:// GOPROXY (an offline mirror): a missing file is its 404, a permission error its 403.
    id: 'file-proxy-not-found',
    category: 'not-found',
    stage: 'http',
    summary: 'file-proxy-not-found',
    subject: (c) => FILE_PROXY.exec(c.own)?.[1],
    fixes: ['change-version', 'check-module-path'],
    any: [/\breading file:\/\/\S{1,2000}: (?:no such file or directory|not a directory)/],
    host: () => undefined,
  },
  {
    id: 'file-proxy-permission',
    category: 'auth',
    stage: 'http',
    summary: 'file-proxy-permission',
    subject: (c) => FILE_PROXY.exec(c.own)?.[1],
    fixes: [],
    any: [/\breading file:\/\/\S{1,2000}: permission denied/],
    host: () => undefined,
  },
  {
    id: 'http-not-found',
    category: 'not-found',
    stage: httpStage,
    summary: 'http-not-found',
    fixes: ['change-version', 'check-module-path', 'set-goprivate'],
    when: (c) => statusIn(c, 404, 404) || statusIn(c, 410, 410),
  },
  {
    id: 'http-auth',
    category: 'auth',
    stage: httpStage,
    summary: 'http-auth',
    fixes: ['netrc-credentials', 'set-goprivate', 'set-goproxy-pipe'],
    when: (c) => statusIn(c, 401, 401) || statusIn(c, 403, 403),
  },
  {
    id: 'http-bad-request',
    category: 'invalid-version',
    stage: httpStage,
    summary: 'http-bad-request',
    fixes: ['change-version', 'check-module-path'],
    when: (c) => statusIn(c, 400, 400),
  },
  {
    id: 'http-rate-limit',
    category: 'server',
    stage: httpStage,
    summary: 'http-rate-limit',
    fixes: ['retry-later', 'set-goproxy'],
    when: (c) => statusIn(c, 429, 429),
  },
  {
    id: 'http-server-error',
    category: 'server',
    stage: httpStage,
    summary: 'http-server-error',
    fixes: ['retry-later', 'set-goproxy-pipe', 'report-to-proxy'],
    when: (c) => statusIn(c, 500, 599),
  },
  {
    id: 'http-other-status',
    category: 'server',
    stage: httpStage,
    summary: 'http-other',
    fixes: ['set-goproxy', 'report-to-proxy'],
    when: (c) => c.status !== undefined && c.status.code !== 200,
  },
  {
    id: 'http-redirect',
    category: 'config',
    stage: 'http',
    summary: 'http-redirect',
    fixes: ['set-goproxy', 'set-goinsecure'],
    any: [/redirected from secure URL .{1,2000} to insecure URL/, /stopped after 10 redirects/],
  },
  {
    id: 'http-insecure',
    category: 'config',
    stage: 'http',
    summary: 'http-insecure',
    fixes: ['set-goinsecure', 'set-goproxy'],
    any: [
      /refusing to pass credentials to insecure URL/,
      /\binsecure URL: /,
      /\bunsupported scheme: /,
      // GOPATH mode: `package P: cannot download, http://… uses insecure protocol`.
      /\bcannot download, \S{1,1000} uses insecure protocol/,
    ],
  },
  {
    id: 'proxy-invalid-response',
    category: 'server',
    stage: 'http',
    summary: 'proxy-invalid-response',
    fixes: ['set-goproxy', 'report-to-proxy'],
    any: [
      /invalid response from proxy "/,
      /proxy returned info for version \S{1,200} instead of requested version/,
      /downloaded zip file too large/,
      /zip for \S{1,600} has unexpected file /,
    ],
  },
  // --- Configuration ------------------------------------------------------------------------------
  {
    id: 'workspace-mod-flag',
    category: 'config',
    stage: 'config',
    summary: 'workspace-mod-flag',
    fixes: ['fix-goflags'],
    any: [
      /-mod may only be set to readonly(?: or vendor)? when in workspace mode/,
      /cannot be run in workspace mode/,
      /-modfile cannot be used in workspace mode/,
      /\b(?:is not supported|not supported|cannot be used|is not allowed|not allowed) in workspace mode\b/,
    ],
  },
  {
    // The modules a go.work lists and the module or directory the command runs in disagree.
    id: 'workspace-modules',
    category: 'config',
    stage: 'config',
    summary: 'workspace-modules',
    fixes: [],
    any: [
      /appears multiple times in workspace/,
      // gopls's wording of the same condition: two go.mod files of the workspace declare one module path.
      /\bfound module "?[^\s"]{1,300}"? twice in the workspace/,
      /listed in go\.work file requires go /,
      /outside (?:available modules|modules listed in go\.work)/,
      /not one of the workspace modules listed in go\.work/,
      /no modules were found in the current workspace/,
      /cannot load module listed in go\.work/,
      /\bno go\.work file found\b/,
      /\bthe path provided to GOWORK must be an absolute path/,
      // Outside workspace mode go never opens a go.mod that is not there: a go.work entry names it.
      new RegExp(String.raw`\bopen \S{0,1000}\bgo\.mod: ${NOT_FOUND_AT_PATH}`),
    ],
  },
  {
    id: 'goproxy-off',
    category: 'config',
    stage: 'config',
    summary: 'goproxy-off',
    fixes: ['enable-goproxy', 'go-mod-download'],
    any: [/module lookup disabled by GOPROXY=off/, /import lookup disabled by GOPROXY=off/],
  },
  {
    id: 'mod-vendor',
    category: 'config',
    stage: 'config',
    summary: 'mod-vendor',
    fixes: ['go-mod-vendor'],
    any: [
      /lookup disabled by (?:GOFLAGS=)?-mod=vendor/,
      /\bcannot query module due to -mod=vendor/,
      // Any command go refuses in vendor mode (`go get: disabled by -mod=vendor`, go 1.14+).
      /\bdisabled by (?:GOFLAGS=)?-mod=vendor\b/,
    ],
  },
  {
    id: 'vendor-inconsistent',
    category: 'config',
    stage: 'config',
    summary: 'vendor-inconsistent',
    fixes: ['go-mod-vendor'],
    any: [/inconsistent vendoring/, /vendor\/modules\.txt/],
  },
  {
    id: 'missing-go-sum',
    category: 'config',
    stage: 'config',
    summary: 'missing-go-sum',
    fixes: ['go-mod-download', 'go-mod-tidy'],
    any: [/missing go\.sum entry/, /updates to go\.(?:sum|mod) needed/, /\bgo: updates to go\.mod needed/],
  },
  {
    id: 'no-required-module',
    category: 'config',
    stage: 'config',
    summary: 'no-required-module',
    fixes: ['go-mod-tidy'],
    // -mod=readonly (the default since go 1.16) refuses to add the requirement go.mod lacks.
    any: [/no required module provides package /, /\blookup disabled by (?:GOFLAGS=)?-mod=readonly/],
  },
  {
    id: 'not-in-module',
    category: 'config',
    stage: 'config',
    summary: 'not-in-module',
    fixes: ['go-mod-tidy'],
    any: [
      /working directory is not part of a module/,
      /go\.mod file not found in current directory or any parent directory/,
      /\bcannot find main module\b/,
      /\bdirectory \S{1,1000} is outside main module or its selected dependencies/,
      /\bcannot determine module path for source directory /,
      /\bno modules specified \(see 'go help mod download'\)/,
      /\bgo: cannot match "[^"]{1,300}" without -versions or an explicit version/,
    ],
  },
  {
    id: 'goproxy-invalid',
    category: 'config',
    stage: 'config',
    summary: 'goproxy-invalid',
    fixes: ['set-goproxy'],
    any: [
      /GOPROXY list is not the empty string, but contains no entries/,
      /invalid proxy URL/,
      /invalid file:\/\/ proxy URL/,
      // A GOPROXY entry go cannot parse as a URL (a Windows path after file://, a stray character).
      /\bparse "(?:file|https?):\/\/[^"\n]{0,500}": /,
      // The documentation site is not a module proxy.
      /\b(?:reading |Get "?)https?:\/\/(?:pkg\.)?go\.dev\//,
    ],
  },
  {
    id: 'goflags',
    category: 'config',
    stage: 'config',
    summary: 'goflags',
    fixes: ['fix-goflags'],
    any: [/parsing \$GOFLAGS: /, /-insecure flag is no longer supported/],
  },
  {
    id: 'goauth',
    category: 'config',
    stage: 'config',
    summary: 'goauth',
    fixes: ['fix-goauth'],
    any: [
      /\bGOAUTH(?:=\S{0,300})? (?:encountered|cannot be combined|dir method)/,
      /could not parse netrc \(GOAUTH/,
    ],
  },
  {
    id: 'go111module-off',
    category: 'config',
    stage: 'config',
    summary: 'go111module-off',
    fixes: ['fix-goflags'],
    any: [/modules disabled by GO111MODULE=off/, /\bgo: modules disabled\b/],
  },
  {
    // The go command's environment is not valid for what it was asked (GOPATH-era checks and GO111MODULE values).
    id: 'go-env-invalid',
    category: 'config',
    stage: 'config',
    summary: 'config-other',
    fixes: ['fix-goflags'],
    any: [
      /\bunknown environment setting GO111MODULE=/,
      /\$GOPATH\/go\.mod exists but should not/,
      /\bcannot download, \$GOPATH (?:not set|must not be set to \$GOROOT)/,
      /\bcannot use path@version syntax in GOPATH mode/,
      /\bGOPATH entry cannot start with shell metacharacter/,
      /\bno install location for\b/,
      /\bGOPATH set to GOROOT \(/,
    ],
  },
  // --- Local file system and module cache --------------------------------------------------------------
  {
    id: 'cache-create',
    category: 'cache',
    stage: 'extract',
    summary: 'cache-create',
    fixes: ['set-gomodcache', 'fix-cache-permissions'],
    any: [
      /could not create module cache/,
      /GOMODCACHE entry is relative/,
      /module cache not found: neither GOMODCACHE nor GOPATH/,
      /GOPATH entry is relative/,
    ],
  },
  {
    id: 'disk-full',
    category: 'cache',
    stage: 'extract',
    summary: 'disk-full',
    fixes: ['free-disk-space', 'set-gomodcache'],
    any: [/no space left on device/, WIN_DISK_FULL, /disk quota exceeded/i],
  },
  {
    id: 'fs-readonly',
    category: 'cache',
    stage: 'extract',
    summary: 'fs-readonly',
    fixes: ['set-gomodcache', 'fix-cache-permissions'],
    any: [/read-only file system/],
  },
  {
    id: 'cache-ziphash',
    category: 'cache',
    stage: 'extract',
    summary: 'cache-ziphash',
    fixes: ['clear-cache-entry'],
    any: [/unexpected ziphash: /, /\.ziphash: /],
  },
  {
    id: 'cache-zip',
    category: 'cache',
    stage: 'extract',
    summary: 'cache-zip',
    fixes: ['clear-cache-entry', 'set-goproxy'],
    any: [/\bzip: not a valid zip file/, /\bzip: checksum error/, /\bzip: unsupported compression algorithm/],
  },
  {
    id: 'cache-unzip',
    category: 'cache',
    stage: 'extract',
    summary: 'cache-unzip',
    fixes: ['clear-cache-entry', 'contact-module-author'],
    // `unzip …: M@v2.0.0: invalid version: should be v0 or v1` is about the version, not the cache.
    when: (c) => !/: invalid version: |\bmalformed file path "/.test(c.own),
    any: [
      /(?:^|\s)(?:-> )?unzip \S{1,1000}: /m,
      /case-insensitive file name collision/,
      /module source tree too large/,
      /is larger than declared size/,
      /target directory \S{1,1000} exists and is not empty/,
    ],
  },
  {
    id: 'fs-permission',
    category: 'cache',
    stage: 'extract',
    summary: 'fs-permission',
    fixes: ['fix-cache-permissions', 'set-gomodcache'],
    any: [/\bpermission denied\b/i, WIN_ACCESS_DENIED, /\boperation not permitted\b/],
  },
  {
    id: 'fs-busy',
    category: 'cache',
    stage: 'extract',
    summary: 'fs-busy',
    fixes: ['retry-later', 'clear-cache-entry'],
    any: [
      WIN_FILE_IN_USE,
      /\btext file busy\b/,
      /can't find or create lock file/,
      /\bresource temporarily unavailable\b/,
    ],
  },
  // --- Go version and toolchains ----------------------------------------------------------------------------
  {
    id: 'too-new',
    category: 'toolchain',
    stage: 'toolchain',
    summary: 'too-new',
    subject: (c) => /\brequires (go >= ?[0-9][^\s;(),]{0,40})/.exec(c.own)?.[1],
    // Background runs use GOTOOLCHAIN=local: fetching the toolchain go.mod asks for is offered, never done.
    fixes: ['download-toolchain', 'upgrade-go', 'gotoolchain-local'],
    any: [
      /\brequires go >= ?\S{1,40} \(running go /,
      /\brequires go (?:>= )?[\d.]{1,20}\b[^\n]{0,100}\bswitching to go/,
      /\bgo\.mod requires go >= /,
      // go 1.17-1.20: `go mod tidy` with a go line newer than itself.
      /\bgo\.mod file indicates go [\d.]{1,20}, but maximum version supported by tidy is /,
    ],
    host: () => undefined,
  },
  {
    // A tool (a code generator, a linter, gopls) built with an older go reads code that needs a newer one: go/types'
    // `package requires newer Go version goX (application built with goY)`, go/packages' version-skew warning.
    id: 'tool-built-older',
    category: 'toolchain',
    stage: 'toolchain',
    summary: 'tool-built-older',
    subject: (c) => /\brequires newer Go version (go[\d.]{1,20})/.exec(c.own)?.[1],
    fixes: ['upgrade-go'],
    any: [
      /\brequires newer Go version go[\d.]{1,20}\b/,
      /\buses version go[\d.]{1,20} of the source-processing packages but runs version go[\d.]{1,20} of 'go list'/,
      // Linters' own checks of the same skew: the go they were built with against the module's go line.
      /\bversion \(?go[\d.]{1,20}\)? used to build \S{1,100} is lower than the targeted Go version\b/,
      /\brequires at least go[\d.]{1,20}, but \S{1,100} was built with go[\d.]{1,20}/,
    ],
    host: () => undefined,
  },
  {
    // The go command and the compiler, or the compiler and the compiled standard library, are from different Go
    // versions: two installations mixed (a GOROOT of another version, a copy over an old one).
    id: 'toolchain-mixed',
    category: 'toolchain',
    stage: 'toolchain',
    summary: 'toolchain-mixed',
    fixes: ['upgrade-go'],
    any: [
      /\bversion "?go[\d.]{1,20}[^"\s]{0,40}"? does not match go tool version "?go[\d.]{1,20}/,
      /\bobject is \[[^\]\n]{0,100}\bgo1[\d.]{0,10}[^\]\n]{0,100}\] expected \[[^\]\n]{0,100}\bgo1/,
    ],
    host: () => undefined,
  },
  {
    // A standard-library package taken for a module path or missing from GOROOT: this Go predates it.
    id: 'std-too-new',
    category: 'toolchain',
    stage: 'toolchain',
    summary: 'std-too-new',
    subject: (c) => STD_TOO_NEW.exec(c.own)?.[1] ?? STD_TOO_NEW.exec(c.own)?.[2],
    fixes: ['upgrade-go'],
    any: [STD_TOO_NEW],
    host: () => undefined,
  },
  {
    // A standard-library package go cannot find where it should be: a broken Go installation or a wrong GOROOT.
    id: 'std-missing',
    category: 'toolchain',
    stage: 'toolchain',
    summary: 'std-missing',
    subject: (c) => {
      const m = STD_MISSING.exec(c.own);
      return m?.[1] ?? m?.[2];
    },
    fixes: ['upgrade-go'],
    any: [STD_MISSING],
    host: () => undefined,
  },
  {
    // GOROOT names a directory that is not there: this go cannot find its own installation.
    id: 'goroot-missing',
    category: 'toolchain',
    stage: 'toolchain',
    summary: 'goroot-missing',
    subject: (c) => /\bcannot find GOROOT directory: (\S{1,1000})/.exec(c.own)?.[1],
    fixes: ['upgrade-go'],
    any: [/\bcannot find GOROOT directory: /],
    host: () => undefined,
  },
  {
    id: 'toolchain-not-available',
    category: 'toolchain',
    stage: 'toolchain',
    summary: 'toolchain-not-available',
    fixes: ['gotoolchain-local', 'upgrade-go'],
    any: [/\btoolchain not available\b/],
  },
  {
    id: 'toolchain-invalid',
    category: 'toolchain',
    stage: 'toolchain',
    summary: 'toolchain-invalid',
    fixes: ['gotoolchain-local'],
    any: [
      /invalid GOTOOLCHAIN "/,
      /invalid toolchain: /,
      /cannot find "go\S{1,40}" in PATH/,
      /is a language version but not a toolchain version/,
      /invalid go version '[^']{1,40}'/,
    ],
  },
  {
    id: 'toolchain-download',
    category: 'toolchain',
    stage: 'toolchain',
    summary: 'toolchain-download',
    fixes: ['gotoolchain-local', 'set-goproxy'],
    any: [/^go: download go\S{1,40}/m, /switching to go >= \S{1,40}: /, /golang\.org\/toolchain@v0\.0\.1-go/],
  },
  // --- Versions and module paths ----------------------------------------------------------------------
  {
    id: 'pseudo-version',
    category: 'invalid-version',
    stage: (c) => (c.vcs || c.viaVcs ? 'vcs' : 'http'),
    summary: 'pseudo-version',
    fixes: ['change-version'],
    any: [/invalid pseudo-version: /, /\bpseudo-version .{0,200} does not match/],
  },
  {
    id: 'unknown-revision',
    category: 'not-found',
    // Without an HTTP status it came from the repository itself (a proxy's 404 is matched earlier).
    stage: (c) => (c.vcs || c.status === undefined ? 'vcs' : 'http'),
    summary: 'unknown-revision',
    subject: (_c, t) => t.version,
    fixes: ['change-version'],
    any: [/\bunknown revision \S{1,300}/, /\bno commits\b/, /\binvalid version: unknown revision/],
    host: () => undefined,
  },
  {
    id: 'no-matching-versions',
    category: 'not-found',
    stage: 'http',
    summary: 'no-matching-versions',
    fixes: ['change-version', 'check-module-path'],
    any: [/no matching versions for query "/],
    host: () => undefined,
  },
  {
    id: 'package-not-in-module',
    category: 'not-found',
    stage: 'http',
    summary: 'package-not-in-module',
    fixes: ['check-module-path', 'change-version'],
    any: [/\bbut does not contain package\b/, /\bis not in GOROOT\b/, /\bis not in std\b/],
    host: () => undefined,
  },
  {
    id: 'malformed-path',
    category: 'path-mismatch',
    stage: 'config',
    summary: 'path-malformed',
    fixes: ['check-module-path', 'add-replace-directive'],
    any: [
      /\bmalformed (?:module|import) path "/,
      /\binvalid (?:module|import) path "/,
      /\bmodule paths never use backslash/,
      /\bcannot use relative path /,
      /" not allowed in import path/,
      // GOPATH mode: an import path whose first element has no dot is not a remote path.
      /\bimport path does not begin with hostname\b/,
    ],
    host: () => undefined,
  },
  {
    id: 'invalid-version',
    category: 'invalid-version',
    stage: (c) => (c.vcs || c.viaVcs ? 'vcs' : /(?:^|\s)(?:-> )?unzip \S/m.test(c.own) ? 'extract' : 'http'),
    summary: 'invalid-version',
    fixes: ['change-version', 'check-module-path'],
    // `invalid version: bzr pull … in DIR: exit status 3` is a VCS command that failed (vcs-failed).
    when: (c) =>
      !/\binvalid version: (?:git|hg|svn|bzr|brz|fossil) [a-z-]{2,20} [^\n]{0,600}?: exit status \d/.test(
        c.own,
      ),
    any: [
      /\binvalid version: /,
      /\+incompatible suffix not allowed/,
      /\bshould be v[01], not v\d{1,4}/,
      /\bdisallowed version string/,
      /\bversion "[^"]{1,200}" invalid: /,
      /\bnot a semantic version\b/,
      // The version's zip holds a file name modules do not allow: that version cannot be used at all.
      /\bmalformed file path "/,
      /\bmodule contains a go\.mod file, so (?:major version must be compatible|module path must match major version)/,
    ],
    host: () => undefined,
  },
  {
    id: 'no-module-for-package',
    category: 'not-found',
    stage: 'http',
    summary: 'no-module-for-package',
    fixes: ['check-module-path', 'set-goprivate'],
    any: [
      /cannot find module providing package /,
      /\bcannot find package "[^"]{1,500}" in any of/,
      // go 1.11: `build M: cannot find module for path P`.
      /\bcannot find module for path /,
    ],
    host: () => undefined,
  },
  // --- Wrappers with no recognisable inner cause -------------------------------------------------------
  {
    id: 'goget-other',
    category: 'vcs',
    stage: 'vcs',
    summary: 'goget-other',
    subject: (c, t) => t.module ?? /unrecognized import path "([^"\s]{1,500})"/.exec(c.own)?.[1] ?? t.host,
    fixes: ['check-module-path', 'set-goprivate'],
    any: [/unrecognized import path "/, /\bhttps? fetch failed: /],
  },
  {
    // A VCS's own error line with nothing more specific in it: the VCS failed (a generic wrapper).
    id: 'vcs-stderr',
    category: 'vcs',
    stage: 'vcs',
    summary: 'vcs-failed',
    subject: (c, t) => t.module ?? vcsHost(c),
    fixes: ['check-module-path'],
    any: [
      /^\s{0,20}abort: /m,
      /\b(?:bzr|brz): ERROR: /,
      /\bsvn: E\d{6}: /,
      /\bclone aborted\b/,
      /\bis not using a known version control system\b/,
    ],
  },
  {
    id: 'vcs-failed',
    category: 'vcs',
    stage: 'vcs',
    summary: 'vcs-failed',
    subject: (c, t) => t.module ?? /unrecognized import path "([^"\s]{1,500})"/.exec(c.own)?.[1] ?? t.host,
    fixes: ['git-credentials', 'check-module-path'],
    when: (c) => c.vcs,
  },
  {
    id: 'unknown',
    category: 'unknown',
    stage: undefined,
    summary: 'unknown',
    fixes: [],
    on: 'text',
    any: [/[\s\S]/],
    host: () => undefined,
  },
];

/** The first rule matching a message context. */
export function firstRule(c: MessageContext): Rule {
  for (const rule of RULES) {
    const subject = rule.on === 'text' ? c.text : c.own;
    if (rule.any && !rule.any.some((re) => re.test(subject))) continue;
    if (rule.when && !rule.when(c)) continue;
    return rule;
  }
  return RULES[RULES.length - 1];
}
