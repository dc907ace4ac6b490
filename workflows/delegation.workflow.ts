/**
 * The chasing of one delegation's deliverables (or the Secretariat's): requests, reminders, overdue
 * notices, escalations and event reminders for the readers this child writes to (see chasing.ts). The
 * round is the source of truth for statuses and dates; it tells this child by signal when something is
 * settled or replanned, and when the round ends. One timer at a time, to the next letter due.
 */
import {
  CancellationScope,
  allHandlersFinished,
  condition,
  getExternalWorkflowHandle,
  isCancellation,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { OwnerId } from '../domain/plan-types';
import { isReminder, lettersDueNow, pendingLetters, type ChaseState, type PendingLetter } from './chasing';
import type { Message, Recipient, ReminderItem, RoundContext } from './dispatch';
import { chasingReplanned, deliverableSettled, deliveryFailed, roundEnded, type ChaseSlice } from './internal-signals';
import { localDay } from './local-day';
import { Mailroom, lettersGoInBatches } from './mailroom';
import { letters as letterLog, type RecordedFailure } from './messages';
import { statusView } from './progress';
import { wake } from './wake';

export interface DelegationDeliverablesInput extends ChaseSlice {
  owner: OwnerId;
  context: RoundContext;
  launchedAt: string;
  /**
   * The round's own `lettersGoInBatches()`, handed down: a child that asked itself recorded a patch marker
   * and upserted Temporal's change-version search attribute, and at a launch of many rounds those upserts
   * were most of the visibility writes after the starts. Children started before it was handed down ask,
   * as they did, so their histories replay.
   */
  lettersInBatches?: boolean;
}

export interface DelegationDeliverablesResult {
  owner: OwnerId;
  /** Letters this child posted (one per reader). */
  letters: number;
}

export async function delegationDeliverables(input: DelegationDeliverablesInput): Promise<DelegationDeliverablesResult> {
  const { owner, context, launchedAt, lettersInBatches: handedDown, ...slice } = input;
  const lettersInBatches = handedDown ?? lettersGoInBatches();
  const state: ChaseState = { owner, launchedAt, slice, settled: [], knownSince: {}, readerSince: {}, taken: {} };
  let revision = 0;
  let ended: 'completed' | 'cancelled' | undefined;
  let letters = 0;
  // A parent that already closed cannot hear about a failure any more: nothing to do then.
  const mailroom = new Mailroom((failure) => void reportFailures([failure]).catch(() => undefined), lettersInBatches);
  setHandler(letterLog, () => mailroom.book.log);

  setHandler(deliverableSettled, ({ id }) => {
    if (!state.settled.includes(id)) state.settled.push(id);
    revision++;
  });
  setHandler(chasingReplanned, (replan) => {
    applyReplan(state, replan, new Date().toISOString());
    revision++;
  });
  setHandler(roundEnded, ({ outcome }) => {
    ended = outcome;
  });

  try {
    while (!ended) {
      const now = new Date().toISOString();
      const due = lettersDueNow(state, now);
      if (due.length > 0) {
        letters += writeLetters(state, mailroom, context, due, now);
        continue;
      }
      const next = pendingLetters(state)[0];
      const seen = revision;
      await wake(() => ended !== undefined || revision !== seen, next ? Date.parse(next.item.at) - Date.parse(now) : undefined);
    }
    // A cancelled round sends none of what is still being retried; a completed one lets it finish.
    if (ended === 'cancelled') await mailroom.stop();
    else await mailroom.idle();
  } catch (error) {
    // Cancelled from Temporal with the round: stop writing, and wait until letters on their way are settled.
    if (isCancellation(error)) await CancellationScope.nonCancellable(() => mailroom.stop());
    throw error;
  }
  await condition(allHandlersFinished);
  return { owner, letters };
}

/** Posts the letters due now: requests one by one, each reader's reminders of the day as one email. */
function writeLetters(state: ChaseState, mailroom: Mailroom, context: RoundContext, due: PendingLetter[], now: string): number {
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
    mailroom.post(singleMessage(context, letter, now), [letter.reader], letter.item.deliverable?.id);
    posted++;
  }
  for (const { reader, letters } of reminders.values()) {
    const only = letters.length === 1 ? letters[0] : undefined;
    if (only) {
      mailroom.post(singleMessage(context, only, now), [reader], only.item.deliverable?.id);
    } else {
      const day = localDay(now, reader.timezone, state.slice.zones);
      const first = letters.map((letter) => letter.item.at).reduce((a, b) => (b < a ? b : a));
      mailroom.post(
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

async function reportFailures(failures: RecordedFailure[]): Promise<void> {
  const parent = workflowInfo().parent;
  if (failures.length === 0 || !parent) return;
  await getExternalWorkflowHandle(parent.workflowId, parent.runId).signal(deliveryFailed, { failures });
}
