/**
 * What a template sees: every value already written for its reader (names in their language, times in
 * their zone), so the templates only place words and never compute. The same shape for every kind;
 * a kind's template uses the parts its dispatch carries.
 */
import type { DeliverableStatusView, Dispatch, Recipient } from '../workflows/dispatch';
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
  deliverableName,
  eventName,
  eventNameWithArticle,
  ownerName,
  roleName,
  statusName,
} from './vocabulary';

export interface EventView {
  id: string;
  name: string;
  Name: string;
  /** With its article, for the middle of a sentence (French articles agree with the noun). */
  theName: string;
  start: FormattedInstant;
  end: FormattedInstant;
  isVisit: boolean;
  isVideoConference: boolean;
  isDebrief: boolean;
  /** The visit: `Monday 19 April 2027` to `Friday 23 April 2027` (the host's calendar days). */
  firstDay?: string;
  lastDay?: string;
  joinUrl?: string;
  city?: string;
  venue?: string;
  /** Raised sequence: the reader already had an earlier version. */
  updated: boolean;
}

export interface DeliverableView {
  name: string;
  Name: string;
  ownerName: string;
  due: string;
  dueShort: string;
  daysLeft: number;
  daysOverdue: number;
  status: string;
  late: boolean;
  submittedAt?: string;
  submittedBy?: string;
  reference?: string;
  waivedReason?: string;
}

export interface MessageView {
  language: Language;
  recipient: { name: string; email: string; role: string; countryName?: string; isSecretariat: boolean };
  round: {
    id: string;
    title: string;
    hostCountryName: string;
    coordinatorName: string;
    coordinatorEmail: string;
    countries: string;
  };
  sender: { name: string; email: string };
  /** The reader's personal submission page, or the round page for the Secretariat. */
  link: string;
  event?: EventView;
  deliverable?: DeliverableView;
  timeline: Array<{ name: string; when: string }>;
  tasks: DeliverableView[];
  progress?: {
    overdue: DeliverableView[];
    dueSoon: DeliverableView[];
    recentlySubmitted: DeliverableView[];
    counts: { submitted: number; pending: number; overdue: number; waived: number };
  };
  documents: Array<{ ownerName: string; name: string; reference: string; submittedBy?: string }>;
  reason?: string;
  replaces?: { name: string; email: string };
  cc: string;
  generatedOn: string;
}

export interface ViewSettings {
  publicUrl: string;
  sender: { name: string; email: string };
}

const SECRETARIAT_ROLES = new Set(['coordinator', 'staff']);
const DAY_MS = 86_400_000;

export function messageView(dispatch: Dispatch, recipient: Recipient, settings: ViewSettings): MessageView {
  const language = recipient.language;
  const zone = recipient.timezone;
  const { round } = dispatch;
  const isSecretariat = SECRETARIAT_ROLES.has(recipient.role);
  const event = dispatch.invite?.event ?? dispatch.event;
  const deliverableView = (item: DeliverableStatusView): DeliverableView =>
    describeDeliverable(item, dispatch.decidedAt, recipient);
  return {
    language,
    recipient: {
      name: recipient.name,
      email: recipient.email,
      role: roleName(recipient.role, language),
      countryName: recipient.country ? countryName(recipient.country, language) : undefined,
      isSecretariat,
    },
    round: {
      id: round.roundId,
      title: round.title,
      hostCountryName: countryName(round.hostCountry, language),
      coordinatorName: round.coordinator.name,
      coordinatorEmail: round.coordinator.email,
      countries: round.countries.map((code) => countryName(code, language)).join(', '),
    },
    sender: settings.sender,
    link:
      recipient.country && !isSecretariat
        ? submissionLink(settings.publicUrl, round.roundId, recipient.country, recipient.email)
        : roundLink(settings.publicUrl, round.roundId),
    event: event ? describeEvent(event, recipient, (dispatch.invite?.sequence ?? 0) > 0) : undefined,
    deliverable: dispatch.deliverable ? deliverableView(dispatch.deliverable) : undefined,
    timeline: (dispatch.plan?.events ?? [])
      .slice()
      .sort((a, b) => a.start.localeCompare(b.start))
      .filter((item) => item.kind !== 'debrief')
      .map((item) => {
        const view = describeEvent(item, recipient, false);
        return {
          name: view.Name,
          when: view.isVisit ? `${view.firstDay} – ${view.lastDay}` : view.start.full,
        };
      }),
    tasks: tasksFor(dispatch, recipient).map(deliverableView),
    progress: dispatch.progress
      ? describeProgress(dispatch.progress, dispatch.decidedAt, deliverableView)
      : undefined,
    documents: (dispatch.documents ?? []).map((document) => ({
      ownerName: capitalise(ownerName(document.owner, language)),
      name: deliverableName(document.key, language),
      reference: document.reference,
      submittedBy: document.submittedBy,
    })),
    reason: dispatch.reason,
    replaces: dispatch.replaces,
    cc: (dispatch.cc ?? []).map((person) => person.name).join(', '),
    generatedOn: formatInstant(dispatch.decidedAt, zone, language).date,
  };
}

function describeEvent(event: PlanEvent, recipient: Recipient, updated: boolean): EventView {
  const { language, timezone } = recipient;
  const name = eventName(event, language);
  return {
    id: event.id,
    name,
    Name: capitalise(name),
    theName: eventNameWithArticle(event, language),
    start: formatInstant(event.start, timezone, language),
    end: formatInstant(event.end, timezone, language),
    isVisit: event.kind === 'visit',
    isVideoConference: event.kind === 'video-conference',
    isDebrief: event.kind === 'debrief',
    firstDay: event.allDay ? formatCalendarDate(event.allDay.firstDay, language) : undefined,
    lastDay: event.allDay ? formatCalendarDate(event.allDay.lastDay, language) : undefined,
    joinUrl: event.joinUrl,
    city: event.city,
    venue: event.venue,
    updated,
  };
}

function describeDeliverable(
  item: DeliverableStatusView,
  decidedAt: string,
  recipient: Recipient,
): DeliverableView {
  const { language, timezone } = recipient;
  const name = deliverableName(item.key, language);
  const untilDue = Date.parse(item.dueAt) - Date.parse(decidedAt);
  return {
    name,
    Name: capitalise(name),
    ownerName: capitalise(ownerName(item.owner, language)),
    due: formatDueDate(item.dueAt, timezone, language),
    dueShort: formatInstant(item.dueAt, timezone, language).shortDate,
    daysLeft: untilDue > 0 ? Math.ceil(untilDue / DAY_MS) : 0,
    daysOverdue: wholeDaysBetween(item.dueAt, decidedAt),
    status: statusName(item.status, language),
    late: item.status === 'submitted-late',
    submittedAt: item.submittedAt ? formatInstant(item.submittedAt, timezone, language).full : undefined,
    submittedBy: item.submittedBy,
    reference: item.reference,
    waivedReason: item.waivedReason,
  };
}

/** What the reader (or their delegation) owes, from the plan or from the progress the workflow passed. */
function tasksFor(dispatch: Dispatch, recipient: Recipient): DeliverableStatusView[] {
  const owner = SECRETARIAT_ROLES.has(recipient.role) ? 'secretariat' : recipient.country;
  const mine = (item: { owner: string; participant?: string }) =>
    item.owner === owner && (item.participant === undefined || item.participant === recipient.email);
  const open = (dispatch.progress ?? []).filter(
    (item) => mine(item) && (item.status === 'pending' || item.status === 'overdue'),
  );
  if (open.length > 0) return sortByDue(open);
  const planned = (dispatch.plan?.deliverables ?? [])
    .filter(mine)
    .map((item): DeliverableStatusView => ({
      id: item.id,
      key: item.key,
      owner: item.owner,
      participant: item.participant,
      dueAt: item.dueAt,
      status: 'pending',
    }));
  return sortByDue(planned);
}

function describeProgress(
  progress: DeliverableStatusView[],
  decidedAt: string,
  view: (item: DeliverableStatusView) => DeliverableView,
): MessageView['progress'] {
  const now = Date.parse(decidedAt);
  const withinDays = (iso: string | undefined, days: number, direction: 1 | -1) => {
    if (!iso) return false;
    const delta = (Date.parse(iso) - now) * direction;
    return delta >= 0 && delta <= days * DAY_MS;
  };
  const sorted = sortByDue(progress);
  const count = (...statuses: DeliverableStatusView['status'][]) =>
    progress.filter((item) => statuses.includes(item.status)).length;
  return {
    overdue: sorted.filter((item) => item.status === 'overdue').map(view),
    dueSoon: sorted.filter((item) => item.status === 'pending' && withinDays(item.dueAt, 14, 1)).map(view),
    recentlySubmitted: sorted
      .filter(
        (item) =>
          (item.status === 'submitted' || item.status === 'submitted-late') &&
          withinDays(item.submittedAt, 7, -1),
      )
      .map(view),
    counts: {
      submitted: count('submitted', 'submitted-late'),
      pending: count('pending'),
      overdue: count('overdue'),
      waived: count('waived'),
    },
  };
}

function sortByDue<Item extends { dueAt: string }>(items: Item[]): Item[] {
  return items.slice().sort((a, b) => a.dueAt.localeCompare(b.dueAt));
}
