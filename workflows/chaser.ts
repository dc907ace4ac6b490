/**
 * The chasing of one owner's deliverables as a loop over its state (chasing.ts): one timer at a time, to
 * the next letter due, woken early when it is told of a settlement, a new plan or the round's end. A
 * delegation's child workflow runs one (delegation.workflow.ts), told by signal; the round runs the
 * Secretariat's inside itself and tells it by a plain call, which costs no signal and no workflow task.
 * Workflow code: runs only inside a workflow.
 */
import type { OwnerId } from '../domain/plan-types';
import { isReminder, lettersDueNow, pendingLetters, type ChaseState, type PendingLetter } from './chasing';
import type { Message, Recipient, ReminderItem, RoundContext } from './dispatch';
import type { ChaseSlice } from './internal-signals';
import { localDay } from './local-day';
import { statusView } from './progress';
import { wake } from './wake';

export type RoundEnding = 'completed' | 'cancelled';

/** Where a chaser's letters go: its workflow's mailroom. */
export type PostLetter = (message: Message, recipients: Recipient[], deliverableId?: string) => void;

export class Chaser {
  readonly state: ChaseState;
  /** Letters posted (one per reader). */
  letters = 0;
  private revision = 0;
  private ending: RoundEnding | undefined;

  constructor(
    owner: OwnerId,
    launchedAt: string,
    slice: ChaseSlice,
    private readonly context: RoundContext,
    private readonly post: PostLetter,
    /** See wake.ts: handed down by the round (patch `due-dates-told-timers-kept`). */
    private readonly keepsTimersDueSoon = false,
  ) {
    this.state = { owner, launchedAt, slice, settled: [], knownSince: {}, readerSince: {}, taken: {} };
  }

  /** A deliverable was submitted or waived: never chased again. */
  settle(id: string): void {
    if (!this.state.settled.includes(id)) this.state.settled.push(id);
    this.revision++;
  }

  /** The round's people or dates changed (see applyReplan). */
  replan(slice: ChaseSlice, now: string): void {
    applyReplan(this.state, slice, now);
    this.revision++;
  }

  /** The round ended: the loop stops at its next turn. */
  end(outcome: RoundEnding): void {
    this.ending = outcome;
  }

  /** Posts each letter when it is due, until told the round ended; resolves with how it ended. */
  async run(): Promise<RoundEnding> {
    while (!this.ending) {
      const now = new Date().toISOString();
      const due = lettersDueNow(this.state, now);
      if (due.length > 0) {
        this.letters += this.write(due, now);
        continue;
      }
      const next = pendingLetters(this.state)[0];
      const seen = this.revision;
      await wake(
        () => this.ending !== undefined || this.revision !== seen,
        next ? Date.parse(next.item.at) - Date.parse(now) : undefined,
        this.keepsTimersDueSoon,
      );
    }
    return this.ending;
  }

  /** Posts the letters due now: requests one by one, each reader's reminders of the day as one email. */
  private write(due: PendingLetter[], now: string): number {
    const { state, context } = this;
    for (const { item, reader } of due) (state.taken[item.key] ??= []).push(reader.email);
    let posted = 0;
    const reminders = new Map<string, { reader: Recipient; letters: PendingLetter[] }>();
    for (const letter of due) {
      if (isReminder(letter.item)) {
        const entry = reminders.get(letter.reader.email) ?? { reader: letter.reader, letters: [] };
        entry.letters.push(letter);
        reminders.set(letter.reader.email, entry);
        continue;
      }
      this.post(singleMessage(context, letter, now), [letter.reader], letter.item.deliverable?.id);
      posted++;
    }
    for (const { reader, letters } of reminders.values()) {
      const only = letters.length === 1 ? letters[0] : undefined;
      if (only) {
        this.post(singleMessage(context, only, now), [reader], only.item.deliverable?.id);
      } else {
        const day = localDay(now, reader.timezone, state.slice.zones);
        const first = letters.map((letter) => letter.item.at).reduce((a, b) => (b < a ? b : a));
        this.post(
          {
            kind: 'reminder-digest',
            round: context,
            about: `${day}:${letters.map((letter) => letter.item.key).join('+')}`,
            decidedAt: first < now ? first : now,
            items: letters.map((letter) => reminderItem(letter, now)),
          },
          [reader],
        );
      }
      posted++;
    }
    return posted;
  }
}

function singleMessage(context: RoundContext, { item }: PendingLetter, now: string): Message {
  // The instant the step was scheduled for: the same whether the timer fired on time or a worker was late.
  const envelope = { round: context, about: item.key, decidedAt: item.at, ...(item.cc.length > 0 ? { cc: item.cc } : {}) };
  if (item.kind === 'event-reminder') return { ...envelope, kind: item.kind, event: item.event! };
  return { ...envelope, kind: item.kind, deliverable: statusView(item.deliverable!, undefined, now) };
}

function reminderItem({ item }: PendingLetter, now: string): ReminderItem {
  if (item.kind === 'event-reminder') return { kind: 'event-reminder', event: item.event! };
  const kind = item.kind as Exclude<ReminderItem['kind'], 'event-reminder'>;
  return { kind, deliverable: statusView(item.deliverable!, undefined, now) };
}

/**
 * A new slice of the plan: a due date or event that moved is chased anew from now (its steps get a new
 * identity, stale ones are not sent late); a reader who joined is written to from now on.
 */
function applyReplan(state: ChaseState, replan: ChaseSlice, now: string): void {
  const before = state.slice;
  for (const deliverable of replan.deliverables) {
    const old = before.deliverables.find((candidate) => candidate.id === deliverable.id);
    if (old && old.dueAt !== deliverable.dueAt) state.knownSince[deliverable.id] = now;
  }
  for (const event of replan.events) {
    const old = before.events.find((candidate) => candidate.id === event.id);
    if (old && old.start !== event.start) state.knownSince[`event:${event.id}`] = now;
  }
  const known = new Set([...before.round.delegations.flatMap((d) => d.participants.map((p) => p.email))]);
  for (const delegation of replan.round.delegations) {
    for (const person of delegation.participants) if (!known.has(person.email)) state.readerSince[person.email] = now;
  }
  state.slice = replan;
}
