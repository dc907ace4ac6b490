/**
 * The rules of a round's calendar: the four events in order (vc1 < vc2 < visit start ≤ visit end < vc3),
 * the `deadlines` overrides (known keys, readable values, on the right side of the event they prepare
 * or report on), and what only the launch instant can tell. Part of `validateRound`; pure.
 */
import { DateTime } from 'luxon';
import type { Problem } from './round-file';
import { DELIVERABLE_KEYS, type DeliverableKey, type Phase, type Plan, type PlanDeliverable, type PlanEvent } from './plan-types';
import { catalogueEntry } from './deliverables';
import { dueAtFor, eventStart, parseDeadline, ISO_DATE, type Schedule } from './due-dates';
import { checkHorizon } from './horizon';
import { instantAdvice } from '../workflows/update-limits';
import { ROUND_LIMITS } from './limits';

/** An instant must say its offset: a bare local time would be read in whatever zone the reader is in. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;

type Raw = Record<string, unknown>;
const record = (value: unknown): Raw =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Raw) : {};

/** Checks formats and the order vc1 < vc2 < visit start ≤ visit end < vc3; true when all hold. */
export function checkSchedule(schedule: Raw, hostZone: string, errors: Problem[]): boolean {
  const before = errors.length;
  const instants: Partial<Record<'vc1' | 'vc2' | 'vc3', number>> = {};
  for (const vc of ['vc1', 'vc2', 'vc3'] as const) {
    const start = record(schedule[vc]).start;
    if (typeof start !== 'string') continue;
    const instant = DateTime.fromISO(start.trim(), { setZone: true });
    if (!INSTANT.test(start.trim()) || !instant.isValid) {
      errors.push({
        path: `schedule.${vc}.start`,
        message: `"${start}" is not an instant with its offset: ${instantAdvice(start)}`,
      });
    } else instants[vc] = instant.toMillis();
  }
  const visit = record(schedule.visit);
  const days: Partial<Record<'start' | 'end', string>> = {};
  for (const side of ['start', 'end'] as const) {
    const day = visit[side];
    if (typeof day !== 'string') continue;
    if (!ISO_DATE.test(day.trim()) || !DateTime.fromISO(day.trim()).isValid) {
      errors.push({
        path: `schedule.visit.${side}`,
        message: `"${day}" is not a date: write the visit's ${side === 'start' ? 'first' : 'last'} day as YYYY-MM-DD, e.g. 2027-04-19`,
      });
    } else days[side] = day.trim();
  }
  const order = (path: string, ok: boolean, message: string) => {
    if (!ok) errors.push({ path, message });
  };
  const { vc1, vc2, vc3 } = instants;
  if (vc1 !== undefined && vc2 !== undefined) {
    order('schedule.vc2.start', vc1 < vc2, 'vc2 must come after vc1: move vc2 later or vc1 earlier');
  }
  const visitStart =
    days.start === undefined ? undefined : DateTime.fromISO(days.start, { zone: hostZone }).toMillis();
  const visitEnd =
    days.end === undefined
      ? undefined
      : DateTime.fromISO(days.end, { zone: hostZone }).plus({ days: 1 }).toMillis();
  if (vc2 !== undefined && visitStart !== undefined) {
    order(
      'schedule.visit.start',
      vc2 < visitStart,
      'the visit must start after vc2: move the visit later or vc2 earlier',
    );
  }
  if (days.start && days.end) {
    order(
      'schedule.visit.end',
      days.start <= days.end,
      'the visit ends before it starts: its last day (end) must be on or after its first day (start)',
    );
    // The plan has an evening debrief for each visit day: a visit of years would make thousands.
    const first = DateTime.fromISO(days.start, { zone: 'UTC' });
    const visitDays = DateTime.fromISO(days.end, { zone: 'UTC' }).diff(first, 'days').days + 1;
    const maxDays = ROUND_LIMITS.visitDays;
    order(
      'schedule.visit.end',
      visitDays <= maxDays,
      `the visit lasts ${visitDays} days, more than the ${maxDays} allowed: a JSR visit lasts about a week; make its last day ${first.plus({ days: maxDays - 1 }).toISODate() ?? ''} at the latest`,
    );
  }
  if (visitEnd !== undefined && vc3 !== undefined) {
    order(
      'schedule.vc3.start',
      visitEnd <= vc3,
      'vc3 must come after the visit ends: move vc3 later or the visit earlier',
    );
  }
  return (
    errors.length === before &&
    Object.keys(instants).length === 3 &&
    days.start !== undefined &&
    days.end !== undefined
  );
}

export function checkDeadlines(
  deadlines: Raw,
  context: { schedule: Schedule; hostZone: string } | undefined,
  errors: Problem[],
): void {
  for (const [key, value] of Object.entries(deadlines)) {
    const path = `deadlines.${key}`;
    if (!(DELIVERABLE_KEYS as readonly string[]).includes(key)) {
      errors.push({
        path,
        message: `unknown deliverable "${key}": use one of ${DELIVERABLE_KEYS.join(', ')}`,
      });
      continue;
    }
    if (typeof value !== 'string') continue; // the schema reports it
    const anchor = parseDeadline(value);
    if (!anchor) {
      errors.push({
        path,
        message: `cannot read "${value}": write an ISO date (2027-03-01) or an offset from an event (vc2-14d, visit-30d, visit-end+2d)`,
      });
      continue;
    }
    const maxDays = ROUND_LIMITS.deadlineOffsetDays;
    if ('offsetDays' in anchor && Math.abs(anchor.offsetDays) > maxDays) {
      errors.push({
        path,
        message: `${value.trim()} is ${Math.abs(anchor.offsetDays)} days from ${eventLabel(anchor.event)}, more than the ${maxDays} allowed: write an offset of at most ${maxDays} days, or an ISO date`,
      });
      continue;
    }
    if (!context) continue; // the schedule's own problems are reported; due dates cannot be placed yet
    const entry = catalogueEntry(key as DeliverableKey);
    const dueAt = dueAtFor(anchor, context.schedule, context.hostZone);
    if ('prepares' in entry.relation) {
      const event = entry.relation.prepares;
      const startsAt = eventStart(event, context.schedule, context.hostZone);
      if (dueAt > startsAt) {
        errors.push({
          path,
          message: `due ${dueAt}, after ${eventLabel(event)} (${startsAt}) that it prepares: choose a due date before ${eventLabel(event)}`,
        });
      }
    } else {
      const event = entry.relation.follows;
      const startsAt = eventStart(event, context.schedule, context.hostZone);
      if (dueAt < startsAt) {
        errors.push({
          path,
          message: `due ${dueAt}, before ${eventLabel(event)} (${startsAt}) that it reports on: choose a due date after ${eventLabel(event)}`,
        });
      }
    }
  }
}

function eventLabel(event: string): string {
  return event === 'visit-start' ? 'the visit' : event === 'visit-end' ? "the visit's last day" : event;
}

/**
 * What only the launch instant can tell, checked on the plan built for it: a round whose first video
 * conference is not after the launch cannot start, nor one with a date more than two years after it
 * (errors, see horizon.ts); deliverables already due at launch are still requested but flagged
 * (warnings), so the coordinator can move or waive them.
 */
export function validateLaunch(plan: Plan): { errors: Problem[]; warnings: Problem[] } {
  const errors: Problem[] = [];
  const vc1 = plan.events.find((event) => event.id === 'vc1');
  if (vc1 && vc1.start <= plan.launchedAt) {
    errors.push({
      path: 'schedule.vc1.start',
      message: `vc1 (${vc1.start}) is not after the launch (${plan.launchedAt}): move the schedule later`,
    });
  }
  errors.push(...checkHorizon(plan));
  return { errors, warnings: dateWarnings(plan) };
}

/** The dates a round's date warnings are read from: a plan at launch, or a running round's progress now. */
export interface RoundDates {
  launchedAt: string;
  /** When each phase opens, and so requests its deliverables. */
  phases: ReadonlyArray<{ phase: Phase; startsAt: string }>;
  events: ReadonlyArray<Pick<PlanEvent, 'id' | 'start'>>;
  deliverables: ReadonlyArray<Pick<PlanDeliverable, 'id' | 'key' | 'dueAt'>>;
}

/**
 * The warnings that hang on dates, each keyed by the id of the deliverable it is about. They
 * are computed from whatever dates the round has: the plan at launch, and again from a running round's
 * progress after a move or an extension (client/round-warnings.ts), so what staff read is never a
 * warning about dates the round no longer has.
 */
export function dateWarnings(dates: RoundDates): Problem[] {
  const alreadyDue = dates.deliverables
    .filter((deliverable) => deliverable.dueAt <= dates.launchedAt)
    .map((deliverable) => ({
      path: deliverable.id,
      message: `already due at launch (${deliverable.dueAt}): set a later deadline or waive it`,
    }));
  return [...alreadyDue, ...dueBeforeRequested(dates), ...dueAfterUse(dates)];
}

/**
 * A deliverable is requested when its phase opens. One that falls due by then (a visit close to VC2
 * pulls the visa letters, due 30 days before the visit, ahead of the third preparation phase) would be
 * reminded, and even called overdue, before anyone has asked for it.
 */
function dueBeforeRequested(dates: RoundDates): Problem[] {
  const opens = new Map(dates.phases.map((phase) => [phase.phase, phase.startsAt]));
  return dates.deliverables.flatMap((deliverable) => {
    const { phase } = catalogueEntry(deliverable.key);
    const requestedAt = opens.get(phase);
    if (!requestedAt || deliverable.dueAt <= dates.launchedAt || deliverable.dueAt > requestedAt) return [];
    return [
      {
        path: deliverable.id,
        message: `falls due (${deliverable.dueAt}) by the time it is requested, when ${phase} opens (${requestedAt}): give it a later deadline (deadlines.${deliverable.key}), or move the event its date hangs on`,
      },
    ];
  });
}

/**
 * The Secretariat's notes of a video conference serve the next step (vc1's notes prepare vc2). Their
 * default due date never falls after that step starts (plan.ts, dueBeforeUse), but a `deadlines` entry
 * is taken as written, and so is an extension: the round then chases notes that reach the participants
 * after the step they were for. Allowed (the Secretariat may choose to write them up later), and said.
 */
function dueAfterUse(dates: RoundDates): Problem[] {
  return dates.deliverables.flatMap((deliverable) => {
    const { usedBy } = catalogueEntry(deliverable.key);
    if (!usedBy) return [];
    const event = dates.events.find((candidate) => candidate.id === (usedBy === 'visit-start' || usedBy === 'visit-end' ? 'visit' : usedBy));
    if (!event || deliverable.dueAt <= event.start) return [];
    const label = eventLabel(usedBy);
    return [
      {
        path: deliverable.id,
        message: `due ${deliverable.dueAt}, after ${label} (${event.start}), which works from it: it would reach the participants once ${label} has begun. To have it before, set deadlines.${deliverable.key} to a date before ${label} (e.g. ${usedBy === 'visit-start' ? 'visit-1d' : `${usedBy}-1d`}), or give the running round an earlier due date (jsrx extend … --due)`,
      },
    ];
  });
}
