import type { TestWorkflowEnvironment } from '@temporalio/testing';
import Long from 'long';
import type { HistoryEvent } from '../../client/simulation/history-events';
import { timerClearance } from '../../client/simulation/timer-clearance';

/**
 * A time-skipping server reduced to what the clearance reads: a clock, `sleep`, and each workflow's
 * history as the test sets it between two actions.
 */
function fakeServer(startMs: number) {
  let nowMs = startMs;
  const histories = new Map<string, HistoryEvent[]>();
  const sleeps: number[] = [];
  const env = {
    currentTimeMs: async () => nowMs,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      nowMs += ms;
      for (const events of histories.values()) fireDue(events, nowMs);
    },
    client: { workflow: { getHandle: (id: string) => ({ fetchHistory: async () => ({ events: histories.get(id) ?? [] }) }) } },
  } as unknown as TestWorkflowEnvironment;
  return { env, histories, sleeps, now: () => nowMs };
}

const ms = (time: unknown) => {
  const { seconds, nanos } = time as { seconds: Long; nanos: number };
  return seconds.toNumber() * 1000 + nanos / 1_000_000;
};

/** As the server does when its clock passes a timer: the timer's fired event closes it. */
function fireDue(events: HistoryEvent[], nowMs: number): void {
  const fired = new Set(events.flatMap((event) => (event.timerFiredEventAttributes ? [String(event.timerFiredEventAttributes.startedEventId)] : [])));
  for (const event of [...events]) {
    const timer = event.timerStartedEventAttributes;
    if (!timer || fired.has(String(event.eventId))) continue;
    const due = ms(event.eventTime) + ms(timer.startToFireTimeout);
    if (due <= nowMs) events.push({ eventId: Long.fromNumber(events.length + 100), eventTime: timestamp(due), timerFiredEventAttributes: { startedEventId: event.eventId } } as HistoryEvent);
  }
}

const timestamp = (at: number) => ({ seconds: Long.fromNumber(Math.floor(at / 1000)), nanos: (at % 1000) * 1_000_000 });

function timerStarted(eventId: number, atMs: number, delayMs: number): HistoryEvent {
  return { eventId: Long.fromNumber(eventId), eventTime: timestamp(atMs), timerStartedEventAttributes: { timerId: String(eventId), startToFireTimeout: timestamp(delayMs) } } as HistoryEvent;
}

function childStarted(eventId: number, atMs: number, workflowId: string): HistoryEvent {
  return { eventId: Long.fromNumber(eventId), eventTime: timestamp(atMs), startChildWorkflowExecutionInitiatedEventAttributes: { workflowId } } as HistoryEvent;
}

describe('the rehearsal’s timer clearance', () => {
  const launch = Date.parse('2026-12-05T22:00:00Z');

  it('watches the children’s timers even when the first action came at launch, before the round had started them', async () => {
    const server = fakeServer(launch);
    const clearance = timerClearance(server.env, 'jsr-round-r');
    // The first action at the launch instant: the round has not yet started its children.
    expect(await clearance.beforeAction()).toBe(0);

    // A day later the child has a reminder timer that fires 230 ms after the instant of the next action.
    const actionAt = launch + 86_400_000;
    server.histories.set('jsr-round-r', [childStarted(1, launch + 10, 'jsr-round-r-au')]);
    server.histories.set('jsr-round-r-au', [timerStarted(5, launch + 240, 86_400_000 - 10)]);
    await server.env.sleep(actionAt - server.now());

    const skips = await clearance.beforeAction();
    expect(skips).toBe(1);
    expect(server.now()).toBeGreaterThan(launch + 240 + 86_400_000 - 10);
  });
});
