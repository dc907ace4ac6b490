import { condition } from '@temporalio/workflow';

/** Waits until `changed` or until `inMs` have passed (one timer at a time); forever when nothing is scheduled. */
export async function wake(changed: () => boolean, inMs: number | undefined): Promise<void> {
  if (inMs === undefined) await condition(changed);
  else await condition(changed, Math.max(1, inMs));
}
