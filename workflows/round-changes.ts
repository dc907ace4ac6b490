/**
 * The updates that change a running round: submissions, waivers, reschedules, replacements and
 * cancellation. Each validator refuses with a reason before anything reaches the history; each handler
 * checks again and throws `ApplicationFailure`, so a refused change fails the update, never the round.
 */
import { ApplicationFailure, setHandler } from '@temporalio/workflow';
import { delegationRecipients, recipientsFor, secretariatRecipients } from './audience';
import type { Recipient } from './dispatch';
import type * as Messages from './messages';
import { buildPlan, rescheduleRound } from '../domain/plan';
import { SCHEDULED_EVENTS, SECRETARIAT, type Plan, type PlanDeliverable, type PlanEvent } from '../domain/plan-types';
import { statusView, statusViews, type DeliverableRecord } from './progress';
import type { Round } from '../domain/round-file';
import { checkSubmission, checkWaiver, refusalIfEnded, roundWithReplacement, type RoundState } from './round-state';
import type { RoundLife } from './round-life';
import { normaliseEmail } from '../domain/validate';

type Checked<T> = T | { refusal: string };
const REFUSED = 'RoundChangeRefused';

function refuseInValidator<T extends object>(checked: Checked<T>): void {
  if ('refusal' in checked) throw new Error(checked.refusal);
}
function refuseInHandler<T extends object>(checked: Checked<T>): T {
  if ('refusal' in checked) throw ApplicationFailure.nonRetryable(checked.refusal, REFUSED);
  return checked;
}

export function installChangeHandlers(
  life: RoundLife,
  defs: Pick<typeof Messages, 'submitDeliverable' | 'waiveDeliverable' | 'rescheduleEvent' | 'replaceParticipant' | 'cancelRound'>,
): void {
  const { state } = life;

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
      const view = statusView(deliverable, record, at);
      life.enqueue(
        { kind: 'submission-receipt', about: deliverable.id, decidedAt: at, recipients: receiptRecipients(state.round, deliverable, record.by ?? ''), deliverable: view },
        deliverable.id,
      );
      shareWhatWasSubmitted(life, deliverable, record);
      await life.settleInChild(deliverable.owner, deliverable.id);
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
      if (deliverable.key === 'jsr-documents') shareWhatWasSubmitted(life, deliverable, record);
      await life.settleInChild(deliverable.owner, deliverable.id);
      return statusView(deliverable, record, at);
    },
    { validator: (input) => refuseInValidator(checkWaiver(state, input)) },
  );

  setHandler(
    defs.rescheduleEvent,
    async (input) => {
      const change = refuseInHandler(planReschedule(state, input, life.now()));
      state.round = change.round;
      state.plan = change.plan;
      for (const event of change.changedEvents) {
        state.eventsKnownSince[event.id] = life.now();
        const sequence = state.invitations[event.id];
        if (sequence === undefined) continue;
        // Same UID, SEQUENCE + 1: calendar clients move the event instead of adding a second one.
        state.invitations[event.id] = sequence + 1;
        life.invite(event, 'REQUEST', sequence + 1);
      }
      state.revision++;
      await life.replanChildren();
      return { event: change.event, sequence: state.invitations[change.event.id] ?? 0, moved: change.moved };
    },
    { validator: (input) => refuseInValidator(planReschedule(state, input, life.now())) },
  );

  setHandler(
    defs.replaceParticipant,
    async (input) => {
      const replacement = refuseInHandler(roundWithReplacement(state, input));
      const { owner, leaving, newcomer } = replacement;
      const now = life.now();
      const leaver = recipientsFor(state.round, 'everyone').find((r) => r.email === leaving);
      const replaced = state.round.delegations.flatMap((d) => d.participants).find((p) => p.email === leaving);
      const oldPlan = state.plan;
      state.round = replacement.round;
      state.plan = buildPlan(replacement.round, oldPlan.launchedAt);
      moveParticipantRecords(state, oldPlan, leaving, newcomer);
      const joiner = recipientsFor(state.round, 'everyone').find((r) => r.email === newcomer) as Recipient;
      const events = state.plan.events.filter(
        (event) =>
          state.invitations[event.id] !== undefined &&
          event.end > now &&
          recipientsFor(state.round, event.audience).some((r) => r.email === newcomer),
      );
      for (const event of events) {
        const sequence = (state.invitations[event.id] ?? 0) + 1;
        state.invitations[event.id] = sequence;
        if (leaver) life.invite(event, 'CANCEL', sequence, [leaver]);
        life.invite(event, 'REQUEST', sequence, [joiner]);
      }
      life.enqueue({
        kind: 'onboarding',
        about: `${owner}/${newcomer}`,
        decidedAt: now,
        recipients: [joiner],
        plan: state.plan,
        progress: statusViews(
          state.plan.deliverables.filter((d) => d.owner === owner),
          state.records,
          now,
        ),
        ...(replaced ? { replaces: { name: replaced.name, email: replaced.email } } : {}),
      });
      await life.replanChildren(owner);
      return { events: events.map((event) => event.id) };
    },
    { validator: (input) => refuseInValidator(roundWithReplacement(state, input)) },
  );

  setHandler(
    defs.cancelRound,
    (input) => {
      const reason = refuseInHandler(checkCancel(state, input)).reason;
      const now = life.now();
      state.cancelledReason = reason;
      life.enqueue({
        kind: 'round-cancelled',
        about: 'cancelled',
        decidedAt: now,
        recipients: recipientsFor(state.round, 'everyone'),
        reason,
        progress: statusViews(state.plan.deliverables, state.records, now),
      });
      // A CANCEL with the same UID and a higher SEQUENCE, so calendars drop the event and its alarms.
      for (const event of state.plan.events) {
        const sequence = state.invitations[event.id];
        if (sequence === undefined || event.end <= now) continue;
        state.invitations[event.id] = sequence + 1;
        life.invite(event, 'CANCEL', sequence + 1);
      }
      state.status = 'cancelled';
      life.enterPhase('cancelled');
      return { cancelledAt: now };
    },
    { validator: (input) => refuseInValidator(checkCancel(state, input)) },
  );
}

function checkCancel(state: RoundState, input: Messages.CancelRoundInput): Checked<{ reason: string }> {
  const ended = refusalIfEnded(state);
  if (ended) return { refusal: ended };
  if (!input || typeof input.reason !== 'string' || input.reason.trim() === '') {
    return { refusal: 'a cancellation needs a reason: everyone receives it' };
  }
  return { reason: input.reason.trim() };
}

/** The submitter and the people who owe the deliverable, each once. */
function receiptRecipients(round: Round, deliverable: PlanDeliverable, by: string): Recipient[] {
  const owners =
    deliverable.owner === SECRETARIAT
      ? secretariatRecipients(round)
      : delegationRecipients(round, deliverable.owner).filter(
          (r) => !deliverable.participant || r.email === deliverable.participant,
        );
  const submitter = recipientsFor(round, 'everyone').find((r) => r.email === by);
  const all = submitter ? [submitter, ...owners] : owners;
  return all.filter((r, index) => all.findIndex((other) => other.email === r.email) === index);
}

/** Documents that travel on once submitted: the peer documents pack, the aide-memoire, the visit logistics. */
function shareWhatWasSubmitted(life: RoundLife, deliverable: PlanDeliverable, record: DeliverableRecord): void {
  const { state } = life;
  const document = record.reference
    ? [{ owner: deliverable.owner, key: deliverable.key, reference: record.reference, ...(record.by ? { submittedBy: record.by } : {}) }]
    : [];
  if (deliverable.key === 'jsr-documents') {
    const all = state.plan.deliverables.filter((d) => d.key === 'jsr-documents');
    if (!state.done.includes('peer-documents') && all.every((d) => state.records[d.id])) life.sendPeerDocuments();
    return;
  }
  const visit = state.plan.events.find((event) => event.id === 'visit');
  if (deliverable.key === 'aide-memoire') {
    life.enqueue(
      { kind: 'aide-memoire', about: deliverable.id, decidedAt: life.now(), recipients: recipientsFor(state.round, 'everyone'), documents: document },
      deliverable.id,
    );
  } else if (deliverable.key === 'visit-logistics') {
    life.enqueue(
      {
        kind: 'visit-logistics',
        about: deliverable.id,
        decidedAt: life.now(),
        recipients: recipientsFor(state.round, 'visiting'),
        documents: document,
        ...(visit ? { event: visit } : {}),
      },
      deliverable.id,
    );
  }
}

interface RescheduleChange {
  round: Round;
  plan: Plan;
  event: PlanEvent;
  changedEvents: PlanEvent[];
  moved: Array<{ id: string; dueAt: string }>;
}

function planReschedule(state: RoundState, input: Messages.RescheduleEventInput, now: string): Checked<RescheduleChange> {
  const ended = refusalIfEnded(state);
  if (ended) return { refusal: ended };
  if (!input || !(SCHEDULED_EVENTS as readonly string[]).includes(input.event)) {
    return { refusal: `unknown event "${input?.event}" (one of: ${SCHEDULED_EVENTS.join(', ')})` };
  }
  const current = state.plan.events.find((event) => event.id === input.event);
  if (current && current.start <= now) return { refusal: `${input.event} started at ${current.start}: it can no longer move` };
  const change =
    input.event === 'visit'
      ? { start: input.start, end: input.end }
      : { start: input.start, durationMinutes: input.durationMinutes, joinUrl: input.joinUrl };
  const result = rescheduleRound(state.round, input.event, change);
  if (!result.ok) return { refusal: result.problems.map((p) => `${p.path}: ${p.message}`).join('; ') };
  const plan = buildPlan(result.round, state.plan.launchedAt);
  const event = plan.events.find((candidate) => candidate.id === input.event) as PlanEvent;
  if (event.start <= now) return { refusal: `the new start of ${input.event} (${event.start}) is already past` };
  const changedEvents = plan.events.filter((candidate) => {
    const before = state.plan.events.find((old) => old.id === candidate.id);
    return !before || before.start !== candidate.start || before.end !== candidate.end || before.joinUrl !== candidate.joinUrl;
  });
  const moved = plan.deliverables
    .filter((d) => state.plan.deliverables.find((old) => old.id === d.id)?.dueAt !== d.dueAt)
    .map((d) => ({ id: d.id, dueAt: d.dueAt }));
  return { round: result.round, plan, event, changedEvents, moved };
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
