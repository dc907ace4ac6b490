/**
 * Extending one deliverable's due date in a running round (issue 9: "an update with a reason, reminders
 * move with it"). The new date is kept on the plan (`plan.extensions`, by deliverable id), not in the
 * round file: the file's `deadlines` name a key for every owner, an extension names one deliverable.
 * A later reschedule or replacement rebuilds the plan from the file and lays the extensions on it again,
 * so an extension is never lost to another change.
 */
import { DateTime } from 'luxon';
import { catalogueEntry, type AnchorEvent } from './deliverables';
import { atLocalHour, DUE_HOUR, ISO_DATE, toUtcIso } from './due-dates';
import { digestInstants } from './digests';
import { horizonProblems } from './horizon';
import { hostDelegation, ownerZone, remindersFor } from './plan';
import type { Plan, PlanDeliverable } from './plan-types';
import type { Problem, Round } from './round-file';
import { zoneOffsets } from './zone-offsets';

export interface ExtensionChange {
  type: 'extend-deadline';
  /** The deliverable's id in the plan: `TD/jsr-documents`, `SN/exchange-feedback/a.ndiaye@example.sn`. */
  deliverable: string;
  /** An ISO date (due at 17:00 host time, like a date in the file's `deadlines`) or an ISO instant with its offset. */
  dueAt: string;
}

/** An ISO instant with its offset: without one, the hour would depend on the worker's zone. */
const INSTANT_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** The instant `text` names, in the host's zone for a bare date; undefined when it names none. */
export function extendedDueAt(text: string, hostZone: string): string | undefined {
  const trimmed = text.trim();
  if (ISO_DATE.test(trimmed)) {
    return DateTime.fromISO(trimmed, { zone: hostZone }).isValid
      ? atLocalHour(trimmed, 0, DUE_HOUR, hostZone)
      : undefined;
  }
  if (!INSTANT_WITH_OFFSET.test(trimmed)) return undefined;
  const instant = DateTime.fromISO(trimmed, { setZone: true });
  return instant.isValid ? toUtcIso(instant) : undefined;
}

const EVENT_LABELS: Record<AnchorEvent, string> = {
  vc1: 'vc1',
  vc2: 'vc2',
  vc3: 'vc3',
  'visit-start': 'the visit',
  'visit-end': "the visit's last day",
};

/** When the event a deliverable prepares starts, on the plan as it is (after any reschedule). */
function preparedEvent(
  plan: Plan,
  deliverable: PlanDeliverable,
  hostZone: string,
): { label: string; start: string } | undefined {
  const relation = catalogueEntry(deliverable.key).relation;
  if (!('prepares' in relation)) return undefined;
  const event = relation.prepares;
  const visit = plan.events.find((candidate) => candidate.id === 'visit');
  const start =
    event === 'visit-start'
      ? visit?.start
      : event === 'visit-end'
        ? visit?.allDay && atLocalHour(visit.allDay.lastDay, 0, 0, hostZone)
        : plan.events.find((candidate) => candidate.id === event)?.start;
  return start ? { label: EVENT_LABELS[event], start } : undefined;
}

/** The problems of one extension on this plan, each at the update's field (`dueAt`, `deliverable`). */
export function extensionProblems(round: Round, plan: Plan, change: ExtensionChange, now: string): Problem[] {
  const hostZone = hostDelegation(round).timezone;
  const deliverable = plan.deliverables.find((candidate) => candidate.id === change.deliverable);
  if (!deliverable)
    return [{ path: 'deliverable', message: `no deliverable ${change.deliverable} in round ${round.id}` }];
  const dueAt = extendedDueAt(change.dueAt, hostZone);
  if (!dueAt) {
    return [
      {
        path: 'dueAt',
        message: `cannot read "${change.dueAt}": write an ISO date (2027-03-01, due at 17:00 host time) or an instant with its offset (2027-03-01T17:00:00Z)`,
      },
    ];
  }
  if (dueAt <= now)
    return [{ path: 'dueAt', message: `due ${dueAt}, which is not after now (${now}): choose a later date` }];
  if (dueAt === deliverable.dueAt)
    return [{ path: 'dueAt', message: `${deliverable.id} is already due ${dueAt}: choose another date` }];
  const problems = horizonProblems([{ path: 'dueAt', at: dueAt, kind: 'due' }], hostZone, plan.launchedAt);
  const event = preparedEvent(plan, deliverable, hostZone);
  if (event && dueAt > event.start) {
    problems.push({
      path: 'dueAt',
      message: `due ${dueAt}, after ${event.label} (${event.start}) that it prepares: choose a due date before ${event.label}`,
    });
  }
  return problems;
}

/** The plan with one more extension laid on it, or why not. */
export function extendDueDate(
  round: Round,
  plan: Plan,
  change: ExtensionChange,
  now: string,
): { ok: true; plan: Plan } | { ok: false; problems: Problem[] } {
  const problems = extensionProblems(round, plan, change, now);
  if (problems.length > 0) return { ok: false, problems };
  const dueAt = extendedDueAt(change.dueAt, hostDelegation(round).timezone) as string;
  return { ok: true, plan: withExtensions(plan, round, { ...plan.extensions, [change.deliverable]: dueAt }) };
}

/**
 * A plan rebuilt from the round file (a reschedule, a replacement) with the extensions of the plan it
 * replaces laid on it again. An extended deliverable whose event moved before its extended date is a
 * problem, named at `extensions.<id>`: the coordinator moves the event less, or extends it again first.
 */
export function carryExtensions(
  round: Round,
  before: Plan,
  rebuilt: Plan,
  renamed: Record<string, string> = {},
): { ok: true; plan: Plan } | { ok: false; problems: Problem[] } {
  const extensions = Object.fromEntries(
    Object.entries(before.extensions ?? {})
      .map(([id, dueAt]) => [renamed[id] ?? id, dueAt] as const)
      .filter(([id]) => rebuilt.deliverables.some((deliverable) => deliverable.id === id)),
  );
  if (Object.keys(extensions).length === 0) return { ok: true, plan: rebuilt };
  const hostZone = hostDelegation(round).timezone;
  const problems: Problem[] = [];
  for (const [id, dueAt] of Object.entries(extensions)) {
    const event = preparedEvent(
      rebuilt,
      rebuilt.deliverables.find((deliverable) => deliverable.id === id) as PlanDeliverable,
      hostZone,
    );
    if (event && dueAt > event.start) {
      problems.push({
        path: `extensions.${id}`,
        message: `${id} was extended to ${dueAt}, after ${event.label}'s new start (${event.start}) that it prepares: extend it again before that, or choose a later start`,
      });
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, plan: withExtensions(rebuilt, round, extensions) };
}

/**
 * The plan with `extensions` applied: each extended deliverable due at its new instant with its reminders
 * recomputed by the round's rules, the others unchanged; then what depends on every due date (the order,
 * the peer documents pack, the end of the round and the zones' offsets up to it) derived again.
 */
function withExtensions(plan: Plan, round: Round, extensions: Record<string, string>): Plan {
  const hostZone = hostDelegation(round).timezone;
  const deliverables = plan.deliverables
    .map((deliverable) => {
      const dueAt = extensions[deliverable.id];
      if (dueAt === undefined) return deliverable;
      return {
        ...deliverable,
        dueAt,
        reminders: remindersFor(
          dueAt,
          deliverable.optional,
          round,
          hostZone,
          ownerZone(deliverable.owner, round),
          plan.launchedAt,
          plan.phases.find((phase) => phase.phase === deliverable.phase)?.startsAt,
        ),
      };
    })
    .sort((a, b) => (a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : 0));
  const latest = (instants: string[]) => instants.reduce((a, b) => (b > a ? b : a));
  const vc3End = plan.events.find((event) => event.id === 'vc3')?.end ?? plan.completesAt;
  const completesAt = latest([vc3End, ...deliverables.map((d) => d.dueAt)]);
  const documents = deliverables.filter((d) => d.key === 'jsr-documents').map((d) => d.dueAt);
  return {
    ...plan,
    deliverables,
    phases: plan.phases.map((phase) =>
      phase.phase === 'completed' ? { ...phase, startsAt: completesAt } : phase,
    ),
    peerDocumentsPackAt: documents.length > 0 ? latest(documents) : plan.peerDocumentsPackAt,
    completesAt,
    ...(plan.digestsAt ? { digestsAt: digestInstants(plan.launchedAt, completesAt, hostZone) } : {}),
    zones:
      completesAt === plan.completesAt
        ? plan.zones
        : Object.fromEntries(
            Object.keys(plan.zones).map((zone) => [zone, zoneOffsets(zone, plan.launchedAt, completesAt)]),
          ),
    extensions,
  };
}
