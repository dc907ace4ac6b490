import { CancellationScope, condition, sleep } from '@temporalio/workflow';

/**
 * A timer still due within this long of the moment a wait ends early is left to fire rather than
 * cancelled. Such a timer is due at the same instant as other work of the round (a change landing when
 * the round wakes, the round's end told to a child whose reminder falls then). On a real server, a
 * cancellation that crosses the timer's firing is harmless; Temporal's time-skipping test server, on which
 * `jsrx simulate` runs, refuses that workflow task and never sends it again, and the rehearsal waits for
 * ever (temporalio/sdk-java#3088). A timer left to fire costs one workflow task with nothing to do.
 */
export const KEPT_WITHIN_MS = 60_000;

/**
 * Resolves once `changed()` is true, or after `inMs` (never when undefined). With `keepsTimersDueSoon`
 * (patch `timers-due-soon-kept`, round.workflow.ts), a wait that ends early cancels its timer only when the
 * timer is more than `KEPT_WITHIN_MS` away.
 */
export async function wake(changed: () => boolean, inMs: number | undefined, keepsTimersDueSoon = false): Promise<void> {
  if (inMs === undefined) await condition(changed);
  else if (!keepsTimersDueSoon) await condition(changed, Math.max(1, inMs));
  else await wakeKeepingTimersDueSoon(changed, Math.max(1, inMs));
}

async function wakeKeepingTimersDueSoon(changed: () => boolean, inMs: number): Promise<void> {
  if (changed()) return;
  const dueAt = Date.now() + inMs;
  const timerScope = new CancellationScope();
  const timer = timerScope.run(() => sleep(inMs));
  const waitScope = new CancellationScope();
  const woken = waitScope.run(() => condition(changed));
  // Whichever is let go below rejects with a cancellation nobody awaits.
  timer.catch(() => undefined);
  woken.catch(() => undefined);
  try {
    await Promise.race([timer, woken]);
  } finally {
    waitScope.cancel();
    if (dueAt - Date.now() > KEPT_WITHIN_MS) timerScope.cancel();
  }
}
