/**
 * The ceilings of a round file: on every number, text and list, and on how far its dates reach. A real
 * round never comes near them (three or four countries, two officials each, reminders a week ahead);
 * they are there so that a typo or a generated file cannot build a plan of millions of reminders, which
 * would travel in the workflow's history, or keep a round open for two centuries.
 *
 * One object, read by the schema (round-file.ts), the cross-field rules (schedule-rules.ts, horizon.ts),
 * the README's table and the tests, so they all say the same numbers. The numbers a running round's
 * updates share with the file (names, emails, links, a video conference's length) come from
 * workflows/update-limits.ts, which the workflow bundle runs without importing domain/: one source,
 * so an update accepted there is never refused when the round file is validated again with it.
 */
import { UPDATE_LIMITS } from '../workflows/update-limits';
import { DELIVERABLE_KEYS } from './plan-types';

export { EMAIL_ADDRESS, outOfRange, tooLong } from '../workflows/update-limits';

export const ROUND_LIMITS = {
  /** Characters, after trimming. */
  text: {
    /** The round's slug, which the workflow ids, Message-IDs and calendar UIDs are built from. */
    id: 64,
    title: 200,
    name: UPDATE_LIMITS.nameLength,
    email: UPDATE_LIMITS.emailLength,
    organization: 200,
    /** ISO 3166-1 alpha-2. */
    country: 2,
    /** IANA zone names are at most 32 characters today (America/Argentina/ComodRivadavia). */
    timezone: 64,
    joinUrl: UPDATE_LIMITS.urlLength,
    city: 200,
    venue: 200,
    /** An event's start or end, and a `deadlines` value (an ISO date or `visit-end+2d`). */
    date: UPDATE_LIMITS.dateLength,
  },
  /** Entries. */
  lists: {
    /** The concept note plans 3–4 countries (a warning outside that); past this it is not a round. */
    delegations: 8,
    /** Per delegation; the concept note plans two officials (a warning otherwise). */
    participants: 10,
    /** Coordinating-agency representatives, per delegation. */
    coordinatingAgency: 10,
    staff: 20,
    'reminders.beforeDays': 5,
    'reminders.eventBeforeDays': 5,
    /** At most one per deliverable of the catalogue. */
    deadlines: DELIVERABLE_KEYS.length,
  },
  /** Whole numbers, both ends included. */
  numbers: {
    durationMinutes: UPDATE_LIMITS.durationMinutes,
    'reminders.beforeDays': { min: 1, max: 60 },
    'reminders.overdueEveryDays': { min: 1, max: 30 },
    'reminders.escalateAfterDays': { min: 1, max: 60 },
    'reminders.maxOverdueNotices': { min: 0, max: 10 },
    'reminders.eventBeforeDays': { min: 1, max: 60 },
  },
  /** `vc2-14d`: days before or after the event, either way. */
  deadlineOffsetDays: 365,
  /** The visit, first to last day; a JSR visit lasts about a week, with a debrief every evening. */
  visitDays: 14,
  /** Every date of the round (events, deadlines, computed due dates) within this many years of the launch. */
  horizonYears: 2,
} as const;

export function tooMany(count: number, noun: string, max: number, fix: string): string {
  return `${count} ${noun} is more than the ${max} allowed: ${fix}`;
}

/**
 * The limits as rows of (what, limit), for `jsrx validate --help` and the README's table (a test
 * checks that the README shows these very rows).
 */
export function limitRows(): Array<[string, string]> {
  const { text, lists, numbers } = ROUND_LIMITS;
  const range = (bounds: { min: number; max: number }) => `${bounds.min} to ${bounds.max}`;
  const days = (list: 'reminders.beforeDays' | 'reminders.eventBeforeDays') =>
    `up to ${lists[list]} entries, each ${range(numbers[list])}`;
  // Texts that share a ceiling share a row, so the table stays short and true whatever the numbers.
  const texts: Array<[string, number]> = [
    ['id', text.id],
    ['title', text.title],
    ['names', text.name],
    ['organization', text.organization],
    ['city', text.city],
    ['venue', text.venue],
    ['emails (RFC 5321)', text.email],
    ['joinUrl', text.joinUrl],
    ['country', text.country],
    ['timezone', text.timezone],
    ['dates and deadlines as written', text.date],
  ];
  const byLimit = new Map<number, string[]>();
  for (const [field, max] of texts) byLimit.set(max, [...(byLimit.get(max) ?? []), field]);
  return [
    ['every date: events, deadlines, due dates', `within ${ROUND_LIMITS.horizonYears} years of the launch`],
    ['delegations', `${lists.delegations} (outside the concept note's 3–4: a warning)`],
    ['participants of a delegation', `${lists.participants} (none: an error; other than two: a warning)`],
    ['coordinatingAgency of a delegation', `${lists.coordinatingAgency}`],
    ['secretariat.staff', `${lists.staff} (fewer than three: a warning)`],
    ['deadlines', `one per deliverable (${lists.deadlines})`],
    ['a deadline offset such as vc2-14d', `up to ${ROUND_LIMITS.deadlineOffsetDays} days`],
    ['the visit', `${ROUND_LIMITS.visitDays} days, first to last`],
    ['durationMinutes', range(numbers.durationMinutes)],
    ['reminders.beforeDays', days('reminders.beforeDays')],
    ['reminders.eventBeforeDays', days('reminders.eventBeforeDays')],
    ['reminders.overdueEveryDays', range(numbers['reminders.overdueEveryDays'])],
    ['reminders.escalateAfterDays', range(numbers['reminders.escalateAfterDays'])],
    ['reminders.maxOverdueNotices', range(numbers['reminders.maxOverdueNotices'])],
    ...[...byLimit].map(([max, fields]): [string, string] => [fields.join(', '), `${max} characters`]),
    ['reasons (waive, extend, reschedule, cancel)', `${UPDATE_LIMITS.reasonLength} characters`],
    ['a submission’s reference', `${UPDATE_LIMITS.referenceLength} characters`],
  ];
}
