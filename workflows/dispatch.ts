/**
 * The contract between the workflows (which decide who receives what, and when) and the message
 * activity (which renders, builds the invitation and hands one email to the transport). Plain JSON: it
 * is recorded in workflow history, once per reader.
 *
 * Each message kind carries its own payload and nothing else, so a template can only use what the
 * workflow really sends, and a missing field is a type error here rather than a blank in an email.
 */
import type { DeliverableKey, OwnerId, PlanEvent } from '../domain/plan-types';
import type { Language, Person } from '../domain/round-file';

export type { Person };

export const MESSAGE_KINDS = [
  'welcome',
  'invitation',
  'invitation-cancelled',
  'event-reminder',
  'deliverable-request',
  'feedback-request',
  'deliverable-reminder',
  'overdue-notice',
  'escalation',
  'reminder-digest',
  'submission-receipt',
  'deliverable-waived',
  'deadline-extended',
  'due-dates-moved',
  'peer-documents',
  'peer-documents-update',
  'aide-memoire',
  'visit-logistics',
  'onboarding',
  'round-cancelled',
  'round-completed',
  'progress-digest',
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/**
 * The reminder-type kinds: a reader gets at most one such email a day. Items of the same local day are
 * combined into one `reminder-digest` (DESIGN.md §6); a day with one item keeps that item's own kind.
 */
export const REMINDER_KINDS = ['event-reminder', 'deliverable-reminder', 'overdue-notice', 'escalation'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

export type RecipientRole = 'participant' | 'coordinating-agency' | 'coordinator' | 'staff';

export interface Recipient extends Person {
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
  /**
   * The round workflow's first run id: Message-IDs and calendar UIDs are scoped to it, so a round id
   * launched again after a cancellation is new to every mail and calendar client.
   */
  runId: string;
  title: string;
  community: 'francophone' | 'anglophone';
  coordinator: Person;
  hostCountry: string;
  hostTimezone: string;
  /** Participating countries, host first. */
  countries: string[];
}

/** An invitation or its cancellation: one UID per event for the round's run, SEQUENCE raised on every change. */
export interface CalendarInvite {
  method: 'REQUEST' | 'CANCEL';
  uid: string;
  sequence: number;
  event: PlanEvent;
  /** Everyone invited to the event (ATTENDEE lines); on a CANCEL to one person who left, that person. */
  attendees: Person[];
}

export interface DeliverableStatusView {
  id: string;
  key: DeliverableKey;
  owner: OwnerId;
  participant?: string;
  dueAt: string;
  /** `not-sent`: an optional deliverable whose date passed without it (shown so by the service's readers, never recorded by the round). */
  status: 'pending' | 'overdue' | 'submitted' | 'submitted-late' | 'waived' | 'not-sent';
  submittedAt?: string;
  submittedBy?: string;
  reference?: string;
  waivedReason?: string;
}

/** A document shared on: always a link or a reference, never an attachment (DESIGN.md §6). */
export interface SharedDocument {
  owner: OwnerId;
  key: DeliverableKey;
  reference: string;
  submittedBy?: string;
}

/** One line of a reminder digest: a deliverable's reminder, overdue notice or escalation, or an event's reminder. */
export type ReminderItem =
  | { kind: 'deliverable-reminder' | 'overdue-notice' | 'escalation'; deliverable: DeliverableStatusView }
  | { kind: 'event-reminder'; event: PlanEvent };

interface Envelope {
  round: RoundContext;
  /**
   * The business identity of what the message is about, unique for its kind in the round's run: an
   * event id with its sequence (`vc2#2`), a deliverable id with the step (`TD/jsr-documents#before-7`),
   * a reader's day (`2027-03-01`). With the kind, the run and the reader it makes the Message-ID.
   */
  about: string;
  /** The instant the workflow decided the message for (ISO): its scheduled moment, in the manifest. */
  decidedAt: string;
  /** Shown in the Cc header only: the email itself goes to its one reader (each copied person gets their own). */
  cc?: Person[];
}

/** The payload each kind carries. */
export type Message = Envelope &
  (
    | { kind: 'welcome'; events: PlanEvent[]; tasks: DeliverableStatusView[] }
    | {
        kind: 'invitation';
        invite: CalendarInvite;
        reason?: string;
        /** A newcomer's first invitation to the event, though its SEQUENCE is past 0: not news of a change to them. */
        firstForReader?: true;
      }
    | { kind: 'invitation-cancelled'; invite: CalendarInvite; reason?: string }
    | { kind: 'event-reminder'; event: PlanEvent }
    | { kind: 'deliverable-request'; deliverable: DeliverableStatusView }
    | { kind: 'feedback-request'; deliverable: DeliverableStatusView }
    | { kind: 'deliverable-reminder'; deliverable: DeliverableStatusView }
    | { kind: 'overdue-notice'; deliverable: DeliverableStatusView }
    | { kind: 'escalation'; deliverable: DeliverableStatusView }
    | { kind: 'reminder-digest'; items: ReminderItem[] }
    | { kind: 'submission-receipt'; deliverable: DeliverableStatusView }
    | { kind: 'deliverable-waived'; deliverable: DeliverableStatusView }
    | {
        kind: 'deadline-extended';
        deliverable: DeliverableStatusView;
        previousDueAt: string;
        reason: string;
        /** The event whose move carried the due date along (a reschedule), absent for an extension. */
        movedWith?: Pick<PlanEvent, 'id' | 'kind'>;
      }
    | {
        kind: 'due-dates-moved';
        /** Every due date of the reader's that the event's move carried along, soonest new date first. */
        moves: Array<{ deliverable: DeliverableStatusView; previousDueAt: string }>;
        reason: string;
        movedWith: Pick<PlanEvent, 'id' | 'kind'>;
      }
    | { kind: 'peer-documents'; documents: SharedDocument[] }
    | { kind: 'peer-documents-update'; documents: SharedDocument[] }
    | { kind: 'aide-memoire'; documents: SharedDocument[] }
    | { kind: 'visit-logistics'; documents: SharedDocument[]; event: PlanEvent }
    | { kind: 'onboarding'; events: PlanEvent[]; tasks: DeliverableStatusView[]; replaces: Person }
    | { kind: 'round-cancelled'; reason: string; progress: DeliverableStatusView[] }
    | { kind: 'round-completed'; progress: DeliverableStatusView[] }
    | { kind: 'progress-digest'; progress: DeliverableStatusView[]; escalated: string[] }
  );

/** The message of one kind, for code that handles that kind alone. */
export type MessageOf<K extends MessageKind> = Extract<Message, { kind: K }>;

/** One email: a message for one reader. Each reader's outcome is its own, in a batch as alone. */
export interface Letter {
  message: Message;
  to: Recipient;
}

export interface LetterReceipt {
  messageId: string;
  /** When the transport accepted it (the Date header). */
  handedOverAt: string;
}

/** A permanent refusal (5xx) or an exhausted retry window, recorded on the round for the coordinator. */
export interface DeliveryFailure {
  email: string;
  /** The SMTP reply or reason, for the coordinator. */
  reason: string;
}

/** Error types the message activity raises with `ApplicationFailure.nonRetryable`: retrying gets the same answer. */
export const PERMANENT_DELIVERY_ERRORS = ['SmtpPermanentError', 'TemplateError'] as const;

/**
 * Letters posted together (a launch, an invitation to everyone), sent by one activity: the messages
 * once each, and for every letter the index of its message and its reader.
 */
export interface LetterBatch {
  messages: Message[];
  letters: Array<{ message: number; to: Recipient }>;
}

/** What became of one letter of a batch, in the batch's order. */
export type LetterOutcome =
  | ({ status: 'delivered' } & LetterReceipt)
  /** Refused for good (a 5xx, a template that cannot render it): retrying gets the same answer. */
  | { status: 'refused'; reason: string }
  /** Not delivered yet ("try later", a mail server away): the workflow retries this reader on their own. */
  | { status: 'deferred'; reason: string }
  /** The round was cancelled before this letter's turn: it was not handed over. */
  | { status: 'cancelled' };

/** The activities the workflows call; implemented in activities/. */
export interface MessageActivities {
  deliverLetter(letter: Letter): Promise<LetterReceipt>;
  deliverLetters(batch: LetterBatch): Promise<LetterOutcome[]>;
}
