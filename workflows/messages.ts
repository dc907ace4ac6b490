/**
 * Everything a client (the jsrx CLI, the dashboard, the tests) can say to a running round, defined once
 * next to the workflows so the two sides can never disagree on a name or a payload. Wire names are
 * camelCase throughout.
 *
 * Updates are validated: a refused update never reaches the history, and the caller learns the reason
 * at once. Temporal allows at most 10 updates in flight per workflow and 2,000 in its life; a round sees
 * a few dozen submissions, so it stays well inside both.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { DeliverableStatusView, DeliveryFailure, MessageKind } from './dispatch';
import type { DeliverableKey, OwnerId, Phase, PlanDeliverable, PlanEvent, ScheduledEventKey } from '../domain/plan-types';
import type { Round } from '../domain/round-file';

export { roundWorkflowId, deliverablesWorkflowId, invitationUid } from './ids';

// ---------------------------------------------------------------------------------------------------
// Workflow inputs and results

export interface ExchangeRoundInput {
  /** The round file as read (validated again inside the workflow: the client may be older or newer). */
  round: unknown;
}

export interface RoundOutcome {
  roundId: string;
  status: 'completed' | 'cancelled';
  endedAt: string;
  reason?: string;
  deliverables: DeliverableStatusView[];
}

export interface DelegationDeliverablesInput {
  round: Round;
  owner: OwnerId;
  /** This owner's deliverables only: the child never needs the others'. */
  deliverables: PlanDeliverable[];
  /** When each deliverable is requested (the start of its phase), by deliverable id. */
  requestAt: Record<string, string>;
  launchedAt: string;
}

export interface DelegationDeliverablesResult {
  owner: OwnerId;
  /** Messages this child sent (requests, reminders, overdue notices, escalations). */
  sent: number;
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
  cancelledReason?: string;
}

export const progress = defineQuery<RoundProgress>('progress');

// ---------------------------------------------------------------------------------------------------
// Between the round and its deliverables children (not for clients)

export const deliverableSettled = defineSignal<[{ id: string }]>('deliverableSettled');
export const deliverablesReplanned = defineSignal<
  [{ round: Round; deliverables: PlanDeliverable[]; requestAt: Record<string, string> }]
>('deliverablesReplanned');
export const roundEnded = defineSignal<[{ outcome: 'completed' | 'cancelled' }]>('roundEnded');
export const deliveryFailed = defineSignal<[{ failures: RecordedFailure[] }]>('deliveryFailed');
