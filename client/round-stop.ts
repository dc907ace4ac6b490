/**
 * A round whose workflow was stopped from outside the round: terminated from Temporal (Web UI, `temporal
 * workflow terminate`), failed (a bug, or a file the round's own rules refuse), or timed out. The round
 * never had its say, so its progress query cannot be trusted for this: replayed, it still reads "running",
 * and before planning it has no answer at all. Temporal's own record of the run is asked instead.
 */
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

export type StopStatus = 'terminated' | 'failed' | 'timed-out';

export interface RoundStop {
  status: StopStatus;
  stoppedAt: string;
  /** The terminate reason or the failure's message; Temporal gives none for a timeout. */
  reason?: string;
}

const STOPPED: Record<string, StopStatus> = {
  TERMINATED: 'terminated',
  FAILED: 'failed',
  TIMED_OUT: 'timed-out',
};

/** `timed out`, as a sentence says it (the wire value is kebab-case). */
export function stopWords(status: StopStatus): string {
  return status.replace('-', ' ');
}

/** A Temporal status (`TIMED_OUT`, `COMPLETED`) as people read it: `timed out`, `completed`. */
export function runStatusWords(status: string): string {
  return status.toLowerCase().replace(/[_-]/g, ' ');
}

export function isStopStatus(temporalStatus: string): boolean {
  return temporalStatus in STOPPED;
}

/** A run as a description or a visibility listing gives it: `status` is Temporal's name (`TERMINATED`). */
export interface RunRecord {
  workflowId: string;
  runId: string;
  status: string;
  closeTime?: Date;
}

/** How the run stopped, or undefined while it runs or after it ended on its own. */
export async function stopOf(client: Client, run: RunRecord): Promise<RoundStop | undefined> {
  const status = STOPPED[run.status];
  if (!status || !run.closeTime) return undefined;
  const reason = await closeReason(client, run.workflowId, run.runId);
  return { status, stoppedAt: run.closeTime.toISOString(), ...(reason ? { reason } : {}) };
}

/**
 * The reason from the run's close event alone: a round's history runs to thousands of events, and the
 * close-event filter fetches one.
 */
async function closeReason(client: Client, workflowId: string, runId: string): Promise<string | undefined> {
  const { history } = await client.workflowService.getWorkflowExecutionHistory({
    namespace: client.options.namespace,
    execution: { workflowId, runId },
    historyEventFilterType: temporal.api.enums.v1.HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT,
  });
  const event = history?.events?.[0];
  const text =
    event?.workflowExecutionTerminatedEventAttributes?.reason ??
    event?.workflowExecutionFailedEventAttributes?.failure?.message ??
    undefined;
  return text?.trim() || undefined;
}

/**
 * A stopped round that cannot show a progress: it failed before its plan existed, or no worker replays it.
 * Carries what Temporal knows, for pages and jsrx to say instead of an error.
 */
export class RoundStoppedError extends Error {
  constructor(
    readonly roundId: string,
    readonly stop: RoundStop,
    /** Whether the round got as far as its plan (and sent letters before it stopped); undefined when unknown. */
    readonly planned: boolean | undefined,
  ) {
    super(`round ${roundId} stopped: ${stopWords(stop.status)} on ${stop.stoppedAt}${stop.reason ? `: ${stop.reason}` : ''}`);
    this.name = 'RoundStoppedError';
  }
}

/**
 * Why a stopped round shows no deliverables, for jsrx: an empty table would read as "nothing owed".
 * `planned` as RoundStoppedError carries it.
 */
export function noDeliverablesWhy(planned: boolean | undefined): string {
  return planned === false ? 'it was never planned: nothing was sent' : 'no worker could replay it, so its deliverables cannot be shown';
}

/** Whether the round still takes changes and deliveries: running, and not stopped behind its back. */
export function isRunning(progress: { status: string; stopped?: RoundStop }): boolean {
  return progress.status === 'running' && !progress.stopped;
}
