/**
 * One worker process of `npm run bench.floor`: the floor workflows (scripts/bench-floor.workflow.ts)
 * from a bundle built once by the benchmark, with the round worker's cache size and node flags, and an
 * activity that only counts. Prints a JSON line `worker started`, then `touched` with the running count
 * whenever it changed (at most every 250 ms), for the benchmark to see the launch end.
 */
import { NativeConnection, Runtime, DefaultLogger, Worker } from '@temporalio/worker';

async function main(): Promise<void> {
  const {
    TEMPORAL_ADDRESS,
    TEMPORAL_NAMESPACE,
    TEMPORAL_TASK_QUEUE,
    JSRX_FLOOR_BUNDLE,
    JSRX_MAX_CACHED_WORKFLOWS,
  } = process.env;
  if (!TEMPORAL_ADDRESS || !TEMPORAL_NAMESPACE || !TEMPORAL_TASK_QUEUE || !JSRX_FLOOR_BUNDLE)
    throw new Error(
      'bench-floor.worker: TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_TASK_QUEUE and JSRX_FLOOR_BUNDLE are required',
    );
  Runtime.install({ logger: new DefaultLogger('WARN') });
  let touched = 0;
  let reported = 0;
  const connection = await NativeConnection.connect({ address: TEMPORAL_ADDRESS });
  const worker = await Worker.create({
    connection,
    namespace: TEMPORAL_NAMESPACE,
    taskQueue: TEMPORAL_TASK_QUEUE,
    workflowBundle: { codePath: JSRX_FLOOR_BUNDLE },
    activities: { touch: async () => void touched++ },
    maxCachedWorkflows: Number(JSRX_MAX_CACHED_WORKFLOWS ?? 300),
  });
  const report = setInterval(() => {
    if (touched === reported) return;
    reported = touched;
    process.stdout.write(`${JSON.stringify({ level: 'INFO', message: 'touched', count: touched })}\n`);
  }, 250);
  process.stdout.write(`${JSON.stringify({ level: 'INFO', message: 'worker started' })}\n`);
  process.once('SIGTERM', () => worker.shutdown());
  await worker.run();
  clearInterval(report);
  await connection.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
