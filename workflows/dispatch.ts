/**
 * The contract between the workflows (which decide who receives what, and when) and the message
 * activities (which render, build invitations and send). Plain JSON: it is recorded in workflow history.
 */
import type { Language } from '../domain/round-file';
import type { DeliverableKey, OwnerId, Plan, PlanEvent } from '../domain/plan-types';

export const MESSAGE_KINDS = [
  'welcome',
  'invitation',
  'invitation-cancelled',
  'event-reminder',
  'deliverable-request',
  'deliverable-reminder',
  'overdue-notice',
  'escalation',
  'submission-receipt',
  'peer-documents',
  'aide-memoire',
  'visit-logistics',
  'onboarding',
  'feedback-request',
  'round-cancelled',
  'round-completed',
  'progress-digest',
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export type RecipientRole = 'participant' | 'coordinating-agency' | 'coordinator' | 'staff';

export interface Recipient {
  name: string;
  email: string;
  role: RecipientRole;
  /** The delegation's ISO code; absent for the Secretariat. */
  country?: string;
  organization?: string;
  language: Language;
  /** IANA zone every time in this recipient's messages is written in (the Secretariat reads the host's zone). */
  timezone: string;
}

/** What the round is, as every message needs it. */
export interface RoundContext {
  roundId: string;
  title: string;
  community: 'francophone' | 'anglophone';
  coordinator: { name: string; email: string };
  hostCountry: string;
  hostTimezone: string;
  /** Participating countries, host first. */
  countries: string[];
}

/** An invitation or its cancellation: one UID per event for the whole round, SEQUENCE raised on every change. */
export interface CalendarInvite {
  method: 'REQUEST' | 'CANCEL';
  uid: string;
  sequence: number;
  event: PlanEvent;
  /** Everyone invited to the event (ATTENDEE lines), not only this email's reader. */
  attendees: Array<Pick<Recipient, 'name' | 'email'>>;
}

export interface DeliverableStatusView {
  id: string;
  key: DeliverableKey;
  owner: OwnerId;
  participant?: string;
  dueAt: string;
  status: 'pending' | 'overdue' | 'submitted' | 'submitted-late' | 'waived';
  submittedAt?: string;
  submittedBy?: string;
  reference?: string;
  waivedReason?: string;
}

export interface Dispatch {
  round: RoundContext;
  kind: MessageKind;
  /**
   * The business identity of what the message is about, unique for this kind in the round: an event id
   * with its sequence (`vc2#2`), a deliverable id with the reminder step (`TD/jsr-documents#before-7`),
   * a digest week. With the kind, the round and the recipient it makes the Message-ID, so a retry
   * never sends the same message twice.
   */
  about: string;
  /** Workflow time at which the message was decided (ISO); shown as the message date. */
  decidedAt: string;
  /** One email each: never a shared To or Bcc list. */
  recipients: Recipient[];
  /** Copied on every recipient's email (the delegation's CA on an escalation). */
  cc?: Recipient[];
  invite?: CalendarInvite;
  /**
   * event-reminder, visit-logistics: the event the message is about, when no invitation travels with it
   * (an invitation's own event is `invite.event`). Optional, added after the first contract.
   */
  event?: PlanEvent;
  deliverable?: DeliverableStatusView;
  /** welcome, progress-digest, onboarding, round-completed: the timeline and where things stand. */
  plan?: Plan;
  progress?: DeliverableStatusView[];
  /** round-cancelled, waived deliverables, rescheduled events. */
  reason?: string;
  /** peer-documents, aide-memoire: what was shared, as links (documents never travel as attachments). */
  documents?: Array<{ owner: OwnerId; key: DeliverableKey; reference: string; submittedBy?: string }>;
  /** onboarding: who the newcomer replaces. */
  replaces?: { name: string; email: string };
}

export interface DeliveryFailure {
  email: string;
  /** The SMTP reply or reason, for the coordinator. */
  reason: string;
}

export interface DeliveryReport {
  messageIds: Record<string, string>;
  sent: string[];
  /** Already delivered by an earlier attempt (found in the record of sent messages). */
  alreadySent: string[];
  /** Permanent failures (SMTP 5xx): recorded on the round, never retried, never blocking the others. */
  failed: DeliveryFailure[];
}

/** The activity the workflows call; implemented in activities/. */
export interface MessageActivities {
  deliver(dispatch: Dispatch): Promise<DeliveryReport>;
}
