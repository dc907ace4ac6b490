/**
 * A process that opens a Temporal server as the project does (`time-skipping`: as `jsrx simulate` does;
 * `dev-server`: as the tests do), says its pid and where the server listens, and holds it until SIGTERM,
 * when it tears it down and exits 0. A test kills it to see what outlives it.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { openTimeSkippingServer } from '../../client/simulation/time-skipping-server';
import { openDevServerEnv } from './servers';

const openers: Record<string, () => Promise<TestWorkflowEnvironment>> = {
  'time-skipping': openTimeSkippingServer,
  'dev-server': () => openDevServerEnv(),
};

async function main(kind = 'time-skipping'): Promise<void> {
  const open = openers[kind];
  if (!open) throw new Error(`unknown server "${kind}": expected ${Object.keys(openers).join(' or ')}`);
  const env = await open();
  process.once('SIGTERM', () => {
    const started = Date.now();
    env.teardown().then(
      () => {
        process.stdout.write(`torn down in ${Date.now() - started} ms\n`);
        process.exit(0);
      },
      (error: unknown) => {
        process.stderr.write(`teardown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  });
  process.stdout.write(`holder ${process.pid} listening ${env.address}\n`);
  setInterval(() => undefined, 60_000);
}

main(process.argv[2]).catch((error: unknown) => {
  process.stderr.write(`${String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
});
