/**
 * The participant's page says what the Secretariat changed in what the delegation owes: an item waived,
 * with the Secretariat's reason, and a due date extended or moved with its event, beside the new date, in
 * English and in French; the staff round page's matrix marks the same dates, in words rather than colour
 * alone. The round's letters tell the changed dates (client/web/changed-due-dates.ts).
 */
import { buildWebApp } from '../../client/web/server';
import type { RoundGateway } from '../../client/web/round-gateway';
import { changedDueDates } from '../../client/web/changed-due-dates';
import { roundPage } from '../../client/web/staff/round-page';
import { signLinkToken } from '../../domain/link-token';
import type { LetterLogEntry, RoundProgress } from '../../workflows/messages';

const SECRET = 'changed-due-dates-secret-0123456789abcdef0123';
const READER = 'j.baptiste@example.ht';

function round(language: 'en' | 'fr'): RoundProgress {
  return {
    roundId: 'ht-2027-r1',
    title: 'Échange 2027',
    status: 'running',
    phase: 'prep-2',
    phaseSince: '2027-02-10T15:00:00Z',
    launchedAt: '2027-01-10T09:00:00Z',
    nextEvents: [],
    deliverables: [
      { id: 'HT/jsr-documents', key: 'jsr-documents', owner: 'HT', dueAt: '2027-03-12T21:59:59Z', status: 'pending', deliveryFailures: [] },
      { id: 'HT/self-assessment', key: 'self-assessment', owner: 'HT', dueAt: '2027-03-19T21:59:59Z', status: 'pending', deliveryFailures: [] },
      { id: 'HT/maturity-ladder', key: 'maturity-ladder', owner: 'HT', dueAt: '2027-03-12T21:59:59Z', status: 'waived', waivedReason: 'already done in 2026', deliveryFailures: [] },
      // Extended once, then moved back by the plan: its date is no longer the extension's.
      { id: 'HT/learning-objectives', key: 'learning-objectives', owner: 'HT', dueAt: '2027-02-07T21:59:59Z', status: 'pending', deliveryFailures: [] },
    ],
    deliveryFailures: [],
    letters: { delivered: 0, inFlight: 0, failed: 0 },
    warnings: [],
    escalated: [],
    runId: 'run-1',
    completesAt: '2027-07-02T22:59:59Z',
    events: [],
    community: 'francophone',
    delegations: [
      {
        country: 'HT',
        host: true,
        timezone: 'America/Port-au-Prince',
        language,
        participants: [{ name: 'Jean Baptiste', email: READER }],
        coordinatingAgency: [],
      },
    ],
  };
}

const letter = (about: string): LetterLogEntry => ({ kind: 'deadline-extended', about, to: READER, decidedAt: '2027-02-20T10:00:00Z', outcome: 'delivered' });

const LETTERS: LetterLogEntry[] = [
  letter('HT/jsr-documents@2027-03-12T21:59:59.000Z'),
  letter('HT/self-assessment@2027-03-19T21:59:59Z~vc2#1'),
  letter('HT/learning-objectives@2027-02-20T21:59:59Z'),
  { ...letter('HT/maturity-ladder@2027-03-12T21:59:59Z'), kind: 'deliverable-waived' },
];

async function pageOf(language: 'en' | 'fr', letters?: LetterLogEntry[]): Promise<string> {
  const progress = round(language);
  const rounds: RoundGateway = {
    progress: async (roundId) => (roundId === progress.roundId ? progress : undefined),
    submit: async () => Promise.reject(new Error('nothing is submitted here')),
    ...(letters ? { roundLetters: async () => letters } : {}),
  };
  const app = await buildWebApp({
    rounds,
    config: { publicUrl: 'https://jsrx.example.org', web: { uploadMaxBytes: 1024, uploadsDir: '/nonexistent' } },
    linkSecret: SECRET,
    clock: () => new Date('2027-02-21T10:00:00Z'),
  });
  try {
    const token = signLinkToken(SECRET, { roundId: progress.roundId, delegation: 'HT', email: READER });
    return (await app.inject({ method: 'GET', url: `/p/${token}` })).body;
  } finally {
    await app.close();
  }
}

describe('the participant’s page after the Secretariat changed what the delegation owes', () => {
  it('says in English which dates are new and why an item is waived', async () => {
    const page = await pageOf('en', LETTERS);
    expect(page).toContain('<tr><td>JSR country documents</td><td data-label="Due:">Friday, 12 March 2027<br><small>new date: the Secretariat extended it</small></td>');
    expect(page).toContain('<tr><td>JSR self-assessment results</td><td data-label="Due:">Friday, 19 March 2027<br><small>new date: moved with the second video conference</small></td>');
    expect(page).toContain('<td class="s-waived" data-label="Status:">waived<br><small>Reason: already done in 2026</small></td>');
    expect(page).toMatch(/<tr><td>Learning objectives<\/td><td data-label="Due:">[^<]*<\/td>/);
  });

  it('says it in French on a French page', async () => {
    const page = await pageOf('fr', LETTERS);
    expect(page).toContain('<br><small>nouvelle date : le Secrétariat a repoussé l’échéance</small></td>');
    expect(page).toContain('<br><small>nouvelle date : déplacée avec la deuxième visioconférence</small></td>');
    expect(page).toContain('<td class="s-waived" data-label="État :">dispensée<br><small>Motif : already done in 2026</small></td>');
  });

  it('still opens when the round cannot say its letters, with the waiver’s reason', async () => {
    const page = await pageOf('en');
    expect(page).not.toContain('new date');
    expect(page).toContain('Reason: already done in 2026');
  });
});

describe('the due dates a change set', () => {
  it('are read from the extension letters, the latest standing, and only while the date is still the one they set', () => {
    const changed = changedDueDates(
      [letter('X/a@2027-03-01T00:00:00Z'), letter('X/a@2027-03-05T00:00:00Z~vc2#2'), letter('X/b@2027-03-01T00:00:00Z')],
      [
        { id: 'X/a', dueAt: '2027-03-05T00:00:00.000Z' },
        { id: 'X/b', dueAt: '2027-04-01T00:00:00Z' },
      ],
    );
    expect(Object.fromEntries(changed)).toEqual({ 'X/a': { movedWith: 'vc2' } });
  });

  it('are read from a letter that tells several dates a move carried, a participant’s own among them', () => {
    const moved: LetterLogEntry = {
      ...letter('vc3#1:X/leg-debrief@2027-06-20T15:00:00.000Z+X/exchange-feedback/a.b+jsr@example.org@2027-07-01T15:00:00.000Z+X/aide-memoire@2027-06-10T15:00:00.000Z'),
      kind: 'due-dates-moved',
    };
    const changed = changedDueDates(
      [moved],
      [
        { id: 'X/leg-debrief', dueAt: '2027-06-20T15:00:00Z' },
        { id: 'X/exchange-feedback/a.b+jsr@example.org', dueAt: '2027-07-01T15:00:00Z' },
        // Moved again since by the plan: no longer the date the letter told.
        { id: 'X/aide-memoire', dueAt: '2027-06-12T15:00:00Z' },
      ],
    );
    expect(Object.fromEntries(changed)).toEqual({
      'X/leg-debrief': { movedWith: 'vc3' },
      'X/exchange-feedback/a.b+jsr@example.org': { movedWith: 'vc3' },
    });
  });
});

describe('the staff matrix after the Secretariat changed due dates', () => {
  /** The matrix cell of one deliverable key (the round has one owner, HT). */
  const cellOf = (page: string, rowHeader: string) => new RegExp(`<tr><th scope="row">${rowHeader}</th><td>(.*?)</td></tr>`).exec(page)?.[1];
  const staffPage = (language: 'en' | 'fr', letters = LETTERS) => roundPage(round(language), { zone: 'UTC', csrf: 'token', language, letters });

  it('marks an extended date and a date moved with its event beside the date, in words', () => {
    const page = staffPage('en');
    expect(cellOf(page, 'jsr-documents')).toMatch(/due [^<]*12 Mar 2027[^<]*<br><small class="changed-date">new date: extended<\/small>/);
    expect(cellOf(page, 'self-assessment')).toMatch(/due [^<]*19 Mar 2027[^<]*<br><small class="changed-date">new date: moved with vc2<\/small>/);
    // Extended once, then set back by the plan: the date it has is not the extension's.
    expect(cellOf(page, 'learning-objectives')).not.toContain('new date');
    expect(cellOf(page, 'maturity-ladder')).not.toContain('new date');
  });

  it('says it in French on a French page', () => {
    const page = staffPage('fr');
    expect(cellOf(page, 'Documents nationaux de la RSC<br><small>jsr-documents</small>')).toContain('<small class="changed-date">nouvelle date : échéance repoussée</small>');
    expect(cellOf(page, 'Résultats de l&#39;outil d&#39;auto-évaluation de la RSC<br><small>self-assessment</small>')).toContain(
      '<small class="changed-date">nouvelle date : déplacée avec la deuxième visioconférence (vc2)</small>',
    );
  });

  it('marks nothing when the round’s letters are not at hand', () => {
    expect(staffPage('en', [])).not.toContain('new date');
  });
});
