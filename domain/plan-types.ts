/**
 * The dated plan of a round: what `buildPlan` (plan.ts) derives from a validated round file. Plain JSON
 * (ISO strings, arrays, records) because it travels through workflow inputs, queries and activities.
 */

export const PHASES = [
  'prep-1',
  'vc-1',
  'prep-2',
  'vc-2',
  'prep-3',
  'visit',
  'post-visit',
  'vc-3',
  'close-out',
  'completed',
  'cancelled',
] as const;
export type Phase = (typeof PHASES)[number];

/** The four dated events a round file schedules; reschedules name one of these. */
export const SCHEDULED_EVENTS = ['vc1', 'vc2', 'visit', 'vc3'] as const;
export type ScheduledEventKey = (typeof SCHEDULED_EVENTS)[number];

/** Who a message or an invitation is for, resolved to people by `audience.ts` at send time (so a replacement is honoured). */
export type Audience =
  | 'everyone' // all participants, CA representatives, coordinator and staff
  | 'participants' // all delegation participants
  | 'visiting' // participants of the visiting delegations
  | 'host' // participants of the host delegation
  | 'secretariat' // coordinator and staff
  | 'debrief' // visiting participants, coordinator and staff (the evening debriefs of the visit)
  | 'coordinator';

export interface PlanEvent {
  /** Stable for the whole round: `vc1`, `vc2`, `vc3`, `visit`, `debrief-1` … `debrief-N` (one per visit day). */
  id: string;
  kind: 'video-conference' | 'visit' | 'debrief';
  /** The phase this event opens or belongs to. */
  phase: Phase;
  /** UTC instants, ISO 8601 with `Z`. For the visit: start of its first day and end of its last day in the host's zone. */
  start: string;
  end: string;
  /** Set for the visit only: local calendar dates in the host's zone, `lastDay` inclusive. */
  allDay?: { firstDay: string; lastDay: string };
  /** The zone the event is anchored in: the host's zone for the visit and debriefs, `UTC` for video conferences. */
  timezone: string;
  joinUrl?: string;
  city?: string;
  venue?: string;
  audience: Audience;
  /**
   * Instants at which the event reminder goes out (from `reminders.eventBeforeDays`), on the event's own
   * clock: what every reader gets in a plan without `remindersByZone`.
   */
  remindersAt: string[];
  /**
   * The event reminder's instants for the readers of each zone, within their working day
   * (domain/event-reminders.ts), by IANA zone: every zone a reader of the round reads in. Absent from plans
   * made before reminders kept to each reader's working day: such a round keeps `remindersAt` for the
   * event until a change moves it.
   */
  remindersByZone?: Record<string, string[]>;
}

export const DELIVERABLE_KEYS = [
  'learning-objectives',
  'vc1-notes',
  'self-assessment',
  'maturity-ladder',
  'jsr-documents',
  'vc2-notes',
  'visa-invitation-letters',
  'host-jsr-documents',
  'meeting-requests',
  'visit-logistics',
  'visit-takeaways',
  'improvement-plan',
  'leg-debrief',
  'aide-memoire',
  'vc3-notes',
  'exchange-feedback',
  'communications',
] as const;
export type DeliverableKey = (typeof DELIVERABLE_KEYS)[number];

/** `secretariat` or a delegation's ISO 3166-1 alpha-2 code. */
export type OwnerId = string;
export const SECRETARIAT: OwnerId = 'secretariat';

/** Where a due date comes from, kept so a reschedule can recompute it. */
export type DueAnchor =
  | { event: 'vc1' | 'vc2' | 'vc3' | 'visit-start' | 'visit-end'; offsetDays: number }
  | { date: string };

export interface ReminderInstant {
  kind: 'before' | 'overdue' | 'escalation';
  at: string;
  /** For `before`: days before due; for `overdue`/`escalation`: days after due. */
  days: number;
}

export interface PlanDeliverable {
  /** Unique in the round: `TD/jsr-documents`, `secretariat/vc1-notes`, `TD/exchange-feedback/m.saleh@example.td`. */
  id: string;
  key: DeliverableKey;
  owner: OwnerId;
  /** For per-participant deliverables (`exchange-feedback`): the participant's email. */
  participant?: string;
  optional: boolean;
  /** The phase in which it is requested. */
  phase: Phase;
  dueAt: string;
  anchor: DueAnchor;
  /** Reminders before the due date, overdue notices, and the escalation, in time order. */
  reminders: ReminderInstant[];
}

export interface PlanPhase {
  phase: Phase;
  startsAt: string;
}

/** A zone's UTC offset from each instant on, oldest first (see zone-offsets.ts). */
export type ZoneOffsets = Array<{ from: string; offsetMinutes: number }>;

export interface Plan {
  roundId: string;
  /** Launch instant the plan was built for (the prep-1 start). */
  launchedAt: string;
  phases: PlanPhase[];
  events: PlanEvent[];
  deliverables: PlanDeliverable[];
  /** When everyone receives the peer documents pack at the latest: the `jsr-documents` due date. */
  peerDocumentsPackAt: string;
  /** When the round is over (end of close-out): the last due date of the round. */
  completesAt: string;
  /**
   * When the Secretariat's weekly progress digest goes out (domain/digests.ts). Absent from plans made
   * before digests kept to Monday mornings: those rounds keep theirs a week apart from launch.
   */
  digestsAt?: string[];
  /** Every zone a reader of the round lives in, with its offsets from launch to the end. */
  zones: Record<string, ZoneOffsets>;
  /**
   * Due dates extended in the running round (domain/extend.ts), by deliverable id: ISO instants that a
   * rebuild of the plan from the round file (a reschedule, a replacement) lays on the new plan again.
   */
  extensions?: Record<string, string>;
}
