/**
 * Letting a rehearsal that stops `--until` an instant see that instant through. Skipping the server's
 * clock to the instant only brings the round to it: the timers meant for it fire a few milliseconds
 * later (a timer starts when its task completes, a little after the instant the task computed it from),
 * and their letters are activities still to run. Stopping there would shut the worker down on them, so
 * the outbox and the progress would miss, at random, some or all of the letters of the very instant the
 * coordinator asked to look at. The round settles first: its timers meant for an instant up to the stop
 * fire, and every workflow task, activity, child start and signal they cause is let finish.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { tsToMs } from '@temporalio/common/lib/time';
import { closesWorkflow, type HistoryEvent } from './history-events';

/** Past the last timer let fire, so the server's clock is beyond it. */
const MARGIN_MS = 50;
/** Real time between two looks at the histories while work is under way. */
const POLL_MS = 100;
/**
 * Quiet looks in a row that make the round settled: the histories are read one workflow after another,
 * so a signal between two of them could slip past a single look.
 */
const QUIET_LOOKS = 2;

/**
 * Once the server's clock has reached `until`, fires the timers of the round and its children that were
 * meant for `until` or earlier, and waits (real time, at most `withinMs`) until none of them has work
 * under way. Returns whether it settled in that time.
 */
export async function settleAt(
  env: TestWorkflowEnvironment,
  roundWorkflowId: string,
  until: string,
  withinMs = 60_000,
): Promise<boolean> {
  const stopMs = Date.parse(until);
  const giveUpAt = Date.now() + withinMs;
  let quietLooks = 0;
  while (Date.now() < giveUpAt) {
    const states = await workOf(env, roundWorkflowId);
    const due = states.flatMap((state) => state.timers).filter((timer) => timer.meantFor <= stopMs);
    if (due.length > 0) {
      const now = await env.currentTimeMs();
      const latest = Math.max(...due.map((timer) => timer.firesAt));
      if (latest >= now) await env.sleep(latest - now + MARGIN_MS);
      else await pause(POLL_MS); // due already, firing as we look
      quietLooks = 0;
      continue;
    }
    if (states.some((state) => state.busy)) {
      quietLooks = 0;
      await pause(POLL_MS);
      continue;
    }
    if (++quietLooks >= QUIET_LOOKS) return true;
    await pause(POLL_MS);
  }
  return false;
}

interface WorkflowWork {
  /** Pending timers: the instant the workflow meant (its clock when it set the timer, plus the delay) and when it fires. */
  timers: Array<{ meantFor: number; firesAt: number }>;
  /** A workflow task, an activity, a child's start, a signal or a cancel request not yet answered. */
  busy: boolean;
  children: string[];
}

/** The round and every workflow it started, each read from its history. */
async function workOf(env: TestWorkflowEnvironment, roundWorkflowId: string): Promise<WorkflowWork[]> {
  const seen = new Set<string>();
  const states: WorkflowWork[] = [];
  let layer = [roundWorkflowId];
  while (layer.length > 0) {
    layer.forEach((id) => seen.add(id));
    const found = await Promise.all(
      layer.map(async (id) => workIn((await env.client.workflow.getHandle(id).fetchHistory()).events ?? [])),
    );
    states.push(...found);
    layer = [...new Set(found.flatMap((state) => state.children))].filter((id) => !seen.has(id));
  }
  return states;
}

export function workIn(events: HistoryEvent[]): WorkflowWork {
  const eventTime = new Map<string, number>();
  const taskStartedOf = new Map<string, string>();
  const taskStartedIds = new Set<string>();
  let lastTaskStarted: string | undefined;
  const timers = new Map<string, { meantFor: number; firesAt: number }>();
  const open = new Set<string>();
  const children: string[] = [];
  const close = (id: unknown) => open.delete(String(id));
  for (const event of events) {
    const id = String(event.eventId);
    const time = tsToMs(event.eventTime);
    eventTime.set(id, time);
    if (event.workflowTaskScheduledEventAttributes) open.add(id);
    if (event.workflowTaskStartedEventAttributes) {
      taskStartedIds.add(id);
      lastTaskStarted = id;
    }
    const task = event.workflowTaskCompletedEventAttributes ?? event.workflowTaskFailedEventAttributes ?? event.workflowTaskTimedOutEventAttributes;
    if (task) close(task.scheduledEventId);
    if (event.workflowTaskCompletedEventAttributes) taskStartedOf.set(id, String(event.workflowTaskCompletedEventAttributes.startedEventId));

    const timer = event.timerStartedEventAttributes;
    if (timer) {
      // The workflow's clock during a task is the time its task started, so that is what the delay was
      // counted from. A real server links the timer to the task's completion, which names its start; the
      // time-skipping server links it to the start itself and leaves the completion's link empty. Counted
      // from the completion instead, a timer set by a slow task looked meant for after the stop, and a
      // rehearsal stopped at its instant left its letters out.
      const linked = String(timer.workflowTaskCompletedEventId);
      const startedId = taskStartedIds.has(linked) ? linked : (taskStartedOf.get(linked) ?? lastTaskStarted);
      const clock = (startedId !== undefined ? eventTime.get(startedId) : undefined) ?? time;
      const delay = tsToMs(timer.startToFireTimeout);
      timers.set(id, { meantFor: clock + delay, firesAt: time + delay });
    }
    const timerEnded = event.timerFiredEventAttributes ?? event.timerCanceledEventAttributes;
    if (timerEnded) timers.delete(String(timerEnded.startedEventId));

    if (event.activityTaskScheduledEventAttributes) open.add(id);
    const activity =
      event.activityTaskCompletedEventAttributes ??
      event.activityTaskFailedEventAttributes ??
      event.activityTaskTimedOutEventAttributes ??
      event.activityTaskCanceledEventAttributes;
    if (activity) close(activity.scheduledEventId);

    const child = event.startChildWorkflowExecutionInitiatedEventAttributes;
    if (child) {
      open.add(id);
      if (child.workflowId && !children.includes(child.workflowId)) children.push(child.workflowId);
    }
    const childStart = event.childWorkflowExecutionStartedEventAttributes ?? event.startChildWorkflowExecutionFailedEventAttributes;
    if (childStart) close(childStart.initiatedEventId);

    if (event.signalExternalWorkflowExecutionInitiatedEventAttributes) open.add(id);
    const signal = event.externalWorkflowExecutionSignaledEventAttributes ?? event.signalExternalWorkflowExecutionFailedEventAttributes;
    if (signal) close(signal.initiatedEventId);

    if (event.requestCancelExternalWorkflowExecutionInitiatedEventAttributes) open.add(id);
    const cancel =
      event.externalWorkflowExecutionCancelRequestedEventAttributes ?? event.requestCancelExternalWorkflowExecutionFailedEventAttributes;
    if (cancel) close(cancel.initiatedEventId);

    if (closesWorkflow(event)) {
      open.clear();
      timers.clear();
    }
  }
  return { timers: [...timers.values()], busy: open.size > 0, children };
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
