/**
 * The few letters the delivery tests hand to the send activity, and a renderer that stands in for the
 * templates. These tests check what happens to one email on its way out (its reader, its headers, its
 * Message-ID, the server's refusals, the outbox); what the email says is templates.test.ts's story.
 */
import type { Renderer } from '../../activities';
import type { PlanEvent } from '../../domain/plan-types';
import type {
  CalendarInvite,
  DeliverableStatusView,
  Letter,
  Recipient,
  RoundContext,
} from '../../workflows/dispatch';
import { invitationUid } from '../../workflows/ids';

export const SECRETARIAT = {
  name: 'JSR Exchange Secretariat',
  email: 'secretariat@jsr-exchange.example.org',
};
export const PUBLIC_URL = 'https://jsr-exchange.example.org';
export const LINK_SECRET = 'test-link-secret-0123456789abcdef0123456789abcdef';

export const round: RoundContext = {
  roundId: 'en-2027-r1',
  runId: '5f0c6b9e-0000-4000-8000-000000000001',
  title: 'Anglophone JSR exchange 2027',
  community: 'anglophone',
  coordinator: { name: 'Grace Wanjiru', email: 'grace.wanjiru@example.org' },
  hostCountry: 'KE',
  hostTimezone: 'Africa/Nairobi',
  countries: ['KE', 'GH', 'ZM', 'SL'],
};

export const readers = {
  kamau: {
    name: 'Peter Kamau',
    email: 'p.kamau@example.ke',
    role: 'participant',
    country: 'KE',
    language: 'en',
    timezone: 'Africa/Nairobi',
  },
  asante: {
    name: 'Kwame Asante',
    email: 'k.asante@example.gh',
    role: 'participant',
    country: 'GH',
    language: 'en',
    timezone: 'Africa/Accra',
  },
  /** A coordinating agency's representative: copied on escalations, never an envelope recipient of another's letter. */
  schmidt: {
    name: 'Anna Schmidt',
    email: 'a.schmidt@giz.example.org',
    role: 'coordinating-agency',
    country: 'GH',
    organization: 'GIZ',
    language: 'en',
    timezone: 'Africa/Nairobi',
  },
} satisfies Record<string, Recipient>;

const learningObjectives: DeliverableStatusView = {
  id: 'GH/learning-objectives',
  key: 'learning-objectives',
  owner: 'GH',
  dueAt: '2027-02-13T11:00:00Z',
  status: 'submitted',
  submittedAt: '2027-02-10T08:30:00Z',
  submittedBy: readers.asante.email,
  reference: 'https://docs.example.gh/objectives.pdf',
};

/** A submission receipt, decided when the submission was recorded, with the delegation's CA in copy. */
export function receiptFor(to: Recipient, fields: { runId?: string; decidedAt?: string } = {}): Letter {
  return {
    to,
    message: {
      kind: 'submission-receipt',
      round: { ...round, runId: fields.runId ?? round.runId },
      about: learningObjectives.id,
      decidedAt: fields.decidedAt ?? '2027-02-10T08:30:00Z',
      cc: [readers.schmidt],
      deliverable: learningObjectives,
    },
  };
}

const vc1: PlanEvent = {
  id: 'vc1',
  kind: 'video-conference',
  phase: 'vc-1',
  start: '2027-02-16T11:00:00Z',
  end: '2027-02-16T13:00:00Z',
  timezone: 'UTC',
  joinUrl: 'https://meet.example.org/vc1',
  audience: 'everyone',
  remindersAt: [],
};

/** VC1's calendar UID for the round's run. */
export const VC1_UID = invitationUid(vc1.id, round.roundId, round.runId);

/** The first invitation to VC1, decided at the launch. */
export function invitationFor(to: Recipient, fields: { decidedAt?: string } = {}): Letter {
  const invite: CalendarInvite = {
    method: 'REQUEST',
    uid: VC1_UID,
    sequence: 0,
    event: vc1,
    attendees: [readers.kamau, readers.asante],
  };
  return {
    to,
    message: {
      kind: 'invitation',
      round,
      about: 'vc1#0',
      decidedAt: fields.decidedAt ?? '2027-01-04T09:00:00Z',
      invite,
    },
  };
}

/** Names the kind and the reader and nothing else: the wording belongs to the templates. */
export const plainRenderer: Renderer = {
  render: (kind, view) => ({
    subject: `${kind} for ${view.recipient.name}`,
    text: `Dear ${view.recipient.name},\n\nA ${kind} from the Secretariat.\n`,
    html: `<p>Dear ${view.recipient.name},</p><p>A ${kind} from the Secretariat.</p>`,
    ...(kind === 'invitation' || kind === 'invitation-cancelled' ? { calendar: `A ${kind} for ${view.recipient.name}.` } : {}),
  }),
};
