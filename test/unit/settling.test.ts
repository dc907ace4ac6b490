import Long from 'long';
import type { HistoryEvent } from '../../client/simulation/history-events';
import { workIn } from '../../client/simulation/settling';

const at = (ms: number) => ({ seconds: Long.fromNumber(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1_000_000 });
const event = (eventId: number, ms: number, attributes: Record<string, unknown>) =>
  ({ eventId: Long.fromNumber(eventId), eventTime: at(ms), ...attributes }) as unknown as HistoryEvent;

const STOP = Date.parse('2027-02-15T11:00:00Z');
const TASK_STARTED = Date.parse('2026-12-06T04:16:53.472Z');
/** The task took a second on a loaded machine: the timer's event is recorded that much after the workflow's clock. */
const TASK_COMPLETED = TASK_STARTED + 1_029;
const delay = { seconds: Long.fromNumber((STOP - TASK_STARTED) / 1000), nanos: ((STOP - TASK_STARTED) % 1000) * 1_000_000 };

function firstTask(links: { completionNamesStart: boolean; timerLinksTo: number }): HistoryEvent[] {
  return [
    event(1, TASK_STARTED - 20, { workflowExecutionStartedEventAttributes: {} }),
    event(2, TASK_STARTED - 20, { workflowTaskScheduledEventAttributes: {} }),
    event(3, TASK_STARTED, { workflowTaskStartedEventAttributes: { scheduledEventId: Long.fromNumber(2) } }),
    event(4, TASK_COMPLETED, {
      workflowTaskCompletedEventAttributes: {
        scheduledEventId: Long.fromNumber(2),
        ...(links.completionNamesStart ? { startedEventId: Long.fromNumber(3) } : {}),
      },
    }),
    event(5, TASK_COMPLETED, {
      timerStartedEventAttributes: { timerId: '1', startToFireTimeout: delay, workflowTaskCompletedEventId: Long.fromNumber(links.timerLinksTo) },
    }),
  ];
}

describe('reading what a rehearsal still has to do from a workflow history', () => {
  it('counts a timer from the clock of the task that set it, as a real server links them', () => {
    const { timers } = workIn(firstTask({ completionNamesStart: true, timerLinksTo: 4 }));
    expect(timers).toEqual([{ meantFor: STOP, firesAt: TASK_COMPLETED + (STOP - TASK_STARTED) }]);
  });

  it('and as the time-skipping server links them (the timer to the task’s start, the completion to nothing)', () => {
    // Counted from the completion, this timer looked meant for a second after the stop: a rehearsal
    // stopped --until its instant ended before it fired, and that instant's letters were missing.
    const { timers } = workIn(firstTask({ completionNamesStart: false, timerLinksTo: 3 }));
    expect(timers).toEqual([{ meantFor: STOP, firesAt: TASK_COMPLETED + (STOP - TASK_STARTED) }]);
  });

  it('is busy while a workflow task is scheduled and not completed', () => {
    const events = firstTask({ completionNamesStart: false, timerLinksTo: 3 });
    expect(workIn(events.slice(0, 3)).busy).toBe(true);
    expect(workIn(events).busy).toBe(false);
  });
});
