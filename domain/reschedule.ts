/**
 * Moving one of the round's four events. The change is applied to the round file and the whole file is
 * validated again, so a move that breaks the event order, leaves a deadline after the event it
 * prepares, or (given the launch) puts a date more than two years after it, is refused with the same
 * messages as a bad file. A visit moved by its first day alone keeps its length. The caller then rebuilds
 * the plan from the new round (reminders that hang on an event move with it).
 */
import type { Problem, Round, VideoConference, Visit } from './round-file';
import { DateTime } from 'luxon';
import type { ScheduledEventKey } from './plan-types';
import { ISO_DATE } from './due-dates';
import { validateRound } from './validate';

export type EventChange =
  Partial<Pick<VideoConference, 'start' | 'durationMinutes' | 'joinUrl'>> | Partial<Visit>;
export type RescheduleResult = { ok: true; round: Round } | { ok: false; problems: Problem[] };

export interface RescheduleOptions {
  /**
   * The round's launch (`plan.launchedAt`): with it, a move that puts a date of the round (the event,
   * or a due date that hangs on it) more than two years after the launch is refused. A running round
   * always has it; pass it.
   */
  launchedAt?: string;
}

export function rescheduleRound(
  round: Round,
  event: ScheduledEventKey,
  change: EventChange,
  options: RescheduleOptions = {},
): RescheduleResult {
  const moved = event === 'visit' ? keepingVisitLength(round.schedule.visit, change as Partial<Visit>) : change;
  const defined = Object.fromEntries(Object.entries(moved).filter(([, value]) => value !== undefined));
  const schedule = { ...round.schedule, [event]: { ...round.schedule[event], ...defined } };
  const result = validateRound({ ...round, schedule }, options.launchedAt ? { now: options.launchedAt } : {});
  return result.ok ? { ok: true, round: result.round } : { ok: false, problems: result.errors };
}

/**
 * A visit whose first day moves without a last day given keeps its length: the last day moves by as many
 * days as the first, as a calendar application moves an event dragged to another day. Left where it was,
 * the last day would refuse a five-day visit moved a week later ("the visit ends before it starts"), and
 * silently shorten one moved a day later. A visit made shorter or longer says so with its `end`. A first
 * day that is not a date is left as it is, for validation to name.
 */
function keepingVisitLength(visit: Visit, change: Partial<Visit>): Partial<Visit> {
  if (change.end !== undefined || change.start === undefined) return change;
  const day = (text: string) => DateTime.fromISO(text.trim(), { zone: 'UTC' });
  const from = day(visit.start);
  const to = day(change.start);
  if (!ISO_DATE.test(change.start.trim()) || !to.isValid || !from.isValid) return change;
  const end = day(visit.end).plus({ days: to.diff(from, 'days').days }).toISODate();
  return end ? { ...change, end } : change;
}
