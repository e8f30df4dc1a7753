/**
 * Decoding of go's `-json` output: objects written one after another (json.MarshalIndent + newline), with no
 * enclosing array. Text that is not part of an object is skipped; an object cut short (a killed process) is
 * dropped. JSON.parse undoes go's HTML escapes (\u003c, \u003e, \u0026).
 */

export function decodeJsonStream(text: string): unknown[] {
  const out: unknown[] = [];
  let depth = 0;
  let inString = false;
  let escaped = false;
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (escaped) escaped = false;
      else if (c === 92 /* \ */) escaped = true;
      else if (c === 34 /* " */) inString = false;
      continue;
    }
    if (c === 34) {
      if (depth > 0) inString = true;
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (depth === 0) {
        if (c === 91) continue; // a stray "[" outside any object: not ours
        start = i;
      }
      depth++;
    } else if ((c === 125 /* } */ || c === 93) /* ] */ && depth > 0) {
      depth--;
      if (depth === 0 && start >= 0) {
        try {
          out.push(JSON.parse(text.slice(start, i + 1)));
        } catch {
          // not JSON after all: skip it
        }
        start = -1;
      }
    }
  }
  return out;
}

/** One object of `go mod download -json` (fields as in cmd/go's moduleJSON). */
export interface ModDownloadJson {
  Path: string;
  Version?: string;
  Query?: string;
  Error?: string;
  Info?: string;
  GoMod?: string;
  Zip?: string;
  Dir?: string;
  Sum?: string;
  GoModSum?: string;
}

export function decodeModDownload(stdout: string): ModDownloadJson[] {
  const out: ModDownloadJson[] = [];
  for (const v of decodeJsonStream(stdout)) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) continue;
    const o = v as Record<string, unknown>;
    if (typeof o.Path !== 'string') continue;
    const m: ModDownloadJson = { Path: o.Path };
    for (const k of [
      'Version',
      'Query',
      'Error',
      'Info',
      'GoMod',
      'Zip',
      'Dir',
      'Sum',
      'GoModSum',
    ] as const) {
      const f = o[k];
      if (typeof f === 'string') m[k] = f;
    }
    out.push(m);
  }
  return out;
}
