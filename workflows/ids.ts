/**
 * Workflow ids and calendar UIDs come from business identity (the round's slug, the owner, the event),
 * never from a random value: starting the same round twice while it runs is refused by Temporal, and an
 * invitation keeps one UID for the whole run so calendar clients move the event instead of duplicating it.
 */
import type { OwnerId } from '../domain/plan-types';

export function roundWorkflowId(roundId: string): string {
  return `jsr-round-${roundId}`;
}

/** The child workflow that chases one delegation's (or the Secretariat's) deliverables. */
export function deliverablesWorkflowId(roundId: string, owner: OwnerId): string {
  return `${roundWorkflowId(roundId)}-${owner.toLowerCase()}`;
}

/**
 * Scoped to the round's run: after a cancelled round id is launched again, its invitations are new
 * events to every calendar (the old UIDs' last word was a CANCEL, which clients keep as final).
 */
export function invitationUid(eventId: string, roundId: string, runId: string): string {
  return `${eventId}.${roundId}.${runTag(runId)}@jsr-exchange`;
}

/** A short, stable tag of a run id for UIDs and logs. */
export function runTag(runId: string): string {
  return runId.replace(/[^A-Za-z0-9]/g, '').slice(0, 12).toLowerCase();
}
