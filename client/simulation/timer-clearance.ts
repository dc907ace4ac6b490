/**
 * Keeping a rehearsal's actions clear of the round's timers, around a fault of the time-skipping test
 * server: a workflow task that cancels a timer which fired while the task was with the worker has its
 * completion refused ("invalid history builder state for action", temporalio/sdk-java#3088), and the
 * server never sends that task again, so the round, and the rehearsal with it, wait for ever.
 *
 * A rehearsal meets it when an action lands on an instant the round also wakes at. The server lands the
 * action on that instant, and a timer meant for it fires a few milliseconds later (a timer is started
 * when its task completes, a little after the instant the task computed it from). Between skips the
 * server's clock runs at real pace, so it fires while the task handling the action, which moves or drops
 * that very timer, is with the worker. Before each action the round's timers due within the next
 * `CLEARANCE_MS` are let fire first: the action lands those few milliseconds later, and the next timer is
 * then far off in real time.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { tsToMs } from '@temporalio/common/lib/time';
import { closesWorkflow } from './history-events';

/** Longer than any task takes, shorter than the minute between two instants a round plans. */
export const CLEARANCE_MS = 30_000;
/** Past the last timer let fire, so the server's clock is beyond it when the action goes. */
const MARGIN_MS = 50;
/** Timers firing start others; a round settles within a few passes. */
const MAX_PASSES = 5;

/**
 * Before each action, skips past every timer of the round and its children due within `CLEARANCE_MS`.
 * The children are read again from the round's history each time: an action at the launch instant (a
 * deliverable already due then) comes before the round has started them, and a list kept from that first
 * look would leave every child's timers unwatched for the rest of the rehearsal.
 */
export function timerClearance(env: TestWorkflowEnvironment, roundWorkflowId: string): { beforeAction(): Promise<number> } {
  const pendingDues = async (): Promise<number[]> => {
    const round = await timersOf(env, roundWorkflowId);
    const children = await Promise.all(round.children.map(async (child) => (await timersOf(env, child)).dues));
    return [...round.dues, ...children.flat()];
  };
  return {
    /** Returns the skips it took (0 when nothing was imminent). */
    async beforeAction() {
      for (let pass = 0; pass < MAX_PASSES; pass++) {
        const now = await env.currentTimeMs();
        const imminent = (await pendingDues()).filter((due) => due <= now + CLEARANCE_MS);
        if (imminent.length === 0) return pass;
        await env.sleep(Math.max(...imminent) - now + MARGIN_MS);
      }
      return MAX_PASSES;
    },
  };
}

async function timersOf(env: TestWorkflowEnvironment, workflowId: string): Promise<{ dues: number[]; children: string[] }> {
  const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
  const pending = new Map<string, number>();
  const children: string[] = [];
  for (const event of history.events ?? []) {
    const started = event.timerStartedEventAttributes;
    if (started) pending.set(String(event.eventId), tsToMs(event.eventTime) + tsToMs(started.startToFireTimeout));
    const ended = event.timerFiredEventAttributes ?? event.timerCanceledEventAttributes;
    if (ended) pending.delete(String(ended.startedEventId));
    const child = event.startChildWorkflowExecutionInitiatedEventAttributes?.workflowId;
    if (child && !children.includes(child)) children.push(child);
    if (closesWorkflow(event)) pending.clear();
  }
  return { dues: [...pending.values()], children };
}
