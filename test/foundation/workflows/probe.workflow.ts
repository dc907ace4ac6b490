/** Workflows that prove the servers are real: one sleeps, one publishes its phase. */
import { condition, defineSignal, setHandler, sleep, upsertSearchAttributes } from '@temporalio/workflow';
import { RoundPhaseKey } from '../../../workflows/search-attributes';

export async function sleepForDays(days: number): Promise<{ startedAt: string; wokeAt: string }> {
  const startedAt = new Date().toISOString();
  await sleep(`${days} days`);
  return { startedAt, wokeAt: new Date().toISOString() };
}

export const finish = defineSignal('finish');

export async function publishPhase(phase: string): Promise<void> {
  upsertSearchAttributes([{ key: RoundPhaseKey, value: phase }]);
  let finished = false;
  setHandler(finish, () => void (finished = true));
  await condition(() => finished);
}
