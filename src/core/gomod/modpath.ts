/**
 * Module paths and versions as the go command accepts them (the rules of golang.org/x/mod/module's CheckPath,
 * CheckPathMajor and semver, written from their documentation and go's behaviour). Anything from a go.mod,
 * a go.work or a log that becomes a command-line argument, a file name in the module cache or a URL path is
 * checked here first: a path starting with "-" would be a flag, ".." would leave a folder or a URL's path.
 */

// Windows device names, refused as a path element's part before its first dot.
const WINDOWS_NAMES = new Set([
  'CON',
  'PRN',
  'AUX',
  'NUL',
  ...Array.from({ length: 9 }, (_, i) => `COM${i + 1}`),
  ...Array.from({ length: 9 }, (_, i) => `LPT${i + 1}`),
]);

/** Why one element of a module path is invalid, or undefined. */
function checkElem(elem: string): string | undefined {
  if (elem === '') return 'empty path element';
  if (/^\.+$/.test(elem)) return `invalid path element "${elem}"`;
  if (elem.startsWith('.')) return 'leading dot in path element';
  if (elem.endsWith('.')) return 'trailing dot in path element';
  const bad = /[^A-Za-z0-9._~-]/.exec(elem);
  if (bad) return `invalid char ${JSON.stringify(bad[0])}`;
  const short = elem.split('.')[0];
  if (WINDOWS_NAMES.has(short.toUpperCase()))
    return `"${short}" disallowed as path element component on Windows`;
  // Windows short names ("PROGRA~1") end in a tilde and digits.
  const tilde = short.lastIndexOf('~');
  if (tilde >= 0 && tilde < short.length - 1 && /^[0-9]+$/.test(short.slice(tilde + 1)))
    return 'trailing tilde and digits in path element';
  return undefined;
}

/**
 * Splits a module path into its prefix and major-version suffix ("/v2", or ".v1" for gopkg.in); ok is false
 * when the suffix is malformed ("/v1", "/v0", "/v02", "/v2.0").
 */
export function splitPathVersion(path: string): { prefix: string; pathMajor: string; ok: boolean } {
  if (path.startsWith('gopkg.in/')) {
    let i = path.endsWith('-unstable') ? path.length - '-unstable'.length : path.length;
    while (i > 0 && path[i - 1] >= '0' && path[i - 1] <= '9') i--;
    if (i <= 1 || path[i - 1] !== 'v' || path[i - 2] !== '.')
      return { prefix: path, pathMajor: '', ok: false };
    const pathMajor = path.slice(i - 2);
    const ok = pathMajor.length > 2 && (pathMajor[2] !== '0' || pathMajor === '.v0');
    return { prefix: path.slice(0, i - 2), pathMajor, ok };
  }
  let i = path.length;
  let dot = false;
  while (i > 0 && ((path[i - 1] >= '0' && path[i - 1] <= '9') || path[i - 1] === '.')) {
    if (path[i - 1] === '.') dot = true;
    i--;
  }
  if (i <= 1 || i === path.length || path[i - 1] !== 'v' || path[i - 2] !== '/')
    return { prefix: path, pathMajor: '', ok: true };
  const pathMajor = path.slice(i - 2);
  const ok = !dot && pathMajor.length > 2 && pathMajor[2] !== '0' && pathMajor !== '/v1';
  return { prefix: path.slice(0, i - 2), pathMajor, ok };
}

/** Why `path` is not a module path go accepts (module.CheckPath), or undefined when it is one. */
export function checkPath(path: string): string | undefined {
  if (path === '') return 'empty string';
  if (path.startsWith('-')) return 'leading dash';
  if (path.includes('//')) return 'double slash';
  if (path.endsWith('/')) return 'trailing slash';
  if (path.startsWith('/')) return 'leading slash';
  for (const elem of path.split('/')) {
    const why = checkElem(elem);
    if (why) return why;
  }
  const first = path.split('/')[0];
  if (!first.includes('.')) return 'missing dot in first path element';
  const bad = /[^a-z0-9.-]/.exec(first);
  if (bad) return `invalid char ${JSON.stringify(bad[0])} in first path element`;
  if (!splitPathVersion(path).ok) return 'invalid version';
  return undefined;
}

const SEMVER =
  /^v(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(?:-((?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*))*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;

/** Whether `v` is a canonical semantic version as go writes them in go.mod (v1.2.3, v1.2.3-pre, …+incompatible). */
export function isCanonicalVersion(v: string): boolean {
  const m = SEMVER.exec(v);
  return m !== null && (m[5] === undefined || m[5] === 'incompatible');
}

/**
 * Why version `v` does not go with a path's major suffix (module.CheckPathMajor), or undefined. `pathMajor` is
 * splitPathVersion's: "" (v0/v1, or +incompatible), "/v2", ".v1" (gopkg.in).
 */
export function checkPathMajor(v: string, pathMajor: string): string | undefined {
  if (pathMajor.startsWith('.v') && pathMajor.endsWith('-unstable')) return undefined;
  // go accepts the v0.0.0 pseudo-versions an old bug gave gopkg.in/…v1 modules.
  if (v.startsWith('v0.0.0-') && pathMajor === '.v1') return undefined;
  const major = /^v(0|[1-9][0-9]*)\./.exec(v)?.[0].slice(0, -1) ?? '';
  if (pathMajor === '') {
    if (major === 'v0' || major === 'v1' || v.endsWith('+incompatible')) return undefined;
    return `should be v0 or v1, not ${major || v}`;
  }
  if (major === pathMajor.slice(1)) return undefined;
  return `should be ${pathMajor.slice(1)}, not ${major || v}`;
}

/**
 * Why `path@version` may not be handed to go, a module cache file name or a proxy URL, or undefined. The path
 * must pass CheckPath; the version must be a canonical semantic version or a query go resolves (a branch or
 * "v1.2"): one word of letters, digits and ._+~- that starts with a letter or digit, never "..". A version of
 * the wrong major is still go's to report (checkPathMajor says the same).
 */
export function checkModuleArg(path: string, version: string): string | undefined {
  const p = checkPath(path);
  if (p) return `malformed module path "${path}": ${p}`;
  if (
    !isCanonicalVersion(version) &&
    (!/^[A-Za-z0-9][A-Za-z0-9._+~-]{0,255}$/.test(version) || version.includes('..'))
  )
    return `version "${version}" invalid: must be of the form v1.2.3`;
  return undefined;
}

/** Whether "path@version" (the form go's command line takes) may be handed to go. */
export function isSafeModuleKey(key: string): boolean {
  const at = key.lastIndexOf('@');
  return at > 0 && checkModuleArg(key.slice(0, at), key.slice(at + 1)) === undefined;
}

/** The module path or version in go's case-encoded form for file systems and URLs ("A" → "!a"). */
export function escapeCase(s: string): string {
  return s.replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`);
}
