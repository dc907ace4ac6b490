/**
 * The plan builder: a validated round file plus the launch instant → the round's dated timeline
 * (phases, events, deliverables with their reminders). Pure and deterministic: the workflow builds
 * it (with its deterministic clock as `launchedAt`), and the client builds the same plan to show or
 * simulate a round without a server.
 *
 * Phases start at (DESIGN.md §2):
 *   prep-1 at launch · vc-1 at vc1 start · prep-2 at vc1 end · vc-2 at vc2 start · prep-3 at vc2 end ·
 *   visit at 00:00 of its first day (host zone) · post-visit at 00:00 the day after its last day (host
 *   zone) · vc-3 at vc3 start · close-out at vc3 end · completed at the latest due date of the round
 *   (vc3 + 30 d by default: the Secretariat's communications).
 * Day offsets are calendar days in the host's zone (see due-dates.ts).
 */
import { DateTime } from 'luxon';
import type { Delegation, Round } from './round-file';
import {
  SECRETARIAT,
  type DueAnchor,
  type Phase,
  type Plan,
  type PlanDeliverable,
  type PlanEvent,
  type PlanPhase,
  type ReminderInstant,
} from './plan-types';
import { DELIVERABLE_CATALOGUE, type CatalogueEntry } from './deliverables';
import { atLocalHour, dueAtFor, eventStart, parseDeadline, shiftDays, toUtcIso, withinWorkingDay, type Schedule } from './due-dates';
import { zoneOffsets } from './zone-offsets';
import { eventRemindersByZone } from './event-reminders';
import { digestInstants } from './digests';

export {
  rescheduleRound,
  type EventChange,
  type RescheduleOptions,
  type RescheduleResult,
} from './reschedule';
export { checkHorizon } from './horizon';

/** The evening debrief of each visit day, host local time (concept note: a debrief every evening). */
export const DEBRIEF_START_HOUR = 18;
export const DEBRIEF_END_HOUR = 19;
/** The visit's reminders go out at this hour, host local time, on the day they fall. */
export const VISIT_REMINDER_HOUR = 8;

export function hostDelegation(round: Round): Delegation {
  const host = round.delegations.find((delegation) => delegation.host);
  if (!host) throw new Error(`round ${round.id} has no host delegation: validate the round file first`);
  return host;
}

export function buildPlan(round: Round, launchedAt: string): Plan {
  const hostZone = hostDelegation(round).timezone;
  const launch = toUtcIso(DateTime.fromISO(launchedAt, { setZone: true }));
  const readerZones = [...new Set([hostZone, ...round.delegations.map((d) => d.timezone)])].sort();
  const events = buildEvents(round, hostZone, launch, readerZones);

  const at = eventAt(events);
  const opening = phaseOpenings(events, launch);
  const deliverables = buildDeliverables(round, hostZone, launch, Object.fromEntries(opening));
  const latest = (instants: string[]): string => instants.reduce((a, b) => (b > a ? b : a));
  // Never before close-out starts, even if every deadline were moved earlier than vc3's end.
  const completesAt = latest([at('vc3', 'end'), ...deliverables.map((d) => d.dueAt)]);
  const phases: PlanPhase[] = ([...opening, ['completed', completesAt]] as Array<[Phase, string]>).map(
    ([phase, startsAt]) => ({ phase, startsAt }),
  );

  const documents = deliverables.filter((d) => d.key === 'jsr-documents');
  // Never before the documents are asked for: a due date set before its phase opens (validate warns of
  // it) would otherwise send the pack, empty, before the request.
  const documentDates = documents.flatMap((d) => [d.dueAt, ...opening.filter(([phase]) => phase === d.phase).map(([, startsAt]) => startsAt)]);
  return {
    roundId: round.id,
    launchedAt: launch,
    phases,
    events,
    deliverables,
    peerDocumentsPackAt: documentDates.length > 0 ? latest(documentDates) : at('vc2', 'start'),
    completesAt,
    digestsAt: digestInstants(launch, completesAt, hostZone),
    zones: Object.fromEntries(readerZones.map((zone) => [zone, zoneOffsets(zone, launch, completesAt)])),
  };
}

function eventAt(events: Array<Pick<PlanEvent, 'id' | 'start' | 'end'>>) {
  return (id: string, side: 'start' | 'end'): string => {
    const event = events.find((candidate) => candidate.id === id);
    if (!event) throw new Error(`plan has no event ${id}`);
    return event[side];
  };
}

/**
 * When each phase opens, from the round's events: every phase but the last opens at an event (the round
 * completes at its latest due date). Deliverables are requested when their phase opens, so the client
 * reads these too, to tell a coordinator which deliverable a move made due before it is asked for.
 */
export function phaseOpenings(events: Array<Pick<PlanEvent, 'id' | 'start' | 'end'>>, launchedAt: string): Array<[Phase, string]> {
  const at = eventAt(events);
  return [
    ['prep-1', launchedAt],
    ['vc-1', at('vc1', 'start')],
    ['prep-2', at('vc1', 'end')],
    ['vc-2', at('vc2', 'start')],
    ['prep-3', at('vc2', 'end')],
    ['visit', at('visit', 'start')],
    ['post-visit', at('visit', 'end')],
    ['vc-3', at('vc3', 'start')],
    ['close-out', at('vc3', 'end')],
  ];
}

function buildEvents(round: Round, hostZone: string, launch: string, readerZones: string[]): PlanEvent[] {
  const { schedule, reminders } = round;
  /** Reminders of an event `eventBeforeDays` before its start, none before `notBefore` (at least the launch). */
  const remindersAt = (start: string, notBefore = launch, at = (days: number) => shiftDays(start, -days, hostZone)): string[] =>
    [...new Set(reminders.eventBeforeDays.map(at))].filter((instant) => instant >= launch && instant >= notBefore).sort();
  // The same reminders in each reader's working day. `remindersAt` stays: a worker of an earlier release
  // reads it, and a rehearsal or a page can still name the event's own reminder times.
  const inReaderZones = (event: PlanEvent, notBefore: string): PlanEvent => ({
    ...event,
    remindersByZone: eventRemindersByZone(event, reminders.eventBeforeDays, readerZones, notBefore),
  });
  const videoConference = (id: 'vc1' | 'vc2' | 'vc3', phase: Phase, notBefore = launch): PlanEvent => {
    const vc = schedule[id];
    const start = DateTime.fromISO(vc.start, { setZone: true });
    const startIso = toUtcIso(start);
    return inReaderZones({
      id,
      kind: 'video-conference',
      phase,
      start: startIso,
      end: toUtcIso(start.plus({ minutes: vc.durationMinutes })),
      timezone: 'UTC',
      joinUrl: vc.joinUrl,
      audience: 'everyone',
      remindersAt: remindersAt(startIso, notBefore),
    }, notBefore);
  };
  const place = {
    city: schedule.visit.city,
    ...(schedule.visit.venue ? { venue: schedule.visit.venue } : {}),
  };
  const visitStart = atLocalHour(schedule.visit.start, 0, 0, hostZone);
  const vc1 = videoConference('vc1', 'vc-1');
  const vc2 = videoConference('vc2', 'vc-2', remindedFrom('vc2', [vc1], launch));
  const visitFrom = remindedFrom('visit', [vc2], launch);
  const visit: PlanEvent = inReaderZones({
    id: 'visit',
    kind: 'visit',
    phase: 'visit',
    start: visitStart,
    end: atLocalHour(schedule.visit.end, 1, 0, hostZone),
    allDay: { firstDay: schedule.visit.start, lastDay: schedule.visit.end },
    timezone: hostZone,
    ...place,
    audience: 'everyone',
    // The second video conference plans the visit (concept note, Annex 1), and prep-3 opens at its end
    // with the visit's requests: a reminder before then would announce a visit not yet planned. One that
    // falls earlier is dropped, not moved to vc2's end, where the prep-3 requests already name the visit.
    // The visit starts at the host's midnight: its reminders keep to the working morning of their day.
    remindersAt: remindersAt(visitStart, visitFrom, (days) =>
      atLocalHour(schedule.visit.start, -days, VISIT_REMINDER_HOUR, hostZone),
    ),
  }, visitFrom);
  const dayCount =
    DateTime.fromISO(schedule.visit.end, { zone: 'UTC' }).diff(
      DateTime.fromISO(schedule.visit.start, { zone: 'UTC' }),
      'days',
    ).days + 1;
  const debriefsFrom = remindedFrom('debrief-1', [visit], launch);
  const debriefs: PlanEvent[] = Array.from({ length: dayCount }, (_, day) => {
    const start = atLocalHour(schedule.visit.start, day, DEBRIEF_START_HOUR, hostZone);
    return inReaderZones({
      id: `debrief-${day + 1}`,
      kind: 'debrief',
      phase: 'visit',
      start,
      end: atLocalHour(schedule.visit.start, day, DEBRIEF_END_HOUR, hostZone),
      timezone: hostZone,
      ...place,
      audience: 'debrief',
      // Before the visit opens its own reminder announces it, debriefs included: a reminder of each
      // evening's debrief would only pile up, days ahead, in the visitors' mail before they travel.
      remindersAt: remindersAt(start, debriefsFrom),
    }, debriefsFrom);
  });
  return [vc1, vc2, visit, ...debriefs, videoConference('vc3', 'vc-3', remindedFrom('vc3', [visit], launch))];
}

/**
 * The instant from which an event is reminded of: once the step that prepares it is over (vc1 for vc2,
 * vc2 for the visit, the visit for vc3) or, for an evening debrief, once the visit has opened. A reminder
 * earlier would land among the letters of the step still under way. `events` holds the preparing event;
 * the launch is the floor of everything. Revisions keep an unmoved event's reminders only from here on
 * (domain/revise.ts), so a later vc2 never leaves the visit reminded of before it.
 */
export function remindedFrom(eventId: string, events: Array<Pick<PlanEvent, 'id' | 'start' | 'end'>>, launch: string): string {
  const find = (id: string) => events.find((event) => event.id === id);
  const preparing =
    eventId === 'vc2' ? find('vc1')?.end
    : eventId === 'visit' ? find('vc2')?.end
    : eventId === 'vc3' ? find('visit')?.end
    : eventId.startsWith('debrief-') ? find('visit')?.start
    : undefined;
  return preparing !== undefined && preparing > launch ? preparing : launch;
}

interface Owed {
  owner: string;
  participant?: string;
}

function ownersOf(entry: CatalogueEntry, round: Round): Owed[] {
  const country = (d: Delegation): Owed => ({ owner: d.country });
  switch (entry.owner) {
    case 'each-delegation':
      return round.delegations.map(country);
    case 'host':
      return round.delegations.filter((d) => d.host).map(country);
    case 'visiting':
      return round.delegations.filter((d) => !d.host).map(country);
    case 'each-participant':
      return round.delegations.flatMap((d) =>
        d.participants.map((p) => ({ owner: d.country, participant: p.email })),
      );
    case 'secretariat':
      return [{ owner: SECRETARIAT }];
  }
}

function buildDeliverables(
  round: Round,
  hostZone: string,
  launch: string,
  opens: Partial<Record<Phase, string>>,
): PlanDeliverable[] {
  const deliverables = DELIVERABLE_CATALOGUE.flatMap((entry) => {
    const override = round.deadlines[entry.key];
    const anchor: DueAnchor = (override !== undefined ? parseDeadline(override) : undefined) ?? {
      ...entry.anchor,
    };
    const written = dueAtFor(anchor, round.schedule, hostZone);
    // A deadline the file sets is the coordinator's choice; only the default gives way to the next step.
    const dueAt = override === undefined ? dueBeforeUse(entry, written, round.schedule, hostZone) : written;
    return ownersOf(entry, round).map(({ owner, participant }): PlanDeliverable => ({
      id: participant ? `${owner}/${entry.key}/${participant}` : `${owner}/${entry.key}`,
      key: entry.key,
      owner,
      ...(participant ? { participant } : {}),
      optional: entry.optional,
      phase: entry.phase,
      dueAt,
      anchor,
      reminders: remindersFor(dueAt, entry.optional, round, hostZone, ownerZone(owner, round), launch, opens[entry.phase]),
    }));
  });
  // Array.prototype.sort is stable: equal due dates keep catalogue order, then the file's delegation order.
  return deliverables.sort((a, b) => (a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : 0));
}

/**
 * The Secretariat's notes of a video conference are due three days after it by default. In a compressed
 * round the next step can start before then (vc2 two days after vc1), and notes that come after it has
 * begun serve nobody: they are due the day before it instead, at the same hour, or at its very start when
 * it begins less than a day after the conference ends. Only the plan of a round launched or changed
 * afterwards carries this: a running round's due dates are the ones its history recorded.
 */
function dueBeforeUse(entry: CatalogueEntry, dueAt: string, schedule: Schedule, hostZone: string): string {
  if (!entry.usedBy || !('follows' in entry.relation)) return dueAt;
  const nextStarts = eventStart(entry.usedBy, schedule, hostZone);
  const dayBefore = shiftDays(nextStarts, -1, hostZone);
  if (dueAt <= dayBefore) return dueAt;
  const held = entry.relation.follows;
  const heldEnds =
    held === 'vc1' || held === 'vc2' || held === 'vc3'
      ? toUtcIso(DateTime.fromISO(schedule[held].start, { setZone: true }).plus({ minutes: schedule[held].durationMinutes }))
      : eventStart(held, schedule, hostZone);
  return dayBefore > heldEnds ? dayBefore : nextStarts;
}

const KIND_ORDER: Record<ReminderInstant['kind'], number> = { before: 0, overdue: 1, escalation: 2 };

/**
 * Reminders before the due date (dropped if they would fall before launch), then overdue notices every
 * `overdueEveryDays` up to `maxOverdueNotices` and before the escalation, then the escalation to the coordinator. An optional
 * deliverable is never overdue, so it only gets the reminders before.
 *
 * A deliverable is requested when its phase opens (`requestedAt`). One requested after its due date (a
 * visit close to VC2 pulls the visa letters ahead of prep-3; validate warns of it) is chased from its
 * request: an overdue notice or an escalation before it would chase a task nobody had been asked for.
 *
 * Days are counted in the host's zone, and each letter then goes out within the working day of its
 * readers (`ownerZone` for the owners' reminders and overdue notices, the host's for the escalation, which
 * the coordinator and the CA representatives read on the host's clock): a due date at 13:00 UTC is 02:00
 * in Nouméa, and a reminder there at that hour would be read, if at all, as the night's mail.
 */
export function remindersFor(
  dueAt: string,
  optional: boolean,
  round: Round,
  hostZone: string,
  ownerZone: string,
  launch: string,
  requestedAt: string = dueAt,
): ReminderInstant[] {
  const { beforeDays, overdueEveryDays, escalateAfterDays, maxOverdueNotices } = round.reminders;
  const before: ReminderInstant[] = [...new Set(beforeDays)]
    .map((days) => ({ days, counted: shiftDays(dueAt, -days, hostZone) }))
    // One at the request's own instant (vc1's notes, due vc1 + 3 d, reminded 3 days before) would land
    // beside the request and say it again.
    .filter(({ counted }) => counted !== requestedAt)
    .map(({ days, counted }) => ({ kind: 'before' as const, at: withinWorkingDay(counted, ownerZone), days }))
    .filter((reminder) => reminder.at >= launch);
  if (optional) return before.sort(byTime);
  const chasedFrom = firstDueHourFrom(dueAt, requestedAt, hostZone);
  // From the escalation on, the coordinator owns the item: the delegation gets no more overdue notices.
  const overdue: ReminderInstant[] = Array.from({ length: maxOverdueNotices }, (_, i) => (i + 1) * overdueEveryDays)
    .filter((days) => days < escalateAfterDays)
    .map((days) => ({ kind: 'overdue' as const, at: withinWorkingDay(shiftDays(chasedFrom, days, hostZone), ownerZone), days }));
  const escalation: ReminderInstant = {
    kind: 'escalation',
    at: withinWorkingDay(shiftDays(chasedFrom, escalateAfterDays, hostZone), hostZone),
    days: escalateAfterDays,
  };
  return [...before, ...overdue, escalation].sort(byTime);
}

/** The zone a deliverable's owners read their reminders in: their delegation's, or the host's for the Secretariat. */
export function ownerZone(owner: string, round: Round): string {
  return round.delegations.find((delegation) => delegation.country === owner)?.timezone ?? hostDelegation(round).timezone;
}

/**
 * The due date's local hour on the first day that is not before `requestedAt`: a deliverable requested
 * late is chased at the hour its due date names (17:00, or its video conference's time), not at the hour
 * its phase happened to open (midnight, for the visit's phases).
 */
function firstDueHourFrom(dueAt: string, requestedAt: string, hostZone: string): string {
  if (requestedAt <= dueAt) return dueAt;
  let days = Math.max(0, Math.floor((Date.parse(requestedAt) - Date.parse(dueAt)) / 86_400_000) - 1);
  while (shiftDays(dueAt, days, hostZone) < requestedAt) days++;
  return shiftDays(dueAt, days, hostZone);
}

function byTime(a: ReminderInstant, b: ReminderInstant): number {
  if (a.at !== b.at) return a.at < b.at ? -1 : 1;
  return KIND_ORDER[a.kind] - KIND_ORDER[b.kind];
}
