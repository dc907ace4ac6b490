/**
 * The round's behaviour over its state, shared by the main loop (round.workflow.ts) and the update
 * handlers (round-changes.ts): taking a step of the timeline, queuing and sending messages, telling
 * the children, answering the progress query. Workflow code: runs only inside the round workflow.
 */
import { getExternalWorkflowHandle, upsertSearchAttributes } from '@temporalio/workflow';
import { recipientsFor, roundContext } from './audience';
import { send } from './delivery';
import type { Dispatch, Recipient } from './dispatch';
import { deliverablesWorkflowId, invitationUid } from './ids';
import { deliverableSettled, deliverablesReplanned, type RoundProgress } from './messages';
import type { Phase, PlanEvent } from '../domain/plan-types';
import { progressViews } from './progress';
import { requestTimes, type RoundState } from './round-state';
import { digestViews, type RoundStep } from './round-timeline';
import { CommunityKey, HostCountryKey, RoundPhaseKey } from './search-attributes';

export function publishPhase(state: RoundState): void {
  // Codes only: search attributes are stored unencrypted.
  upsertSearchAttributes([
    { key: RoundPhaseKey, value: state.phase },
    { key: CommunityKey, value: state.round.community },
    { key: HostCountryKey, value: roundContext(state.round).hostCountry },
  ]);
}

/** The round's behaviour over its state: steps of the timeline, messages, and what updates need. */
export class RoundLife {
  constructor(
    readonly state: RoundState,
    readonly owners: string[],
    readonly now: () => string,
  ) {}

  /** While a timeline step is taken: its scheduled instant, the date its messages carry. */
  stepTime: string | undefined;

  decisionTime(): string {
    return this.stepTime ?? this.now();
  }

  enqueue(dispatch: Omit<Dispatch, 'round'>, deliverableId?: string): void {
    if (dispatch.recipients.length === 0) return;
    this.state.outbox.push({ dispatch, ...(deliverableId ? { deliverableId } : {}) });
    this.state.revision++;
  }

  async drainOutbox(): Promise<void> {
    while (this.state.outbox.length > 0) {
      const batch = this.state.outbox.splice(0, this.state.outbox.length);
      const context = roundContext(this.state.round);
      // Messages decided together go out together: one workflow task for the lot.
      const failures = await Promise.all(
        batch.map((pending) => send({ ...pending.dispatch, round: context }, pending.deliverableId)),
      );
      this.state.failures.push(...failures.flat());
    }
  }

  /** An invitation (or its cancellation) to the event's attendees, or only to `recipients` when given. */
  invite(event: PlanEvent, method: 'REQUEST' | 'CANCEL', sequence: number, recipients?: Recipient[]): void {
    const attendees = recipientsFor(this.state.round, event.audience);
    this.enqueue({
      kind: method === 'REQUEST' ? 'invitation' : 'invitation-cancelled',
      about: `${event.id}#${sequence}`,
      decidedAt: this.decisionTime(),
      recipients: recipients ?? attendees,
      invite: {
        method,
        uid: invitationUid(event.id, this.state.round.id),
        sequence,
        event,
        attendees: attendees.map(({ name, email }) => ({ name, email })),
      },
    });
  }

  takeStep(step: RoundStep): void {
    const { state } = this;
    this.stepTime = step.at;
    const everyone = () => recipientsFor(state.round, 'everyone');
    switch (step.type) {
      case 'phase':
        this.enterPhase(step.phase);
        return;
      case 'invite':
        state.invitations[step.event.id] = 0;
        this.invite(step.event, 'REQUEST', 0);
        return;
      case 'event-reminder':
        this.enqueue({
          kind: 'event-reminder',
          about: `${step.event.id}#reminder@${step.at}`,
          decidedAt: this.decisionTime(),
          recipients: recipientsFor(state.round, step.event.audience),
          event: step.event,
        });
        return;
      case 'peer-documents':
        this.sendPeerDocuments();
        return;
      case 'feedback-request':
        this.enqueue({ kind: 'feedback-request', about: 'close-out', decidedAt: this.decisionTime(), recipients: everyone() });
        return;
      case 'digest':
        this.enqueue({
          kind: 'progress-digest',
          about: `week-${step.week}`,
          decidedAt: this.decisionTime(),
          recipients: recipientsFor(state.round, 'coordinator'),
          progress: digestViews(state, this.decisionTime()),
        });
        return;
      case 'complete':
        state.status = 'completed';
        this.enterPhase('completed');
        return;
    }
  }

  enterPhase(phase: Phase): void {
    this.state.phase = phase;
    this.state.phaseSince = this.decisionTime();
    this.state.revision++;
    publishPhase(this.state);
  }

  /** Everyone gets the delegations' JSR documents once: when all are in, or at the pack's date with what is in. */
  sendPeerDocuments(): void {
    const { state } = this;
    if (!state.done.includes('peer-documents')) state.done.push('peer-documents');
    const documents = state.plan.deliverables
      .filter((d) => d.key === 'jsr-documents')
      .flatMap((d) => {
        const record = state.records[d.id];
        if (!record?.reference) return [];
        return [{ owner: d.owner, key: d.key, reference: record.reference, ...(record.by ? { submittedBy: record.by } : {}) }];
      });
    this.enqueue({
      kind: 'peer-documents',
      about: 'jsr-documents',
      decidedAt: this.decisionTime(),
      recipients: recipientsFor(state.round, 'everyone'),
      documents,
    });
  }

  async settleInChild(owner: string, id: string): Promise<void> {
    await getExternalWorkflowHandle(deliverablesWorkflowId(this.state.round.id, owner)).signal(deliverableSettled, { id });
  }

  async replanChildren(onlyOwner?: string): Promise<void> {
    const { state } = this;
    const requestAt = requestTimes(state.plan);
    const targets = onlyOwner ? [onlyOwner] : this.owners;
    await Promise.all(
      targets.map((owner) =>
        getExternalWorkflowHandle(deliverablesWorkflowId(state.round.id, owner)).signal(deliverablesReplanned, {
          round: state.round,
          deliverables: state.plan.deliverables.filter((d) => d.owner === owner),
          requestAt,
        }),
      ),
    );
  }

  progress(): RoundProgress {
    const { state } = this;
    const current = this.now();
    return {
      roundId: state.round.id,
      title: state.round.title,
      status: state.status,
      phase: state.phase,
      phaseSince: state.phaseSince,
      launchedAt: state.plan.launchedAt,
      nextEvents: state.plan.events
        .filter((event) => event.start > current)
        .slice(0, 3)
        .map(({ id, kind, start, end }) => ({ id, kind, start, end })),
      deliverables: progressViews(state.plan.deliverables, state.records, state.failures, current),
      deliveryFailures: state.failures,
      ...(state.cancelledReason ? { cancelledReason: state.cancelledReason } : {}),
    };
  }
}
