/**
 * `node -r @swc-node/register scripts/bench-simulate.bare.ts STEPS.json [--shaped] [--count-tasks]`: the bare side of
 * `npm run bench.simulate`, a command of its own so that it is timed as `jsrx simulate` is, from the
 * command's start to its exit: node and the SDK loaded, the time-skipping server started, the cached
 * workflow bundle read, the worker run, the server stopped. Prints the timers and activities it ran, and
 * with --count-tasks the workflow tasks it took. With --shaped, STEPS.json holds one list of steps per
 * workflow of the round (its own first) and the bare workflow takes the round's shape (bareShapedRound).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { openTimeSkippingServer } from '../client/simulation/time-skipping-server';
import { cachedWorkflowBundle } from '../client/simulation/workflow-bundle-cache';
import type { BareStep, BareTally } from './bench-simulate.workflow';

export const BARE_WORKFLOWS = path.join(__dirname, 'bench-simulate.workflow.ts');

async function main(): Promise<void> {
  const [stepsFile, ...flags] = process.argv.slice(2);
  if (!stepsFile || flags.some((flag) => flag !== '--count-tasks' && flag !== '--shaped')) throw new Error('usage: bench-simulate.bare.ts STEPS.json [--shaped] [--count-tasks]');
  const countTasks = flags.includes('--count-tasks');
  const shaped = flags.includes('--shaped');
  const steps = JSON.parse(readFileSync(stepsFile, 'utf8')) as BareStep[] | BareStep[][];
  // As `jsrx simulate` installs it: warnings only.
  Runtime.install({ logger: new DefaultLogger('WARN'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } } });
  const [env, bundle] = await Promise.all([openTimeSkippingServer(), cachedWorkflowBundle(BARE_WORKFLOWS)]);
  try {
    const taskQueue = `bench-${randomUUID()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      workflowBundle: bundle,
      activities: { touch: async () => undefined },
    });
    const workflowId = `bare-${randomUUID()}`;
    const tally = (await worker.runUntil(env.client.workflow.execute(shaped ? 'bareShapedRound' : 'bareRound', { args: [steps], taskQueue, workflowId }))) as BareTally;
    // Counted only when asked, outside the timed runs: reading the histories is not the bare workflow's cost.
    if (countTasks) {
      const ids = [workflowId, ...(shaped ? (steps as BareStep[][]).slice(1).map((_, index) => `${workflowId}-child-${index}`) : [])];
      tally.tasks = 0;
      for (const id of ids) {
        const history = await env.client.workflow.getHandle(id).fetchHistory();
        tally.tasks += (history.events ?? []).filter((event) => event.workflowTaskCompletedEventAttributes).length;
      }
    }
    process.stdout.write(`${JSON.stringify(tally)}\n`);
  } finally {
    await env.teardown();
  }
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`bench-simulate.bare: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
