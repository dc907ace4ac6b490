/**
 * When each reader is reminded of an event: in the working day of the reader's own zone, on the day the
 * reminder names for them. Video conferences are set in UTC and the visit and debriefs on the host's
 * clock, so one instant for everybody (the event's own time some days before) reached a reader far away
 * in the night: VCs at 20:00 UTC remind Kathmandu at 01:45.
 */
import { DateTime } from 'luxon';
import { atLocalHour, shiftDays, toUtcIso, withinWorkingDay, WORKING_DAY } from './due-dates';
import type { PlanEvent } from './plan-types';

type Reminded = Pick<PlanEvent, 'start' | 'allDay'>;

/**
 * The reminder of `event`, `days` ahead, for a reader in `zone`.
 *
 * The day is the reader's: `days` local days before the day the event starts on the reader's calendar,
 * because the letter tells the reader how far away the event is counted on that calendar ('tomorrow',
 * 'in 2 days', activities/view-parts.ts): counting on the host's calendar instead would send a reader
 * several zones away a "tomorrow" on the day the conference opens for them, or two days ahead. For the
 * visit that calendar day is its first day as the host writes it (`allDay.firstDay`): the invitation is an
 * all-day entry on those dates in every reader's calendar, and the letter counts to it.
 *
 * The hour is the event's own local hour brought within the working day (a VC at 01:45 is reminded at
 * 09:00, one at 20:00 at 17:00); the visit has no hour and is reminded at the start of the working day.
 *
 * A reminder never comes once the event has begun: the visit begins at the host's midnight, which west of
 * the host is the morning before its first day, and then the reminder comes at the end of the reader's last
 * working day before it.
 */
export function eventReminderAt(event: Reminded, days: number, zone: string): string {
  const counted = event.allDay
    ? atLocalHour(event.allDay.firstDay, -days, WORKING_DAY.startHour, zone)
    : withinWorkingDay(shiftDays(event.start, -days, zone), zone);
  return counted < event.start ? counted : endOfWorkingDayBefore(event.start, zone);
}

/**
 * An event's reminders in each of `zones`, `beforeDays` ahead, soonest first, none before `from` (the launch,
 * or the end of the step that prepares the event: see plan.ts `remindedFrom`).
 */
export function eventRemindersByZone(
  event: Reminded,
  beforeDays: number[],
  zones: string[],
  from: string,
): Record<string, string[]> {
  return Object.fromEntries(
    zones.map((zone) => [
      zone,
      [...new Set(beforeDays.map((days) => eventReminderAt(event, days, zone)))]
        .filter((at) => at >= from)
        .sort(),
    ]),
  );
}

function endOfWorkingDayBefore(iso: string, zone: string): string {
  return toUtcIso(
    DateTime.fromISO(iso, { setZone: true })
      .setZone(zone)
      .minus({ days: 1 })
      .set({ hour: WORKING_DAY.endHour, minute: 0, second: 0, millisecond: 0 }),
  );
}
