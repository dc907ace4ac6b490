/**
 * The round's behaviour over its state, shared by the main loop (round.workflow.ts) and the update
 * handlers (round-changes.ts): taking a step of the timeline, posting letters, telling the children,
 * answering the progress query. Workflow code: runs only inside the round workflow.
 */
import { getExternalWorkflowHandle, upsertSearchAttributes } from '@temporalio/workflow';
import type { Phase, PlanEvent } from '../domain/plan-types';
import { recipientsFor } from './audience';
import { Chaser } from './chaser';
import { SECRETARIAT_OWNER } from './chasing';
import type { DeliverableStatusView, Message, Person, Recipient, SharedDocument } from './dispatch';
import { deliverablesWorkflowId, invitationUid } from './ids';
import { chasingReplanned, deliverableSettled, type ChaseSlice } from './internal-signals';
import { BATCH_LIMIT, Mailroom, newLetterBook, type LetterBook } from './mailroom';
import type { RoundProgress } from './messages';
import { progressViews, statusViews } from './progress';
import { escalatedIds, requestTimes, type RoundState } from './round-state';
import { digestViews, type RoundStep } from './round-timeline';
import { CommunityKey, HostCountryKey, RoundPhaseKey } from './search-attributes';

export function publishPhase(state: RoundState): void {
  // Codes only: search attributes are stored unencrypted.
  upsertSearchAttributes([
    { key: RoundPhaseKey, value: state.phase },
    { key: CommunityKey, value: state.round.community },
    { key: HostCountryKey, value: state.context.hostCountry },
  ]);
}

/** A message without its envelope's round context, which the round fills in. */
type Letterhead = Message extends infer M ? (M extends Message ? Omit<M, 'round'> : never) : never;

export class RoundLife {
  /** Letters posted from now on; replaced by a fresh one when a cancellation has stopped this one. */
  mailroom: Mailroom;
  readonly letters: LetterBook = newLetterBook();

  /** The Secretariat's chasing, when the round runs it itself (see round.workflow.ts). */
  secretariat: Chaser | undefined;

  constructor(
    readonly state: RoundState,
    /** The owners whose chasing runs in a child workflow. */
    readonly owners: string[],
    readonly now: () => string,
    /** `lettersGoInBatches()`, asked when the round started. */
    readonly lettersInBatches: boolean,
    /** The most letters one batch activity of the round carries. */
    readonly batchLimit = BATCH_LIMIT,
    /** Waits that end early leave a timer due within the minute to fire (wake.ts), here and in the children. */
    readonly keepsTimersDueSoon = false,
  ) {
    this.mailroom = this.openMailroom();
  }

  openMailroom(): Mailroom {
    return new Mailroom((failure) => this.state.failures.push(failure), this.lettersInBatches, this.letters, this.batchLimit);
  }

  /** While a timeline step is taken: its scheduled instant, the date its messages carry. */
  stepTime: string | undefined;

  decisionTime(): string {
    return this.stepTime ?? this.now();
  }

  post(message: Letterhead, recipients: Recipient[], deliverableId?: string): void {
    if (recipients.length === 0) return;
    this.mailroom.post({ ...message, round: this.state.context } as Message, recipients, deliverableId);
  }

  /** One letter per reader, each built for its reader (their own tasks, say). */
  postEach(recipients: Recipient[], letter: (reader: Recipient) => Letterhead): void {
    for (const reader of recipients) this.post(letter(reader), [reader]);
  }

  /** An invitation (or its cancellation) to the event's attendees, or only to `recipients` when given. */
  invite(
    event: PlanEvent,
    method: 'REQUEST' | 'CANCEL',
    sequence: number,
    options: { recipients?: Recipient[]; attendees?: Person[]; reason?: string; firstForReader?: true } = {},
  ): void {
    const invited = recipientsFor(this.state.round, event.audience);
    const { roundId, runId } = this.state.context;
    this.post(
      {
        kind: method === 'REQUEST' ? 'invitation' : 'invitation-cancelled',
        about: `${event.id}#${sequence}`,
        decidedAt: this.decisionTime(),
        invite: {
          method,
          uid: invitationUid(event.id, roundId, runId),
          sequence,
          event,
          attendees: options.attendees ?? invited.map(({ name, email }) => ({ name, email })),
        },
        ...(options.reason ? { reason: options.reason } : {}),
        ...(options.firstForReader ? { firstForReader: true as const } : {}),
      },
      options.recipients ?? invited,
    );
  }

  takeStep(step: RoundStep): void {
    const { state } = this;
    this.stepTime = step.at;
    switch (step.type) {
      case 'phase':
        this.enterPhase(step.phase);
        return;
      case 'invite':
        state.invitations[step.event.id] = 0;
        this.invite(step.event, 'REQUEST', 0);
        return;
      case 'peer-documents':
        this.sendPeerDocuments();
        return;
      case 'digest': {
        const at = this.decisionTime();
        this.post(
          { kind: 'progress-digest', about: `week-${step.week}`, decidedAt: at, progress: digestViews(state, at), escalated: escalatedIds(state, at) },
          recipientsFor(state.round, 'coordinator'),
        );
        return;
      }
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

  /** The JSR documents received so far, as links. */
  jsrDocuments(): SharedDocument[] {
    const { state } = this;
    return state.plan.deliverables
      .filter((d) => d.key === 'jsr-documents')
      .flatMap((d) => {
        const record = state.records[d.id];
        if (!record?.reference) return [];
        return [{ owner: d.owner, key: d.key, reference: record.reference, ...(record.by ? { submittedBy: record.by } : {}) }];
      });
  }

  /** Everyone gets the delegations' JSR documents once: when all are in, or at the pack's date with what is in. */
  sendPeerDocuments(): void {
    const { state } = this;
    if (!state.done.includes('peer-documents')) state.done.push('peer-documents');
    this.post(
      { kind: 'peer-documents', about: 'jsr-documents', decidedAt: this.decisionTime(), documents: this.jsrDocuments() },
      recipientsFor(state.round, 'everyone'),
    );
  }

  /** Tells whoever chases the deliverable (its owner, and the Secretariat, which escalates them all) to stop. */
  async settleInChasing(owner: string, id: string): Promise<void> {
    this.secretariat?.settle(id);
    const targets = (owner === SECRETARIAT_OWNER ? [owner] : [owner, SECRETARIAT_OWNER]).filter((target) => this.owners.includes(target));
    await Promise.all(
      targets.map((target) =>
        getExternalWorkflowHandle(deliverablesWorkflowId(this.state.round.id, target)).signal(deliverableSettled, { id }),
      ),
    );
  }

  /** Gives every chaser its slice of the new plan. */
  async replanChasing(): Promise<void> {
    this.secretariat?.replan(this.sliceFor(SECRETARIAT_OWNER), this.now());
    await Promise.all(
      this.owners.map((owner) =>
        getExternalWorkflowHandle(deliverablesWorkflowId(this.state.round.id, owner)).signal(chasingReplanned, this.sliceFor(owner)),
      ),
    );
  }

  /**
   * Starts the Secretariat's chasing in the round. Its letters share the round's mailroom and letter log:
   * posted in the same activation as the round's own, they travel in the same batch.
   */
  chaseSecretariat(): Promise<unknown> {
    const { state } = this;
    this.secretariat = new Chaser(
      SECRETARIAT_OWNER,
      state.plan.launchedAt,
      this.sliceFor(SECRETARIAT_OWNER),
      state.context,
      (message, recipients, id) => this.mailroom.post(message, recipients, id),
      this.keepsTimersDueSoon,
    );
    const chasing = this.secretariat.run();
    // Cancelled from Temporal, the loop rejects before the round awaits it (round.workflow.ts): never an unhandled rejection.
    chasing.catch(() => undefined);
    return chasing;
  }

  /** What one child chases: its own deliverables (every one for the Secretariat, which escalates them all). */
  sliceFor(owner: string): ChaseSlice {
    const { round, plan } = this.state;
    return {
      round,
      deliverables: owner === SECRETARIAT_OWNER ? plan.deliverables : plan.deliverables.filter((d) => d.owner === owner),
      events: plan.events,
      requestAt: requestTimes(plan),
      zones: plan.zones,
    };
  }

  progress(): RoundProgress {
    const { state } = this;
    const current = this.now();
    // A round that ended promises nothing more: no event ahead, no reminder to come.
    const running = state.status === 'running';
    const deliverables = progressViews(state.plan.deliverables, state.records, state.failures, current);
    return {
      roundId: state.round.id,
      title: state.round.title,
      status: state.status,
      phase: state.phase,
      phaseSince: state.phaseSince,
      launchedAt: state.plan.launchedAt,
      nextEvents: state.plan.events
        .filter((event) => running && event.start > current)
        .slice(0, 3)
        .map(({ id, kind, start, end }) => ({ id, kind, start, end })),
      deliverables: running ? deliverables : deliverables.map(({ nextReminder: _none, ...deliverable }) => deliverable),
      deliveryFailures: state.failures,
      letters: { ...this.letters.counts },
      warnings: state.warnings,
      escalated: state.status === 'running' ? escalatedIds(state, current) : [],
      ...(state.cancelledReason ? { cancelledReason: state.cancelledReason } : {}),
      runId: state.context.runId,
      completesAt: state.plan.completesAt,
      events: state.plan.events.map(({ remindersAt: _reminders, remindersByZone: _byZone, ...event }) => ({
        ...event,
        sequence: state.invitations[event.id] ?? 0,
      })),
      delegations: state.round.delegations.map((d) => ({
        country: d.country,
        host: Boolean(d.host),
        timezone: d.timezone,
        language: d.language,
        participants: d.participants.map(({ name, email }) => ({ name, email })),
        coordinatingAgency: d.coordinatingAgency.map(({ name, email }) => ({ name, email })),
      })),
      community: state.round.community,
      chasingChildren: [...this.owners],
    };
  }

  /** What a reader (or their delegation, or the Secretariat) owes, as of now. */
  tasksOf(reader: Recipient): DeliverableStatusView[] {
    const owner = reader.role === 'coordinator' || reader.role === 'staff' ? SECRETARIAT_OWNER : reader.country;
    const mine = this.state.plan.deliverables.filter(
      (d) => d.owner === owner && (d.participant === undefined || d.participant === reader.email),
    );
    return statusViews(mine, this.state.records, this.now());
  }

  /** The status of every deliverable now, for the end-of-round messages. */
  statuses(): DeliverableStatusView[] {
    return statusViews(this.state.plan.deliverables, this.state.records, this.now());
  }
}
