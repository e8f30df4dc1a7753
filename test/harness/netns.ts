/**
 * A private internet: run a command inside a fresh network + mount namespace.
 *
 * `unshare -n -m` (root), or `unshare -r -n -m` (an unprivileged user namespace, where the kernel
 * allows it), gives the command a network with only a loopback interface and its own view of the
 * mounts. Inside, before the command starts, `lo` is brought up and private copies of
 * /etc/resolv.conf (nameserver 127.0.0.1, fast timeouts), /etc/hosts (localhost only) and
 * /etc/nsswitch.conf (hosts: files dns) are bind-mounted over the real ones. The host's files and
 * network are untouched, and nothing inside can reach the real resolver or network.
 *
 * Where no namespace can be made, `netnsMode()` is undefined and callers use the loopback fallback
 * (see world.ts) and skip the scenarios that need real DNS or fixed ports.
 */
import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type NetnsMode = 'root' | 'userns';

/** resolv.conf inside the namespace: our responder only, 1 s timeout, one attempt, no search list. */
export const NETNS_RESOLV_CONF = 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n';
export const NETNS_HOSTS = '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n';

const UNSHARE_ARGS: Record<NetnsMode, string[]> = { root: ['-n', '-m'], userns: ['-r', '-n', '-m'] };

let probed: { mode: NetnsMode | undefined; reason: string } | undefined;

function probe(): { mode: NetnsMode | undefined; reason: string } {
  if (process.platform !== 'linux') return { mode: undefined, reason: 'network namespaces need Linux' };
  if (process.env.GOMOD_DOCTOR_NO_NETNS === '1')
    return { mode: undefined, reason: 'GOMOD_DOCTOR_NO_NETNS=1' };
  const modes: NetnsMode[] = process.getuid?.() === 0 ? ['root', 'userns'] : ['userns'];
  const errors: string[] = [];
  for (const mode of modes) {
    const r = spawnSync('unshare', [...UNSHARE_ARGS[mode], 'sh', '-c', SETUP_PROBE], {
      encoding: 'utf8',
      env: { ...process.env, PATH: withSbin(process.env.PATH) },
      timeout: 10_000,
    });
    if (r.status === 0) return { mode, reason: `unshare ${UNSHARE_ARGS[mode].join(' ')}` };
    errors.push(`unshare ${UNSHARE_ARGS[mode].join(' ')}: ${(r.error?.message ?? r.stderr ?? '').trim()}`);
  }
  return { mode: undefined, reason: errors.join('; ') };
}

/** Checks that lo can be brought up and a file bind-mounted (what the real setup does). */
const SETUP_PROBE = 'ip link set lo up && mount --bind /etc/hostname /etc/hostname';

function withSbin(path = ''): string {
  return [path, '/usr/sbin', '/sbin'].filter((p) => p !== '').join(':');
}

/** How a namespace can be made here: 'root', 'userns', or undefined (with the reason in netnsReason()). */
export function netnsMode(): NetnsMode | undefined {
  probed ??= probe();
  return probed.mode;
}

/** True when commands can be run in a private network namespace on this machine. */
export function canUseNetns(): boolean {
  return netnsMode() !== undefined;
}

/** Why a namespace can or cannot be made (for skip messages). */
export function netnsReason(): string {
  probed ??= probe();
  return probed.reason;
}

const SETUP = [
  'set -e',
  'ip link set lo up',
  'mount --bind "$GMD_NETNS_DIR/resolv.conf" /etc/resolv.conf',
  'mount --bind "$GMD_NETNS_DIR/hosts" /etc/hosts',
  'if [ -e /etc/nsswitch.conf ]; then mount --bind "$GMD_NETNS_DIR/nsswitch.conf" /etc/nsswitch.conf; fi',
  'unset GMD_NETNS_DIR',
  'exec "$@"',
].join('\n');

export interface NetnsOptions extends SpawnOptions {
  /** Extra /etc/hosts lines (the DNS responder is usually the better place for names). */
  extraHosts?: string;
}

/**
 * Spawns `cmd args` inside a new namespace. Throws when no namespace can be made. The private files
 * live in a temporary folder that is removed when the child exits.
 */
export function spawnInNetns(cmd: string, args: string[], opts: NetnsOptions = {}): ChildProcess {
  const mode = netnsMode();
  if (!mode) throw new Error(`no network namespace available: ${netnsReason()}`);
  const dir = mkdtempSync(join(tmpdir(), 'gmd-netns-'));
  writeFileSync(join(dir, 'resolv.conf'), NETNS_RESOLV_CONF);
  writeFileSync(join(dir, 'hosts'), NETNS_HOSTS + (opts.extraHosts ?? ''));
  const nss = existsSync('/etc/nsswitch.conf') ? readFileSync('/etc/nsswitch.conf', 'utf8') : '';
  writeFileSync(
    join(dir, 'nsswitch.conf'),
    nss.replace(/^hosts:.*$/m, 'hosts: files dns') + (/^hosts:/m.test(nss) ? '' : 'hosts: files dns\n'),
  );
  const { extraHosts: _extraHosts, env, ...spawnOpts } = opts;
  const child = spawn(
    'unshare',
    [...UNSHARE_ARGS[mode], '--', 'sh', '-c', SETUP, 'gmd-netns', cmd, ...args],
    {
      ...spawnOpts,
      env: { ...(env ?? process.env), PATH: withSbin((env ?? process.env).PATH), GMD_NETNS_DIR: dir },
    },
  );
  child.once('close', () => rmSync(dir, { recursive: true, force: true }));
  return child;
}

export interface NetnsResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `cmd args` in a new namespace and collects its output. */
export function runInNetns(
  cmd: string,
  args: string[],
  opts: NetnsOptions & { timeoutMs?: number; onStderr?: (chunk: string) => void } = {},
): Promise<NetnsResult> {
  const { timeoutMs, onStderr, ...rest } = opts;
  return new Promise((resolve, reject) => {
    const child = spawnInNetns(cmd, args, { ...rest, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      onStderr?.(d);
    });
    const timer = timeoutMs ? setTimeout(() => child.kill('SIGKILL'), timeoutMs) : undefined;
    child.once('error', reject);
    child.once('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
