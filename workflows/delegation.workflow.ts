/**
 * The chasing of one delegation's deliverables: requests, reminders, overdue notices, escalations and
 * event reminders for the readers this child writes to (see chasing.ts), by the loop in chaser.ts. The
 * round is the source of truth for statuses and dates; it tells this child by signal when something is
 * settled or replanned, and when the round ends. Rounds started before the Secretariat was chased inside
 * the round (round.workflow.ts) run one for the Secretariat too.
 */
import {
  CancellationScope,
  allHandlersFinished,
  condition,
  getExternalWorkflowHandle,
  isCancellation,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { OwnerId } from '../domain/plan-types';
import { Chaser } from './chaser';
import type { RoundContext } from './dispatch';
import { chasingReplanned, deliverableSettled, deliveryFailed, roundEnded, type ChaseSlice } from './internal-signals';
import { Mailroom, lettersGoInBatches } from './mailroom';
import { letters as letterLog, type RecordedFailure } from './messages';

export interface DelegationDeliverablesInput extends ChaseSlice {
  owner: OwnerId;
  context: RoundContext;
  launchedAt: string;
  /**
   * The round's own `lettersGoInBatches()`, handed down: a child that asked itself recorded a patch marker
   * and upserted Temporal's change-version search attribute, and at a launch of many rounds those upserts
   * were most of the visibility writes after the starts. Children started before it was handed down ask,
   * as they did, so their histories replay.
   */
  lettersInBatches?: boolean;
  /** The round's answer to its patch `due-dates-told-timers-kept` (wake.ts); absent in children started before it. */
  keepsTimersDueSoon?: boolean;
}

export interface DelegationDeliverablesResult {
  owner: OwnerId;
  /** Letters this child posted (one per reader). */
  letters: number;
}

export async function delegationDeliverables(input: DelegationDeliverablesInput): Promise<DelegationDeliverablesResult> {
  const { owner, context, launchedAt, lettersInBatches: handedDown, keepsTimersDueSoon = false, ...slice } = input;
  const lettersInBatches = handedDown ?? lettersGoInBatches();
  // A parent that already closed cannot hear about a failure any more: nothing to do then.
  const mailroom = new Mailroom((failure) => void reportFailures([failure]).catch(() => undefined), lettersInBatches);
  const chaser = new Chaser(owner, launchedAt, slice, context, (message, recipients, id) => mailroom.post(message, recipients, id), keepsTimersDueSoon);
  setHandler(letterLog, () => mailroom.book.log);
  setHandler(deliverableSettled, ({ id }) => chaser.settle(id));
  setHandler(chasingReplanned, (replan) => chaser.replan(replan, new Date().toISOString()));
  setHandler(roundEnded, ({ outcome }) => chaser.end(outcome));

  try {
    // A cancelled round sends none of what is still being retried; a completed one lets it finish.
    if ((await chaser.run()) === 'cancelled') await mailroom.stop();
    else await mailroom.idle();
  } catch (error) {
    // Cancelled from Temporal with the round: stop writing, and wait until letters on their way are settled.
    if (isCancellation(error)) await CancellationScope.nonCancellable(() => mailroom.stop());
    throw error;
  }
  await condition(allHandlersFinished);
  return { owner, letters: chaser.letters };
}

async function reportFailures(failures: RecordedFailure[]): Promise<void> {
  const parent = workflowInfo().parent;
  if (failures.length === 0 || !parent) return;
  await getExternalWorkflowHandle(parent.workflowId, parent.runId).signal(deliveryFailed, { failures });
}
