/**
 * Who a participant's link lets in. The token (domain/link-token.ts) says round, delegation and person;
 * the round, asked at every visit, says whether that person is still in that delegation (a replaced
 * participant's link stops working) and when the round ends (the link's validity follows a reschedule).
 */
import { linkExpiry, readLinkToken, type LinkClaims } from '../../domain/link-token';
import type { RoundProgress } from '../../workflows/messages';
import type { RoundGateway } from './round-gateway';

export type RoundMembership = RoundProgress['delegations'][number];

export interface Visitor {
  claims: LinkClaims;
  progress: RoundProgress;
  delegation: RoundMembership;
  participant: { name: string; email: string };
  /** When this link stops working. */
  validUntil: string;
}

export type Refusal = {
  status: 403 | 404 | 410;
  reason: 'invalid-link' | 'expired-link' | 'unknown-round' | 'not-a-participant';
};

export async function admit(
  token: string,
  deps: { linkSecret: string; rounds: RoundGateway; now: Date },
): Promise<Visitor | Refusal> {
  const claims = readLinkToken(deps.linkSecret, token);
  if (!claims) return { status: 403, reason: 'invalid-link' };
  if (claims.expiresAt && Date.parse(claims.expiresAt) <= deps.now.getTime())
    return { status: 410, reason: 'expired-link' };
  const progress = await deps.rounds.progress(claims.roundId);
  if (!progress) return { status: 404, reason: 'unknown-round' };
  const validUntil = earliest(linkExpiry(progress.completesAt), claims.expiresAt);
  if (Date.parse(validUntil) <= deps.now.getTime()) return { status: 410, reason: 'expired-link' };
  const delegation = progress.delegations.find((d) => d.country === claims.delegation);
  const participant = delegation?.participants.find((p) => p.email.toLowerCase() === claims.email);
  if (!delegation || !participant) return { status: 403, reason: 'not-a-participant' };
  return { claims, progress, delegation, participant, validUntil };
}

/** The events a delegation's participants are invited to (the evening debriefs are the visitors'). */
export function eventsFor(progress: RoundProgress, delegation: RoundMembership): RoundProgress['events'] {
  return progress.events.filter((event) => {
    switch (event.audience) {
      case 'everyone':
      case 'participants':
        return true;
      case 'visiting':
      case 'debrief':
        return !delegation.host;
      case 'host':
        return delegation.host;
      default:
        return false;
    }
  });
}

export function isRefusal(result: Visitor | Refusal): result is Refusal {
  return 'reason' in result;
}

function earliest(first: string, second: string | undefined): string {
  return second && Date.parse(second) < Date.parse(first) ? second : first;
}
