/**
 * The one way harness servers listen: an ephemeral loopback port by default, HTTP or HTTPS, and a
 * `close()` that really ends everything (keep-alive sockets, hung responses, CONNECT tunnels), so a
 * test leaves no open handles behind.
 */
import http from 'node:http';
import https from 'node:https';
import type net from 'node:net';

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export interface Listening {
  /** `http://host:port` or `https://host:port` (no trailing slash). */
  url: string;
  host: string;
  port: number;
  /** Stops listening, destroys every open socket, and resolves once the server is closed. */
  close(): Promise<void>;
}

export interface ListenOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (ephemeral). */
  port?: number;
  tls?: { cert: string; key: string };
}

/** Tracks a server's sockets (including ones handed over by CONNECT/upgrade) so close() can end them. */
export function trackSockets(server: net.Server): Set<net.Socket> {
  const sockets = new Set<net.Socket>();
  const add = (s: net.Socket): void => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  };
  server.on('connection', add);
  server.on('secureConnection', add);
  return sockets;
}

/** Starts an already-built server (http, https or one with CONNECT handling) the harness way. */
export async function listenServer(
  server: net.Server,
  opts: { host?: string; port?: number; scheme?: 'http' | 'https' } = {},
): Promise<Listening> {
  const sockets = trackSockets(server);
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address();
  if (addr === null || typeof addr === 'string') throw new Error('listen: no TCP address');
  const port = addr.port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    url: `${opts.scheme ?? 'http'}://${urlHost}:${port}`,
    host,
    port,
    close(): Promise<void> {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
        if ('closeAllConnections' in server && typeof server.closeAllConnections === 'function') {
          (server as http.Server).closeAllConnections();
        }
      });
      return closing;
    },
  };
}

/** Serves `handler` on loopback (ephemeral port unless given); HTTPS when `tls` is given. */
export function listen(handler: Handler, opts: ListenOptions = {}): Promise<Listening> {
  const server = opts.tls
    ? https.createServer({ cert: opts.tls.cert, key: opts.tls.key }, handler)
    : http.createServer(handler);
  return listenServer(server, { host: opts.host, port: opts.port, scheme: opts.tls ? 'https' : 'http' });
}

/** A text/plain answer, the kind the go command quotes after "server response:". */
export function sendText(res: http.ServerResponse, status: number, body: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

/** Counts of the process's active network/child-process handles, to check that servers closed cleanly. */
export function openHandles(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) {
    if (/^(TCPServerWrap|TCPSocketWrap|TLSWrap|ProcessWrap|Timeout)$/.test(kind))
      counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}
