import { isAbsolute, relative, sep } from 'node:path';

/** Whether `path` is `folder` or lies under it (both absolute). */
export function insideFolder(path: string, folder: string): boolean {
  const r = relative(folder, path);
  return r === '' || (!r.startsWith(`..${sep}`) && r !== '..' && !isAbsolute(r));
}
