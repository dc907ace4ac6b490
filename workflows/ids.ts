/**
 * Workflow ids and calendar UIDs come from business identity (the round's slug, the owner, the event),
 * never from a random value: starting the same round twice is refused by Temporal, and an invitation
 * keeps one UID for the whole round so calendar clients move the event instead of duplicating it.
 */
import type { OwnerId } from '../domain/plan-types';

export function roundWorkflowId(roundId: string): string {
  return `jsr-round-${roundId}`;
}

/** The child workflow that owns one delegation's (or the Secretariat's) deliverables. */
export function deliverablesWorkflowId(roundId: string, owner: OwnerId): string {
  return `${roundWorkflowId(roundId)}-${owner.toLowerCase()}`;
}

export function invitationUid(eventId: string, roundId: string): string {
  return `${eventId}.${roundId}@jsr-exchange`;
}
