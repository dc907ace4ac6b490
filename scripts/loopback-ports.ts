/**
 * Ports on the loopback address, for the scripts and tests that start servers of their own: a free one to
 * hand a server, and whether something accepts connections on one yet.
 */
import { createConnection, createServer, type AddressInfo } from 'node:net';

/** A port nothing listens on now (the kernel's choice); a server given it may still race another for it. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Whether a connection to 127.0.0.1:`port` is accepted now. */
export function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
