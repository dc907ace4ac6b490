/**
 * Everything a client (the jsrx CLI, the dashboard, the tests) can say to a running round, defined once
 * next to the workflows so the two sides can never disagree on a name or a payload. Wire names are
 * camelCase throughout. The signals between the round and its children live in internal-signals.ts.
 *
 * Updates are validated: a refusal found by a validator never reaches the history, and the caller learns
 * the reason at once. A refusal that needs the domain rules (a reschedule that breaks the event order)
 * is found by the planning activity inside the handler: the update fails, never the round. Temporal
 * allows at most 10 updates in flight per workflow and 2,000 in its life; a round sees a few dozen.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { DeliverableKey, Phase, PlanEvent, ScheduledEventKey } from '../domain/plan-types';
import type { Problem } from '../domain/round-file';
import type { DeliverableStatusView, DeliveryFailure, MessageKind } from './dispatch';

export { roundWorkflowId, deliverablesWorkflowId, invitationUid } from './ids';

// ---------------------------------------------------------------------------------------------------
// Workflow inputs and results

export interface ExchangeRoundInput {
  /** The round file as read: validated and dated by the planning activity, whose result history keeps. */
  round: unknown;
}

export interface RoundOutcome {
  roundId: string;
  status: 'completed' | 'cancelled';
  endedAt: string;
  reason?: string;
  deliverables: DeliverableStatusView[];
  /**
   * The `progress` query's answer at the end. Once a round's workflow has closed, the query costs a replay
   * of its whole history on a worker; whoever already has the result (a rehearsal) reads this instead.
   * Absent from rounds that ended under an earlier release.
   */
  progress?: RoundProgress;
}

// ---------------------------------------------------------------------------------------------------
// Updates

export interface SubmitDeliverableInput {
  /** A delegation's country code, or `secretariat`. */
  delegation: string;
  key: DeliverableKey;
  /** For a per-participant deliverable (exchange-feedback): whose it is. */
  participant?: string;
  /** Email of the person submitting. */
  by: string;
  /** A file reference, a URL or a short note. */
  reference: string;
}

export interface WaiveDeliverableInput {
  delegation: string;
  key: DeliverableKey;
  participant?: string;
  reason: string;
  by?: string;
}

export interface ExtendDeadlineInput {
  /** A delegation's country code, or `secretariat`. */
  delegation: string;
  key: DeliverableKey;
  /** For a per-participant deliverable (exchange-feedback): whose it is. */
  participant?: string;
  /** An ISO date (due at 17:00 host time, like the file's deadlines) or an ISO instant with its offset. */
  dueAt: string;
  /** Told to the owners and the coordinator. */
  reason: string;
  by?: string;
}

export interface RescheduleEventInput {
  event: ScheduledEventKey;
  /** ISO instant for a video conference; ISO date (YYYY-MM-DD) for the visit. */
  start: string;
  /** Visit only: its last day (ISO date). */
  end?: string;
  durationMinutes?: number;
  joinUrl?: string;
  reason?: string;
}

export interface RescheduleEventResult {
  event: PlanEvent;
  /** The invitation's SEQUENCE after the change (0 if the invitation has not gone out yet). */
  sequence: number;
  /** Deliverables whose due date moved, with the new date. */
  moved: Array<{ id: string; dueAt: string }>;
}

export interface ReplaceParticipantInput {
  delegation: string;
  /** Email of the participant who left. */
  leaving: string;
  newcomer: { name: string; email: string };
}

export interface ReplaceParticipantResult {
  /** Future events the newcomer was invited to and the leaver was taken off. */
  events: string[];
}

export interface CancelRoundInput {
  reason: string;
}

export const submitDeliverable = defineUpdate<DeliverableStatusView, [SubmitDeliverableInput]>('submitDeliverable');
export const waiveDeliverable = defineUpdate<DeliverableStatusView, [WaiveDeliverableInput]>('waiveDeliverable');
/** Moves one deliverable's due date; its reminders move with it. Returns the deliverable's new status view. */
export const extendDeadline = defineUpdate<DeliverableStatusView, [ExtendDeadlineInput]>('extendDeadline');
export const rescheduleEvent = defineUpdate<RescheduleEventResult, [RescheduleEventInput]>('rescheduleEvent');
export const replaceParticipant = defineUpdate<ReplaceParticipantResult, [ReplaceParticipantInput]>(
  'replaceParticipant',
);
export const cancelRound = defineUpdate<{ cancelledAt: string }, [CancelRoundInput]>('cancelRound');

// ---------------------------------------------------------------------------------------------------
// The progress query

/** A permanent delivery failure (SMTP 5xx, or every retry spent), kept on the round for the coordinator. */
export interface RecordedFailure extends DeliveryFailure {
  kind: MessageKind;
  about: string;
  at: string;
  /** The deliverable the message was about, if any. */
  deliverableId?: string;
}

export interface DeliverableProgress extends DeliverableStatusView {
  deliveryFailures: DeliveryFailure[];
  /** The next reminder, overdue notice or escalation the plan holds for an open deliverable (none once settled). */
  nextReminder?: { at: string; kind: 'before' | 'overdue' | 'escalation' };
}

export interface RoundProgress {
  roundId: string;
  title: string;
  status: 'running' | 'completed' | 'cancelled';
  phase: Phase;
  phaseSince: string;
  launchedAt: string;
  /** The next few events that have not started yet, soonest first. */
  nextEvents: Array<{ id: string; kind: PlanEvent['kind']; start: string; end: string }>;
  /** Every deliverable of the round, each with its owner, soonest due first. */
  deliverables: DeliverableProgress[];
  deliveryFailures: RecordedFailure[];
  /** Letters handed to the transport, and letters still being tried (a reader's server said "later"). */
  letters: { delivered: number; inFlight: number; failed: number };
  /** Deviations from the concept note found when the round was planned (fewer than three staff …). */
  warnings: Problem[];
  /** Deliverables escalated to the coordinator, who follows them up from then on. */
  escalated: string[];
  cancelledReason?: string;
  /** The round's first run id: calendar UIDs are scoped to it (ids.ts), so a live feed can repeat them. */
  runId: string;
  /** When the round is over (the plan's end): participants' links stay valid 30 days after it. */
  completesAt: string;
  /** Every event of the current plan, with the SEQUENCE its invitation last went out with (0 before). */
  events: Array<Omit<PlanEvent, 'remindersAt' | 'remindersByZone'> & { sequence: number }>;
  community: 'francophone' | 'anglophone';
  /**
   * The owners whose deliverables a child workflow chases (`deliverablesWorkflowId`), each answering the
   * `letters` query with its own letters. Every delegation; the Secretariat too in rounds started before
   * the round chased it itself. Absent when a worker of an earlier release answers.
   */
  chasingChildren?: string[];
  /** Who is in the round now (after replacements), with the language and zone the participants read in. */
  delegations: Array<{
    country: string;
    host: boolean;
    timezone: string;
    language: 'en' | 'fr';
    participants: Array<{ name: string; email: string }>;
    coordinatingAgency: Array<{ name: string; email: string }>;
  }>;
}

export const progress = defineQuery<RoundProgress>('progress');

/** One line of a workflow's letter log: what went to whom, and how it went. Memory only, never history. */
export interface LetterLogEntry {
  kind: MessageKind;
  about: string;
  to: string;
  decidedAt: string;
  outcome: 'sending' | 'delivered' | 'failed' | 'cancelled';
  reason?: string;
}

/**
 * Every letter a workflow posted and its outcome, newest last: the round answers for its own letters
 * (welcome, invitations, receipts, notices), each chasing child for its requests and reminders. Kept in
 * the workflow's memory, so a worker that restarts rebuilds it by replay.
 */
export const letters = defineQuery<LetterLogEntry[]>('letters');

