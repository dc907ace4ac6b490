/**
 * Servers the project starts listen on the loopback address alone: the time-skipping test server (an
 * unauthenticated Temporal frontend) was reachable from the machine's network on every interface while a
 * rehearsal or a test suite ran.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { provisionTestServer } from '../../scripts/provision';
import { accepts, freePort } from '../../scripts/loopback-ports';

/** The local addresses of the sockets listening on `port`, as /proc/net/tcp and tcp6 list them. */
function listeningAddresses(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const addresses: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (!local || state !== '0A') continue; // 0A: LISTEN
      const [address, localPort] = local.split(':');
      if (localPort === hexPort) addresses.push(address!);
    }
  }
  return addresses;
}

/** 127.0.0.1 as /proc writes it, alone or mapped into IPv6, or ::1. */
const LOOPBACK = new Set(['0100007F', '0000000000000000FFFF00000100007F', '00000000000000000000000001000000']);

describe('servers listen on 127.0.0.1 only', () => {
  it('the time-skipping test server, as provisioned', async () => {
    const { path: wrapper } = await provisionTestServer();
    const port = await freePort();
    const server = spawn(wrapper, [String(port)], { stdio: 'ignore' });
    const exited = new Promise((resolve) => server.once('exit', resolve));
    try {
      const giveUpAt = Date.now() + 30_000;
      while (!(await accepts(port))) {
        if (Date.now() > giveUpAt || server.exitCode !== null) throw new Error(`the test server did not listen on ${port}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const addresses = listeningAddresses(port);
      expect(addresses.length).toBeGreaterThan(0);
      expect(addresses.filter((address) => !LOOPBACK.has(address))).toEqual([]);
    } finally {
      server.kill('SIGTERM');
      await exited;
    }
  }, 60_000);
});
