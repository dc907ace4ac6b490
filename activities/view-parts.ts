/**
 * The parts a message view is made of, each written for one reader (`Reading`): events, deliverables,
 * shared documents, reminder lines and progress, with names in the reader's language and every date
 * and time in the reader's zone. message-view.ts assembles them per kind.
 */
import type {
  DeliverableStatusView,
  Person,
  Recipient,
  ReminderItem,
  SharedDocument,
} from '../workflows/dispatch';
import type { PlanEvent } from '../domain/plan-types';
import type { Language } from '../domain/round-file';
import {
  formatCalendarDate,
  formatDueDate,
  formatInstant,
  calendarDaysBetween,
  calendarDaysUntil,
  type FormattedInstant,
} from './time-format';
import {
  capitalise,
  dayCount,
  deliverableName,
  deliverableNameWithArticle,
  deliverableVerbs,
  eventName,
  eventNameWithArticle,
  ownerName,
  startsIn,
  statusName,
} from './vocabulary';

const DAY_MS = 86_400_000;

/** The reader and the moment, which every part of a view is written for. */
export interface Reading {
  to: Recipient;
  language: Language;
  zone: string;
  decidedAt: string;
}

export interface EventView {
  name: string;
  Name: string;
  /** With its article, for the middle of a sentence (French articles agree with the noun). */
  theName: string;
  isVisit: boolean;
  start: FormattedInstant;
  end: FormattedInstant;
  /**
   * The event ends on a later day of the reader's calendar than it starts (a VC at 23:00 for an hour,
   * or a long one): the letter then writes the end's date too, or `23:00 to 00:30` reads as running
   * backwards on one day.
   */
  endsLaterDay: boolean;
  /** The visit's first and last days (the host's calendar days); null for other events. */
  firstDay: string | null;
  /** Null too for a visit of one day, which is named by that day rather than as a span to itself. */
  lastDay: string | null;
  joinUrl: string | null;
  city: string | null;
  venue: string | null;
  /** `tomorrow`, `in 2 days`: from the message's moment to the event's first day, in the calendar it is read on. */
  startsIn: string;
  /**
   * An evening debrief's start on the reader's home clock (`15:00 (Accra)`, with the date when it is
   * another day there), beside the host's time the letter gives; null when the two clocks agree, and for
   * every other event, which is given on the reader's own clock.
   */
  homeStart: string | null;
}

export interface DeliverableView {
  name: string;
  Name: string;
  /** With its article, for the middle of a sentence (`les lettres …`, `l'échelle …`). */
  theName: string;
  /** The verbs and participle that agree with it: `are`/`were`/`due`, `sont`/`étaient`/`attendues`. */
  is: string;
  was: string;
  expected: string;
  ownerName: string;
  /** The due day in the reader's zone. */
  due: string;
  /** `6 days`: from the message's moment to the due date. */
  dueIn: string;
  /** `8 days`: from the due date to the message's moment. */
  overdueBy: string;
  status: string;
  late: boolean;
  /** Where the deliverable stands, for letters that word each case apart (an onboarding's task list). */
  overdue: boolean;
  received: boolean;
  waived: boolean;
  /** Optional, and its date passed without it. */
  missed: boolean;
  submittedAt: string | null;
  submittedBy: string | null;
  reference: string | null;
  waivedReason: string | null;
}

export interface DocumentView {
  ownerName: string;
  name: string;
  reference: string;
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
  /** An event's start in UTC, which letters give in brackets beside a local time; null for a due day or the visit's days. */
  utc: string | null;
  /** For a deliverable: the time left or the delay, as in its own view; null for an event. */
  dueIn: string | null;
  /** For an event: how far ahead it is, as in its own view (`tomorrow`); null for a deliverable. */
  startsIn: string | null;
  overdueBy: string | null;
  joinUrl: string | null;
  /** One of the Secretariat's own deliverables: its escalation names no delegation. */
  bySecretariat: boolean;
}

export interface ProgressCounts {
  submitted: number;
  /** Pending and overdue: what was still expected. */
  open: number;
  overdue: number;
  waived: number;
}

export interface ProgressDigestView {
  counts: ProgressCounts;
  /** Escalated and still open: the coordinator follows them up, the delegation gets no more notices. */
  escalated: DeliverableView[];
  /** Overdue and still chased by notices (the escalated ones are not repeated here). */
  overdue: DeliverableView[];
  dueSoon: DeliverableView[];
  recentlySubmitted: DeliverableView[];
}

/**
 * The clock an event is read on. The evening debriefs are held at the visit, in the host country, where the
 * visiting delegations and the Secretariat's staff are that week: on the host's clock (the event's zone),
 * as the visit's days are the host's. The video conferences are joined from home: on the reader's.
 */
function clockOf(event: PlanEvent, readerZone: string): string {
  return event.kind === 'debrief' ? event.timezone : readerZone;
}

/** The start on the reader's home clock, when the event is read on another that shows a different time. */
function homeStart(
  event: PlanEvent,
  shown: FormattedInstant,
  readerZone: string,
  language: Language,
): string | null {
  if (clockOf(event, readerZone) === readerZone) return null;
  const home = formatInstant(event.start, readerZone, language);
  // `18:00 (Nairobi)` and `18:00 (Moscou)`: the same hour on both clocks needs no second time.
  if (home.date === shown.date && home.time.slice(0, 5) === shown.time.slice(0, 5)) return null;
  return home.date === shown.date ? home.time : `${home.date}, ${home.time}`;
}

export function describeEvent(
  event: PlanEvent,
  { language, zone: readerZone, decidedAt }: Reading,
): EventView {
  const zone = clockOf(event, readerZone);
  const name = eventName(event, language);
  const start = formatInstant(event.start, zone, language);
  // The visit is named by its first day in the host's calendar; its start instant (the host's midnight)
  // falls on the day before for a reader west of the host.
  const daysAhead = event.allDay
    ? calendarDaysUntil(decidedAt, event.allDay.firstDay, zone)
    : calendarDaysBetween(decidedAt, event.start, zone);
  return {
    name,
    Name: capitalise(name),
    theName: eventNameWithArticle(event, language),
    isVisit: event.kind === 'visit',
    start,
    end: formatInstant(event.end, zone, language),
    endsLaterDay: !event.allDay && calendarDaysBetween(event.start, event.end, zone) > 0,
    firstDay: event.allDay ? formatCalendarDate(event.allDay.firstDay, language) : null,
    lastDay:
      event.allDay && event.allDay.lastDay !== event.allDay.firstDay
        ? formatCalendarDate(event.allDay.lastDay, language)
        : null,
    joinUrl: event.joinUrl ?? null,
    city: event.city ?? null,
    venue: event.venue ?? null,
    startsIn: startsIn(daysAhead, language),
    homeStart: homeStart(event, start, readerZone, language),
  };
}

/** The events of a welcome or an onboarding, in time order; the evening debriefs are part of the visit. */
export function timeline(events: PlanEvent[], reading: Reading): TimelineEntry[] {
  return events
    .filter((event) => event.kind !== 'debrief')
    .sort((a, b) => a.start.localeCompare(b.start))
    .map((event) => {
      const view = describeEvent(event, reading);
      return {
        name: view.Name,
        when: view.firstDay
          ? view.lastDay
            ? `${view.firstDay} – ${view.lastDay}`
            : view.firstDay
          : view.start.full,
      };
    });
}

export function describeDeliverable(
  item: DeliverableStatusView,
  { language, zone, decidedAt }: Reading,
): DeliverableView {
  const name = deliverableName(item.key, language);
  return {
    name,
    Name: capitalise(name),
    theName: deliverableNameWithArticle(item.key, language),
    ...deliverableVerbs(item.key, language),
    ownerName: capitalise(ownerName(item.owner, language)),
    due: formatDueDate(item.dueAt, zone, language),
    dueIn: dayCount(calendarDaysBetween(decidedAt, item.dueAt, zone), language),
    overdueBy: dayCount(calendarDaysBetween(item.dueAt, decidedAt, zone), language),
    status: statusName(item.status, language, item.key),
    late: item.status === 'submitted-late',
    overdue: item.status === 'overdue',
    received: item.status === 'submitted' || item.status === 'submitted-late',
    waived: item.status === 'waived',
    missed: item.status === 'not-sent',
    submittedAt: item.submittedAt ? formatInstant(item.submittedAt, zone, language).full : null,
    submittedBy: item.submittedBy ?? null,
    reference: item.reference ?? null,
    waivedReason: item.waivedReason ?? null,
  };
}

export function describeDocuments(documents: SharedDocument[], { language }: Reading): DocumentView[] {
  return documents.map((document) => ({
    ownerName: capitalise(ownerName(document.owner, language)),
    name: deliverableName(document.key, language),
    reference: document.reference,
  }));
}

export function itemInstant(item: ReminderItem): string {
  return item.kind === 'event-reminder' ? item.event.start : item.deliverable.dueAt;
}

export function describeItem(item: ReminderItem, reading: Reading): DigestItemView {
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
      utc: event.firstDay === null ? event.start.utc : null,
      dueIn: null,
      startsIn: event.startsIn,
      overdueBy: null,
      joinUrl: event.joinUrl,
      bySecretariat: false,
    };
  }
  const deliverable = describeDeliverable(item.deliverable, reading);
  return {
    ...flags,
    Name: deliverable.Name,
    ownerName: deliverable.ownerName,
    date: deliverable.due,
    utc: null,
    dueIn: deliverable.dueIn,
    startsIn: null,
    overdueBy: deliverable.overdueBy,
    joinUrl: null,
    bySecretariat: item.deliverable.owner === 'secretariat',
  };
}

export function countsOf(progress: DeliverableStatusView[]): ProgressCounts {
  const count = (...statuses: DeliverableStatusView['status'][]) =>
    progress.filter((item) => statuses.includes(item.status)).length;
  return {
    submitted: count('submitted', 'submitted-late'),
    open: count('pending', 'overdue'),
    overdue: count('overdue'),
    waived: count('waived'),
  };
}

export function describeProgress(
  progress: DeliverableStatusView[],
  escalatedIds: string[],
  reading: Reading,
): ProgressDigestView {
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

export function namesOf(people: Person[]): string | null {
  return people.length > 0 ? people.map((person) => person.name).join(', ') : null;
}

export function sameEmail(a: Person, b: Person): boolean {
  return a.email.toLowerCase() === b.email.toLowerCase();
}

export function sortByDue<Item extends { dueAt: string }>(items: Item[]): Item[] {
  return items.slice().sort((a, b) => a.dueAt.localeCompare(b.dueAt));
}
