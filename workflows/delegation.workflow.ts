/**
 * The deliverables of one owner (a delegation, or the Secretariat for its own notes and logistics): the
 * timer machinery of requests, reminders, overdue notices and the escalation. The round workflow is the
 * source of truth for statuses; it tells this child by signal when something is settled, replanned, or
 * when the round ends. One timer at a time, to the next step due, keeps the history small.
 */
import { condition, getExternalWorkflowHandle, workflowInfo, setHandler, allHandlersFinished } from '@temporalio/workflow';
import { caRecipients, delegationRecipients, recipientsFor, roundContext, secretariatRecipients } from './audience';
import { send, wake } from './delivery';
import type { MessageKind, Recipient } from './dispatch';
import {
  deliverableSettled,
  deliverablesReplanned,
  deliveryFailed,
  roundEnded,
  type DelegationDeliverablesInput,
  type DelegationDeliverablesResult,
  type RecordedFailure,
} from './messages';
import { SECRETARIAT, type PlanDeliverable } from '../domain/plan-types';
import { statusView } from './progress';
import type { Round } from '../domain/round-file';

interface Owed {
  deliverable: PlanDeliverable;
  requestAt: string;
  /** Steps due before this instant are skipped: a moved due date does not replay stale reminders. */
  knownSince: string;
  /** True once the due date moved: the new steps get their own message identity. */
  moved: boolean;
  /** Steps taken for the current due date (`request`, `before-7`, `overdue-3`, `escalation-7`). */
  sent: string[];
  settled: boolean;
}

interface Step {
  owed: Owed;
  name: string;
  at: string;
  kind: MessageKind;
}

export async function delegationDeliverables(input: DelegationDeliverablesInput): Promise<DelegationDeliverablesResult> {
  let round: Round = input.round;
  let owed: Owed[] = input.deliverables.map((deliverable) => ({
    deliverable,
    requestAt: input.requestAt[deliverable.id] ?? input.launchedAt,
    knownSince: input.launchedAt,
    moved: false,
    sent: [],
    settled: false,
  }));
  let revision = 0;
  let ended = false;
  let sentCount = 0;

  setHandler(deliverableSettled, ({ id }) => {
    const found = owed.find((o) => o.deliverable.id === id);
    if (found) found.settled = true;
    revision++;
  });
  setHandler(deliverablesReplanned, (replan) => {
    const now = new Date().toISOString();
    round = replan.round;
    owed = replan.deliverables.map((deliverable) => {
      const before = owed.find((o) => o.deliverable.id === deliverable.id);
      const requestAt = replan.requestAt[deliverable.id] ?? before?.requestAt ?? now;
      if (!before) return { deliverable, requestAt, knownSince: now, moved: false, sent: [], settled: false };
      if (before.deliverable.dueAt === deliverable.dueAt) return { ...before, deliverable, requestAt };
      const requested = before.sent.includes('request') ? ['request'] : [];
      return { ...before, deliverable, requestAt, knownSince: now, moved: true, sent: requested };
    });
    revision++;
  });
  setHandler(roundEnded, () => {
    ended = true;
  });

  while (!ended) {
    const now = new Date().toISOString();
    const steps = nextSteps(owed);
    const due = steps.filter((step) => step.at <= now);
    if (due.length > 0) {
      // Steps due at the same instant go out together: one workflow task for the lot.
      due.forEach((step) => step.owed.sent.push(step.name));
      const failures = await Promise.all(due.map((step) => sendStep(round, input.owner, step, now)));
      sentCount += due.length;
      await reportFailures(failures.flat());
      continue;
    }
    const next = steps[0];
    const seen = revision;
    await wake(() => ended || revision !== seen, next ? Date.parse(next.at) - Date.parse(now) : undefined);
  }
  await condition(allHandlersFinished);
  return { owner: input.owner, sent: sentCount };
}

/** Every step still to take, soonest first. */
function nextSteps(owed: Owed[]): Step[] {
  const steps: Step[] = [];
  for (const entry of owed) {
    if (entry.settled) continue;
    const { deliverable } = entry;
    if (!entry.sent.includes('request')) {
      steps.push({ owed: entry, name: 'request', at: entry.requestAt, kind: 'deliverable-request' });
    }
    for (const reminder of deliverable.reminders) {
      const name = `${reminder.kind}-${reminder.days}`;
      if (entry.sent.includes(name) || reminder.at < entry.knownSince) continue;
      // A reminder before the request would announce a task nobody has been given yet.
      if (reminder.kind === 'before' && reminder.at < entry.requestAt) continue;
      const kind: MessageKind =
        reminder.kind === 'before' ? 'deliverable-reminder' : reminder.kind === 'overdue' ? 'overdue-notice' : 'escalation';
      steps.push({ owed: entry, name, at: reminder.at, kind });
    }
  }
  return steps.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

/** Who owes it: the participant for a per-participant deliverable, the delegation, or the Secretariat. */
function owners(round: Round, owner: string, deliverable: PlanDeliverable): Recipient[] {
  if (owner === SECRETARIAT) return secretariatRecipients(round);
  const delegation = delegationRecipients(round, owner);
  return deliverable.participant ? delegation.filter((r) => r.email === deliverable.participant) : delegation;
}

async function sendStep(round: Round, owner: string, step: Step, now: string): Promise<RecordedFailure[]> {
  const { deliverable, moved } = step.owed;
  const escalation = step.kind === 'escalation';
  const cc = escalation && owner !== SECRETARIAT ? caRecipients(round, owner) : [];
  return send(
    {
      round: roundContext(round),
      kind: step.kind,
      about: `${deliverable.id}#${step.name}${moved ? `@${deliverable.dueAt}` : ''}`,
      // The instant the step was scheduled for: the same whether the timer fired on time or a worker was late.
      decidedAt: step.at < step.owed.knownSince ? step.owed.knownSince : step.at,
      recipients: escalation ? recipientsFor(round, 'coordinator') : owners(round, owner, deliverable),
      ...(cc.length > 0 ? { cc } : {}),
      deliverable: statusView(deliverable, undefined, now),
    },
    deliverable.id,
  );
}

async function reportFailures(failures: RecordedFailure[]): Promise<void> {
  const parent = workflowInfo().parent;
  if (failures.length === 0 || !parent) return;
  await getExternalWorkflowHandle(parent.workflowId, parent.runId).signal(deliveryFailed, { failures });
}
