/**
 * Who receives what: resolves an `Audience` to people at send time, from the round as it is now, so a
 * participant replaced mid-round gets the next message and the one who left does not.
 *
 * Each recipient reads in their own language and time zone: a delegation's participants in the
 * delegation's language and zone; the Secretariat and the coordinating agencies' representatives in the
 * community's language and the host's zone (they work to the round's clock, the visit's, and a CA office
 * is often regional rather than in the delegation's country).
 */
import type { Audience } from '../domain/plan-types';
import type { Delegation, Language, Round } from '../domain/round-file';
import type { Recipient, RoundContext } from './dispatch';

/** The validated round always has exactly one host (the planning activity refuses any other). */
function hostDelegation(round: Round): Delegation {
  return round.delegations.find((d) => d.host) ?? (round.delegations[0] as Delegation);
}

/** The Secretariat and the CA representatives read the community's language. */
function communityLanguage(round: Round): Language {
  return round.community === 'francophone' ? 'fr' : 'en';
}

export function roundContext(round: Round, runId: string): RoundContext {
  const host = hostDelegation(round);
  return {
    roundId: round.id,
    runId,
    title: round.title,
    community: round.community,
    coordinator: { name: round.secretariat.coordinator.name, email: round.secretariat.coordinator.email },
    hostCountry: host.country,
    hostTimezone: host.timezone,
    countries: [host.country, ...round.delegations.filter((d) => !d.host).map((d) => d.country)],
  };
}

function participantsOf(delegation: Delegation): Recipient[] {
  return delegation.participants.map((person) => ({
    name: person.name,
    email: person.email,
    role: 'participant',
    country: delegation.country,
    language: delegation.language,
    timezone: delegation.timezone,
  }));
}

function caRepsOf(round: Round, delegation: Delegation): Recipient[] {
  return delegation.coordinatingAgency.map((rep) => ({
    name: rep.name,
    email: rep.email,
    role: 'coordinating-agency',
    country: delegation.country,
    organization: rep.organization,
    language: communityLanguage(round),
    timezone: hostDelegation(round).timezone,
  }));
}

function findDelegation(round: Round, country: string): Delegation {
  const delegation = round.delegations.find((d) => d.country === country.toUpperCase());
  if (!delegation) throw new Error(`round ${round.id} has no delegation for ${country}`);
  return delegation;
}

/** The participants of one delegation: who owes and submits its deliverables. */
export function delegationRecipients(round: Round, country: string): Recipient[] {
  return participantsOf(findDelegation(round, country));
}

/** The delegation's coordinating-agency representatives: copied on its escalations. */
export function caRecipients(round: Round, country: string): Recipient[] {
  return caRepsOf(round, findDelegation(round, country));
}

function coordinatorRecipient(round: Round): Recipient {
  const { coordinator } = round.secretariat;
  return {
    name: coordinator.name,
    email: coordinator.email,
    role: 'coordinator',
    language: communityLanguage(round),
    timezone: hostDelegation(round).timezone,
  };
}

/** The coordinator first, then the staff. */
export function secretariatRecipients(round: Round): Recipient[] {
  const zone = hostDelegation(round).timezone;
  const language = communityLanguage(round);
  return [
    coordinatorRecipient(round),
    ...round.secretariat.staff.map((person): Recipient => ({
      name: person.name,
      email: person.email,
      role: 'staff',
      language,
      timezone: zone,
    })),
  ];
}

/** People in a stable order (host delegation first, then the file's order), each once. */
export function recipientsFor(round: Round, audience: Audience): Recipient[] {
  const ordered = [...round.delegations].sort((a, b) => Number(b.host) - Number(a.host));
  const participants = (filter: (d: Delegation) => boolean) => ordered.filter(filter).flatMap(participantsOf);
  switch (audience) {
    case 'everyone':
      return unique([
        ...ordered.flatMap((d) => [...participantsOf(d), ...caRepsOf(round, d)]),
        ...secretariatRecipients(round),
      ]);
    case 'participants':
      return participants(() => true);
    case 'visiting':
      return participants((d) => !d.host);
    case 'host':
      return participants((d) => d.host);
    case 'secretariat':
      return secretariatRecipients(round);
    case 'debrief':
      return unique([...participants((d) => !d.host), ...secretariatRecipients(round)]);
    case 'coordinator':
      return [coordinatorRecipient(round)];
  }
}

function unique(recipients: Recipient[]): Recipient[] {
  const seen: string[] = [];
  return recipients.filter((r) => (seen.includes(r.email) ? false : (seen.push(r.email), true)));
}
