/**
 * Windows socket errors by code. go prints Windows' own sentence for a WSAE code after `connectex:`, `wsarecv:` or
 * `wsasend:`, in the language of the machine; when Windows has no text it prints `winapi error #N`, and other tools
 * (git's curl, Python's socket for hg and bzr, Subversion's APR as E73NNNN) print the number. The structure says a
 * TCP connection failed; these fragments of each language's sentence, or the number, say which way.
 */

/** Distinctive fragments of the WSAETIMEDOUT (10060) sentence in the languages Windows ships most. */
const TIMEDOUT_TEXT = [
  // ERROR_SEM_TIMEOUT (121), which Windows reports for a network read that never completed.
  'semaphore timeout period has expired',
  '信号灯超时时间已到',
  'セマフォがタイムアウトしました',
  'Zeitlimit für die Semaphore wurde erreicht',
  'Превышен таймаут семафора',
  'connected party did not properly respond',
  'connection attempt failed because',
  '连接尝试失败', // zh-CN
  '連線嘗試失敗', // zh-TW
  '一定の時間を過ぎても', // ja
  '응답이 없어 연결하지 못했', // ko
  'Verbindungsversuch ist fehlgeschlagen', // de
  'tentative de connexion a échoué', // fr
  'intento de conexión', // es
  'tentativa de conexão falhou', // pt-BR
  'Risposta non corretta della parte connessa', // it
  "mancata risposta dall'host collegato", // it
  'Попытка установить соединение была безуспешной', // ru
  'за требуемое время', // ru
  'Próba połączenia nie powiodła się', // pl
  'bağlantı denemesi başarısız', // tr
];

/** The numbers of WSAETIMEDOUT: go's fallback, the constant's name, curl's and APR's forms. */
const TIMEDOUT_CODE = String.raw`winapi error #10060|WSAETIMEDOUT|errno 10060|\bE730060\b|\[(?:Errno|WinError) 10060\]`;

/** The WSAETIMEDOUT sentence in any of the languages above, wherever a tool prints it. */
export const WSA_TIMEDOUT_WORDS = TIMEDOUT_TEXT.join('|');

/** WSAECONNREFUSED's and WSAECONNRESET's sentences, in the same languages (for tools that print them bare). */
export const WSA_REFUSED_OR_RESET_WORDS = [
  'No connection could be made because',
  'forcibly closed by the remote host',
  '积极拒绝',
  '强迫关闭',
  'によって拒否されたため',
  '強制的に切断されました',
  'die Verbindung verweigerte',
  'vom Remotehost geschlossen',
  'отверг запрос на подключение',
  'принудительно разорвал',
].join('|');

/** A Windows socket error (any language) that says the connection timed out. */
export const WSA_TIMEDOUT = new RegExp(
  String.raw`\b(?:connectex|wsarecv|wsasend): [^\n]{0,120}?(?:${TIMEDOUT_TEXT.join('|')})|${TIMEDOUT_CODE}`,
);

/** The other connection failures by number (refused, reset, aborted, unreachable), for tools that print only it. */
export const WSA_CONNECT_CODE =
  /\bwinapi error #100(?:61|54|53|51|65)\b|\bWSAE(?:CONNREFUSED|CONNRESET|CONNABORTED|NETUNREACH|HOSTUNREACH)\b|\berrno 100(?:61|54|53)\b|\[(?:Errno|WinError) 100(?:61|54|53|51|65)\]/;

/** ERROR_FILE_NOT_FOUND's sentence ("The system cannot find the file specified.") in the languages above. */
const FILE_NOT_FOUND_TEXT = [
  'The system cannot find the (?:file|path) specified',
  '系统找不到指定的(?:文件|路径)',
  '系統找不到指定的(?:檔案|路徑)',
  '指定されたファイルが見つかりません',
  '지정된 파일을 찾을 수 없습니다',
  'Das System kann die angegebene Datei nicht finden',
  'Le fichier spécifié est introuvable',
  'El sistema no puede encontrar el archivo especificado',
  'O sistema não pode encontrar o arquivo especificado',
  'Не удается найти указанный файл',
];

/** What exec and fork/exec say when a program is not where a tool looked for it, on every OS. */
export const NOT_FOUND_AT_PATH = `(?:no such file or directory|file does not exist|${FILE_NOT_FOUND_TEXT.join('|')})`;

/** ERROR_ACCESS_DENIED ("Access is denied."), ERROR_SHARING_VIOLATION and ERROR_DISK_FULL in the same languages. */
export const WIN_ACCESS_DENIED =
  /\bAccess is denied\b|拒绝访问|存取被拒|アクセスが拒否されました|액세스가 거부되었습니다|Zugriff verweigert|Accès refusé|Acceso denegado|Acesso negado|Отказано в доступе/;
export const WIN_FILE_IN_USE =
  /being used by another process|另一个程序正在使用此文件|別のプロセスが使用中です|다른 프로세스가 파일을 사용 중|von einem anderen Prozess verwendet wird|utilisé par un autre processus|está siendo utilizado por otro proceso|занят другим процессом/;
export const WIN_DISK_FULL =
  /There is not enough space on the disk|磁盘空间不足|ディスクに十分な空き領域がありません|디스크 공간이 부족합니다|nicht genügend Speicherplatz|espace insuffisant sur le disque|No hay suficiente espacio en el disco|Недостаточно места на диске/;

/**
 * cmd.exe and PowerShell saying a command does not exist, in the languages above; `names` is an alternation of
 * program names (go, git, …).
 */
export function notRecognized(names: string): RegExp {
  const n = `(?:${names})(?:\\.exe)?`;
  return new RegExp(
    [
      `['"“]${n}['"”] (?:is not recognized as an internal or external command|不是内部或外部命令|は、内部コマンドまたは外部コマンド|не является внутренней или внешней|n[’']est pas reconnu en tant que commande|no se reconoce como un comando|wird nicht als interner oder externer Befehl)`,
      `Der Befehl "${n}" ist entweder falsch geschrieben`,
      `The term '${n}' is not recognized`,
      `无法将[“"]${n}[”"]项识别为`,
      `Die Benennung "${n}" wurde nicht als Name`,
    ].join('|'),
  );
}
