/**
 * Turning anchors into instants. Every day offset is a calendar day in the HOST's zone: the visit
 * happens there and the Secretariat works to its clock, so "three days before" keeps the local wall
 * time even across a daylight-saving change.
 *
 * - Anchored on a video conference: the VC's start instant ± days (same local wall time in the host zone).
 * - Anchored on a date (the visit's first or last day, or an ISO date written in `deadlines`): 17:00
 *   host local time on that day, the end of a working day wherever the owner sits in Africa.
 */
import { DateTime } from 'luxon';
import { remembered } from './remembered';
import type { DueAnchor } from './plan-types';
import type { Round } from './round-file';
import type { AnchorEvent } from './deliverables';

/** The hour a date-anchored deliverable falls due, host local time. */
export const DUE_HOUR = 17;

/** `vc2-14d`, `visit+3d`, `visit-end-2d` (`visit` is the visit's first day). */
export const DEADLINE_OFFSET = /^(vc1|vc2|vc3|visit|visit-end)([+-]\d+)d$/;
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export type Schedule = Round['schedule'];

/** Reads a `deadlines` value; undefined when it is neither an ISO date nor an event offset. */
export function parseDeadline(text: string): DueAnchor | undefined {
  const trimmed = text.trim();
  if (ISO_DATE.test(trimmed)) {
    return DateTime.fromISO(trimmed, { zone: 'UTC' }).isValid ? { date: trimmed } : undefined;
  }
  const match = DEADLINE_OFFSET.exec(trimmed);
  if (!match) return undefined;
  const event = match[1] === 'visit' ? 'visit-start' : (match[1] as AnchorEvent);
  return { event, offsetDays: Number(match[2]) };
}

/** ISO instant in UTC with milliseconds and `Z`, the same shape as `Date.prototype.toISOString`. */
export function toUtcIso(instant: DateTime): string {
  const iso = instant.toUTC().toISO();
  if (iso === null) throw new Error(`invalid instant: ${instant.invalidExplanation ?? 'unknown reason'}`);
  return iso;
}

/** Moves an instant by whole calendar days in `zone`, keeping its local wall time there. */
export function shiftDays(iso: string, days: number, zone: string): string {
  return shiftedDays(iso, String(days), zone);
}

const shiftedDays = remembered((iso: string, days: string, zone: string) =>
  toUtcIso(DateTime.fromISO(iso, { setZone: true }).setZone(zone).plus({ days: Number(days) })),
);

/**
 * The local hours, in its reader's zone, within which a reminder-type letter goes out (both ends
 * included). A reminder counted in days from a due instant keeps that instant's wall time, which for a
 * reader several zones away from the host can be the middle of the night.
 */
export const WORKING_DAY = { startHour: 9, endHour: 17 } as const;

/**
 * The instant kept on its own local day in `zone` but brought within the working day: 23:30 there becomes
 * 17:00, 02:30 becomes 09:00, 11:00 stays. The day is kept so that "in 7 days" and the one reminder-type
 * letter a day still count the reader's calendar as the rule did.
 */
export const withinWorkingDay = remembered((iso: string, zone: string): string => {
  const local = DateTime.fromISO(iso, { setZone: true }).setZone(zone);
  const at = (hour: number) => local.set({ hour, minute: 0, second: 0, millisecond: 0 });
  if (local < at(WORKING_DAY.startHour)) return toUtcIso(at(WORKING_DAY.startHour));
  if (local > at(WORKING_DAY.endHour)) return toUtcIso(at(WORKING_DAY.endHour));
  return iso;
});

/** `hour`:00 local time in `zone` on the calendar day `date` (YYYY-MM-DD) moved by `days`. */
export function atLocalHour(date: string, days: number, hour: number, zone: string): string {
  return atLocalHourKept(date, String(days), String(hour), zone);
}

const atLocalHourKept = remembered((date: string, days: string, hour: string, zone: string) =>
  toUtcIso(
    DateTime.fromISO(date, { zone })
      .plus({ days: Number(days) })
      .set({ hour: Number(hour), minute: 0, second: 0, millisecond: 0 }),
  ),
);

/** When an anchor event starts: a VC's start, or 00:00 host time on the visit's first (or last) day. */
export function eventStart(event: AnchorEvent, schedule: Schedule, hostZone: string): string {
  switch (event) {
    case 'vc1':
    case 'vc2':
    case 'vc3':
      return toUtcIso(DateTime.fromISO(schedule[event].start, { setZone: true }));
    case 'visit-start':
      return atLocalHour(schedule.visit.start, 0, 0, hostZone);
    case 'visit-end':
      return atLocalHour(schedule.visit.end, 0, 0, hostZone);
  }
}

export function dueAtFor(anchor: DueAnchor, schedule: Schedule, hostZone: string): string {
  if ('date' in anchor) return atLocalHour(anchor.date, 0, DUE_HOUR, hostZone);
  switch (anchor.event) {
    case 'vc1':
    case 'vc2':
    case 'vc3':
      return shiftDays(schedule[anchor.event].start, anchor.offsetDays, hostZone);
    case 'visit-start':
      return atLocalHour(schedule.visit.start, anchor.offsetDays, DUE_HOUR, hostZone);
    case 'visit-end':
      return atLocalHour(schedule.visit.end, anchor.offsetDays, DUE_HOUR, hostZone);
  }
}
