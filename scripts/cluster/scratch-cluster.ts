/**
 * A throwaway cluster: PostgreSQL and the five Temporal services of `npm run cluster`
 * (scripts/cluster/temporal.ts), in a temporary folder, on free ports, without fsync, removed on stop.
 * The cluster tests (test/harness/cluster.ts) and `npm run bench.cluster` both start theirs here. The
 * first run on an empty cache builds the server and its SQL tool with Go (about ten minutes on two
 * cores); later runs find them in `.cache/`.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describeCluster, provisionCluster } from '../provision-cluster';
import { clusterPorts, startTemporalCluster, type TemporalCluster } from './temporal';

/** Long enough for the first, cold Go build of the server and its SQL tool. */
export const CLUSTER_SETUP_TIMEOUT_MS = 20 * 60_000;

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** The frontend port of a block of free ports for a cluster (clusterPorts). */
export async function freeBasePort(): Promise<number> {
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
  throw new Error('no free range of ports for a scratch cluster');
}

export interface ScratchCluster extends TemporalCluster {
  dataDir: string;
}

export async function openScratchCluster(
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<ScratchCluster> {
  const binaries = await provisionCluster({ log: (line) => log(`provision: ${line}`) });
  log(`provision: ${describeCluster(binaries)}`);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'jsrx-cluster-'));
  let cluster: TemporalCluster;
  try {
    cluster = await startTemporalCluster({ binaries, dataDir, basePort: await freeBasePort(), durable: false });
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const stop = cluster.stop;
  return Object.assign(cluster, {
    dataDir,
    async stop() {
      await stop();
      // The services' logs outlive the folder when asked (JSRX_KEEP_CLUSTER_LOGS=folder): a fault test's failure is read there.
      const keep = process.env.JSRX_KEEP_CLUSTER_LOGS;
      if (keep) cpSync(cluster.logsDir, path.join(keep, path.basename(dataDir)), { recursive: true });
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
}
