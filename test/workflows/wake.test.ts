/**
 * A wait the round ends early leaves a timer due within the minute to fire (workflows/wake.ts): the
 * time-skipping server refuses a workflow task that cancels a timer which fired meanwhile, and never
 * sends it again (temporalio/sdk-java#3088). A timer further off is still cancelled, and rounds started
 * before the patch cancel every timer, as their histories recorded.
 */
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { openTimeSkippingEnv, workflowBundle } from '../harness/servers';
import { KEPT_WITHIN_MS } from '../../workflows/wake';
import { told } from './wake/wake.workflow';

const HOUR_MS = 3_600_000;
let env: TestWorkflowEnvironment;
let bundle: { code: string };

beforeAll(async () => {
  [env, bundle] = await Promise.all([openTimeSkippingEnv(), workflowBundle(path.join(__dirname, 'wake', 'wake.workflow.ts'))]);
}, 120_000);

afterAll(async () => {
  await env?.teardown();
});

/** Waits `inMs`, is told `toldAfterMs` in (before the timer fires), and returns what its history shows of the timer. */
async function waitAndTell(inMs: number, toldAfterMs: number, keepsTimersDueSoon: boolean): Promise<{ started: number; cancelled: number; fired: number }> {
  const taskQueue = `wake-${randomUUID()}`;
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: bundle });
  return worker.runUntil(async () => {
    const handle = await env.client.workflow.start('waitOnce', { args: [inMs, keepsTimersDueSoon], taskQueue, workflowId: `wake-${randomUUID()}` });
    await env.sleep(toldAfterMs);
    await handle.signal(told);
    await handle.result();
    // The kept timer fires after the workflow ended: nothing is left to fire it for, so the history ends with the wait.
    const events = (await handle.fetchHistory()).events ?? [];
    return {
      started: events.filter((event) => event.timerStartedEventAttributes).length,
      cancelled: events.filter((event) => event.timerCanceledEventAttributes).length,
      fired: events.filter((event) => event.timerFiredEventAttributes).length,
    };
  });
}

describe('a wait that ends early (workflows/wake.ts)', () => {
  it('leaves a timer due within the minute to fire: no CancelTimer can cross its firing', async () => {
    expect(await waitAndTell(HOUR_MS, HOUR_MS - KEPT_WITHIN_MS / 2, true)).toEqual({ started: 1, cancelled: 0, fired: 0 });
  }, 60_000);

  it('still cancels a timer further off, so a round does not wake for nothing hours later', async () => {
    expect(await waitAndTell(HOUR_MS, HOUR_MS / 2, true)).toEqual({ started: 1, cancelled: 1, fired: 0 });
  }, 60_000);

  it('cancels every timer in rounds started before the patch, as their recorded histories did', async () => {
    expect(await waitAndTell(HOUR_MS, HOUR_MS - KEPT_WITHIN_MS / 2, false)).toEqual({ started: 1, cancelled: 1, fired: 0 });
  }, 60_000);
});
