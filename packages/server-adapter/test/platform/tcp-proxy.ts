/** Fault injection for the outage tests: a TCP proxy the test cuts and restores. */
import net from 'node:net';
import { dropSchema } from '../drop-schema.js';

/** A TCP proxy to a server (PostgreSQL, Redis) on loopback: `silent()` drops every connection and accepts new ones that never get an answer. */
export async function startProxy(target: URL) {
  let mode: 'open' | 'silent' | 'refuse' = 'open';
  const sockets = new Set<net.Socket>();
  const pipes = new Set<() => void>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server = net.createServer((client) => {
    track(client);
    if (mode === 'silent') return; // like a host that is gone: nothing comes back
    if (mode === 'refuse') return void client.destroy(); // like a server restarting: the connection is closed at once
    const upstream = net.connect(Number(target.port || (target.protocol === 'redis:' ? 6379 : 5432)), target.hostname);
    track(upstream);
    client.pipe(upstream).pipe(client);
    pipes.add(() => {
      client.unpipe(upstream);
      upstream.unpipe(client);
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const proxied = new URL(target);
  proxied.hostname = '127.0.0.1';
  proxied.port = String((server.address() as net.AddressInfo).port);
  return {
    url: proxied.toString(),
    silent() {
      mode = 'silent';
      for (const socket of sockets) socket.destroy();
    },
    /** Drops every connection and closes each new one at once (a database restarting, or refusing connections). */
    refuse() {
      mode = 'refuse';
      for (const socket of sockets) socket.destroy();
    },
    /** Connections open stay open but nothing goes through any more (a network partition); new ones are silent. */
    freeze() {
      mode = 'silent';
      for (const stop of pipes) stop();
    },
    restore() {
      pipes.clear();
      mode = 'open';
      for (const socket of sockets) socket.destroy(); // the connections accepted while silent never answer
    },
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

/** The status of a request, or `no answer` when it failed or none came in time (its own abort signal sets the time). */
export async function statusOf(request: Promise<Response>): Promise<number | 'no answer'> {
  try {
    const response = await request;
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 'no answer';
  }
}

/**
 * Ends an outage test: the proxy restored (so the adapter's pool can say goodbye), the adapter and the proxy closed,
 * then the test's schema dropped over a connection of its own.
 */
export async function closeBehindProxy(
  proxy: Awaited<ReturnType<typeof startProxy>> | undefined, adapter: { close(): Promise<void> } | undefined, databaseUrl: string, schema: string,
): Promise<void> {
  proxy?.restore();
  await adapter?.close().catch(() => undefined);
  await proxy?.close();
  await dropSchema(databaseUrl, schema);
}
