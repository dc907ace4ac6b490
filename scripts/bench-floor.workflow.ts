/**
 * The least a launch can ask of the Temporal cluster in the shape DESIGN.md gives a round, with none of
 * the round's own work: `npm run bench.floor` launches these instead of rounds. A round publishes its
 * phase, starts one child per delegation and sends its launch letters in one activity; each child sends
 * its first requests in one activity; all then wait weeks on a timer. The activities do nothing and every
 * payload is a few bytes, so what the launch costs here is the cluster's own price for that shape.
 */
import {
  proxyActivities,
  proxyLocalActivities,
  sleep,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';

const { touch } = proxyActivities<{ touch(): Promise<void> }>({ startToCloseTimeout: '1 minute' });
// Lets the benchmark count a child that sends nothing: a local activity runs inside the child's first
// workflow task and costs the cluster no task of its own.
const { touch: count } = proxyLocalActivities<{ touch(): Promise<void> }>({
  startToCloseTimeout: '1 minute',
});

export async function floorRound(delegations: number, childrenSend = true): Promise<void> {
  upsertSearchAttributes({ RoundPhase: ['prep-1'] });
  const { workflowId } = workflowInfo();
  await Promise.all([
    touch(),
    ...Array.from({ length: delegations }, (_, index) =>
      startChild(floorDelegation, { workflowId: `${workflowId}-d${index}`, args: [childrenSend] }),
    ),
  ]);
  await sleep('30 days');
}

/** `sends` false: the round sent this delegation's first requests itself, and the child only waits. */
export async function floorDelegation(sends = true): Promise<void> {
  await (sends ? touch() : count());
  await sleep('30 days');
}
