/**
 * What a chaser (chaser.ts) owes its readers, as pure functions over its state: the requests, reminders,
 * overdue notices, escalations and event reminders still to send, each with the people it is for.
 *
 * Every reader is chased by exactly one chaser, so one chaser sees all of a reader's reminder-type mail
 * and can fold a day's items into one email: a delegation's (in its child workflow) writes to its
 * participants and its coordinating-agency representatives (who get a copy of its escalations); the
 * Secretariat's (in the round) writes to the coordinator and staff, and escalates every delegation's
 * overdue items to the coordinator.
 */
import type { PlanDeliverable, PlanEvent } from '../domain/plan-types';
import type { Round } from '../domain/round-file';
import { caRecipients, delegationRecipients, recipientsFor, secretariatRecipients } from './audience';
import type { Person, Recipient, ReminderKind } from './dispatch';
import type { ChaseSlice } from './internal-signals';
import { localDay } from './local-day';

export const SECRETARIAT_OWNER = 'secretariat';

export interface ChaseItem {
  /** The step's identity in the run: with the kind and the reader it makes the Message-ID. */
  key: string;
  at: string;
  kind: 'deliverable-request' | 'feedback-request' | ReminderKind;
  readers: Recipient[];
  /** Named in the Cc header (each of them gets their own letter from the child that chases them). */
  cc: Person[];
  deliverable?: PlanDeliverable;
  event?: PlanEvent;
}

export interface ChaseState {
  owner: string;
  launchedAt: string;
  slice: ChaseSlice;
  /** Deliverables submitted or waived: never chased again. */
  settled: string[];
  /** Since when a deliverable's due date (by id) or an event's date (`event:<id>`) is known, if it moved. */
  knownSince: Record<string, string>;
  /** Since when each reader is in the round, if they joined after launch: nothing older is sent to them. */
  readerSince: Record<string, string>;
  /** The readers each step was already written to, by step key. */
  taken: Record<string, string[]>;
}

export interface PendingLetter {
  item: ChaseItem;
  reader: Recipient;
}

export const isReminder = (item: ChaseItem): boolean =>
  item.kind !== 'deliverable-request' && item.kind !== 'feedback-request';

/** Every step not yet written to each of its readers, soonest first. */
export function pendingLetters(state: ChaseState): PendingLetter[] {
  const letters: PendingLetter[] = [];
  for (const item of chaseItems(state)) {
    const taken = state.taken[item.key] ?? [];
    for (const reader of item.readers) {
      if (taken.includes(reader.email)) continue;
      if (item.at < (state.readerSince[reader.email] ?? state.launchedAt)) continue;
      letters.push({ item, reader });
    }
  }
  return letters.sort((a, b) => (a.item.at < b.item.at ? -1 : a.item.at > b.item.at ? 1 : 0));
}

/**
 * The letters to write now: every step that is due, and for each reader who has a reminder due, the
 * rest of that reader's reminders falling on the same local day (one reminder-type email a day).
 */
export function lettersDueNow(state: ChaseState, now: string): PendingLetter[] {
  const pending = pendingLetters(state);
  const due = pending.filter((letter) => letter.item.at <= now);
  const remindedToday = new Map<string, string>();
  for (const { item, reader } of due) {
    if (isReminder(item)) remindedToday.set(reader.email, localDay(now, reader.timezone, state.slice.zones));
  }
  const sameDay = pending.filter(
    ({ item, reader }) =>
      item.at > now &&
      isReminder(item) &&
      remindedToday.get(reader.email) === localDay(item.at, reader.timezone, state.slice.zones),
  );
  return [...due, ...sameDay];
}

export function chaseItems(state: ChaseState): ChaseItem[] {
  const { round, deliverables, events, requestAt } = state.slice;
  const items: ChaseItem[] = [];
  const escalates = (deliverable: PlanDeliverable) =>
    state.owner === SECRETARIAT_OWNER || deliverable.owner === state.owner;
  for (const deliverable of deliverables) {
    if (state.settled.includes(deliverable.id)) continue;
    const knownSince = state.knownSince[deliverable.id] ?? state.launchedAt;
    const version = knownSince === state.launchedAt ? '' : `@${deliverable.dueAt}`;
    const requestedAt = requestAt[deliverable.id] ?? state.launchedAt;
    const owned = deliverable.owner === state.owner;
    const owners = owned ? ownersOf(round, deliverable) : [];
    if (owned) {
      items.push({
        key: `${deliverable.id}#request`,
        at: requestedAt,
        kind: deliverable.key === 'exchange-feedback' ? 'feedback-request' : 'deliverable-request',
        readers: owners,
        cc: [],
        deliverable,
      });
    }
    for (const reminder of deliverable.reminders) {
      if (reminder.at < knownSince) continue;
      const key = `${deliverable.id}#${reminder.kind}-${reminder.days}${version}`;
      if (reminder.kind === 'escalation') {
        if (!escalates(deliverable)) continue;
        items.push({ key, at: reminder.at, kind: 'escalation', ...escalationReaders(state, deliverable), deliverable });
        continue;
      }
      // A reminder before the request would announce a task nobody has been given yet.
      if (!owned || (reminder.kind === 'before' && reminder.at < requestedAt)) continue;
      const kind = reminder.kind === 'before' ? 'deliverable-reminder' : 'overdue-notice';
      items.push({ key, at: reminder.at, kind, readers: owners, cc: [], deliverable });
    }
  }
  const mine = new Set(chasedReaders(state).map((reader) => reader.email));
  for (const event of events) {
    const knownSince = state.knownSince[`event:${event.id}`] ?? state.launchedAt;
    const readers = recipientsFor(round, event.audience).filter((reader) => mine.has(reader.email));
    for (const { instants, readers: reminded } of eventReminderGroups(event, readers)) {
      for (const at of instants) {
        if (at < knownSince || at >= event.start) continue;
        // The instant is in the key: it tells a reader's reminders of one event apart, and the same instant
        // planned for two zones is still one letter per reader (the Message-ID names the reader too).
        items.push({ key: `${event.id}#reminder@${at}`, at, kind: 'event-reminder', readers: reminded, cc: [], event });
      }
    }
  }
  return items;
}

/**
 * The event's reminder instants, each with the readers they are for: one group per reader zone when the
 * plan has them (planned within each zone's working day), else one instant list for all, as plans made
 * before did. Which one is decided by the recorded plan alone, so a running round replays as it ran.
 */
function eventReminderGroups(event: PlanEvent, readers: Recipient[]): Array<{ instants: string[]; readers: Recipient[] }> {
  if (readers.length === 0) return [];
  const byZone = event.remindersByZone;
  if (!byZone) return [{ instants: event.remindersAt, readers }];
  const zones = [...new Set(readers.map((reader) => reader.timezone))];
  return zones.map((zone) => ({
    instants: byZone[zone] ?? event.remindersAt,
    readers: readers.filter((reader) => reader.timezone === zone),
  }));
}

/** Who this child writes to. */
export function chasedReaders(state: ChaseState): Recipient[] {
  const { round } = state.slice;
  if (state.owner === SECRETARIAT_OWNER) return secretariatRecipients(round);
  return [...delegationRecipients(round, state.owner), ...caRecipients(round, state.owner)];
}

/** Who owes it: the participant for a per-participant deliverable, the delegation, or the Secretariat. */
function ownersOf(round: Round, deliverable: PlanDeliverable): Recipient[] {
  if (deliverable.owner === SECRETARIAT_OWNER) return secretariatRecipients(round);
  const delegation = delegationRecipients(round, deliverable.owner);
  return deliverable.participant ? delegation.filter((r) => r.email === deliverable.participant) : delegation;
}

/**
 * The coordinator takes the item over (the Secretariat's chaser writes to them, naming the delegation's
 * CA in copy); the delegation's chaser sends each of its CA representatives their copy.
 */
function escalationReaders(state: ChaseState, deliverable: PlanDeliverable): { readers: Recipient[]; cc: Person[] } {
  const { round } = state.slice;
  const coordinator = recipientsFor(round, 'coordinator');
  const agency = deliverable.owner === SECRETARIAT_OWNER ? [] : caRecipients(round, deliverable.owner);
  const people = (list: Recipient[]) => list.map(({ name, email }) => ({ name, email }));
  if (state.owner === SECRETARIAT_OWNER) return { readers: coordinator, cc: people(agency) };
  return { readers: agency, cc: people(coordinator) };
}
