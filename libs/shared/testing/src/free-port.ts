import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP port the OS has just handed out, for a test server that must know its port before it
 * listens (Nest's TCP transport). A port derived from the pid could fall in the ephemeral range
 * and collide with an outgoing connection of a suite running alongside (EADDRINUSE).
 */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** `count` distinct free ports. */
export async function freePorts(count: number, host?: string): Promise<number[]> {
  const ports = new Set<number>();
  for (let attempt = 0; ports.size < count && attempt < count * 10; attempt++) ports.add(await freePort(host));
  if (ports.size < count) throw new Error(`could not find ${count} distinct free ports`);
  return [...ports];
}
