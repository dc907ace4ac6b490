/**
 * The CLI's side of a running round: its handle, its progress, its updates. The only client module
 * that knows the workflow's message definitions (workflows/messages.ts), so the CLI and the workflow
 * can never disagree on a name or a payload.
 */
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client, type WorkflowHandle, type WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import { loadConfig } from '../worker/config';
import { deliverablesWorkflowId, roundWorkflowId } from '../workflows/ids';
import {
  cancelRound,
  extendDeadline,
  progress as progressQuery,
  replaceParticipant,
  rescheduleEvent,
  submitDeliverable,
  waiveDeliverable,
  letters as lettersQuery,
  type LetterLogEntry,
  type RescheduleEventResult,
  type RoundOutcome,
  type RoundProgress,
} from '../workflows/messages';
import { DELIVERABLE_KEYS, type DeliverableKey, type ScheduledEventKey } from '../domain/plan-types';
import type { exchangeRound } from '../workflows/index';
import type { Round } from '../domain/round-file';
import { CommunityKey, HostCountryKey, RoundPhaseKey } from '../workflows/search-attributes';
import { normaliseEmail } from '../workflows/update-limits';
import { connectClient } from './connect';
import { InputError, rootMessage, roundIdOf } from './exit';
import { RoundStoppedError, isRunning, isStopStatus, stopOf, type RoundStop } from './round-stop';
import { lateRequests, pastDueAfterMove, type LateRequest, type PastDue } from './late-requests';
import { currentWarnings } from './round-warnings';

/** The round's progress, and how it stopped when its workflow was stopped from outside (round-stop.ts). */
export type ProgressView = RoundProgress & { stopped?: RoundStop };

export async function connectFromEnv(): Promise<Client> {
  return connectClient(loadConfig());
}

export { roundIdOf } from './exit';

export function roundHandle(client: Client, roundId: string): WorkflowHandle {
  return client.workflow.getHandle(roundWorkflowId(roundId));
}

/**
 * Starts the round workflow. `input` is the round file as read: the workflow validates it again, with
 * its own version of the rules. The search attributes are set at start so the round is listed by phase
 * from its first second (the workflow keeps RoundPhase current afterwards).
 */
export async function startRound(client: Client, round: Round, input: unknown, taskQueue: string, options: { searchAttributes?: boolean } = {}): Promise<WorkflowHandleWithFirstExecutionRunId> {
  const host = round.delegations.find((delegation) => delegation.host);
  return client.workflow.start<typeof exchangeRound>('exchangeRound', {
    args: [{ round: input }],
    taskQueue,
    workflowId: roundWorkflowId(round.id),
    ...(options.searchAttributes === false
      ? {}
      : {
          typedSearchAttributes: new TypedSearchAttributes([
            { key: RoundPhaseKey, value: 'prep-1' },
            { key: CommunityKey, value: round.community },
            ...(host ? [{ key: HostCountryKey, value: host.country }] : []),
          ]),
        }),
  });
}

/**
 * What became of the last run of a round id, if it ran before and has ended: its business outcome, not just
 * Temporal's status (`completed`, `cancelled`, `terminated`, `failed`, `timed-out`, as a stopped round's status reads).
 */
export async function earlierRun(client: Client, roundId: string): Promise<{ runId: string; status: string; closedAt: string } | undefined> {
  const handle = roundHandle(client, roundId);
  const description = await handle.describe().catch((error: unknown) => {
    if (error instanceof WorkflowNotFoundError) return undefined;
    throw error;
  });
  if (!description || description.status.name === 'RUNNING' || !description.closeTime) return undefined;
  // A round cancelled through jsrx completes its workflow with a `cancelled` outcome.
  const outcome =
    description.status.name === 'COMPLETED'
      ? await (handle.result() as Promise<RoundOutcome>).then((result) => result.status).catch(() => 'completed')
      : description.status.name.toLowerCase().replace(/_/g, '-');
  return { runId: description.runId, status: outcome, closedAt: description.closeTime.toISOString() };
}

/** A round as the service's visibility lists it: no query to the round itself. */
export interface ListedRound {
  roundId: string;
  workflowId: string;
  phase?: string;
  community?: string;
  hostCountry?: string;
  status: string;
  startedAt: string;
  /** When the run ended, if it has. */
  closedAt?: string;
  /** Which run: a round id launched again after its earlier run ended has one execution per run. */
  runId: string;
}

/**
 * One entry per round, its newest run's: a round's page, progress and commands all act on its latest
 * run, so an earlier (cancelled or completed) run listed beside it would only confuse.
 */
export function latestRunPerRound<T extends { roundId: string; startedAt: string }>(listed: T[]): T[] {
  const newest = new Map<string, T>();
  for (const round of listed) {
    const kept = newest.get(round.roundId);
    if (!kept || Date.parse(round.startedAt) > Date.parse(kept.startedAt)) newest.set(round.roundId, round);
  }
  return listed.filter((round) => newest.get(round.roundId) === round);
}

/** The rounds on the service, through the RoundPhase search attribute (`jsrx list`, the staff dashboard). */
export async function listRounds(client: Client, options: { phase?: string; limit?: number } = {}): Promise<ListedRound[]> {
  // Every round publishes its phase from its first task on; a workflow without one is not a round.
  const query = options.phase ? `RoundPhase = "${options.phase}"` : 'RoundPhase IS NOT NULL';
  const limit = Math.max(1, options.limit ?? 100);
  const rounds: ListedRound[] = [];
  for await (const execution of client.workflow.list({ query })) {
    const attributes = execution.typedSearchAttributes;
    rounds.push({
      roundId: roundIdOf(execution.workflowId),
      workflowId: execution.workflowId,
      phase: attributes.get(RoundPhaseKey),
      community: attributes.get(CommunityKey),
      hostCountry: attributes.get(HostCountryKey),
      status: execution.status.name,
      startedAt: execution.startTime.toISOString(),
      ...(execution.closeTime ? { closedAt: execution.closeTime.toISOString() } : {}),
      runId: execution.runId,
    });
    if (rounds.length >= limit) break;
  }
  return rounds;
}

/**
 * The owners whose chasing runs in a child workflow of the round, as the round says; a worker of an
 * earlier release does not say, and its rounds ran a child for the Secretariat as well as for each delegation.
 */
export function chasingChildrenOf(progress: Pick<RoundProgress, 'chasingChildren' | 'delegations'>): string[] {
  return progress.chasingChildren ?? ['secretariat', ...progress.delegations.map((delegation) => delegation.country)];
}

/**
 * Every letter the round and its chasing children posted, each with its reader and outcome, soonest
 * decided first. A child that cannot be asked (never started, long gone) is left out.
 */
export async function queryLetters(
  client: Client,
  progress: Pick<RoundProgress, 'roundId' | 'chasingChildren' | 'delegations'>,
): Promise<LetterLogEntry[]> {
  const { roundId } = progress;
  const ids = [roundWorkflowId(roundId), ...chasingChildrenOf(progress).map((owner) => deliverablesWorkflowId(roundId, owner))];
  const logs = await Promise.all(
    ids.map((workflowId) =>
      client.workflow
        .getHandle(workflowId)
        .query(lettersQuery)
        .catch(() => [] as LetterLogEntry[]),
    ),
  );
  return logs.flat().sort((a, b) => a.decidedAt.localeCompare(b.decidedAt) || a.to.localeCompare(b.to));
}

export function queryProgressOf(handle: WorkflowHandle): Promise<RoundProgress> {
  return handle.query(progressQuery);
}

/**
 * The round's progress, with how it stopped when its workflow was stopped from outside; a stopped round
 * that cannot answer (it failed before its plan, or no worker replays it) throws RoundStoppedError.
 */
export async function queryProgress(client: Client, roundId: string): Promise<ProgressView> {
  const handle = roundHandle(client, roundId);
  // Asked together: a running round, the many, costs no extra round trip in time.
  const answer = queryProgressOf(handle).then(
    (progress) => ({ progress }),
    (error: unknown) => ({ error }),
  );
  const description = await handle.describe();
  const stop = isStopStatus(description.status.name)
    ? await stopOf(client, { ...description, status: description.status.name })
    : undefined;
  const answered = await answer;
  if ('progress' in answered) {
    const view: ProgressView = stop ? { ...answered.progress, stopped: stop } : answered.progress;
    return withoutWhatWillNotCome({ ...view, warnings: currentWarnings(view) });
  }
  if (!stop) throw answered.error;
  // The query handler is set once the plan is in: a round that failed before it has none to call.
  const why = answered.error instanceof Error ? rootMessage(answered.error) : String(answered.error);
  const unplanned = /did not register a handler for progress/i.test(why);
  throw new RoundStoppedError(roundId, stop, unplanned ? false : undefined);
}

/**
 * An ended round (cancelled, completed, or stopped from outside) sends nothing more and holds no more
 * events, but its query reads the plan as it was: without this, the dashboard, the matrix CSV and `jsrx
 * status` still gave a cancelled round's next video conference and a next reminder for every open item.
 */
function withoutWhatWillNotCome(progress: ProgressView): ProgressView {
  if (isRunning(progress)) return progress;
  return {
    ...progress,
    nextEvents: [],
    deliverables: progress.deliverables.map(({ nextReminder: _none, ...deliverable }) => deliverable),
  };
}

/** The stop of each listed run that was stopped from outside (its reason is in the run's close event). */
export async function listedStops(client: Client, rounds: ListedRound[]): Promise<Map<ListedRound, RoundStop>> {
  const stops = new Map<ListedRound, RoundStop>();
  await Promise.all(
    rounds
      .filter((round) => isStopStatus(round.status) && round.closedAt)
      .map(async (round) => {
        const stop = await stopOf(client, {
          workflowId: round.workflowId,
          runId: round.runId,
          status: round.status,
          closeTime: new Date(round.closedAt!),
        });
        if (stop) stops.set(round, stop);
      }),
  );
  return stops;
}

/** The round's progress, or undefined when no round has this id (a page shows "no such round"). */
export async function findProgress(client: Client, roundId: string): Promise<ProgressView | undefined> {
  try {
    return await queryProgress(client, roundId);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return undefined;
    throw error;
  }
}

/** What a coordinator (or a scenario) asks of a round, in the CLI's words. */
export type RoundAction =
  | { action: 'submit'; deliverable: string; by: string; reference: string }
  | { action: 'waive'; deliverable: string; reason: string; by?: string }
  | { action: 'extend'; deliverable: string; dueAt: string; reason: string; by?: string }
  | { action: 'reschedule'; event: ScheduledEventKey; start: string; end?: string; durationMinutes?: number; joinUrl?: string; reason?: string }
  | { action: 'replace'; country: string; leaving: string; newcomer: { name: string; email: string } }
  | { action: 'cancel'; reason: string };

export type ActionOutcome =
  | {
      accepted: true;
      result: unknown;
      /** A reschedule that left deliverables due before they are requested. */
      lateRequests?: LateRequest[];
      /** A reschedule that made deliverables already requested due in the past. */
      pastDue?: PastDue[];
    }
  | { accepted: false; reason: string };

/** Sends the update; a refusal by the round is an outcome, not an exception (the caller decides the exit code). */
export async function applyRoundAction(handle: WorkflowHandle, action: RoundAction): Promise<ActionOutcome> {
  const refusal = refusalBeforeAsking(action);
  if (refusal) return { accepted: false, reason: refusal };
  try {
    const result = await sendUpdate(handle, action);
    if (action.action !== 'reschedule') return { accepted: true, result };
    // The move is the coordinator's to make (the launch takes such a file with a warning too); what it
    // left due before its request is told at once, with the fix, rather than found in the requests.
    const after = await queryProgressOf(handle).catch(() => undefined);
    const late = after ? lateRequests(after) : [];
    const moved = (result as Partial<RescheduleEventResult> | undefined)?.moved ?? [];
    const past = after ? pastDueAfterMove(after, moved) : [];
    return { accepted: true, result, ...(late.length > 0 ? { lateRequests: late } : {}), ...(past.length > 0 ? { pastDue: past } : {}) };
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError) return { accepted: false, reason: rootMessage(error) };
    throw error;
  }
}

/**
 * What the round would take but must not: a participant "replaced" by their own address (a paste into the
 * wrong field, or the same address in other capitals) would get every invitation cancelled, then the
 * onboarding and the invitations again, as a newcomer. The round refuses it too (its update validator),
 * but a round served by a worker from before that check lets it through: refused here first.
 */
function refusalBeforeAsking(action: RoundAction): string | undefined {
  if (action.action === 'replace' && normaliseEmail(action.newcomer.email) === normaliseEmail(action.leaving))
    return `email: ${action.newcomer.email.trim()} is the address of the participant who leaves: give the newcomer’s own address`;
  return undefined;
}

function sendUpdate(handle: WorkflowHandle, action: RoundAction): Promise<unknown> {
  switch (action.action) {
    case 'submit':
      return handle.executeUpdate(submitDeliverable, { args: [{ ...parseDeliverableId(action.deliverable), by: action.by, reference: action.reference }] });
    case 'waive':
      return handle.executeUpdate(waiveDeliverable, { args: [{ ...parseDeliverableId(action.deliverable), reason: action.reason, by: action.by }] });
    case 'extend':
      return handle.executeUpdate(extendDeadline, { args: [withoutUndefined({ ...parseDeliverableId(action.deliverable), dueAt: action.dueAt, reason: action.reason, by: action.by })] });
    case 'reschedule': {
      const { action: _, ...change } = action;
      return handle.executeUpdate(rescheduleEvent, { args: [withoutUndefined(change)] });
    }
    case 'replace':
      return handle.executeUpdate(replaceParticipant, { args: [{ delegation: action.country, leaving: action.leaving, newcomer: action.newcomer }] });
    case 'cancel':
      return handle.executeUpdate(cancelRound, { args: [{ reason: action.reason }] });
  }
}

/** `KE/jsr-documents` or `KE/exchange-feedback/p.kamau@example.ke`, as the plan and `status --json` name them. */
export function parseDeliverableId(id: string): { delegation: string; key: DeliverableKey; participant?: string } {
  const [owner, key, participant, ...rest] = id.split('/');
  if (!owner || !key || rest.length > 0) {
    throw new InputError(`${id}: name a deliverable as OWNER/KEY, for example KE/jsr-documents or secretariat/vc1-notes (jsrx status ROUND --json lists them)`);
  }
  if (!(DELIVERABLE_KEYS as readonly string[]).includes(key)) {
    throw new InputError(`${id}: ${key} is not a deliverable; one of ${DELIVERABLE_KEYS.join(', ')}`);
  }
  const delegation = owner === 'secretariat' ? owner : owner.toUpperCase();
  return { delegation, key: key as DeliverableKey, ...(participant ? { participant } : {}) };
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}
