/**
 * The yardstick for `npm run bench`: a workflow with nothing in it but the timers of a round and one
 * no-op activity per timer. Comparing a rehearsal with it shows what the round's own logic costs on
 * top of the server's time skipping.
 */
import { proxyActivities, sleep } from '@temporalio/workflow';

const { touch } = proxyActivities<{ touch(instant: string): Promise<void> }>({ startToCloseTimeout: '10 seconds' });

/** `instants`: every timer of the round (ISO, duplicates included), in any order. */
export async function bareRound(instants: string[]): Promise<number> {
  const groups = new Map<string, number>();
  for (const instant of instants) groups.set(instant, (groups.get(instant) ?? 0) + 1);
  let fired = 0;
  for (const [instant, count] of [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const wait = Date.parse(instant) - Date.now();
    if (wait <= 0) continue;
    // Timers due at the same instant run side by side, as the round's delegation workflows do.
    await Promise.all(Array.from({ length: count }, () => sleep(wait)));
    await Promise.all(Array.from({ length: count }, () => touch(instant)));
    fired += count;
  }
  return fired;
}
