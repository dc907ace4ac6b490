/**
 * One exchange round, from launch to `completed` or `cancelled` (DESIGN.md §2). The round is the source
 * of truth: it holds the plan and every deliverable's status, answers the progress query, accepts
 * submissions and changes as validated updates, and sends what each phase sends. A child workflow per
 * owner (delegation or Secretariat) runs that owner's requests, reminders and escalations.
 *
 * Versioning: rounds live for months. Any change to what this code decides must be guarded with
 * `patched('<change-id>')` right where the decision is made (e.g. a new message at a phase start), so
 * histories recorded under test/histories/ still replay; the replay test checks exactly that.
 */
import {
  ApplicationFailure,
  ParentClosePolicy,
  allHandlersFinished,
  condition,
  setHandler,
  startChild,
  workflowInfo,
  type ChildWorkflowHandle,
} from '@temporalio/workflow';
import { recipientsFor } from './audience';
import { wake } from './delivery';
import { delegationDeliverables } from './delegation.workflow';
import { deliverablesWorkflowId } from './ids';
import {
  cancelRound,
  deliveryFailed,
  progress,
  rescheduleEvent,
  replaceParticipant,
  roundEnded,
  submitDeliverable,
  waiveDeliverable,
  type ExchangeRoundInput,
  type RoundOutcome,
} from './messages';
import { buildPlan } from '../domain/plan';
import { SECRETARIAT } from '../domain/plan-types';
import { statusViews } from './progress';
import { requestTimes, type RoundState } from './round-state';
import { roundSteps } from './round-timeline';
import { validateLaunch, validateRound } from '../domain/validate';
import { installChangeHandlers } from './round-changes';
import { RoundLife, publishPhase } from './round-life';

export async function exchangeRound(input: ExchangeRoundInput): Promise<RoundOutcome> {
  const validation = validateRound(input?.round);
  if (!validation.ok) {
    const problems = validation.errors.map((e) => `${e.path}: ${e.message}`).join('; ');
    throw ApplicationFailure.nonRetryable(`the round file is not valid: ${problems}`, 'InvalidRoundError', validation.errors);
  }
  // The workflow's start time, from its history: the same on every replay.
  const launchedAt = workflowInfo().startTime.toISOString();
  const round = validation.round;
  const plan = buildPlan(round, launchedAt);
  // A round whose first video conference is already past cannot run as planned.
  const tooLate = validateLaunch(plan).errors;
  if (tooLate.length > 0) {
    const problems = tooLate.map((e) => `${e.path}: ${e.message}`).join('; ');
    throw ApplicationFailure.nonRetryable(`the round cannot launch now: ${problems}`, 'InvalidRoundError', tooLate);
  }
  const state: RoundState = {
    round,
    plan,
    status: 'running',
    phase: 'prep-1',
    phaseSince: launchedAt,
    records: {},
    invitations: {},
    eventsKnownSince: {},
    done: [],
    outbox: [],
    failures: [],
    revision: 0,
  };
  const now = () => new Date().toISOString();
  const owners = [SECRETARIAT, ...round.delegations.map((d) => d.country)];
  const roundLife = new RoundLife(state, owners, now);

  setHandler(progress, () => roundLife.progress());
  setHandler(deliveryFailed, ({ failures }) => {
    state.failures.push(...failures);
  });
  installChangeHandlers(roundLife, { submitDeliverable, waiveDeliverable, rescheduleEvent, replaceParticipant, cancelRound });

  publishPhase(state);
  roundLife.enqueue({ kind: 'welcome', about: 'welcome', decidedAt: launchedAt, recipients: recipientsFor(round, 'everyone'), plan });
  const children = await startChildren(state, owners);

  while (state.status === 'running') {
    await roundLife.drainOutbox();
    if (state.status !== 'running') break;
    const steps = roundSteps(state);
    const current = now();
    const due = steps.filter((step) => step.at <= current);
    if (due.length > 0) {
      for (const step of due) {
        if (state.status !== 'running') break;
        state.done.push(step.key);
        roundLife.takeStep(step);
        roundLife.stepTime = undefined;
      }
      continue;
    }
    const next = steps[0];
    const seen = state.revision;
    await wake(() => state.revision !== seen, next ? Date.parse(next.at) - Date.parse(current) : undefined);
  }

  // The end: the final summary to everyone (it carries the report for the coordinator), children stop.
  if (state.status === 'completed') {
    roundLife.enqueue({
      kind: 'round-completed',
      about: 'completed',
      decidedAt: state.phaseSince,
      recipients: recipientsFor(state.round, 'everyone'),
      plan: state.plan,
      progress: statusViews(state.plan.deliverables, state.records, now()),
    });
  }
  await roundLife.drainOutbox();
  await Promise.all(children.map((child) => child.signal(roundEnded, { outcome: endStatus(state) })));
  await Promise.all(children.map((child) => child.result()));
  await condition(allHandlersFinished);
  await roundLife.drainOutbox();
  return {
    roundId: round.id,
    status: endStatus(state),
    endedAt: now(),
    ...(state.cancelledReason ? { reason: state.cancelledReason } : {}),
    deliverables: statusViews(state.plan.deliverables, state.records, now()),
  };
}

function endStatus(state: RoundState): 'completed' | 'cancelled' {
  return state.status === 'cancelled' ? 'cancelled' : 'completed';
}

async function startChildren(
  state: RoundState,
  owners: string[],
): Promise<Array<ChildWorkflowHandle<typeof delegationDeliverables>>> {
  const requestAt = requestTimes(state.plan);
  return Promise.all(
    owners.map((owner) =>
      startChild(delegationDeliverables, {
        workflowId: deliverablesWorkflowId(state.round.id, owner),
        // A child never outlives its round, whatever ends the round.
        parentClosePolicy: ParentClosePolicy.TERMINATE,
        args: [
          {
            round: state.round,
            owner,
            deliverables: state.plan.deliverables.filter((d) => d.owner === owner),
            requestAt,
            launchedAt: state.plan.launchedAt,
          },
        ],
      }),
    ),
  );
}
