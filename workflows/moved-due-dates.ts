/**
 * What a reschedule tells the owners of the due dates it moves (round-changes.ts). Workflow code: runs only
 * inside the round.
 */
import type { Plan, PlanDeliverable, PlanEvent } from '../domain/plan-types';
import type { Round } from '../domain/round-file';
import type { Recipient } from './dispatch';
import { ownersOf } from './owners';
import { statusView } from './progress';
import type { RoundLife } from './round-life';
import { requestTimes } from './round-state';

/**
 * A moved event carries the due dates that hang on it (vc2 − 10 days…). A delegation already asked for
 * a deliverable was given its old date in the request and the reminders: without a word, its next letter
 * would be a reminder, or an overdue notice, naming a date it never heard of. Rounds started before the
 * patch `due-dates-told-timers-kept` (round.workflow.ts) only moved the reminders.
 *
 * Tells the owners of each open deliverable already requested that its due date moved with `event`: each
 * reader in one letter that lists all of theirs (`inOneLetter`, the patch `moved-due-dates-in-one-letter`),
 * a reader with one moved date in the letter of a single change; before that patch, one letter per date.
 */
export function tellMovedDueDates(life: RoundLife, previous: Plan, event: PlanEvent, reason: string, inOneLetter: boolean): void {
  const { state } = life;
  const now = life.now();
  const requestedAt = requestTimes(state.plan);
  const moves: Array<{ deliverable: PlanDeliverable; previousDueAt: string }> = [];
  for (const deliverable of state.plan.deliverables) {
    const before = previous.deliverables.find((old) => old.id === deliverable.id);
    if (!before || before.dueAt === deliverable.dueAt || state.records[deliverable.id]) continue;
    // Not yet requested: its request, when it comes, names the new date.
    if ((requestedAt[deliverable.id] ?? now) > now) continue;
    moves.push({ deliverable, previousDueAt: before.dueAt });
  }
  // The move's own sequence keeps each letter's Message-ID apart: a date moved away and back again is news
  // twice, and a mail client drops a second letter with a Message-ID it has seen.
  const moveTag = `${event.id}#${state.invitations[event.id] ?? 0}`;
  const movedWith = { id: event.id, kind: event.kind };
  const tellOne = ({ deliverable, previousDueAt }: (typeof moves)[number], readers: Recipient[]) =>
    life.post(
      {
        kind: 'deadline-extended',
        about: `${deliverable.id}@${deliverable.dueAt}~${moveTag}`,
        decidedAt: now,
        deliverable: statusView(deliverable, undefined, now),
        previousDueAt,
        reason,
        movedWith,
      },
      readers,
      deliverable.id,
    );
  if (!inOneLetter) {
    for (const move of moves) tellOne(move, ownersOf(state.round, move.deliverable));
    return;
  }
  for (const { readers, moved } of sameMoves(state.round, moves)) {
    const only = moved.length === 1 ? moved[0] : undefined;
    if (only) {
      tellOne(only, readers);
      continue;
    }
    life.post(
      {
        kind: 'due-dates-moved',
        // Every date it tells is in its identity (client/web/changed-due-dates.ts reads them back).
        about: `${moveTag}:${moved.map(({ deliverable }) => `${deliverable.id}@${deliverable.dueAt}`).join('+')}`,
        decidedAt: now,
        moves: moved.map(({ deliverable, previousDueAt }) => ({ deliverable: statusView(deliverable, undefined, now), previousDueAt })),
        reason,
        movedWith,
      },
      readers,
    );
  }
}

/**
 * The readers who owe the same moved due dates, together, with those dates: a delegation's participants share
 * theirs, except for what each owes alone (their exchange feedback). In the order the dates come.
 */
function sameMoves<M extends { deliverable: PlanDeliverable }>(round: Round, moves: M[]): Array<{ readers: Recipient[]; moved: M[] }> {
  const byReader: Array<{ reader: Recipient; moved: M[] }> = [];
  for (const move of moves) {
    for (const reader of ownersOf(round, move.deliverable)) {
      const entry = byReader.find((candidate) => candidate.reader.email === reader.email);
      if (entry) entry.moved.push(move);
      else byReader.push({ reader, moved: [move] });
    }
  }
  const groups: Array<{ readers: Recipient[]; moved: M[] }> = [];
  for (const { reader, moved } of byReader) {
    const same = groups.find((group) => group.moved.length === moved.length && group.moved.every((move, index) => move === moved[index]));
    if (same) same.readers.push(reader);
    else groups.push({ readers: [reader], moved });
  }
  return groups;
}

