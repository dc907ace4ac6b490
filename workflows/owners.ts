/**
 * Who owes a deliverable, resolved from the round as it is now (so a replacement is honoured): the round's
 * changes write to them, and so does a reschedule that moves their due dates.
 */
import type { PlanDeliverable } from '../domain/plan-types';
import type { Round } from '../domain/round-file';
import { delegationRecipients, secretariatRecipients } from './audience';
import { SECRETARIAT_OWNER } from './chasing';
import type { Recipient } from './dispatch';

/** The participant for a per-participant deliverable, the delegation, or the Secretariat. */
export function ownersOf(round: Round, deliverable: PlanDeliverable): Recipient[] {
  if (deliverable.owner === SECRETARIAT_OWNER) return secretariatRecipients(round);
  return delegationRecipients(round, deliverable.owner).filter(
    (r) => !deliverable.participant || r.email === deliverable.participant,
  );
}
