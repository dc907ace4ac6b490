/**
 * Deliverables that fall due before the round asks for them. A deliverable is requested when its phase
 * opens (domain/plan.ts); a reschedule can pull its due date ahead of that (the visit moved close to
 * vc2 pulls the visa letters, due 30 days before it, ahead of prep-3), and its owners would then be
 * asked for it already late. The round accepts such a move, as the launch accepts such a file with a
 * warning: an event has to move when the host's JSR moves, and the fix is a deliverable's own change
 * (extend or waive it), which the coordinator makes next. So jsrx and the staff page say so at once.
 */
import { catalogueEntry } from '../domain/deliverables';
import { phaseOpenings } from '../domain/plan';
import { PHASES, type Phase } from '../domain/plan-types';
import type { RoundProgress } from '../workflows/messages';
import { formatDateTime } from './output';

export interface LateRequest {
  deliverable: string;
  dueAt: string;
  /** The phase that requests it, and when it opens. */
  phase: Phase;
  requestedAt: string;
}

/** The open deliverables not requested yet whose due date comes by the time they are. */
export function lateRequests(progress: Pick<RoundProgress, 'events' | 'deliverables' | 'launchedAt' | 'phase'>): LateRequest[] {
  let openings: Map<Phase, string>;
  try {
    openings = new Map(phaseOpenings(progress.events ?? [], progress.launchedAt));
  } catch {
    // A progress without its events (a worker from before they were shown) cannot tell.
    return [];
  }
  const current = PHASES.indexOf(progress.phase);
  return progress.deliverables.flatMap((deliverable) => {
    if (deliverable.status !== 'pending' && deliverable.status !== 'overdue') return [];
    const { phase } = catalogueEntry(deliverable.key);
    const requestedAt = openings.get(phase);
    // Already asked for: its phase has opened (the round's phase, not a clock, which a rehearsal skips).
    if (!requestedAt || PHASES.indexOf(phase) <= current) return [];
    if (deliverable.dueAt <= progress.launchedAt || deliverable.dueAt > requestedAt) return [];
    return [{ deliverable: deliverable.id, dueAt: deliverable.dueAt, phase, requestedAt }];
  });
}

/** One line for the coordinator, with the fix, times in `zone`. */
export function lateRequestText(roundId: string, late: LateRequest, zone: string): string {
  return (
    `${late.deliverable} falls due ${formatDateTime(late.dueAt, zone)}, before it is requested when ${late.phase} opens ` +
    `(${formatDateTime(late.requestedAt, zone)}): its owners would be asked for it already late. Give it a later due date ` +
    `(jsrx extend ${roundId} ${late.deliverable} --due YYYY-MM-DD --reason …) or waive it (jsrx waive ${roundId} ${late.deliverable} --reason …)`
  );
}

/**
 * An open deliverable its owners were already asked for, which a move made due in the past. The round
 * takes the move (the event moves when the host's JSR or the conference does, and the fix is the
 * deliverable's own change, as for a late request): its owners get the new date in a letter, then overdue
 * notices. The coordinator is told at once, with the fix, rather than by the next overdue notice's copy.
 */
export interface PastDue {
  deliverable: string;
  dueAt: string;
}

/** Of the deliverables a reschedule moved (its result's `moved`), those now overdue that were already requested. */
export function pastDueAfterMove(
  progress: Pick<RoundProgress, 'deliverables' | 'phase'>,
  moved: ReadonlyArray<{ id: string }>,
): PastDue[] {
  const current = PHASES.indexOf(progress.phase);
  return moved.flatMap(({ id }) => {
    const deliverable = progress.deliverables.find((candidate) => candidate.id === id);
    // `overdue` is the round's own reading, on its own clock (a rehearsal's skips ahead of this machine's).
    if (!deliverable || deliverable.status !== 'overdue') return [];
    // One not asked for yet is a late request (above), told as such.
    if (PHASES.indexOf(catalogueEntry(deliverable.key).phase) > current) return [];
    return [{ deliverable: deliverable.id, dueAt: deliverable.dueAt }];
  });
}

/** One line for the coordinator, with the fix, times in `zone`. */
export function pastDueText(roundId: string, past: PastDue, zone: string): string {
  return (
    `${past.deliverable} is now due ${formatDateTime(past.dueAt, zone)}, which has already passed: its owners were asked for it, ` +
    `are told this date, and get overdue notices from now on. Give it a date ahead ` +
    `(jsrx extend ${roundId} ${past.deliverable} --due YYYY-MM-DD --reason …) or waive it (jsrx waive ${roundId} ${past.deliverable} --reason …)`
  );
}
