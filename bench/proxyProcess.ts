/**
 * The monorepo universe's module proxy (monoModuleDefs) in a process of its own, for the figures that compare the
 * engine with bare go (bench/monorepo.ts). A proxy served by the benchmark's own thread shares that thread with
 * the engine, never with bare go (its side of a pair leaves the thread idle): the engine's work delays go's
 * requests and serving them delays the engine, which no real proxy does. The modules are built the same way in
 * both processes (fixed times), so the parent's go.sum lines hold.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildModules } from '../test/harness/fixtures.ts';
import { createGoProxy } from '../test/harness/goproxy.ts';
import { listen } from '../test/harness/http.ts';
import { monoModuleDefs } from './monoUniverse.ts';

const URL_MARK = 'gmd-bench-proxy ';

export interface ProxyProcess {
  url: string;
  close(): Promise<void>;
}

/** Starts the proxy process (its modules built under `work`); resolves with its URL once it listens. */
export function startProxyProcess(work: string): Promise<ProxyProcess> {
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), work], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    void exited.then(() => reject(new Error('the proxy process exited before it listened')));
    // The URL line is marked: Node options the benchmark runs with (--trace-gc, say) print to stdout too.
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      if (!line.startsWith(URL_MARK)) return;
      lines.close();
      child.stdout.resume();
      resolve({
        url: line.slice(URL_MARK.length),
        close: async () => {
          child.stdin.end();
          await exited;
        },
      });
    });
  });
}

/** In the child: build, listen, print the URL; stop when the parent closes stdin. */
async function serve(work: string): Promise<void> {
  const fx = await buildModules(monoModuleDefs(), work);
  const server = await listen(createGoProxy({ modules: fx.modules }).handler);
  process.stdout.write(`${URL_MARK}${server.url}\n`);
  process.stdin.resume();
  process.stdin.once('end', () => void server.close().then(() => process.exit(0)));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await serve(process.argv[2]);
