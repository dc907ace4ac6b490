/**
 * Who a participant's link lets in. The token (domain/link-token.ts) says round, delegation and person;
 * the round, asked at every visit, says whether that person is still in that delegation (a replaced
 * participant's link stops working) and when the round ends (the link's validity follows a reschedule).
 */
import { linkExpiry, readLinkToken, type LinkClaims } from '../../domain/link-token';
import type { RoundProgress } from '../../workflows/messages';
import type { ProgressView } from '../round-service';
import { RoundStoppedError } from '../round-stop';
import type { RoundGateway } from './round-gateway';

export type RoundMembership = RoundProgress['delegations'][number];

/** Reads in their own language and zone, as their emails do (workflows/audience.ts). */
export interface Reader {
  name: string;
  email: string;
  role: 'participant' | 'coordinating-agency';
  language: 'en' | 'fr';
  timezone: string;
}

export interface Visitor {
  claims: LinkClaims;
  progress: ProgressView;
  delegation: RoundMembership;
  /** The person the link is for: a participant, or a coordinating agency's representative of the delegation. */
  participant: Reader;
  /** When this link stops working. */
  validUntil: string;
}

export type Refusal = {
  status: 403 | 404 | 410;
  reason: 'invalid-link' | 'expired-link' | 'unknown-round' | 'not-a-participant' | 'round-closed';
};

export async function admit(
  token: string,
  deps: { linkSecret: string; rounds: RoundGateway; now: Date },
): Promise<Visitor | Refusal> {
  const claims = readLinkToken(deps.linkSecret, token);
  if (!claims) return { status: 403, reason: 'invalid-link' };
  if (claims.expiresAt && Date.parse(claims.expiresAt) <= deps.now.getTime())
    return { status: 410, reason: 'expired-link' };
  const progress = await deps.rounds.progress(claims.roundId).catch((error: unknown) => {
    // Stopped with no progress to show (before its plan, or no worker replays it): nothing to deliver to.
    if (error instanceof RoundStoppedError) return 'stopped' as const;
    throw error;
  });
  if (progress === 'stopped') return { status: 410, reason: 'round-closed' };
  if (!progress) return { status: 404, reason: 'unknown-round' };
  const validUntil = earliest(linkExpiry(progress.completesAt), claims.expiresAt);
  if (Date.parse(validUntil) <= deps.now.getTime()) return { status: 410, reason: 'expired-link' };
  const delegation = progress.delegations.find((d) => d.country === claims.delegation);
  const participant = delegation ? readerOf(progress, delegation, claims.email) : undefined;
  if (!delegation || !participant) return { status: 403, reason: 'not-a-participant' };
  return { claims, progress, delegation, participant, validUntil };
}

/**
 * A delegation's participants read in its language and zone; its coordinating agency's representatives
 * in the community's language and the host's zone, as their emails do (workflows/audience.ts).
 */
function readerOf(progress: RoundProgress, delegation: RoundMembership, email: string): Reader | undefined {
  const same = (person: { email: string }) => person.email.toLowerCase() === email;
  const participant = delegation.participants.find(same);
  if (participant)
    return {
      ...participant,
      role: 'participant',
      language: delegation.language,
      timezone: delegation.timezone,
    };
  const representative = delegation.coordinatingAgency.find(same);
  if (!representative) return undefined;
  const host = progress.delegations.find((d) => d.host) ?? delegation;
  return {
    ...representative,
    role: 'coordinating-agency',
    language: progress.community === 'francophone' ? 'fr' : 'en',
    timezone: host.timezone,
  };
}

/** The events the reader is invited to (the evening debriefs are the visiting participants'; CA representatives are invited to the video conferences and the visit). */
export function eventsFor(
  visitor: Pick<Visitor, 'progress' | 'delegation' | 'participant'>,
): RoundProgress['events'] {
  const { delegation } = visitor;
  const participant = visitor.participant.role === 'participant';
  return visitor.progress.events.filter((event) => {
    switch (event.audience) {
      case 'everyone':
        return true;
      case 'participants':
        return participant;
      case 'visiting':
      case 'debrief':
        return participant && !delegation.host;
      case 'host':
        return participant && delegation.host;
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
