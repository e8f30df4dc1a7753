/**
 * CONSTRUCTED messages, not real ones: the outer layers go wraps a failure in (go 1.11 to 1.27, GOPATH and module
 * mode), built from go's own format strings, and the ways a paste or a tool mangles a log. The classifier tests use
 * them to check that a cause is recognised by its structure whatever surrounds it. Nothing here enters the
 * real-message corpus (test/data/corpus), which holds only quoted messages.
 */

/** A module path, a version and the URLs go builds for them. */
const M = 'example.com/team/lib';
const V = 'v1.4.2';
const PROXY = 'https://proxy.golang.org';
const MODURL = `${PROXY}/${M}/@v/${V}.mod`;
const GOGET = `https://${M}?go-get=1`;

/**
 * Every way go reports a failed HTTP request (`<cause>` is the transport error: DNS, TCP, TLS, proxy, HTTP/2).
 * Each is named by what it imitates; the format is go's, the values are made up.
 */
export const HTTP_WRAPPERS: Record<string, (cause: string) => string> = {
  // module mode, go 1.14+ (net/url quotes the URL from go 1.14).
  'module mode (1.14+)': (c) => `go: ${M}@${V}: Get "${MODURL}": ${c}`,
  'module mode (1.11-1.13, unquoted URL)': (c) => `go: ${M}@${V}: Get ${MODURL}: ${c}`,
  'go: finding noise (1.11-1.13)': (c) =>
    `go: finding ${M} ${V}\ngo: finding example.com/other v0.1.0\ngo: ${M}@${V}: Get ${MODURL}: ${c}`,
  'go: downloading noise': (c) =>
    `go: downloading example.com/other v0.1.0\ngo: downloading ${M} ${V}\ngo: ${M}@${V}: Get "${MODURL}": ${c}`,
  'list query (module M)': (c) => `go: module ${M}: Get "${PROXY}/${M}/@v/list": ${c}`,
  'go get (1.16)': (c) => `go get: ${M}@${V}: Get "${MODURL}": ${c}`,
  'requires chain': (c) =>
    `go: example.com/app@v0.0.1 requires\n\texample.com/mid@v0.3.0 requires\n\t${M}@${V}: Get "${MODURL}": ${c}`,
  'import chain (build)': (c) => `main.go:7:2: ${M}@${V}: Get "${MODURL}": ${c}`,
  'zip body read': (c) => `go: ${M}@${V}: read "${PROXY}/${M}/@v/${V}.zip": ${c}`,
  'checksum database': (c) =>
    `verifying ${M}@${V}: ${M}@${V}: Get "https://sum.golang.org/lookup/${M}@${V}": ${c}`,
  'checksum database through a proxy': (c) =>
    `go: ${M}@${V}: verifying module: ${M}@${V}: reading ${PROXY}/sumdb/sum.golang.org/lookup/${M}@${V}: ${c}`,
  'GOPATH go get (1.9-1.12)': (c) =>
    `package ${M}/pkg: unrecognized import path "${M}/pkg" (https fetch: Get ${GOGET.replace(M, `${M}/pkg`)}: ${c})`,
  'go get -v https fetch failed (GOPATH)': (c) => `https fetch failed: Get ${GOGET}: ${c}`,
  'module mode discovery (1.13+)': (c) =>
    `go: ${M}@${V}: unrecognized import path "${M}": https fetch: Get "${GOGET}": ${c}`,
  'go get in go 1.11-1.13 discovery': (c) =>
    `go get ${M}: unrecognized import path "${M}" (https fetch: Get ${GOGET}: ${c})`,
};

/** A VCS failure (`<stderr>` is the tool's own output) in module mode and in GOPATH mode. */
export const VCS_WRAPPERS: Record<string, (cmd: string, code: number, stderr: string) => string> = {
  'module mode (RunError)': (cmd, code, err) =>
    `go: ${M}@${V}: ${cmd} in /tmp/gopath/pkg/mod/cache/vcs/5f1c0e9a: exit status ${code}:\n${err
      .split('\n')
      .map((l) => `\t${l}`)
      .join('\n')}`,
  'module mode, invalid version': (cmd, code, err) =>
    `go: ${M}@${V}: invalid version: ${cmd} in /tmp/gopath/pkg/mod/cache/vcs/5f1c0e9a: exit status ${code}:\n${err
      .split('\n')
      .map((l) => `\t${l}`)
      .join('\n')}`,
  'GOPATH mode (go get -x: # cd, stderr, package: exit status)': (cmd, code, err) =>
    `# cd .; ${cmd.replace(' .', ' /tmp/gopath/src/example.com/team/lib')}\n${err}\npackage ${M}: exit status ${code}`,
};

/** How logs reach the classifier: tools, CI, terminals and pastes around go's text. */
export const TRANSFORMS: Record<string, (text: string) => string> = {
  'as printed': (t) => t,
  'CRLF line ends': (t) => t.replace(/\n/g, '\r\n'),
  'ANSI colour': (t) =>
    t
      .split('\n')
      .map((l) => `\x1b[31m${l}\x1b[0m`)
      .join('\n'),
  'CI timestamps': (t) =>
    t
      .split('\n')
      .map((l, i) => `2026-11-30T08:15:${String(10 + i).padStart(2, '0')}.1234567Z ${l}`)
      .join('\n'),
  'Go log prefix': (t) =>
    t
      .split('\n')
      .map((l) => `2026/11/30 08:15:10 ${l}`)
      .join('\n'),
  'bracketed time': (t) =>
    t
      .split('\n')
      .map((l) => `[08:15:10] ${l}`)
      .join('\n'),
  'BuildKit step prefix': (t) =>
    t
      .split('\n')
      .map((l) => `#12 3.456 ${l}`)
      .join('\n'),
  'GitHub Actions error annotation': (t) => `##[error]${t}`,
  'tool wrapper around go': (t) =>
    `Error: failed to download modules: exit status 1\n${t}\nError: process exited with code 1`,
  'tool quoting go inline': (t) =>
    `Error: failed to run 'go mod download': exit status 1: ${t.replace(/\n\t?/g, '\n\t')}`,
  'goreleaser hook output': (t) =>
    `   \u2a2f release failed after 3s  error=hook failed: go mod download: exit status 1; output: ${t}`,
  'logrus field (escaped)': (t) =>
    `time="2026-11-30T08:15:10Z" level=error msg="failed to load packages: err: exit status 1: stderr: ${escape(t)}\\n"`,
  'VS Code Go output': (t) =>
    `Error: Command failed: /usr/local/go/bin/go get -v example.com/team/lib\n${t}\n`,
  'Docker BuildKit failure': (t) =>
    `#12 [builder 4/6] RUN go mod download\n${t
      .split('\n')
      .map((l) => `#12 41.07 ${l}`)
      .join(
        '\n',
      )}\n#12 ERROR: process "/bin/sh -c go mod download" did not complete successfully: exit code: 1`,
  'setup-go / actions failure line': (t) =>
    `${t}\nError: The process '/opt/hostedtoolcache/go/1.22.5/x64/bin/go' failed with exit code 1`,
  'hard-wrapped at 80 columns': (t) => hardWrap(t, 80),
  'hard-wrapped at 120 columns': (t) => hardWrap(t, 120),
  'indented code block': (t) =>
    t
      .split('\n')
      .map((l) => `    ${l}`)
      .join('\n'),
  'wrapped at 100 columns, then indented as a code block': (t) =>
    hardWrap(t, 100)
      .split('\n')
      .map((l) => `    ${l}`)
      .join('\n'),
  'quoted in a thread': (t) =>
    t
      .split('\n')
      .map((l) => `> ${l}`)
      .join('\n'), // What issue threads and chats add around a paste: Markdown and HTML.
  'in a Markdown code fence': (t) => `\`\`\`console\n${t}\n\`\`\``,
  'first line as a Markdown list item': (t) => `- ${t}`,
  'each line as inline code': (t) =>
    t
      .split('\n')
      .map((l) => `\`${l}\``)
      .join('\n'),
  'last part of the first line in bold': (t) => t.replace(/: ([^:*\n]{1,200})(?=\n|$)/, ': **$1**'),
  'in an HTML <pre> block': (t) =>
    `<details><summary>log</summary>\n<pre><code>${t}</code></pre>\n</details>`,
  'typographic quotes and non-breaking spaces (web copy)': (t) => {
    let n = 0;
    return t
      .replace(/"/g, () => (n++ % 2 === 0 ? '\u201C' : '\u201D'))
      .replace(/'/g, '\u2019')
      .replace(/: /g, ':\u00A0');
  },
  'HTML-escaped': (t) =>
    t
      .replace(/&/g, '&amp;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&#39;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;'),
};

/** A log field's escaping of go's text (quotes, backslashes, tabs and line ends). */
function escape(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\t/g, '\\t').replace(/\n/g, '\\n');
}

/** Cuts every line at `width` columns, even inside a word, as a terminal or an e-mail client does. */
export function hardWrap(text: string, width: number): string {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    for (let i = 0; i < line.length || i === 0; i += width) out.push(line.slice(i, i + width));
  }
  return out.join('\n');
}
