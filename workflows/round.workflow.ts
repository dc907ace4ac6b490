/**
 * One exchange round, from launch to `completed` or `cancelled` (DESIGN.md §2). The round is the source
 * of truth: it holds the plan history recorded and every deliverable's status, answers the progress
 * query, accepts submissions and changes as validated updates, and sends what each phase sends. A child
 * workflow per delegation chases that delegation's deliverables; the round chases the Secretariat's
 * itself (rounds started before `SECRETARIAT_CHASED_IN_ROUND` ran a child for it too).
 *
 * Versioning: rounds live for months. Any change to what this code decides must be guarded with
 * `patched('<change-id>')` right where the decision is made, so the histories recorded from released
 * versions under test/histories/ still replay; test/workflows/replay.test.ts checks exactly that.
 */
import {
  ApplicationFailure,
  CancellationScope,
  ParentClosePolicy,
  allHandlersFinished,
  condition,
  isCancellation,
  patched,
  setHandler,
  startChild,
  workflowInfo,
  type ChildWorkflowHandle,
} from '@temporalio/workflow';
import { recipientsFor, roundContext } from './audience';
import { SECRETARIAT_OWNER } from './chasing';
import { delegationDeliverables } from './delegation.workflow';
import { deliverablesWorkflowId } from './ids';
import { deliveryFailed, roundEnded } from './internal-signals';
import {
  cancelRound,
  extendDeadline,
  letters,
  progress,
  replaceParticipant,
  rescheduleEvent,
  submitDeliverable,
  waiveDeliverable,
  type ExchangeRoundInput,
  type RoundOutcome,
} from './messages';
import { BATCH_LIMIT, ROUND_BATCH_LIMIT, lettersGoInBatches } from './mailroom';
import { planning } from './planning';
import { installChangeHandlers } from './round-changes';
import { RoundLife, publishPhase } from './round-life';
import type { RoundState } from './round-state';
import { roundSteps } from './round-timeline';
import { wake } from './wake';

type Children = Array<ChildWorkflowHandle<typeof delegationDeliverables>>;

/**
 * The Secretariat's deliverables are chased by the round itself, not by a child: a child heard of every
 * settlement by a signal, which cost the round and the child a workflow task each, and its start was one
 * workflow start in six at a launch. Asked in the first activation, as `lettersGoInBatches` is.
 */
export const SECRETARIAT_CHASED_IN_ROUND = 'secretariat-chased-in-round';
/**
 * Two changes of one release, under one marker: a reschedule tells the owners of the due dates it moves
 * (round-changes.ts), and a wait that ends early leaves a timer due within the minute to fire rather than
 * cancel it (wake.ts), in the round and in the children it starts.
 */
export const DUE_DATES_TOLD_TIMERS_KEPT = 'due-dates-told-timers-kept';
/**
 * A reschedule tells each reader every due date of theirs it moves in one letter (round-changes.ts): moving
 * vc2 sent each delegation two or three letters at once, one per deliverable.
 */
export const MOVED_DUE_DATES_IN_ONE_LETTER = 'moved-due-dates-in-one-letter';

/** The reason a round cancelled from Temporal itself (Web UI, `temporal workflow cancel`) gives its readers. */
export const CANCELLED_FROM_TEMPORAL = 'the round was cancelled by the Secretariat';

export async function exchangeRound(input: ExchangeRoundInput): Promise<RoundOutcome> {
  // All asked before the planning activity: see workflows/mailroom.ts. Each newer patch implies the ones
  // before it, so a round launched now records one marker.
  const movedDueDatesInOneLetter = patched(MOVED_DUE_DATES_IN_ONE_LETTER);
  const thisRelease = movedDueDatesInOneLetter || patched(DUE_DATES_TOLD_TIMERS_KEPT);
  const secretariatInRound = thisRelease || patched(SECRETARIAT_CHASED_IN_ROUND);
  // Every round that chases the Secretariat itself sends in batches: not asking saves it a marker and a
  // visibility write (each patch upserts Temporal's change-version search attribute).
  const lettersInBatches = secretariatInRound || lettersGoInBatches();
  const info = workflowInfo();
  // The workflow's start time, from its history: the same on every replay.
  const launchedAt = info.startTime.toISOString();
  const planned = await planning.planRound({ round: input?.round, launchedAt });
  if (!planned.ok) {
    const problems = planned.problems.map((p) => `${p.path}: ${p.message}`).join('; ');
    throw ApplicationFailure.nonRetryable(`the round cannot launch: ${problems}`, 'InvalidRoundError', planned.problems);
  }
  const { round, plan } = planned;
  const state: RoundState = {
    context: roundContext(round, info.firstExecutionRunId),
    round,
    plan,
    warnings: planned.warnings,
    status: 'running',
    phase: 'prep-1',
    phaseSince: plan.launchedAt,
    records: {},
    invitations: {},
    done: [],
    failures: [],
    revision: 0,
  };
  const delegations = round.delegations.map((d) => d.country);
  const owners = secretariatInRound ? delegations : [SECRETARIAT_OWNER, ...delegations];
  const life = new RoundLife(state, owners, () => new Date().toISOString(), lettersInBatches, secretariatInRound ? ROUND_BATCH_LIMIT : BATCH_LIMIT, thisRelease);

  setHandler(progress, () => life.progress());
  setHandler(letters, () => life.letters.log);
  setHandler(deliveryFailed, ({ failures }) => {
    state.failures.push(...failures);
  });
  installChangeHandlers(life, { submitDeliverable, waiveDeliverable, extendDeadline, rescheduleEvent, replaceParticipant, cancelRound }, {
    tellsMovedDueDates: thisRelease,
    movedDueDatesInOneLetter,
  });

  publishPhase(state);
  life.postEach(recipientsFor(round, 'everyone'), (reader) => ({
    kind: 'welcome',
    about: 'welcome',
    decidedAt: plan.launchedAt,
    events: plan.events,
    tasks: life.tasksOf(reader),
  }));
  // Started before the children: its first requests go in the welcome's batch.
  const chasing = secretariatInRound ? life.chaseSecretariat() : undefined;
  const starting = startChildren(life, owners);
  // Rounds that chase the Secretariat themselves take the launch's steps at once, so its invitations
  // join the welcome's batch; they need their children's handles only when the round ends.
  if (secretariatInRound) starting.catch(() => undefined);
  else await starting;

  try {
    await runTimeline(life);
  } catch (error) {
    if (!isCancellation(error)) throw error;
    // Cancelled from Temporal: the same business cancellation, which nothing may interrupt half-way.
    await CancellationScope.nonCancellable(async () => {
      state.cancelledReason = CANCELLED_FROM_TEMPORAL;
      state.status = 'cancelled';
      life.enterPhase('cancelled');
      // Temporal cancels the children with the round; wait until they, and the round's own chasing, have stopped.
      const children = await starting.catch(() => [] as Children);
      await Promise.all([...children.map((child) => child.result().catch(() => undefined)), chasing?.catch(() => undefined)]);
      await life.mailroom.idle();
      await tellCancellation(life);
    });
    throw error;
  }

  const outcome = state.status === 'cancelled' ? 'cancelled' : 'completed';
  const children = await starting;
  // The chasing stops before anything else is said: no reminder lands after the notice.
  life.secretariat?.end(outcome);
  await Promise.all(children.map((child) => child.signal(roundEnded, { outcome })));
  await Promise.all([...children.map((child) => child.result()), chasing]);
  if (outcome === 'cancelled') {
    await life.mailroom.stop();
    await tellCancellation(life);
  } else {
    // As a child lets its letters finish before it returns: the Secretariat's reminders land before the summary.
    if (chasing) await life.mailroom.idle();
    // The final summary to everyone; it carries the report for the coordinator.
    life.post(
      { kind: 'round-completed', about: 'completed', decidedAt: state.phaseSince, progress: life.statuses() },
      recipientsFor(state.round, 'everyone'),
    );
  }
  await condition(allHandlersFinished);
  await life.mailroom.idle();
  return {
    roundId: round.id,
    status: outcome,
    endedAt: life.now(),
    ...(state.cancelledReason ? { reason: state.cancelledReason } : {}),
    deliverables: life.statuses(),
    progress: life.progress(),
  };
}

/** Takes each step of the timeline when it is due, waking early whenever an update changed the round. */
async function runTimeline(life: RoundLife): Promise<void> {
  const { state } = life;
  while (state.status === 'running') {
    const steps = roundSteps(state);
    const current = life.now();
    const due = steps.filter((step) => step.at <= current);
    if (due.length > 0) {
      for (const step of due) {
        if (state.status !== 'running') break;
        state.done.push(step.key);
        life.takeStep(step);
        life.stepTime = undefined;
      }
      continue;
    }
    const next = steps[0];
    const seen = state.revision;
    await wake(() => state.revision !== seen, next ? Date.parse(next.at) - Date.parse(current) : undefined, life.keepsTimersDueSoon);
  }
}

/** The notice to everyone, and a CANCEL (same UID, higher SEQUENCE) for every event still in their calendars. */
async function tellCancellation(life: RoundLife): Promise<void> {
  const { state } = life;
  life.mailroom = life.openMailroom();
  const now = life.now();
  const reason = state.cancelledReason ?? CANCELLED_FROM_TEMPORAL;
  life.post(
    { kind: 'round-cancelled', about: 'cancelled', decidedAt: now, reason, progress: life.statuses() },
    recipientsFor(state.round, 'everyone'),
  );
  for (const event of state.plan.events) {
    const sequence = state.invitations[event.id];
    if (sequence === undefined || event.end <= now) continue;
    state.invitations[event.id] = sequence + 1;
    life.invite(event, 'CANCEL', sequence + 1, { reason });
  }
  await life.mailroom.idle();
}

async function startChildren(life: RoundLife, owners: string[]): Promise<Children> {
  const { state } = life;
  return Promise.all(
    owners.map((owner) =>
      startChild(delegationDeliverables, {
        workflowId: deliverablesWorkflowId(state.round.id, owner),
        // A child never outlives its round, whatever ends the round.
        parentClosePolicy: ParentClosePolicy.TERMINATE,
        args: [
          {
            owner,
            context: state.context,
            launchedAt: state.plan.launchedAt,
            lettersInBatches: life.lettersInBatches,
            ...(life.keepsTimersDueSoon ? { keepsTimersDueSoon: true } : {}),
            ...life.sliceFor(owner),
          },
        ],
      }),
    ),
  );
}
