/**
 * Moving one of the round's four events. The change is applied to the round file and the whole file is
 * validated again, so a move that breaks the event order, leaves a deadline after the event it
 * prepares, or (given the launch) puts a date more than two years after it, is refused with the same
 * messages as a bad file. The caller then rebuilds the plan from the new round (reminders that hang on
 * an event move with it).
 */
import type { Problem, Round, VideoConference, Visit } from './round-file';
import type { ScheduledEventKey } from './plan-types';
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
  const defined = Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined));
  const schedule = { ...round.schedule, [event]: { ...round.schedule[event], ...defined } };
  const result = validateRound({ ...round, schedule }, options.launchedAt ? { now: options.launchedAt } : {});
  return result.ok ? { ok: true, round: result.round } : { ok: false, problems: result.errors };
}
