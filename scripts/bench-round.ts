/**
 * How big and how slow is a whole round? Runs a four-delegation round on the time-skipping server, with
 * one delegation (Zambia) silent on every deliverable and the others submitting the day before each due
 * date, the send activity replaced by a no-op that counts letters (the planning activities are the real
 * ones). Prints the largest workflow history of the round and its children (Temporal's soft limits start
 * far above; our target is 2,000 events) and the wall time of the simulation once the server is up and
 * the workflow code bundled (target: 10 s).
 *
 *   node -r @swc-node/register scripts/bench-round.ts
 */
import path from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { deliverablesWorkflowId, progress } from '../workflows/messages';
import { chasingChildrenOf } from '../client/round-service';
import { workflowBundle } from '../test/harness/servers';
import { exampleRound, openRoundEnv, repoRoot, runRound, submitOnTime } from '../test/workflows/round-fixture';
import { countingActivities } from './counting-activities';

const SILENT = 'ZM';

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const env = await openRoundEnv();
  try {
    await workflowBundle(path.join(repoRoot, 'workflows', 'index.ts'));
    const round = await exampleRound('en-2027-r1', await env.currentTimeMs());
    const { activities, letters } = countingActivities();
    const started = Date.now();
    let status = '';
    let owners: string[] = [];
    await runRound(
      env,
      round,
      async (run) => {
        await submitOnTime(run, { late: (d) => d.owner === SILENT });
        status = (await run.handle.result()).status;
        owners = chasingChildrenOf(await run.handle.query(progress));
      },
      activities,
    );
    const wallSeconds = (Date.now() - started) / 1000;
    const sizes: Array<[string, number]> = [];
    for (const workflowId of [`jsr-round-${round.id}`, ...owners.map((o) => deliverablesWorkflowId(round.id, o))]) {
      const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
      sizes.push([workflowId, history.events?.length ?? 0]);
    }
    const [largestId, largest] = sizes.reduce((a, b) => (b[1] > a[1] ? b : a));
    process.stdout.write(`round ${round.id}: ${status}, ${round.delegations.length} delegations, ${SILENT} silent\n`);
    for (const [id, events] of sizes) process.stdout.write(`  ${id}: ${events} events\n`);
    process.stdout.write(`largest workflow history: ${largest} events (${largestId})\n`);
    process.stdout.write(`letters handed to the send activity: ${letters()}\n`);
    process.stdout.write(`simulation wall time: ${wallSeconds.toFixed(1)} s\n`);
  } finally {
    await env.teardown();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
