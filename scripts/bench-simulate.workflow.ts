/**
 * The yardstick for `npm run bench.simulate`: a workflow with nothing in it but the timers a round fires
 * and as many no-op activities as the round runs, at the same simulated instants. Comparing a rehearsal
 * with it shows what the round's own logic, letters and calendar files cost on top of the server's time
 * skipping and the SDK's round trips.
 *
 * `bareShapedRound` is the same yardstick in the round's shape: a parent that starts one child per
 * child of the round, each workflow with the timers and activities its counterpart ran. What the
 * shaped bare costs over the plain one is the price of DESIGN.md's child per delegation alone, before
 * any of the round's logic (signals, updates, planning) or letters.
 */
import { executeChild, proxyActivities, sleep, workflowInfo } from '@temporalio/workflow';

const { touch } = proxyActivities<{ touch(step: number): Promise<void> }>({ startToCloseTimeout: '10 seconds' });

/** One simulated instant of the round: the timers that fire then, and the activities scheduled from then until the next. */
export interface BareStep {
  /** Milliseconds after the workflow starts (0: the launch). */
  atMs: number;
  timers: number;
  activities: number;
}

export interface BareTally {
  timers: number;
  activities: number;
  /** Filled in by the command when asked (--count-tasks), from the history. */
  tasks?: number;
}

/** `steps` in time order, as scripts/bench-simulate.ts counts them in the round's histories. */
export async function bareRound(steps: BareStep[]): Promise<BareTally> {
  const start = Date.now();
  const tally: BareTally = { timers: 0, activities: 0 };
  for (const [index, step] of steps.entries()) {
    if (step.timers > 0) {
      const wait = Math.max(1, start + step.atMs - Date.now());
      // Timers due at the same instant run side by side, as the round's and its children's do.
      await Promise.all(Array.from({ length: step.timers }, () => sleep(wait)));
      tally.timers += step.timers;
    }
    // Side by side too, as a round posts each reader's letter without waiting for the one before.
    await Promise.all(Array.from({ length: step.activities }, () => touch(index)));
    tally.activities += step.activities;
  }
  return tally;
}

/** `stepsByWorkflow[0]` is the round's own, the rest one per child, as the round's histories had them. */
export async function bareShapedRound(stepsByWorkflow: BareStep[][]): Promise<BareTally> {
  const [own = [], ...children] = stepsByWorkflow;
  const { workflowId } = workflowInfo();
  const tallies = await Promise.all([
    bareRound(own),
    ...children.map((steps, index) => executeChild(bareRound, { args: [steps], workflowId: `${workflowId}-child-${index}` })),
  ]);
  return tallies.reduce((sum, tally) => ({ timers: sum.timers + tally.timers, activities: sum.activities + tally.activities }), { timers: 0, activities: 0 });
}
