/**
 * Sample dispatches built by hand (the plan builder is not a dependency of these tests): a francophone
 * round hosted by Chad, with Burkina Faso and an English-speaking delegation from Kenya.
 */
import type {
  CalendarInvite,
  DeliverableStatusView,
  Dispatch,
  MessageKind,
  Recipient,
  RoundContext,
} from '../../workflows/dispatch';
import type { Plan, PlanEvent } from '../../domain/plan-types';

export const SECRETARIAT = {
  name: 'JSR Exchange Secretariat',
  email: 'secretariat@jsr-exchange.example.org',
};
export const PUBLIC_URL = 'https://jsr-exchange.example.org';

export const round: RoundContext = {
  roundId: 'fr-2027-r1',
  title: 'Échange JSR francophone 2027',
  community: 'francophone',
  coordinator: { name: 'Awa Diallo', email: 'awa.diallo@example.org' },
  hostCountry: 'TD',
  hostTimezone: 'Africa/Ndjamena',
  countries: ['TD', 'BF', 'KE'],
};

const person = (name: string, email: string, fields: Omit<Recipient, 'name' | 'email'>): Recipient => ({
  name,
  email,
  ...fields,
});
const chad = { role: 'participant', country: 'TD', language: 'fr', timezone: 'Africa/Ndjamena' } as const;
const kenya = { role: 'participant', country: 'KE', language: 'en', timezone: 'Africa/Nairobi' } as const;

export const people = {
  mahamat: person('Mahamat Saleh', 'm.saleh@example.td', chad),
  fatime: person('Fatimé Abakar', 'f.abakar@example.td', chad),
  wanjiru: person('Wanjiru Kamau', 'w.kamau@example.ke', kenya),
  otieno: person('Otieno Odhiambo', 'o.odhiambo@example.ke', kenya),
  aminata: person('Aminata Ouédraogo', 'a.ouedraogo@example.bf', {
    role: 'participant',
    country: 'BF',
    language: 'fr',
    timezone: 'Africa/Ouagadougou',
  }),
  claire: person('Claire Dubois', 'c.dubois@example.org', {
    role: 'coordinating-agency',
    country: 'TD',
    organization: 'AFD',
    language: 'fr',
    timezone: 'Africa/Ndjamena',
  }),
  awa: person('Awa Diallo', 'awa.diallo@example.org', {
    role: 'coordinator',
    language: 'fr',
    timezone: 'Africa/Ndjamena',
  }),
};

const videoConference = (id: 'vc1' | 'vc2' | 'vc3', start: string, end: string): PlanEvent => ({
  id,
  kind: 'video-conference',
  phase: id === 'vc1' ? 'vc-1' : id === 'vc2' ? 'vc-2' : 'vc-3',
  start,
  end,
  timezone: 'UTC',
  joinUrl: `https://meet.example.org/${id}`,
  audience: 'everyone',
  remindersAt: [],
});

export const events = {
  vc1: videoConference('vc1', '2027-02-10T13:00:00Z', '2027-02-10T15:00:00Z'),
  vc2: videoConference('vc2', '2027-03-17T13:00:00Z', '2027-03-17T15:00:00Z'),
  visit: {
    id: 'visit',
    kind: 'visit',
    phase: 'visit',
    start: '2027-04-18T23:00:00Z',
    end: '2027-04-23T22:59:59Z',
    allDay: { firstDay: '2027-04-19', lastDay: '2027-04-23' },
    timezone: 'Africa/Ndjamena',
    city: "N'Djamena",
    venue: "Ministère de l'Éducation nationale",
    audience: 'visiting',
    remindersAt: [],
  } satisfies PlanEvent,
  debrief1: {
    id: 'debrief-1',
    kind: 'debrief',
    phase: 'visit',
    start: '2027-04-19T17:00:00Z',
    end: '2027-04-19T18:00:00Z',
    timezone: 'Africa/Ndjamena',
    city: "N'Djamena",
    venue: 'Hôtel du Chari',
    audience: 'debrief',
    remindersAt: [],
  } satisfies PlanEvent,
  vc3: videoConference('vc3', '2027-06-02T13:00:00Z', '2027-06-02T15:00:00Z'),
};

export const plan: Plan = {
  roundId: round.roundId,
  launchedAt: '2027-01-11T08:00:00Z',
  phases: [{ phase: 'prep-1', startsAt: '2027-01-11T08:00:00Z' }],
  events: [events.vc1, events.vc2, events.visit, events.debrief1, events.vc3],
  deliverables: [
    {
      id: 'TD/learning-objectives',
      key: 'learning-objectives',
      owner: 'TD',
      optional: false,
      phase: 'prep-1',
      dueAt: '2027-02-07T13:00:00Z',
      anchor: { event: 'vc1', offsetDays: -3 },
      reminders: [],
    },
    {
      id: 'KE/learning-objectives',
      key: 'learning-objectives',
      owner: 'KE',
      optional: false,
      phase: 'prep-1',
      dueAt: '2027-02-07T13:00:00Z',
      anchor: { event: 'vc1', offsetDays: -3 },
      reminders: [],
    },
    {
      id: 'TD/jsr-documents',
      key: 'jsr-documents',
      owner: 'TD',
      optional: false,
      phase: 'prep-2',
      dueAt: '2027-03-07T13:00:00Z',
      anchor: { event: 'vc2', offsetDays: -10 },
      reminders: [],
    },
    {
      id: 'KE/jsr-documents',
      key: 'jsr-documents',
      owner: 'KE',
      optional: false,
      phase: 'prep-2',
      dueAt: '2027-03-07T13:00:00Z',
      anchor: { event: 'vc2', offsetDays: -10 },
      reminders: [],
    },
    {
      id: 'secretariat/vc1-notes',
      key: 'vc1-notes',
      owner: 'secretariat',
      optional: false,
      phase: 'vc-1',
      dueAt: '2027-02-13T13:00:00Z',
      anchor: { event: 'vc1', offsetDays: 3 },
      reminders: [],
    },
  ],
  peerDocumentsPackAt: '2027-03-07T13:00:00Z',
  completesAt: '2027-07-02T13:00:00Z',
};

export function invite(event: PlanEvent, fields: Partial<CalendarInvite> = {}): CalendarInvite {
  return {
    method: 'REQUEST',
    uid: `${round.roundId}-${event.id}@jsr-exchange.example.org`,
    sequence: 0,
    event,
    attendees: [people.mahamat, people.fatime, people.wanjiru, people.otieno, people.aminata, people.awa].map(
      ({ name, email }) => ({ name, email }),
    ),
    ...fields,
  };
}

export function deliverableStatus(fields: Partial<DeliverableStatusView> = {}): DeliverableStatusView {
  return {
    id: 'KE/jsr-documents',
    key: 'jsr-documents',
    owner: 'KE',
    dueAt: '2027-03-07T13:00:00Z',
    status: 'pending',
    ...fields,
  };
}

const progress: DeliverableStatusView[] = [
  deliverableStatus({ id: 'TD/jsr-documents', owner: 'TD', status: 'overdue' }),
  deliverableStatus({
    status: 'submitted',
    submittedAt: '2027-03-05T09:12:00Z',
    submittedBy: people.wanjiru.email,
    reference: 'https://files.example.org/ke/jsr-tor.pdf',
  }),
  deliverableStatus({
    id: 'TD/self-assessment',
    key: 'self-assessment',
    owner: 'TD',
    dueAt: '2027-03-12T13:00:00Z',
  }),
  deliverableStatus({
    id: 'BF/maturity-ladder',
    key: 'maturity-ladder',
    owner: 'BF',
    status: 'waived',
    waivedReason: 'tool not yet translated',
  }),
];

const documents: Dispatch['documents'] = [
  {
    owner: 'KE',
    key: 'jsr-documents',
    reference: 'https://files.example.org/ke/jsr-tor.pdf',
    submittedBy: people.wanjiru.email,
  },
  { owner: 'TD', key: 'jsr-documents', reference: 'https://files.example.org/td/aide-memoire-2026.pdf' },
];

const everyone = [people.mahamat, people.wanjiru];

/** A dispatch of each kind, with what its workflow would pass; `fields` overrides any part. */
export function sampleDispatch(kind: MessageKind, fields: Partial<Dispatch> = {}): Dispatch {
  const base: Dispatch = {
    round,
    kind,
    about: kind,
    decidedAt: '2027-01-11T08:00:00Z',
    recipients: everyone,
  };
  const byKind: Record<MessageKind, Partial<Dispatch>> = {
    welcome: { about: 'launch', plan },
    invitation: { about: 'vc1#0', invite: invite(events.vc1) },
    'invitation-cancelled': {
      about: 'vc2#3',
      decidedAt: '2027-03-01T10:00:00Z',
      invite: invite(events.vc2, { method: 'CANCEL', sequence: 3 }),
      reason: 'national exam week',
    },
    'event-reminder': { about: 'vc1#before-1', decidedAt: '2027-02-09T13:00:00Z', event: events.vc1 },
    'deliverable-request': {
      about: 'KE/jsr-documents#request',
      decidedAt: '2027-02-13T08:00:00Z',
      deliverable: deliverableStatus(),
    },
    'deliverable-reminder': {
      about: 'KE/jsr-documents#before-7',
      decidedAt: '2027-02-28T13:00:00Z',
      deliverable: deliverableStatus(),
    },
    'overdue-notice': {
      about: 'KE/jsr-documents#overdue-3',
      decidedAt: '2027-03-10T13:00:00Z',
      deliverable: deliverableStatus({ status: 'overdue' }),
    },
    escalation: {
      about: 'TD/jsr-documents#escalation-7',
      decidedAt: '2027-03-15T13:00:00Z',
      recipients: [people.awa],
      cc: [people.claire],
      deliverable: deliverableStatus({ id: 'TD/jsr-documents', owner: 'TD', status: 'overdue' }),
    },
    'submission-receipt': {
      about: 'KE/jsr-documents#received',
      decidedAt: '2027-03-09T09:12:00Z',
      deliverable: deliverableStatus({
        status: 'submitted-late',
        submittedAt: '2027-03-09T09:12:00Z',
        submittedBy: people.wanjiru.email,
        reference: 'https://files.example.org/ke/jsr-tor.pdf',
      }),
    },
    'peer-documents': { about: 'peer-documents', decidedAt: '2027-03-07T13:00:00Z', documents },
    'aide-memoire': {
      about: 'aide-memoire',
      decidedAt: '2027-05-20T10:00:00Z',
      documents: [
        { owner: 'TD', key: 'aide-memoire', reference: 'https://files.example.org/td/aide-memoire-2027.pdf' },
      ],
    },
    'visit-logistics': {
      about: 'visit-logistics',
      decidedAt: '2027-04-05T10:00:00Z',
      event: events.visit,
      documents: [
        {
          owner: 'secretariat',
          key: 'visit-logistics',
          reference: 'https://files.example.org/secretariat/logistics.pdf',
        },
      ],
    },
    onboarding: {
      about: 'replacement/w.kamau@example.ke',
      decidedAt: '2027-03-01T10:00:00Z',
      plan,
      progress,
      replaces: { name: 'Joseph Mwangi', email: 'j.mwangi@example.ke' },
    },
    'feedback-request': {
      about: 'KE/exchange-feedback',
      decidedAt: '2027-06-03T08:00:00Z',
      deliverable: deliverableStatus({
        id: 'KE/exchange-feedback/w.kamau@example.ke',
        key: 'exchange-feedback',
        participant: people.wanjiru.email,
        dueAt: '2027-06-16T13:00:00Z',
      }),
    },
    'round-cancelled': {
      about: 'cancel/visit',
      decidedAt: '2027-04-01T10:00:00Z',
      invite: invite(events.visit, { method: 'CANCEL', sequence: 1 }),
      reason: 'the host postponed its JSR',
    },
    'round-completed': { about: 'completed', decidedAt: '2027-07-02T13:00:00Z', plan, progress },
    'progress-digest': {
      about: '2027-W10',
      decidedAt: '2027-03-08T07:00:00Z',
      recipients: [
        people.awa,
        {
          ...people.awa,
          name: 'Jean Martin',
          email: 'jean.martin@example.org',
          role: 'staff',
          language: 'en',
        },
      ],
      progress,
    },
  };
  return { ...base, ...byKind[kind], ...fields };
}
