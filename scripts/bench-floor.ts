/**
 * `npm run bench.floor`: what the cluster alone costs for a launch of N rounds, to read next to
 * `npm run bench.cluster`. The same scratch cluster (PostgreSQL, the five Temporal services, on this
 * machine) and two worker processes launch N floor rounds (scripts/bench-floor.workflow.ts): the shape
 * DESIGN.md gives a round at launch (one child per delegation, one activity for the round's launch
 * letters and one for each child's first requests, a published phase, timers) with activities that do
 * nothing and payloads of a few bytes. Prints the seconds until every activity of the launch has run,
 * and the CPU seconds each process used: on two cores, a launch cannot end sooner than the cluster's own
 * CPU seconds divided by two.
 *
 *   npm run bench.floor                      # 1,000 rounds of 4 delegations
 *   npm run bench.floor -- --rounds 200 --delegations 3
 *   npm run bench.floor -- --children-send no   # the round sends every launch letter; the children only wait
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode } from '@temporalio/worker';
import { openScratchCluster, type ScratchCluster } from './cluster/scratch-cluster';
import { startWorkerProcess, type WorkerProcess } from './cluster/worker-process';
import { cpuBetween, cpuSnapshot, machineBusySeconds, mapLimited } from './cluster/cpu-accounting';
import { WORKER_NODE_FLAGS } from '../worker/node-flags';

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1]! : fallback;
}

function count(name: string, fallback: string, least: number): number {
  const value = Number(option(name, fallback));
  if (!Number.isInteger(value) || value < least)
    throw new Error(`--${name} ${option(name, fallback)}: write a whole number of at least ${least}`);
  return value;
}

const ROUNDS = count('rounds', '1000', 1);
const DELEGATIONS = count('delegations', '4', 1);
const CHILDREN_SEND = option('children-send', 'yes');
if (CHILDREN_SEND !== 'yes' && CHILDREN_SEND !== 'no')
  throw new Error(`--children-send ${CHILDREN_SEND}: write yes or no`);
/** As bench.cluster starts its rounds: 50 starts in flight at once. */
const START_CONCURRENCY = 50;
const LAUNCH_TIMEOUT_MS = 30 * 60_000;

/** The running total of activities each worker has run (its last `touched` line). */
function touched(workers: WorkerProcess[]): number {
  return workers.reduce((sum, worker) => {
    const last = [...worker.logs].reverse().find((line) => line.message === 'touched');
    return sum + (typeof last?.count === 'number' ? last.count : 0);
  }, 0);
}

async function main(): Promise<void> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'jsrx-bench-floor-'));
  const workers: WorkerProcess[] = [];
  let cluster: ScratchCluster | undefined;
  let connection: Connection | undefined;
  const stopAll = async () => {
    await Promise.all(workers.map((worker) => worker.kill()));
    await connection?.close().catch(() => undefined);
    await cluster?.stop().catch(() => undefined);
    rmSync(scratch, { recursive: true, force: true });
  };
  const onSignal = () => void stopAll().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const bundle = await bundleWorkflowCode({
      workflowsPath: path.join(__dirname, 'bench-floor.workflow.ts'),
      logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} },
    });
    const bundlePath = path.join(scratch, 'floor-bundle.js');
    writeFileSync(bundlePath, bundle.code);
    const clusterStarted = Date.now();
    cluster = await openScratchCluster(() => undefined);
    process.stdout.write(
      `cluster up in ${((Date.now() - clusterStarted) / 1000).toFixed(1)} s at ${cluster.address}\n`,
    );
    const taskQueue = `bench-floor-${randomUUID().slice(0, 6)}`;
    for (let index = 0; index < 2; index++)
      workers.push(
        startWorkerProcess(
          [...WORKER_NODE_FLAGS, '-r', '@swc-node/register', path.join(__dirname, 'bench-floor.worker.ts')],
          {
            cwd: path.resolve(__dirname, '..'),
            env: {
              TEMPORAL_ADDRESS: cluster.address,
              TEMPORAL_NAMESPACE: cluster.namespace,
              TEMPORAL_TASK_QUEUE: taskQueue,
              JSRX_FLOOR_BUNDLE: bundlePath,
            },
          },
        ),
      );
    await Promise.all(workers.map((worker) => worker.waitForLog('worker started', 180_000)));
    connection = await Connection.connect({ address: cluster.address });
    const client = new Client({ connection, namespace: cluster.namespace });

    const expected = ROUNDS * (1 + DELEGATIONS);
    const cpuBefore = cpuSnapshot(cluster, workers);
    const machineBefore = machineBusySeconds();
    const started = Date.now();
    await mapLimited(
      Array.from({ length: ROUNDS }, (_, index) => index),
      START_CONCURRENCY,
      (index) =>
        client.workflow.start('floorRound', {
          args: [DELEGATIONS, CHILDREN_SEND === 'yes'],
          taskQueue,
          workflowId: `floor-${index}`,
        }),
    );
    process.stdout.write(
      `${ROUNDS} floor rounds started in ${((Date.now() - started) / 1000).toFixed(1)} s; waiting for their ${expected} activities…\n`,
    );
    while (touched(workers) < expected) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const dead = workers.find((worker) => worker.child.exitCode !== null);
      if (dead)
        throw new Error(`a worker exited (${dead.child.exitCode}) during the launch:\n${dead.stderr()}`);
      if (Date.now() - started > LAUNCH_TIMEOUT_MS)
        throw new Error(
          `the launch did not end in ${LAUNCH_TIMEOUT_MS / 60_000} min: ${touched(workers)} of ${expected} activities`,
        );
    }
    const seconds = (Date.now() - started) / 1000;
    const cpu = cpuBetween(cpuBefore, cpuSnapshot(cluster, workers));
    const machineBusy = machineBusySeconds() - machineBefore;
    const clusterCpu = cpu
      .filter(([name]) => !name.startsWith('worker-') && !name.startsWith('bench'))
      .reduce((sum, [, value]) => sum + value, 0);
    const out = (line: string) => process.stdout.write(`${line}\n`);
    out(
      `floor: ${ROUNDS} rounds of ${DELEGATIONS} delegations (${ROUNDS * (1 + DELEGATIONS)} workflows), ${CHILDREN_SEND === 'yes' ? 'each with its own activity' : 'sending nothing themselves (one local activity each, counted)'}, every launch activity run in ${seconds.toFixed(1)} s`,
    );
    out(
      `  CPU seconds: ${cpu.map(([name, value]) => `${name} ${value.toFixed(0)}`).join(', ')}; the whole machine ${machineBusy.toFixed(0)} of ${(2 * seconds).toFixed(0)}`,
    );
    out(
      `  the Temporal services and PostgreSQL: ${clusterCpu.toFixed(0)} CPU-s, so no launch of this shape ends in less than ${(clusterCpu / 2).toFixed(0)} s on two cores, whatever the workers do`,
    );
  } finally {
    await stopAll();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
