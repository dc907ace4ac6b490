/**
 * Planning a round and revising a running one: the pure functions the planning activities run. The
 * workflow records their results in history and never recomputes a date itself, so a new version of
 * zod, luxon, the time-zone database, the catalogue or a default cannot move a running round's timers.
 */
import { carryExtensions, extendDueDate, type ExtensionChange } from './extend';
import { buildPlan, remindedFrom } from './plan';
import type { Plan, ReminderInstant, ScheduledEventKey } from './plan-types';
import { rescheduleRound } from './reschedule';
import type { Problem, Round } from './round-file';
import { normaliseEmail, validateLaunch, validateRound } from './validate';

export type Planned = { ok: true; round: Round; plan: Plan; warnings: Problem[] } | { ok: false; problems: Problem[] };

/** A round file at launch: validated, then dated from the launch instant. */
export function planRound(input: unknown, launchedAt: string): Planned {
  const validation = validateRound(input);
  if (!validation.ok) return { ok: false, problems: validation.errors };
  const plan = buildPlan(validation.round, launchedAt);
  const launch = validateLaunch(plan);
  if (launch.errors.length > 0) return { ok: false, problems: launch.errors };
  return { ok: true, round: validation.round, plan, warnings: [...validation.warnings, ...launch.warnings] };
}

export interface RescheduleChange {
  type: 'reschedule';
  event: ScheduledEventKey;
  /** ISO instant for a video conference; ISO date for the visit. */
  start: string;
  end?: string;
  durationMinutes?: number;
  joinUrl?: string;
}

export interface ReplacementChange {
  type: 'replace-participant';
  /** The delegation's country code. */
  delegation: string;
  leaving: string;
  newcomer: { name: string; email: string };
}

export type { ExtensionChange };

export type RoundChange = RescheduleChange | ReplacementChange | ExtensionChange;

/**
 * A running round after one change: the round file changed and validated again (so the change meets
 * the same rules as a file), then the plan rebuilt from the original launch instant with the due dates
 * extended so far laid on it again. An extension changes the plan alone (domain/extend.ts).
 */
export function reviseRound(round: Round, plan: Plan, change: RoundChange, now: string): Planned {
  if (change.type === 'extend-deadline') {
    const extended = extendDueDate(round, plan, change, now);
    return extended.ok ? { ok: true, round, plan: quietAfterMovedDueDates(plan, extended.plan, now), warnings: [] } : extended;
  }
  const changed = change.type === 'reschedule' ? rescheduled(round, change, plan.launchedAt) : replaced(round, change);
  if (!changed.ok) return changed;
  const renamed = change.type === 'replace-participant' ? renamedFor(plan, change) : {};
  const carried = carryExtensions(changed.round, plan, buildPlan(changed.round, plan.launchedAt), renamed);
  if (!carried.ok) return carried;
  const revised = quietAfterMovedDueDates(plan, keepEventReminders(plan, keepDigestRule(plan, carried.plan), now), now);
  if (change.type === 'reschedule') {
    const event = revised.events.find((candidate) => candidate.id === change.event);
    if (event && event.start <= now) {
      return {
        ok: false,
        problems: [{ path: `schedule.${change.event}.start`, message: `the new start (${event.start}) is already past: choose a later date` }],
      };
    }
  }
  return { ok: true, round: changed.round, plan: revised, warnings: [] };
}

/**
 * How long after a change notice the notice itself stands for the moved event's reminder: the rest of
 * that working day, not the next one (a reminder the day before the new date still comes).
 */
export const NOTICE_STANDS_FOR_REMINDER_MS = 12 * 60 * 60 * 1000;

/** The end of the quiet a notice sent `now` buys its readers. */
function noticeStandsUntil(now: string): string {
  return new Date(Date.parse(now) + NOTICE_STANDS_FOR_REMINDER_MS).toISOString();
}

/**
 * An event that did not move keeps the reminders it had (a replacement rebuilds the plan under today's
 * rules, which must not shift a running round's reminders), less any that now fall before the step that
 * prepares it is over (the visit's, when vc2 moved later). An event that moved gets its new reminders,
 * less those in the twelve hours after now: its readers have just had the updated invitation, and a
 * reminder an hour later would say it again.
 */
function keepEventReminders(before: Plan, after: Plan, now: string): Plan {
  const quietUntil = noticeStandsUntil(now);
  return {
    ...after,
    events: after.events.map((event) => {
      const old = before.events.find((candidate) => candidate.id === event.id);
      if (old && old.start === event.start) {
        const from = remindedFrom(event.id, after.events, after.launchedAt);
        // A plan made before reminders kept to each reader's working day has none by zone: the event keeps
        // its one instant for everybody, as its readers were reminded of the other events so far.
        const { remindersByZone: _rebuilt, ...unmoved } = event;
        return {
          ...unmoved,
          remindersAt: old.remindersAt.filter((at) => at >= from),
          ...(old.remindersByZone ? { remindersByZone: eachZone(old.remindersByZone, (at) => at >= from) } : {}),
        };
      }
      return {
        ...event,
        remindersAt: event.remindersAt.filter((at) => at >= quietUntil),
        ...(event.remindersByZone ? { remindersByZone: eachZone(event.remindersByZone, (at) => at >= quietUntil) } : {}),
      };
    }),
  };
}

function eachZone(byZone: Record<string, string[]>, keep: (at: string) => boolean): Record<string, string[]> {
  return Object.fromEntries(Object.entries(byZone).map(([zone, instants]) => [zone, instants.filter(keep)]));
}

/**
 * A moved due date is told in a letter of its own (the extension notice, or the one a reschedule sends
 * with the event), which names the new date: a reminder before it in the twelve hours after now would only
 * say it again, and be the reader's second reminder-type letter of the day.
 */
function quietAfterMovedDueDates(before: Plan, after: Plan, now: string): Plan {
  const quietUntil = noticeStandsUntil(now);
  return {
    ...after,
    deliverables: after.deliverables.map((deliverable) => {
      const old = before.deliverables.find((candidate) => candidate.id === deliverable.id);
      if (!old) return deliverable;
      const planned = (r: ReminderInstant) => old.reminders.some((o) => o.kind === r.kind && o.at === r.at);
      // Rebuilt from the file, an unmoved due date gets back a reminder an earlier notice left out; already
      // past, the round would send it at once, weeks late ("due in 7 days" after the due date).
      const reminders =
        old.dueAt === deliverable.dueAt
          ? deliverable.reminders.filter((r) => r.kind !== 'before' || r.at >= now || planned(r))
          : deliverable.reminders.filter((r) => r.kind !== 'before' || r.at < now || r.at >= quietUntil);
      return reminders.length === deliverable.reminders.length ? deliverable : { ...deliverable, reminders };
    }),
  };
}

/** A round launched before digests kept to Monday mornings keeps its launch-relative weeks to the end. */
function keepDigestRule(before: Plan, after: Plan): Plan {
  if (before.digestsAt) return after;
  const { digestsAt: _dropped, ...rest } = after;
  return rest;
}

function rescheduled(round: Round, change: RescheduleChange, launchedAt: string): { ok: true; round: Round } | { ok: false; problems: Problem[] } {
  const move =
    change.event === 'visit'
      ? { start: change.start, end: change.end }
      : { start: change.start, durationMinutes: change.durationMinutes, joinUrl: change.joinUrl };
  // Held to the same two-year horizon from launch as the file was.
  return rescheduleRound(round, change.event, move, { launchedAt });
}

/** The leaver's own deliverables (exchange feedback) pass to the newcomer, with their extensions. */
function renamedFor(plan: Plan, change: ReplacementChange): Record<string, string> {
  const leaving = normaliseEmail(change.leaving);
  const newcomer = normaliseEmail(change.newcomer.email);
  return Object.fromEntries(
    plan.deliverables
      .filter((deliverable) => deliverable.owner === change.delegation && deliverable.participant === leaving)
      .map((deliverable) => [deliverable.id, `${deliverable.owner}/${deliverable.key}/${newcomer}`]),
  );
}

function replaced(round: Round, change: ReplacementChange): { ok: true; round: Round } | { ok: false; problems: Problem[] } {
  const leaving = normaliseEmail(change.leaving);
  const delegations = round.delegations.map((delegation) =>
    delegation.country !== change.delegation
      ? delegation
      : {
          ...delegation,
          participants: delegation.participants.map((person) =>
            person.email === leaving ? { name: change.newcomer.name, email: change.newcomer.email } : person,
          ),
        },
  );
  const validation = validateRound({ ...round, delegations });
  return validation.ok ? { ok: true, round: validation.round } : { ok: false, problems: validation.errors };
}
