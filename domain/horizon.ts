/**
 * The horizon: every date of a round (the video conferences, the visit, every due date, written or
 * computed) falls within two years of its launch. A round lasts three to five months; a date in 2207
 * is a typo, and a round planned on it would stay open, with its timers, for two centuries.
 *
 * Dates count as calendar days in the host's zone, like every day offset of the round (due-dates.ts):
 * launched on 2026-11-23, a round may have dates up to 2028-11-23 included. The same rule runs on a
 * round file before launch (`fileDates`, with the moment of validation standing for the launch) and on
 * the plan built at launch or rebuilt by a reschedule (`checkHorizon`), so the two never disagree.
 */
import { DateTime } from 'luxon';
import { DEFAULT_VC_MINUTES, type Problem } from './round-file';
import type { Plan } from './plan-types';
import { ROUND_LIMITS } from './limits';
import { DELIVERABLE_CATALOGUE, type AnchorEvent } from './deliverables';
import { atLocalHour, dueAtFor, eventStart, parseDeadline, type Schedule } from './due-dates';

/** One date of the round, as the horizon sees it. */
export interface RoundDate {
  /** The field to change: `schedule.vc3.start`, `deadlines.communications`. */
  path: string;
  /** The instant it happens (an ISO instant). */
  at: string;
  /** A start or a day (`date`), the end of a video conference (`end`), or a due date (`due`). */
  kind: 'date' | 'end' | 'due';
  /** Set when this is the start (or first or last day) of an event that due dates hang on. */
  event?: AnchorEvent;
  /** The event a due date hangs on: when that event is beyond the horizon, only the event is reported. */
  anchoredOn?: AnchorEvent;
}

const EVENT_PATHS: Record<AnchorEvent, string> = {
  vc1: 'schedule.vc1.start',
  vc2: 'schedule.vc2.start',
  vc3: 'schedule.vc3.start',
  'visit-start': 'schedule.visit.start',
  'visit-end': 'schedule.visit.end',
};

const EVENT_NAMES: Record<AnchorEvent, string> = {
  vc1: 'vc1',
  vc2: 'vc2',
  vc3: 'vc3',
  'visit-start': 'the visit',
  'visit-end': 'the visit',
};

const SPELLED = ['zero', 'one', 'two', 'three', 'four', 'five'];
const YEARS = `${SPELLED[ROUND_LIMITS.horizonYears] ?? ROUND_LIMITS.horizonYears} years`;

/** The launch day and the last day a round launched at `launchedAt` may use, in `zone`. */
export function horizonOf(
  launchedAt: string,
  zone: string,
): { launchDay: string; lastDay: string } | undefined {
  const launch = DateTime.fromISO(launchedAt, { setZone: true }).setZone(zone);
  const launchDay = launch.toISODate();
  const lastDay = launch.plus({ years: ROUND_LIMITS.horizonYears }).toISODate();
  return launchDay !== null && lastDay !== null ? { launchDay, lastDay } : undefined;
}

/**
 * One problem per date past the horizon, at the field to change. A due date that hangs on an event
 * past the horizon is not reported again: moving the event moves it too.
 */
export function horizonProblems(dates: RoundDate[], zone: string, launchedAt: string): Problem[] {
  const horizon = horizonOf(launchedAt, zone);
  if (!horizon) return [];
  const dayOf = (at: string) => DateTime.fromISO(at, { setZone: true }).setZone(zone).toISODate() ?? at;
  const beyond = dates.filter((date) => dayOf(date.at) > horizon.lastDay);
  const eventsBeyond = new Set(beyond.flatMap((date) => (date.event ? [date.event] : [])));
  const problems: Problem[] = [];
  for (const date of beyond) {
    if (date.anchoredOn && eventsBeyond.has(date.anchoredOn)) continue;
    if (problems.some((problem) => problem.path === date.path)) continue;
    const after = `more than ${YEARS} after launch (${horizon.launchDay}): a round lasts three to five months`;
    const day = dayOf(date.at);
    const message =
      date.kind === 'date'
        ? `${day} is ${after}; choose a date up to ${horizon.lastDay}`
        : date.kind === 'end'
          ? `it ends on ${day}, ${after}; move it so that it ends by ${horizon.lastDay}`
          : `due ${day}, ${after}; choose a due date up to ${horizon.lastDay}${
              date.anchoredOn ? ` or move ${EVENT_NAMES[date.anchoredOn]} earlier` : ''
            }`;
    problems.push({ path: date.path, message });
  }
  return problems;
}

/**
 * The dates of a round file whose schedule and host zone are valid: each event, and the due date of
 * each deliverable (from `deadlines` or the catalogue's default), placed as the plan builder places them.
 */
export function fileDates(
  schedule: Schedule,
  deadlines: Record<string, unknown>,
  hostZone: string,
): RoundDate[] {
  const dates: RoundDate[] = [];
  // In the order of the round, as the plan lists them.
  for (const event of ['vc1', 'vc2', 'visit', 'vc3'] as const) {
    if (event === 'visit') {
      for (const day of ['visit-start', 'visit-end'] as const) {
        dates.push({
          path: EVENT_PATHS[day],
          at: eventStart(day, schedule, hostZone),
          kind: 'date',
          event: day,
        });
      }
      continue;
    }
    const start = eventStart(event, schedule, hostZone);
    dates.push({ path: EVENT_PATHS[event], at: start, kind: 'date', event });
    const minutes = (schedule[event] as { durationMinutes?: number }).durationMinutes ?? DEFAULT_VC_MINUTES;
    const { min, max } = ROUND_LIMITS.numbers.durationMinutes;
    if (Number.isInteger(minutes) && minutes >= min && minutes <= max) {
      const end = DateTime.fromISO(start, { setZone: true }).plus({ minutes }).toUTC().toISO() ?? start;
      dates.push({ path: EVENT_PATHS[event], at: end, kind: 'end' });
    }
  }
  for (const entry of DELIVERABLE_CATALOGUE) {
    const written = deadlines[entry.key];
    const anchor = typeof written === 'string' ? parseDeadline(written) : entry.anchor;
    // An unreadable or out-of-range override is reported by checkDeadlines; it has no date to place.
    if (!anchor || ('offsetDays' in anchor && Math.abs(anchor.offsetDays) > ROUND_LIMITS.deadlineOffsetDays))
      continue;
    dates.push({
      path: `deadlines.${entry.key}`,
      at: dueAtFor(anchor, schedule, hostZone),
      kind: 'due',
      ...('event' in anchor ? { anchoredOn: anchor.event } : {}),
    });
  }
  return dates;
}

/**
 * The horizon on a plan, at launch and after every change that rebuilds it: each event, each due date,
 * and the moment the round completes, within two years of `plan.launchedAt`.
 */
export function checkHorizon(plan: Plan): Problem[] {
  const visit = plan.events.find((event) => event.id === 'visit');
  const zone = visit?.timezone ?? 'UTC';
  const dates: RoundDate[] = [];
  for (const event of plan.events) {
    if (event.id === 'vc1' || event.id === 'vc2' || event.id === 'vc3') {
      dates.push({ path: EVENT_PATHS[event.id], at: event.start, kind: 'date', event: event.id });
      dates.push({ path: EVENT_PATHS[event.id], at: event.end, kind: 'end' });
    } else if (event.id === 'visit' && event.allDay) {
      dates.push(
        { path: EVENT_PATHS['visit-start'], at: event.start, kind: 'date', event: 'visit-start' },
        {
          path: EVENT_PATHS['visit-end'],
          at: atLocalHour(event.allDay.lastDay, 0, 0, zone),
          kind: 'date',
          event: 'visit-end',
        },
      );
    }
  }
  for (const deliverable of plan.deliverables) {
    dates.push({
      path: `deadlines.${deliverable.key}`,
      at: deliverable.dueAt,
      kind: 'due',
      ...('event' in deliverable.anchor ? { anchoredOn: deliverable.anchor.event } : {}),
    });
  }
  const problems = horizonProblems(dates, zone, plan.launchedAt);
  // Every date above bounds the end already; this only guards a plan built some other way.
  if (problems.length === 0) {
    const [last] = horizonProblems(
      [{ path: 'schedule', at: plan.completesAt, kind: 'end' }],
      zone,
      plan.launchedAt,
    );
    if (last) problems.push({ path: last.path, message: `the round completes late: ${last.message}` });
  }
  return problems;
}
