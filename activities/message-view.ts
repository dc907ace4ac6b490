/**
 * What a template sees: every value already written for its reader (names in their language, times in
 * their zone), so the templates only place words and never compute.
 *
 * One view per kind: a common part (reader, round, sender, link, generatedOn) and the kind's own part,
 * built from that kind's message alone (`MessageOf<K>`), so a template can only use what the workflow
 * really sends. Every key is always present: what a letter may lack is `null`, `false` or `[]`, never
 * missing or `undefined`, which is what lets the renderer treat any absent value as an error (render.ts).
 */
import type {
  DeliverableStatusView,
  Message,
  MessageKind,
  MessageOf,
  Person,
  Recipient,
  ReminderItem,
  SharedDocument,
} from '../workflows/dispatch';
import type { PlanEvent } from '../domain/plan-types';
import type { Language } from '../domain/round-file';
import { countryName } from '../domain/countries';
import { roundLink, submissionLink } from './links';
import {
  formatCalendarDate,
  formatDueDate,
  formatInstant,
  wholeDaysBetween,
  type FormattedInstant,
} from './time-format';
import {
  capitalise,
  dayCount,
  deliverableName,
  eventName,
  eventNameWithArticle,
  ownerName,
  signature,
  statusName,
} from './vocabulary';
import { TemplateError } from './render';

export interface ViewSettings {
  publicUrl: string;
  sender: Person;
}

export interface CommonView<K extends MessageKind = MessageKind> {
  kind: K;
  language: Language;
  recipient: {
    name: string;
    email: string;
    /** The reader's delegation, or null for the Secretariat. */
    countryName: string | null;
    organization: string | null;
    isSecretariat: boolean;
    isCoordinatingAgency: boolean;
  };
  round: {
    title: string;
    hostCountryName: string;
    coordinatorName: string;
    coordinatorEmail: string;
    /** `Tchad, Côte d’Ivoire, Sénégal`, host first. */
    countries: string;
  };
  /** `signature` is the sign-off in the reader's language. */
  sender: { name: string; email: string; signature: string };
  /** The reader's personal submission page, or the round page for the Secretariat. */
  link: string;
  /** The day the message was decided, in the reader's zone. */
  generatedOn: string;
}

export interface EventView {
  name: string;
  Name: string;
  /** With its article, for the middle of a sentence (French articles agree with the noun). */
  theName: string;
  isVisit: boolean;
  start: FormattedInstant;
  end: FormattedInstant;
  /** The visit's first and last days (the host's calendar days); null for other events. */
  firstDay: string | null;
  lastDay: string | null;
  joinUrl: string | null;
  city: string | null;
  venue: string | null;
}

export interface DeliverableView {
  name: string;
  Name: string;
  ownerName: string;
  /** The due day in the reader's zone. */
  due: string;
  /** `6 days`: from the message's moment to the due date. */
  dueIn: string;
  /** `8 days`: from the due date to the message's moment. */
  overdueBy: string;
  status: string;
  late: boolean;
  submittedAt: string | null;
  submittedBy: string | null;
  reference: string | null;
  waivedReason: string | null;
}

export interface DocumentView {
  ownerName: string;
  name: string;
  reference: string;
  submittedBy: string | null;
}

export interface TimelineEntry {
  name: string;
  when: string;
}

/** One line of a reminder digest; exactly one of the four flags is true. */
export interface DigestItemView {
  isReminder: boolean;
  isOverdue: boolean;
  isEscalation: boolean;
  isEvent: boolean;
  Name: string;
  /** The owner for a deliverable, null for an event. */
  ownerName: string | null;
  /** The due day, or the event's date and local time (the first day for the visit). */
  date: string;
  /** For a deliverable: the time left or the delay, as in its own view; null for an event. */
  dueIn: string | null;
  overdueBy: string | null;
  joinUrl: string | null;
}

export interface ProgressCounts {
  submitted: number;
  /** Pending and overdue: what was still expected. */
  open: number;
  overdue: number;
  waived: number;
}

/** The part each kind adds to the common one. */
export interface KindViews {
  welcome: { events: TimelineEntry[]; tasks: DeliverableView[] };
  invitation: {
    event: EventView;
    /** A raised SEQUENCE: an earlier version of this event may be in the reader's calendar. */
    updated: boolean;
    reason: string | null;
  };
  'invitation-cancelled': {
    event: EventView;
    reason: string | null;
    /** The CANCEL names the reader alone (RFC 5546 §3.2.5): they leave the event, which goes on without them. */
    forReaderAlone: boolean;
  };
  'event-reminder': { event: EventView };
  'deliverable-request': { deliverable: DeliverableView };
  'feedback-request': { deliverable: DeliverableView };
  'deliverable-reminder': { deliverable: DeliverableView };
  'overdue-notice': { deliverable: DeliverableView };
  escalation: {
    deliverable: DeliverableView;
    /** The copy to a coordinating-agency representative; otherwise the coordinator's own letter. */
    forAgency: boolean;
    /** The other people named in Cc (the delegation's CA for the coordinator), or null. */
    copied: string | null;
  };
  'reminder-digest': {
    /** Soonest first. */
    items: DigestItemView[];
    first: DigestItemView;
    count: number;
    /** More than one item (the workflow sends a single item as its own kind, but the subject must not say `1 reminders`). */
    several: boolean;
    forAgency: boolean;
  };
  'submission-receipt': { deliverable: DeliverableView };
  'deliverable-waived': { deliverable: DeliverableView };
  'peer-documents': { documents: DocumentView[] };
  'peer-documents-update': { documents: DocumentView[] };
  'aide-memoire': { documents: DocumentView[] };
  'visit-logistics': { documents: DocumentView[]; event: EventView };
  onboarding: { events: TimelineEntry[]; tasks: DeliverableView[]; replaces: Person };
  'round-cancelled': { reason: string; counts: ProgressCounts };
  'round-completed': { counts: ProgressCounts };
  'progress-digest': {
    counts: ProgressCounts;
    /** Escalated and still open: the coordinator follows them up, the delegation gets no more notices. */
    escalated: DeliverableView[];
    /** Overdue and still chased by notices (the escalated ones are not repeated here). */
    overdue: DeliverableView[];
    dueSoon: DeliverableView[];
    recentlySubmitted: DeliverableView[];
  };
}

export type ViewOf<K extends MessageKind> = CommonView<K> & KindViews[K];
/** The view of any kind: what `messageView` returns and `renderer.render` takes. */
export type MessageView = { [K in MessageKind]: ViewOf<K> }[MessageKind];

const SECRETARIAT_ROLES: ReadonlySet<Recipient['role']> = new Set(['coordinator', 'staff']);
const DAY_MS = 86_400_000;

/** The reader and the moment, which every part of a view is written for. */
interface Reading {
  to: Recipient;
  language: Language;
  zone: string;
  decidedAt: string;
}

type Builders = { [K in MessageKind]: (message: MessageOf<K>, reading: Reading) => KindViews[K] };

const BUILDERS: Builders = {
  welcome: (message, reading) => ({
    events: timeline(message.events, reading),
    tasks: sortByDue(message.tasks).map((task) => describeDeliverable(task, reading)),
  }),
  invitation: (message, reading) => ({
    event: describeEvent(message.invite.event, reading),
    updated: message.invite.sequence > 0,
    reason: message.reason ?? null,
  }),
  'invitation-cancelled': (message, reading) => ({
    event: describeEvent(message.invite.event, reading),
    reason: message.reason ?? null,
    forReaderAlone:
      message.invite.attendees.length === 1 &&
      message.invite.attendees[0]!.email.toLowerCase() === reading.to.email.toLowerCase(),
  }),
  'event-reminder': (message, reading) => ({ event: describeEvent(message.event, reading) }),
  'deliverable-request': deliverableOnly,
  'feedback-request': deliverableOnly,
  'deliverable-reminder': deliverableOnly,
  'overdue-notice': deliverableOnly,
  escalation: (message, reading) => ({
    deliverable: describeDeliverable(message.deliverable, reading),
    forAgency: reading.to.role === 'coordinating-agency',
    copied: namesOf((message.cc ?? []).filter((person) => !sameEmail(person, reading.to))),
  }),
  'reminder-digest': (message, reading) => {
    const items = message.items
      .slice()
      .sort((a, b) => itemInstant(a).localeCompare(itemInstant(b)))
      .map((item) => describeItem(item, reading));
    const first = items[0];
    if (!first) throw new Error('a reminder digest with no items');
    return {
      items,
      first,
      count: items.length,
      several: items.length > 1,
      forAgency: reading.to.role === 'coordinating-agency',
    };
  },
  'submission-receipt': deliverableOnly,
  'deliverable-waived': deliverableOnly,
  'peer-documents': documentsOnly,
  'peer-documents-update': documentsOnly,
  'aide-memoire': documentsOnly,
  'visit-logistics': (message, reading) => ({
    documents: describeDocuments(message.documents, reading),
    event: describeEvent(message.event, reading),
  }),
  onboarding: (message, reading) => ({
    events: timeline(message.events, reading),
    tasks: sortByDue(message.tasks).map((task) => describeDeliverable(task, reading)),
    replaces: { name: message.replaces.name, email: message.replaces.email },
  }),
  'round-cancelled': (message) => ({ reason: message.reason, counts: countsOf(message.progress) }),
  'round-completed': (message) => ({ counts: countsOf(message.progress) }),
  'progress-digest': (message, reading) => describeProgress(message.progress, message.escalated, reading),
};

function deliverableOnly(message: { deliverable: DeliverableStatusView }, reading: Reading) {
  return { deliverable: describeDeliverable(message.deliverable, reading) };
}

function documentsOnly(message: { documents: SharedDocument[] }, reading: Reading) {
  return { documents: describeDocuments(message.documents, reading) };
}

/**
 * The view of one letter: its message written for its reader. A letter that cannot be described (a
 * field the contract requires is missing or malformed) throws a `TemplateError`: retrying cannot help.
 */
export function messageView(message: Message, recipient: Recipient, settings: ViewSettings): MessageView {
  const language = recipient.language;
  const reading: Reading = {
    to: recipient,
    language,
    zone: recipient.timezone,
    decidedAt: message.decidedAt,
  };
  try {
    // TypeScript cannot correlate `BUILDERS[message.kind]` with `message` itself; the table's type does.
    const build = BUILDERS[message.kind] as (message: Message, reading: Reading) => KindViews[MessageKind];
    return { ...commonView(message, recipient, settings), ...build(message, reading) } as MessageView;
  } catch (error) {
    if (error instanceof TemplateError) throw error;
    throw new TemplateError({
      kind: message.kind,
      language,
      detail: `the letter to ${recipient.email} cannot be described: ${(error as Error).message}`,
    });
  }
}

function commonView(message: Message, recipient: Recipient, settings: ViewSettings): CommonView {
  const { language } = recipient;
  const { round } = message;
  const isSecretariat = SECRETARIAT_ROLES.has(recipient.role);
  return {
    kind: message.kind,
    language,
    recipient: {
      name: recipient.name,
      email: recipient.email,
      countryName: recipient.country ? countryName(recipient.country, language) : null,
      organization: recipient.organization ?? null,
      isSecretariat,
      isCoordinatingAgency: recipient.role === 'coordinating-agency',
    },
    round: {
      title: round.title,
      hostCountryName: countryName(round.hostCountry, language),
      coordinatorName: round.coordinator.name,
      coordinatorEmail: round.coordinator.email,
      countries: round.countries.map((code) => countryName(code, language)).join(', '),
    },
    sender: {
      name: settings.sender.name,
      email: settings.sender.email,
      signature: signature(settings.sender.name, language),
    },
    link:
      recipient.country && !isSecretariat
        ? submissionLink(settings.publicUrl, round.roundId, recipient.country, recipient.email)
        : roundLink(settings.publicUrl, round.roundId),
    generatedOn: formatInstant(message.decidedAt, recipient.timezone, language).date,
  };
}

function describeEvent(event: PlanEvent, { language, zone }: Reading): EventView {
  const name = eventName(event, language);
  return {
    name,
    Name: capitalise(name),
    theName: eventNameWithArticle(event, language),
    isVisit: event.kind === 'visit',
    start: formatInstant(event.start, zone, language),
    end: formatInstant(event.end, zone, language),
    firstDay: event.allDay ? formatCalendarDate(event.allDay.firstDay, language) : null,
    lastDay: event.allDay ? formatCalendarDate(event.allDay.lastDay, language) : null,
    joinUrl: event.joinUrl ?? null,
    city: event.city ?? null,
    venue: event.venue ?? null,
  };
}

/** The events of a welcome or an onboarding, in time order; the evening debriefs are part of the visit. */
function timeline(events: PlanEvent[], reading: Reading): TimelineEntry[] {
  return events
    .filter((event) => event.kind !== 'debrief')
    .sort((a, b) => a.start.localeCompare(b.start))
    .map((event) => {
      const view = describeEvent(event, reading);
      return {
        name: view.Name,
        when: view.firstDay && view.lastDay ? `${view.firstDay} – ${view.lastDay}` : view.start.full,
      };
    });
}

function describeDeliverable(
  item: DeliverableStatusView,
  { language, zone, decidedAt }: Reading,
): DeliverableView {
  const name = deliverableName(item.key, language);
  const untilDue = Date.parse(item.dueAt) - Date.parse(decidedAt);
  return {
    name,
    Name: capitalise(name),
    ownerName: capitalise(ownerName(item.owner, language)),
    due: formatDueDate(item.dueAt, zone, language),
    dueIn: dayCount(Math.ceil(untilDue / DAY_MS), language),
    overdueBy: dayCount(wholeDaysBetween(item.dueAt, decidedAt), language),
    status: statusName(item.status, language),
    late: item.status === 'submitted-late',
    submittedAt: item.submittedAt ? formatInstant(item.submittedAt, zone, language).full : null,
    submittedBy: item.submittedBy ?? null,
    reference: item.reference ?? null,
    waivedReason: item.waivedReason ?? null,
  };
}

function describeDocuments(documents: SharedDocument[], { language }: Reading): DocumentView[] {
  return documents.map((document) => ({
    ownerName: capitalise(ownerName(document.owner, language)),
    name: deliverableName(document.key, language),
    reference: document.reference,
    submittedBy: document.submittedBy ?? null,
  }));
}

function itemInstant(item: ReminderItem): string {
  return item.kind === 'event-reminder' ? item.event.start : item.deliverable.dueAt;
}

function describeItem(item: ReminderItem, reading: Reading): DigestItemView {
  const flags = {
    isReminder: item.kind === 'deliverable-reminder',
    isOverdue: item.kind === 'overdue-notice',
    isEscalation: item.kind === 'escalation',
    isEvent: item.kind === 'event-reminder',
  };
  if (item.kind === 'event-reminder') {
    const event = describeEvent(item.event, reading);
    return {
      ...flags,
      Name: event.Name,
      ownerName: null,
      date: event.firstDay ?? `${event.start.date}, ${event.start.time}`,
      dueIn: null,
      overdueBy: null,
      joinUrl: event.joinUrl,
    };
  }
  const deliverable = describeDeliverable(item.deliverable, reading);
  return {
    ...flags,
    Name: deliverable.Name,
    ownerName: deliverable.ownerName,
    date: deliverable.due,
    dueIn: deliverable.dueIn,
    overdueBy: deliverable.overdueBy,
    joinUrl: null,
  };
}

function countsOf(progress: DeliverableStatusView[]): ProgressCounts {
  const count = (...statuses: DeliverableStatusView['status'][]) =>
    progress.filter((item) => statuses.includes(item.status)).length;
  return {
    submitted: count('submitted', 'submitted-late'),
    open: count('pending', 'overdue'),
    overdue: count('overdue'),
    waived: count('waived'),
  };
}

function describeProgress(
  progress: DeliverableStatusView[],
  escalatedIds: string[],
  reading: Reading,
): KindViews['progress-digest'] {
  const now = Date.parse(reading.decidedAt);
  const within = (iso: string | undefined, days: number, direction: 1 | -1) => {
    if (!iso) return false;
    const delta = (Date.parse(iso) - now) * direction;
    return delta >= 0 && delta <= days * DAY_MS;
  };
  const escalated = new Set(escalatedIds);
  const sorted = sortByDue(progress);
  const open = (item: DeliverableStatusView) => item.status === 'pending' || item.status === 'overdue';
  const view = (item: DeliverableStatusView) => describeDeliverable(item, reading);
  return {
    counts: countsOf(progress),
    escalated: sorted.filter((item) => open(item) && escalated.has(item.id)).map(view),
    overdue: sorted.filter((item) => item.status === 'overdue' && !escalated.has(item.id)).map(view),
    dueSoon: sorted.filter((item) => item.status === 'pending' && within(item.dueAt, 14, 1)).map(view),
    recentlySubmitted: sorted
      .filter(
        (item) =>
          (item.status === 'submitted' || item.status === 'submitted-late') &&
          within(item.submittedAt, 7, -1),
      )
      .map(view),
  };
}

function namesOf(people: Person[]): string | null {
  return people.length > 0 ? people.map((person) => person.name).join(', ') : null;
}

function sameEmail(a: Person, b: Person): boolean {
  return a.email.toLowerCase() === b.email.toLowerCase();
}

function sortByDue<Item extends { dueAt: string }>(items: Item[]): Item[] {
  return items.slice().sort((a, b) => a.dueAt.localeCompare(b.dueAt));
}
