/**
 * The updates that change a running round: submissions, waivers, extensions, reschedules, replacements
 * and cancellation. Each validator refuses what it can see at once, before anything reaches the history;
 * a change that needs the domain's rules goes through the planning activity, whose refusal fails the
 * update (never the round). Every change is told to the people it concerns.
 */
import { ApplicationFailure, setHandler } from '@temporalio/workflow';
import type { Plan, PlanDeliverable, PlanEvent } from '../domain/plan-types';
import type { Problem, Round } from '../domain/round-file';
import { recipientsFor } from './audience';
import { tellMovedDueDates } from './moved-due-dates';
import { ownersOf } from './owners';
import type { Recipient } from './dispatch';
import type * as Messages from './messages';
import { planning } from './planning';
import { statusView, type DeliverableRecord } from './progress';
import type { RoundLife } from './round-life';
import {
  checkExtension,
  checkReplacement,
  checkSubmission,
  checkWaiver,
  refusalIfEnded,
  type Checked,
  type RoundState,
} from './round-state';
import { checkCancelLimits, checkRescheduleLimits, normaliseEmail } from './update-limits';

const REFUSED = 'RoundChangeRefused';

function refuseInValidator<T extends object>(checked: Checked<T>): void {
  if ('refusal' in checked) throw new Error(checked.refusal);
}
function refuseInHandler<T extends object>(checked: Checked<T>): T {
  if ('refusal' in checked) throw ApplicationFailure.nonRetryable(checked.refusal, REFUSED);
  return checked;
}
const problemsText = (problems: Problem[]) => problems.map((p) => `${p.path}: ${p.message}`).join('; ');

export function installChangeHandlers(
  life: RoundLife,
  defs: Pick<
    typeof Messages,
    'submitDeliverable' | 'waiveDeliverable' | 'extendDeadline' | 'rescheduleEvent' | 'replaceParticipant' | 'cancelRound'
  >,
  /** The round's patches `due-dates-told-timers-kept` and `moved-due-dates-in-one-letter`, asked when it started (round.workflow.ts). */
  decisions: { tellsMovedDueDates: boolean; movedDueDatesInOneLetter: boolean },
): void {
  const { state } = life;
  // Changes that wait on the planning activity run one at a time, each on the round the previous one left.
  let queue: Promise<unknown> = Promise.resolve();
  const oneAtATime = <T>(change: () => Promise<T>): Promise<T> => {
    const run = queue.then(change, change);
    queue = run.catch(() => undefined);
    return run;
  };

  setHandler(
    defs.submitDeliverable,
    async (input) => {
      const { deliverable } = refuseInHandler(checkSubmission(state, input));
      const at = life.now();
      const record: DeliverableRecord = {
        status: at > deliverable.dueAt ? 'submitted-late' : 'submitted',
        at,
        by: normaliseEmail(input.by),
        reference: input.reference.trim(),
      };
      state.records[deliverable.id] = record;
      state.revision++;
      const view = statusView(deliverable, record, at);
      life.post(
        { kind: 'submission-receipt', about: deliverable.id, decidedAt: at, deliverable: view },
        receiptRecipients(state.round, deliverable, record.by ?? ''),
        deliverable.id,
      );
      shareWhatWasSubmitted(life, deliverable, record);
      await life.settleInChasing(deliverable.owner, deliverable.id);
      return view;
    },
    { validator: (input) => refuseInValidator(checkSubmission(state, input)) },
  );

  setHandler(
    defs.waiveDeliverable,
    async (input) => {
      const { deliverable } = refuseInHandler(checkWaiver(state, input));
      const at = life.now();
      const record: DeliverableRecord = {
        status: 'waived',
        at,
        waivedReason: input.reason.trim(),
        ...(input.by ? { by: normaliseEmail(input.by) } : {}),
      };
      state.records[deliverable.id] = record;
      state.revision++;
      const view = statusView(deliverable, record, at);
      // The owners stop receiving reminders for it, and the coordinator's records agree: both are told.
      life.post(
        { kind: 'deliverable-waived', about: deliverable.id, decidedAt: at, deliverable: view },
        unique([...ownersOf(state.round, deliverable), ...recipientsFor(state.round, 'coordinator')]),
        deliverable.id,
      );
      if (deliverable.key === 'jsr-documents') shareWhatWasSubmitted(life, deliverable, record);
      await life.settleInChasing(deliverable.owner, deliverable.id);
      return view;
    },
    { validator: (input) => refuseInValidator(checkWaiver(state, input)) },
  );

  setHandler(
    defs.extendDeadline,
    (input) =>
      oneAtATime(async () => {
        const { deliverable } = refuseInHandler(checkExtension(state, input));
        const revised = await planning.reviseRound({
          round: state.round,
          plan: state.plan,
          change: { type: 'extend-deadline', deliverable: deliverable.id, dueAt: input.dueAt.trim() },
          now: life.now(),
        });
        if (!revised.ok) throw ApplicationFailure.nonRetryable(problemsText(revised.problems), REFUSED);
        // Submitted or waived while the plan was being revised: nothing left to extend.
        const { deliverable: before } = refuseInHandler(checkExtension(state, input));
        state.plan = revised.plan;
        state.revision++;
        const extended = revised.plan.deliverables.find((d) => d.id === before.id) as PlanDeliverable;
        const at = life.now();
        const view = statusView(extended, undefined, at);
        // The new date is part of the identity: a second extension of the same deliverable is a new letter.
        life.post(
          {
            kind: 'deadline-extended',
            about: `${extended.id}@${extended.dueAt}`,
            decidedAt: at,
            deliverable: view,
            previousDueAt: before.dueAt,
            reason: input.reason.trim(),
          },
          unique([...ownersOf(state.round, extended), ...recipientsFor(state.round, 'coordinator')]),
          extended.id,
        );
        // The chasing child re-keys a moved due date: the old reminders are dropped, the new ones scheduled.
        await life.replanChasing();
        return view;
      }),
    { validator: (input) => refuseInValidator(checkExtension(state, input)) },
  );

  setHandler(
    defs.rescheduleEvent,
    (input) =>
      oneAtATime(async () => {
        refuseInHandler(checkReschedule(state, input, life.now()));
        const { reason, ...move } = input;
        const revised = await planning.reviseRound({
          round: state.round,
          plan: state.plan,
          change: { type: 'reschedule', ...move },
          now: life.now(),
        });
        if (!revised.ok) throw ApplicationFailure.nonRetryable(problemsText(revised.problems), REFUSED);
        refuseInHandler(checkReschedule(state, input, life.now()));
        const changedEvents = revised.plan.events.filter((event) => eventChanged(state.plan, event));
        const moved = revised.plan.deliverables
          .filter((d) => state.plan.deliverables.find((old) => old.id === d.id)?.dueAt !== d.dueAt)
          .map((d) => ({ id: d.id, dueAt: d.dueAt }));
        const previous = state.plan;
        state.round = revised.round;
        state.plan = revised.plan;
        for (const event of changedEvents) {
          const sequence = state.invitations[event.id];
          if (sequence === undefined) continue;
          // Same UID, SEQUENCE + 1: calendar clients move the event instead of adding a second one.
          state.invitations[event.id] = sequence + 1;
          life.invite(event, 'REQUEST', sequence + 1, reason?.trim() ? { reason: reason.trim() } : {});
        }
        const event = revised.plan.events.find((candidate) => candidate.id === input.event) as PlanEvent;
        if (decisions.tellsMovedDueDates) tellMovedDueDates(life, previous, event, reason?.trim() ?? '', decisions.movedDueDatesInOneLetter);
        state.revision++;
        await life.replanChasing();
        return { event, sequence: state.invitations[event.id] ?? 0, moved };
      }),
    {
      validator: (input) => {
        const checked = checkReschedule(state, input, life.now());
        refuseInValidator(checked);
        // In the validator alone (no replay runs it): a move to where the event already is changes nothing.
        if ('event' in checked && alreadyThere(checked.event, input))
          throw new Error(`${input.event} is already at ${input.start}${input.end ? ` to ${input.end}` : ''}: nothing to change (give another start)`);
      },
    },
  );

  setHandler(
    defs.replaceParticipant,
    (input) =>
      oneAtATime(async () => {
        const { owner, leaving, newcomer } = refuseInHandler(checkReplacement(state, input));
        const revised = await planning.reviseRound({
          round: state.round,
          plan: state.plan,
          change: { type: 'replace-participant', delegation: owner, leaving, newcomer },
          now: life.now(),
        });
        if (!revised.ok) throw ApplicationFailure.nonRetryable(problemsText(revised.problems), REFUSED);
        refuseInHandler(checkReplacement(state, input));
        const now = life.now();
        const leaver = recipientsFor(state.round, 'everyone').find((r) => r.email === leaving);
        const oldPlan = state.plan;
        state.round = revised.round;
        state.plan = revised.plan;
        moveParticipantRecords(state, oldPlan, leaving, newcomer.email);
        const joiner = recipientsFor(state.round, 'everyone').find((r) => r.email === newcomer.email) as Recipient;
        const events = state.plan.events.filter(
          (event) =>
            state.invitations[event.id] !== undefined &&
            event.end > now &&
            recipientsFor(state.round, event.audience).some((r) => r.email === newcomer.email),
        );
        for (const event of events) {
          const sequence = (state.invitations[event.id] ?? 0) + 1;
          state.invitations[event.id] = sequence;
          // The leaver's calendar drops the event: a CANCEL that names them (RFC 5546 §3.2.5).
          if (leaver) life.invite(event, 'CANCEL', sequence, { recipients: [leaver], attendees: [{ name: leaver.name, email: leaver.email }] });
          life.invite(event, 'REQUEST', sequence, { recipients: [joiner], firstForReader: true });
        }
        life.post(
          {
            kind: 'onboarding',
            about: `${owner}/${newcomer.email}`,
            decidedAt: now,
            events: state.plan.events,
            tasks: life.tasksOf(joiner),
            replaces: leaver ? { name: leaver.name, email: leaver.email } : { name: leaving, email: leaving },
          },
          [joiner],
        );
        state.revision++;
        await life.replanChasing();
        return { events: events.map((event) => event.id) };
      }),
    {
      validator: (input) => {
        const checked = checkReplacement(state, input);
        refuseInValidator(checked);
        // Checked in the validator alone, which no replay runs: an update the round once accepted is not refused on replay.
        if ('newcomer' in checked && checked.newcomer.email === checked.leaving)
          throw new Error(`${checked.newcomer.email} is the address of the participant who leaves: give the newcomer’s own address`);
      },
    },
  );

  setHandler(
    defs.cancelRound,
    (input) => {
      const { reason } = refuseInHandler(checkCancel(state, input));
      state.cancelledReason = reason;
      state.status = 'cancelled';
      // The main loop stops the children, then tells everyone (round.workflow.ts).
      life.enterPhase('cancelled');
      return { cancelledAt: life.now() };
    },
    { validator: (input) => refuseInValidator(checkCancel(state, input)) },
  );
}

function checkCancel(state: RoundState, input: Messages.CancelRoundInput): Checked<{ reason: string }> {
  const refusal = refusalIfEnded(state) ?? checkCancelLimits(input);
  if (refusal) return { refusal };
  return { reason: input.reason.trim() };
}

/** What the round itself can tell about a move before the domain's rules see it. */
function checkReschedule(state: RoundState, input: Messages.RescheduleEventInput, now: string): Checked<{ event: PlanEvent }> {
  const refusal = refusalIfEnded(state) ?? checkRescheduleLimits(input);
  if (refusal) return { refusal };
  const movable = state.plan.events.filter((event) => event.kind !== 'debrief');
  const current = movable.find((event) => event.id === input.event);
  if (!current) return { refusal: `unknown event "${input.event}" (one of: ${movable.map((event) => event.id).join(', ')})` };
  if (current.start <= now) return { refusal: `${input.event} started at ${current.start}: it can no longer move` };
  return { event: current };
}

/** The move names the event's own dates (and link and length, where given). */
function alreadyThere(event: PlanEvent, input: Messages.RescheduleEventInput): boolean {
  if (event.allDay) return input.start === event.allDay.firstDay && (input.end ?? event.allDay.lastDay) === event.allDay.lastDay;
  const start = Date.parse(input.start);
  const length = (Date.parse(event.end) - Date.parse(event.start)) / 60_000;
  return (
    start === Date.parse(event.start) &&
    (input.durationMinutes === undefined || input.durationMinutes === length) &&
    (input.joinUrl === undefined || input.joinUrl === event.joinUrl)
  );
}

function eventChanged(plan: Plan, event: PlanEvent): boolean {
  const before = plan.events.find((old) => old.id === event.id);
  return !before || before.start !== event.start || before.end !== event.end || before.joinUrl !== event.joinUrl;
}

/** The submitter and the people who owe the deliverable, each once. */
function receiptRecipients(round: Round, deliverable: PlanDeliverable, by: string): Recipient[] {
  const submitter = recipientsFor(round, 'everyone').find((r) => r.email === by);
  return unique([...(submitter ? [submitter] : []), ...ownersOf(round, deliverable)]);
}

function unique(recipients: Recipient[]): Recipient[] {
  return recipients.filter((r, index) => recipients.findIndex((other) => other.email === r.email) === index);
}

/** Documents that travel on once submitted: the peer documents pack (or its update), the aide-memoire, the visit logistics. */
function shareWhatWasSubmitted(life: RoundLife, deliverable: PlanDeliverable, record: DeliverableRecord): void {
  const { state } = life;
  const document = record.reference
    ? [{ owner: deliverable.owner, key: deliverable.key, reference: record.reference, ...(record.by ? { submittedBy: record.by } : {}) }]
    : [];
  if (deliverable.key === 'jsr-documents') {
    if (!state.done.includes('peer-documents')) {
      const all = state.plan.deliverables.filter((d) => d.key === 'jsr-documents');
      if (all.every((d) => state.records[d.id])) life.sendPeerDocuments();
    } else if (document.length > 0) {
      // The pack went out without these: the peers get them as an update of the pack.
      const peers = recipientsFor(state.round, 'everyone').filter((r) => r.role !== 'participant' || r.country !== deliverable.owner);
      life.post({ kind: 'peer-documents-update', about: deliverable.id, decidedAt: life.now(), documents: document }, peers, deliverable.id);
    }
    return;
  }
  if (deliverable.key === 'aide-memoire') {
    life.post({ kind: 'aide-memoire', about: deliverable.id, decidedAt: life.now(), documents: document }, recipientsFor(state.round, 'everyone'), deliverable.id);
  } else if (deliverable.key === 'visit-logistics') {
    const visit = state.plan.events.find((event) => event.id === 'visit') as PlanEvent;
    life.post(
      { kind: 'visit-logistics', about: deliverable.id, decidedAt: life.now(), documents: document, event: visit },
      recipientsFor(state.round, 'visiting'),
      deliverable.id,
    );
  }
}

/** A per-participant deliverable (exchange feedback) passes to the newcomer, with whatever was recorded on it. */
function moveParticipantRecords(state: RoundState, oldPlan: Plan, leaving: string, newcomer: string): void {
  for (const deliverable of oldPlan.deliverables) {
    if (deliverable.participant !== leaving) continue;
    const record = state.records[deliverable.id];
    if (!record) continue;
    delete state.records[deliverable.id];
    state.records[`${deliverable.owner}/${deliverable.key}/${newcomer}`] = record;
  }
}
