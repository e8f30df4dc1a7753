/**
 * The GOROOT go will run with, found without starting go, for the places that decide before go runs which
 * go.work it reads (go never looks for one in or above GOROOT: workspace/goWork.ts). `go env GOROOT` is exact;
 * where it has been read, use it instead.
 */
import { gorootOf } from '../route/goenv.ts';
import { resolveGoBinarySync, type GoBinaryInput } from './goBinary.ts';
import { locateGoEnvFile, readGoEnvFileSync } from './goEnvFile.ts';

/**
 * GOROOT as set in `env` (the environment go starts with), else a GOROOT line of the go env file that env names
 * (go obeys one written there by hand, although `go env -w` refuses to write it), else the folder above the bin/
 * of the go binary that will run (`go`: the settings that choose it; PATH from `env`), links followed.
 */
export function gorootBeforeGo(
  env: Record<string, string | undefined>,
  go: Omit<GoBinaryInput, 'path'> = {},
): string | undefined {
  if ((env.GOROOT ?? '') !== '') return env.GOROOT;
  const file = locateGoEnvFile(env);
  const fromFile = file === undefined ? undefined : readGoEnvFileSync(file).values?.GOROOT;
  if ((fromFile ?? '') !== '') return fromFile;
  const bin = resolveGoBinarySync({ ...go, path: env.PATH ?? '' }).bin;
  return bin === undefined ? undefined : gorootOf({ env: {}, goBin: bin });
}
