/** The TCP stage: each address in turn, within the stage's time. */
import net from 'node:net';
import { t } from '../../l10n.ts';
import type { EndpointRun, EndpointTarget } from './run.ts';
import { errText, once, StageError } from './wire.ts';

/** The connected socket, or undefined when no address answered (already recorded). */
export async function connectStage(
  run: EndpointRun,
  target: EndpointTarget,
  addresses: string[],
): Promise<net.Socket | undefined> {
  const { connectHost, connectPort } = target;
  const tcp = await run.run(
    'tcp',
    run.input.timeouts.tcpMs,
    t('TCP connect to {0}:{1}', connectHost, connectPort),
    async (onCleanup) => {
      const errors: string[] = [];
      for (const addr of addresses) {
        const sock = net.connect({ host: addr, port: connectPort });
        run.sockets.push(sock);
        onCleanup(() => sock.destroy());
        try {
          await once(sock, 'connect');
          return { sock, addr };
        } catch (e) {
          sock.destroy();
          errors.push(errText(e).message);
        }
      }
      throw new StageError('failed', errors.join('; '));
    },
  );
  if (!tcp.ok) return undefined;
  const s = run.stage('tcp');
  s.status = 'ok';
  s.address = `${tcp.value.addr}:${connectPort}`;
  s.summary = t('connected to {0}', s.address);
  run.input.onStage();
  return tcp.value.sock;
}
