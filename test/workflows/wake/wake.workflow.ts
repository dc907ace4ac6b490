/** A workflow that only waits, as the round's loops do (workflows/wake.ts), until told or until its timer. */
import { defineSignal, setHandler } from '@temporalio/workflow';
import { wake } from '../../../workflows/wake';

export const told = defineSignal('told');

export async function waitOnce(inMs: number, keepsTimersDueSoon: boolean): Promise<void> {
  let news = false;
  setHandler(told, () => void (news = true));
  await wake(() => news, inMs, keepsTimersDueSoon);
}
