/**
 * Bad input at scale against a running round: generated submissions, waivers, extensions, reschedules,
 * replacements and cancellations sent as real updates to a round on the time-skipping server. A refused
 * update fails with a message and leaves the round exactly as it was; the round itself never fails.
 *
 * 300 runs: each is an update and two progress queries through the real server and workflow (about
 * 30 ms here), so the file stays well under a minute with the server's start and the round's launch,
 * while every update kind still gets some fifty payloads (about one in twenty-five gets past the form
 * checks to the round's own rules).
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import fc from 'fast-check';
import { temporal } from '@temporalio/proto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import {
  cancelRound,
  extendDeadline,
  progress,
  replaceParticipant,
  rescheduleEvent,
  submitDeliverable,
  waiveDeliverable,
  type RoundProgress,
} from '../../workflows/messages';
import {
  checkCancelLimits,
  checkExtendLimits,
  checkReplaceLimits,
  checkRescheduleLimits,
  checkSubmitLimits,
  checkWaiveLimits,
} from '../../workflows/update-limits';
import { exampleRound, openRoundEnv, runRound, type RoundRun } from '../workflows/round-fixture';
import { updatePayload, type UpdateKind } from './update-arbitraries';

const { EventType } = temporal.api.enums.v1;

const UPDATES = {
  submit: submitDeliverable,
  waive: waiveDeliverable,
  extend: extendDeadline,
  reschedule: rescheduleEvent,
  replace: replaceParticipant,
  cancel: cancelRound,
} as const;

const FORM_CHECKS: Record<UpdateKind, (input: unknown) => string | undefined> = {
  submit: checkSubmitLimits,
  waive: checkWaiveLimits,
  extend: checkExtendLimits,
  reschedule: checkRescheduleLimits,
  replace: checkReplaceLimits,
  cancel: checkCancelLimits,
};

/**
 * What a refused update must not touch. The letter counters are left out: letters decided before the
 * update (a receipt for an accepted submission a moment earlier) may still be going out meanwhile.
 */
function roundState(view: RoundProgress): Omit<RoundProgress, 'letters'> {
  const { letters: _letters, ...rest } = view;
  return rest;
}

async function settled(run: RoundRun): Promise<RoundProgress> {
  for (;;) {
    const view = await run.handle.query(progress);
    if (view.letters.delivered > 0 && view.letters.inFlight === 0) return view;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('a running round under generated updates', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await openRoundEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('300 generated updates: each refused one fails with a message and changes nothing; the round never fails', async () => {
    const round = await exampleRound('fr-2027-r1', await env.currentTimeMs(), 40);
    const counts: Record<'accepted' | 'refused', Record<UpdateKind, number>> = {
      accepted: { submit: 0, waive: 0, extend: 0, reschedule: 0, replace: 0, cancel: 0 },
      refused: { submit: 0, waive: 0, extend: 0, reschedule: 0, replace: 0, cancel: 0 },
    };
    let pastTheForm = 0;
    await runRound(env, round, async (run) => {
      await settled(run);
      const facts = {
        countries: round.delegations.map((d) => d.country),
        emails: [
          round.secretariat.coordinator.email,
          ...round.delegations.flatMap((d) => d.participants.map((p) => p.email)),
        ],
        keys: [...new Set(run.plan.deliverables.map((d) => d.key))],
      };
      await fc.assert(
        fc.asyncProperty(updatePayload(facts), async ({ kind, payload }) => {
          // A cancellation that passes its form would end the round, and every later update with it.
          fc.pre(kind !== 'cancel' || checkCancelLimits(payload) !== undefined);
          const before = await run.handle.query(progress);
          // The payload goes out as the client would send it: JSON, whatever its shape.
          const outcome = await run.handle
            .executeUpdate(UPDATES[kind] as typeof submitDeliverable, { args: [payload as never] })
            .then(
              () => undefined,
              (error: unknown) => error,
            );
          const after = await run.handle.query(progress);
          if (FORM_CHECKS[kind](payload) === undefined) pastTheForm += 1;
          if (outcome === undefined) {
            counts.accepted[kind] += 1;
            return;
          }
          counts.refused[kind] += 1;
          expect(outcome).toBeInstanceOf(WorkflowUpdateFailedError);
          const reason = (outcome as WorkflowUpdateFailedError).cause?.message ?? '';
          expect(reason.trim().length).toBeGreaterThan(5);
          expect(roundState(after)).toEqual(roundState(before));
        }),
        { numRuns: 300 },
      );
      const view = await run.handle.query(progress);
      expect(view.status).toBe('running');
      const { status } = await run.handle.describe();
      expect(status.name).toBe('RUNNING');
      // No workflow task failed on the way (a handler that threw a plain Error would retry its task forever).
      const history = await run.handle.fetchHistory();
      const failedTasks = (history.events ?? []).filter(
        (event) => event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED,
      );
      expect(failedTasks).toEqual([]);
      await run.handle.terminate('property test done');
    });
    // Every kind was refused many times, and some payloads got past the form to the round's own rules
    // (is it owed, is the date free, is that a participant): about one in twenty-five; a few are accepted.
    for (const kind of Object.keys(UPDATES) as UpdateKind[]) expect(counts.refused[kind]).toBeGreaterThan(10);
    expect(pastTheForm).toBeGreaterThan(0);
  }, 120_000);
});
