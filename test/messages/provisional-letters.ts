/**
 * PROVISIONAL: writes `test/fixtures/dispatched-letters.json` until the workflow tests record the
 * letters they really dispatch (`JSRX_RECORD_LETTERS=1`), which then replaces this file's output.
 *
 * It builds, from the two example rounds and the real plan builder, a plausible letter of every kind in
 * both languages, with the variants the templates must read right: a first invitation and a moved one
 * with the coordinator's reason, a cancelled event and a leaver's cancellation, the escalation to the
 * coordinator and its copy to a coordinating agency, a digest of a day's reminders.
 *
 *   node -r @swc-node/register test/messages/provisional-letters.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type {
  CalendarInvite,
  DeliverableStatusView,
  Letter,
  Message,
  Person,
  Recipient,
  RoundContext,
  SharedDocument,
} from '../../workflows/dispatch';
import type { Plan, PlanDeliverable, PlanEvent } from '../../domain/plan-types';
import type { Delegation, Round } from '../../domain/round-file';
import { buildPlan, hostDelegation } from '../../domain/plan';
import { defaultLanguage, validateRound } from '../../domain/validate';
import { shiftDays } from '../../domain/due-dates';

const ROOT = path.resolve(__dirname, '..', '..');
export const LETTERS_FILE = path.join(ROOT, 'test', 'fixtures', 'dispatched-letters.json');
const DAY_MS = 86_400_000;

function loadRound(file: string): Round {
  const result = validateRound(parseYaml(fs.readFileSync(path.join(ROOT, 'examples', file), 'utf8')));
  if (!result.ok) throw new Error(`${file}: ${result.errors.map((error) => error.message).join('; ')}`);
  return result.round;
}

interface People {
  round: Round;
  context: RoundContext;
  plan: Plan;
  host: Delegation;
  visiting: Delegation;
  /** A delegation with a coordinating agency, whose escalations are copied to it. */
  withAgency: Delegation;
  coordinator: Recipient;
  staff: Recipient;
}

function participant(delegation: Delegation, index = 0): Recipient {
  const person = delegation.participants[index]!;
  return {
    name: person.name,
    email: person.email,
    role: 'participant',
    country: delegation.country,
    language: delegation.language,
    timezone: delegation.timezone,
  };
}

function agencyRep(cast: People, delegation: Delegation): Recipient {
  const rep = delegation.coordinatingAgency[0]!;
  return {
    name: rep.name,
    email: rep.email,
    role: 'coordinating-agency',
    country: delegation.country,
    organization: rep.organization,
    language: defaultLanguage(cast.round.community),
    timezone: cast.host.timezone,
  };
}

function castOf(round: Round, runId: string): People {
  const host = hostDelegation(round);
  const secretariat = (person: Person, role: 'coordinator' | 'staff'): Recipient => ({
    name: person.name,
    email: person.email,
    role,
    language: defaultLanguage(round.community),
    timezone: host.timezone,
  });
  return {
    round,
    context: {
      roundId: round.id,
      runId,
      title: round.title,
      community: round.community,
      coordinator: { ...round.secretariat.coordinator },
      hostCountry: host.country,
      hostTimezone: host.timezone,
      countries: [host.country, ...round.delegations.filter((d) => !d.host).map((d) => d.country)],
    },
    plan: buildPlan(round, '2027-01-11T08:00:00Z'),
    host,
    visiting: round.delegations.find((d) => !d.host)!,
    withAgency: round.delegations.find((d) => !d.host && d.coordinatingAgency.length > 0)!,
    coordinator: secretariat(round.secretariat.coordinator, 'coordinator'),
    staff: secretariat(round.secretariat.staff[0]!, 'staff'),
  };
}

const person = ({ name, email }: Person): Person => ({ name, email });

function eventOf(plan: Plan, id: string): PlanEvent {
  const event = plan.events.find((candidate) => candidate.id === id);
  if (!event) throw new Error(`no event ${id}`);
  return event;
}

function deliverableOf(plan: Plan, id: string): PlanDeliverable {
  const deliverable = plan.deliverables.find((candidate) => candidate.id === id);
  if (!deliverable) throw new Error(`no deliverable ${id}`);
  return deliverable;
}

/** Where every deliverable stands at an instant, as the workflow's progress query would say it. */
function progressAt(plan: Plan, at: string, overrides: Record<string, Partial<DeliverableStatusView>> = {}) {
  return plan.deliverables.map((deliverable): DeliverableStatusView => {
    const base = statusOf(deliverable, at);
    return { ...base, ...overrides[deliverable.id] };
  });
}

function statusOf(deliverable: PlanDeliverable, at: string): DeliverableStatusView {
  const view: DeliverableStatusView = {
    id: deliverable.id,
    key: deliverable.key,
    owner: deliverable.owner,
    dueAt: deliverable.dueAt,
    status: deliverable.dueAt <= at ? 'submitted' : 'pending',
    ...(deliverable.participant ? { participant: deliverable.participant } : {}),
  };
  if (view.status === 'submitted') {
    view.submittedAt = new Date(Date.parse(deliverable.dueAt) - 2 * DAY_MS).toISOString();
    view.reference = `https://files.example.org/${deliverable.id.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.pdf`;
  }
  return view;
}

function pending(
  deliverable: PlanDeliverable,
  fields: Partial<DeliverableStatusView> = {},
): DeliverableStatusView {
  return {
    id: deliverable.id,
    key: deliverable.key,
    owner: deliverable.owner,
    dueAt: deliverable.dueAt,
    status: 'pending',
    ...(deliverable.participant ? { participant: deliverable.participant } : {}),
    ...fields,
  };
}

function invite(
  cast: People,
  event: PlanEvent,
  fields: Partial<CalendarInvite> & { attendees: Person[] },
): CalendarInvite {
  return {
    method: 'REQUEST',
    uid: `${event.id}.${cast.context.runId}@jsr-exchange.example.org`,
    sequence: 0,
    event,
    ...fields,
  };
}

function documentOf(deliverable: PlanDeliverable, by?: string): SharedDocument {
  return {
    owner: deliverable.owner,
    key: deliverable.key,
    reference: `https://files.example.org/${deliverable.id.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.pdf`,
    ...(by ? { submittedBy: by } : {}),
  };
}

/** A kind's own part of a message: what the workflow adds to the envelope. */
type Payload = Message extends infer Each
  ? Each extends Message
    ? Omit<Each, 'round' | 'about' | 'decidedAt' | 'cc'>
    : never
  : never;

function letter(
  cast: People,
  to: Recipient,
  envelope: { about: string; decidedAt: string; cc?: Person[] },
  payload: Payload,
): Letter {
  const message: Message = { ...payload, round: cast.context, ...envelope };
  return { message, to };
}

function lettersOf(cast: People): Letter[] {
  const { plan, host, visiting, withAgency, coordinator } = cast;
  const everyone = [
    ...cast.round.delegations.flatMap((d) => d.participants),
    cast.round.secretariat.coordinator,
  ].map(person);
  const visitor = participant(visiting);
  const hostParticipant = participant(host);
  const agency = agencyRep(cast, withAgency);
  const vc1 = eventOf(plan, 'vc1');
  const vc2 = eventOf(plan, 'vc2');
  const visit = eventOf(plan, 'visit');
  const debrief = eventOf(plan, 'debrief-1');
  const objectives = deliverableOf(plan, `${visitor.country}/learning-objectives`);
  const documents = deliverableOf(plan, `${visitor.country}/jsr-documents`);
  const agencyDocuments = deliverableOf(plan, `${withAgency.country}/jsr-documents`);
  const feedback = deliverableOf(plan, `${visitor.country}/exchange-feedback/${visitor.email}`);
  const maturity = deliverableOf(plan, `${visitor.country}/maturity-ladder`);
  const aideMemoire = deliverableOf(plan, `${host.country}/aide-memoire`);
  const logistics = deliverableOf(plan, 'secretariat/visit-logistics');
  const at = (iso: string, days: number) => shiftDays(iso, days, host.timezone);
  const tasksOf = (owner: string, email?: string) =>
    plan.deliverables
      .filter((d) => d.owner === owner && (d.participant === undefined || d.participant === email))
      .map((d) => pending(d));
  const launch = plan.launchedAt;
  const movedVc2: PlanEvent = { ...vc2, start: at(vc2.start, 7), end: at(vc2.end, 7) };
  const escalatedAt = at(agencyDocuments.dueAt, 7);
  const leaver = participant(visiting, 1);
  const newcomer: Recipient = {
    ...leaver,
    name: 'Newcomer Official',
    email: `newcomer@example.${visitor.country!.toLowerCase()}`,
  };
  const late = { status: 'overdue' as const };

  return [
    letter(
      cast,
      visitor,
      { about: 'welcome', decidedAt: launch },
      {
        kind: 'welcome',
        events: plan.events,
        tasks: tasksOf(visitor.country!, visitor.email),
      },
    ),
    letter(
      cast,
      coordinator,
      { about: 'welcome', decidedAt: launch },
      {
        kind: 'welcome',
        events: plan.events,
        tasks: tasksOf('secretariat'),
      },
    ),
    letter(
      cast,
      agency,
      { about: 'welcome', decidedAt: launch },
      { kind: 'welcome', events: plan.events, tasks: [] },
    ),
    letter(
      cast,
      visitor,
      { about: 'vc1#0', decidedAt: launch },
      {
        kind: 'invitation',
        invite: invite(cast, vc1, { attendees: everyone }),
      },
    ),
    letter(
      cast,
      hostParticipant,
      { about: 'vc2#1', decidedAt: at(vc2.start, -20) },
      {
        kind: 'invitation',
        invite: invite(cast, movedVc2, { sequence: 1, attendees: everyone }),
        reason:
          cast.round.community === 'francophone'
            ? 'examens nationaux cette semaine-là'
            : 'national exams that week',
      },
    ),
    letter(
      cast,
      visitor,
      { about: 'visit#0', decidedAt: launch },
      {
        kind: 'invitation',
        invite: invite(cast, visit, { attendees: everyone }),
      },
    ),
    letter(
      cast,
      visitor,
      { about: 'debrief-1#0', decidedAt: launch },
      {
        kind: 'invitation',
        invite: invite(cast, debrief, { attendees: [person(visitor), person(coordinator)] }),
      },
    ),
    letter(
      cast,
      visitor,
      { about: 'vc2#2', decidedAt: at(vc2.start, -5) },
      {
        kind: 'invitation-cancelled',
        invite: invite(cast, vc2, { method: 'CANCEL', sequence: 2, attendees: everyone }),
        reason:
          cast.round.community === 'francophone'
            ? "la salle n'est plus disponible"
            : 'the venue is no longer available',
      },
    ),
    letter(
      cast,
      leaver,
      { about: 'vc2#1', decidedAt: at(vc2.start, -12) },
      {
        kind: 'invitation-cancelled',
        invite: invite(cast, vc2, { method: 'CANCEL', sequence: 1, attendees: [person(leaver)] }),
        reason:
          cast.round.community === 'francophone'
            ? `${newcomer.name} vous remplace dans la délégation`
            : `${newcomer.name} takes your place in the delegation`,
      },
    ),
    letter(
      cast,
      visitor,
      { about: 'vc1#before-1', decidedAt: at(vc1.start, -1) },
      {
        kind: 'event-reminder',
        event: vc1,
      },
    ),
    letter(
      cast,
      visitor,
      { about: 'visit#before-7', decidedAt: at(visit.start, -7) },
      {
        kind: 'event-reminder',
        event: visit,
      },
    ),
    letter(
      cast,
      visitor,
      { about: `${documents.id}#request`, decidedAt: at(vc1.end, 0) },
      {
        kind: 'deliverable-request',
        deliverable: pending(documents),
      },
    ),
    letter(
      cast,
      visitor,
      { about: `${feedback.id}#request`, decidedAt: eventOf(plan, 'vc3').end },
      {
        kind: 'feedback-request',
        deliverable: pending(feedback),
      },
    ),
    letter(
      cast,
      visitor,
      { about: `${objectives.id}#before-7`, decidedAt: at(objectives.dueAt, -7) },
      {
        kind: 'deliverable-reminder',
        deliverable: pending(objectives),
      },
    ),
    letter(
      cast,
      visitor,
      { about: `${documents.id}#overdue-3`, decidedAt: at(documents.dueAt, 3) },
      {
        kind: 'overdue-notice',
        deliverable: pending(documents, late),
      },
    ),
    letter(
      cast,
      coordinator,
      { about: `${agencyDocuments.id}#escalation-7`, decidedAt: escalatedAt, cc: [person(agency)] },
      {
        kind: 'escalation',
        deliverable: pending(agencyDocuments, late),
      },
    ),
    letter(
      cast,
      agency,
      { about: `${agencyDocuments.id}#escalation-7`, decidedAt: escalatedAt, cc: [person(agency)] },
      {
        kind: 'escalation',
        deliverable: pending(agencyDocuments, late),
      },
    ),
    letter(
      cast,
      visitor,
      { about: at(documents.dueAt, 3).slice(0, 10), decidedAt: at(documents.dueAt, 3) },
      {
        kind: 'reminder-digest',
        items: [
          { kind: 'deliverable-reminder', deliverable: pending(maturity) },
          { kind: 'overdue-notice', deliverable: pending(documents, late) },
          { kind: 'event-reminder', event: vc2 },
        ],
      },
    ),
    letter(
      cast,
      coordinator,
      { about: escalatedAt.slice(0, 10), decidedAt: escalatedAt },
      {
        kind: 'reminder-digest',
        items: [
          { kind: 'escalation', deliverable: pending(agencyDocuments, late) },
          {
            kind: 'escalation',
            deliverable: pending(deliverableOf(plan, `${host.country}/jsr-documents`), late),
          },
        ],
      },
    ),
    letter(
      cast,
      visitor,
      { about: `${documents.id}#received`, decidedAt: at(documents.dueAt, 4) },
      {
        kind: 'submission-receipt',
        deliverable: {
          ...pending(documents),
          status: 'submitted-late',
          submittedAt: at(documents.dueAt, 4),
          submittedBy: visitor.email,
          reference: documentOf(documents).reference,
        },
      },
    ),
    letter(
      cast,
      visitor,
      { about: `${objectives.id}#received`, decidedAt: at(objectives.dueAt, -1) },
      {
        kind: 'submission-receipt',
        deliverable: {
          ...pending(objectives),
          status: 'submitted',
          submittedAt: at(objectives.dueAt, -1),
          submittedBy: visitor.email,
        },
      },
    ),
    ...[visitor, coordinator].map((to) =>
      letter(
        cast,
        to,
        { about: `${maturity.id}#waived`, decidedAt: at(maturity.dueAt, -3) },
        {
          kind: 'deliverable-waived',
          deliverable: {
            ...pending(maturity),
            status: 'waived',
            waivedReason:
              cast.round.community === 'francophone'
                ? "l'outil n'est pas encore traduit"
                : 'the tool is not yet translated',
          },
        },
      ),
    ),
    letter(
      cast,
      visitor,
      { about: 'peer-documents', decidedAt: plan.peerDocumentsPackAt },
      {
        kind: 'peer-documents',
        documents: cast.round.delegations
          .filter((d) => d.country !== withAgency.country)
          .map((d) =>
            documentOf(deliverableOf(plan, `${d.country}/jsr-documents`), d.participants[0]!.email),
          ),
      },
    ),
    letter(
      cast,
      visitor,
      { about: `${agencyDocuments.id}#update`, decidedAt: at(plan.peerDocumentsPackAt, 2) },
      {
        kind: 'peer-documents-update',
        documents: [documentOf(agencyDocuments, withAgency.participants[0]!.email)],
      },
    ),
    letter(
      cast,
      visitor,
      { about: aideMemoire.id, decidedAt: at(aideMemoire.dueAt, -1) },
      {
        kind: 'aide-memoire',
        documents: [documentOf(aideMemoire, host.participants[0]!.email)],
      },
    ),
    letter(
      cast,
      visitor,
      { about: logistics.id, decidedAt: at(logistics.dueAt, -1) },
      {
        kind: 'visit-logistics',
        documents: [documentOf(logistics)],
        event: visit,
      },
    ),
    letter(
      cast,
      newcomer,
      { about: `replacement/${newcomer.email}`, decidedAt: at(vc2.start, -12) },
      {
        kind: 'onboarding',
        events: plan.events.filter((event) => event.start > at(vc2.start, -12)),
        tasks: tasksOf(visitor.country!, newcomer.email).filter((task) => task.dueAt > at(vc2.start, -12)),
        replaces: person(leaver),
      },
    ),
    letter(
      cast,
      visitor,
      { about: 'cancelled', decidedAt: at(visit.start, -10) },
      {
        kind: 'round-cancelled',
        reason:
          cast.round.community === 'francophone'
            ? 'le pays hôte a reporté sa revue à l’an prochain'
            : 'the host has postponed its review to next year',
        progress: progressAt(plan, at(visit.start, -10)),
      },
    ),
    letter(
      cast,
      visitor,
      { about: 'completed', decidedAt: plan.completesAt },
      {
        kind: 'round-completed',
        progress: progressAt(plan, plan.completesAt, {
          [maturity.id]: { status: 'waived', waivedReason: 'n/a' },
        }),
      },
    ),
    ...[coordinator, cast.staff].map((to) =>
      letter(
        cast,
        to,
        { about: 'digest/2027-W10', decidedAt: escalatedAt },
        {
          kind: 'progress-digest',
          progress: progressAt(plan, escalatedAt, {
            [agencyDocuments.id]: { status: 'overdue', submittedAt: undefined, reference: undefined },
            [documents.id]: { status: 'overdue', submittedAt: undefined, reference: undefined },
            [maturity.id]: { status: 'waived', waivedReason: 'n/a' },
          }).map(dropUndefined),
          escalated: [agencyDocuments.id],
        },
      ),
    ),
  ];
}

function dropUndefined<T extends object>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export function provisionalLetters(): Letter[] {
  return [
    ...lettersOf(castOf(loadRound('fr-2027-r1.yaml'), 'provisional-fr-run')),
    ...lettersOf(castOf(loadRound('en-2027-r1.yaml'), 'provisional-en-run')),
  ];
}

if (require.main === module) {
  const letters = provisionalLetters();
  const file = {
    provisional: true,
    note: 'Built by test/messages/provisional-letters.ts until the workflow tests record what they dispatch (JSRX_RECORD_LETTERS=1).',
    letters,
  };
  fs.mkdirSync(path.dirname(LETTERS_FILE), { recursive: true });
  fs.writeFileSync(LETTERS_FILE, `${JSON.stringify(file, null, 1)}\n`);
  console.log(`${letters.length} letters written to ${path.relative(ROOT, LETTERS_FILE)}`);
}
