/**
 * A real Temporal cluster for a test file: the scratch cluster of scripts/cluster/scratch-cluster.ts
 * (PostgreSQL and the five Temporal services of `npm run cluster`, in a temporary folder, on ports of
 * its own, without fsync), shared with `npm run bench.cluster`.
 */
import { openScratchCluster, type ScratchCluster } from '../../scripts/cluster/scratch-cluster';

export { CLUSTER_SETUP_TIMEOUT_MS } from '../../scripts/cluster/scratch-cluster';

export type TestCluster = ScratchCluster;

export function openTestCluster(): Promise<TestCluster> {
  return openScratchCluster((line) => process.stderr.write(`${line}\n`));
}
