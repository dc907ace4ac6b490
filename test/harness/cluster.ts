/**
 * A real Temporal cluster for a test file: PostgreSQL and the five Temporal services of `npm run cluster`
 * (scripts/cluster/temporal.ts), in a temporary folder, on ports of its own, without fsync. The first
 * run on an empty cache builds the server and its SQL tool with Go (about ten minutes on two cores);
 * later runs find them in `.cache/`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describeCluster, provisionCluster } from '../../scripts/provision-cluster';
import { clusterPorts, startTemporalCluster, type TemporalCluster } from '../../scripts/cluster/temporal';

/** Long enough for the first, cold Go build of the server and its SQL tool. */
export const CLUSTER_SETUP_TIMEOUT_MS = 20 * 60_000;

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function freeBasePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    // Temporal stores membership ports in a SMALLINT column: every port of the block stays below 32768.
    const base = 20_000 + Math.floor(Math.random() * 120) * 100;
    const ports = clusterPorts(base);
    const all = [
      ports.postgres,
      ...Object.values(ports).flatMap((entry) => (typeof entry === 'number' ? [] : Object.values(entry))),
    ];
    if ((await Promise.all(all.map(portFree))).every(Boolean)) return base;
  }
  throw new Error('no free range of ports for a test cluster');
}

export interface TestCluster extends TemporalCluster {
  dataDir: string;
}

export async function openTestCluster(): Promise<TestCluster> {
  const binaries = await provisionCluster({ log: (line) => process.stderr.write(`provision: ${line}\n`) });
  process.stderr.write(`provision: ${describeCluster(binaries)}\n`);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'jsrx-cluster-'));
  const cluster = await startTemporalCluster({
    binaries,
    dataDir,
    basePort: await freeBasePort(),
    durable: false,
  });
  const stop = cluster.stop;
  return Object.assign(cluster, {
    dataDir,
    async stop() {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
}
