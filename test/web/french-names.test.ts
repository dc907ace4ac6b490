/**
 * The staff pages in French name what the plan calls by a key — phases, deliverables, events, letter
 * kinds, languages — in French, with the key beside it where staff need it for `jsrx`; the English pages
 * keep the keys as they were.
 */
import { roundPage } from '../../client/web/staff/round-page';
import { roundsPage } from '../../client/web/staff/pages';
import type { LetterLogEntry, RoundProgress } from '../../workflows/messages';

const ROUND: RoundProgress = {
  roundId: 'fr-2027-r9',
  title: 'Échange francophone',
  status: 'running',
  phase: 'prep-2',
  phaseSince: '2027-02-10T15:00:00Z',
  launchedAt: '2027-01-10T09:00:00Z',
  runId: 'run-1',
  completesAt: '2027-07-02T22:59:59Z',
  community: 'francophone',
  nextEvents: [{ id: 'vc2', kind: 'video-conference', start: '2027-03-17T13:00:00Z', end: '2027-03-17T15:00:00Z' }],
  deliverables: [
    { id: 'HT/jsr-documents', key: 'jsr-documents', owner: 'HT', dueAt: '2027-03-07T21:59:59Z', status: 'overdue', deliveryFailures: [] },
    { id: 'secretariat/vc1-notes', key: 'vc1-notes', owner: 'secretariat', dueAt: '2027-02-13T21:59:59Z', status: 'pending', deliveryFailures: [] },
  ],
  deliveryFailures: [],
  letters: { delivered: 10, inFlight: 1, failed: 0 },
  warnings: [],
  escalated: [],
  events: [
    { id: 'vc2', kind: 'video-conference', phase: 'vc-2', start: '2027-03-17T13:00:00Z', end: '2027-03-17T15:00:00Z', timezone: 'UTC', audience: 'everyone', sequence: 0 },
    { id: 'debrief-2', kind: 'debrief', phase: 'visit', start: '2027-04-20T17:00:00Z', end: '2027-04-20T18:00:00Z', timezone: 'America/Port-au-Prince', audience: 'debrief', sequence: 0 },
  ],
  delegations: [
    { country: 'HT', host: true, timezone: 'America/Port-au-Prince', language: 'fr', participants: [], coordinatingAgency: [] },
    { country: 'NP', host: false, timezone: 'Asia/Kathmandu', language: 'en', participants: [], coordinatingAgency: [] },
  ],
};

const LETTERS: LetterLogEntry[] = [
  { kind: 'deliverable-reminder', about: 'HT/jsr-documents#before-7', to: 'a@example.ht', decidedAt: '2027-02-28T22:00:00Z', outcome: 'sending' },
];

const page = (language: 'en' | 'fr') => roundPage(ROUND, { zone: 'UTC', csrf: 'token', language, letters: LETTERS });

describe('the round page in French', () => {
  it('names the phase, the deliverables, the events, the letters and the languages in French', () => {
    const french = page('fr');
    expect(french).toContain('Phase <strong>préparation 2</strong>');
    expect(french).toContain('<th scope="row">Documents nationaux de la RSC<br><small>jsr-documents</small></th>');
    expect(french).toContain('<th scope="row">Compte rendu de la première visioconférence<br><small>vc1-notes</small></th>');
    expect(french).toContain('<th scope="row">Deuxième visioconférence<br><small>vc2</small></th>');
    expect(french).toContain('<th scope="row">Débriefing du soir, jour 2<br><small>debrief-2</small></th>');
    expect(french).toContain('<td>rappel d’échéance HT/jsr-documents#before-7</td>');
    expect(french).toContain('<td>Port-au-Prince, français</td>');
    expect(french).toContain('<td>Kathmandu, anglais</td>');
    // The forms still post the ids `jsrx` takes; what the list shows is French.
    expect(french).toContain('<option value="HT/jsr-documents">Documents nationaux de la RSC (HT/jsr-documents)</option>');
    expect(french).toContain('<option value="vc2">Deuxième visioconférence (vc2)</option>');
    // No row, cell or option is a bare key.
    expect(french).not.toMatch(/<(th scope="row"|td|strong|option value="[^"]*")>(prep-2|jsr-documents|vc1-notes|vc2|debrief-2|deliverable-reminder|fr|en)</);
  });

  it('leaves the English page as it was: the keys staff type into jsrx', () => {
    const english = page('en');
    expect(english).toContain('Phase <strong>prep-2</strong>');
    expect(english).toContain('<th scope="row">jsr-documents</th>');
    expect(english).toContain('<th scope="row">vc2</th>');
    expect(english).toContain('<td>deliverable-reminder HT/jsr-documents#before-7</td>');
    expect(english).toContain('<option value="HT/jsr-documents">HT/jsr-documents</option>');
  });
});

describe('the notice after a reschedule in French', () => {
  it('names the deliverable due before its request, and the phase that requests it, in French', () => {
    const moved: RoundProgress = {
      ...ROUND,
      events: [
        { id: 'vc1', kind: 'video-conference', phase: 'vc-1', start: '2027-02-09T14:00:00Z', end: '2027-02-09T15:30:00Z', timezone: 'UTC', audience: 'everyone', sequence: 0 },
        { id: 'vc2', kind: 'video-conference', phase: 'vc-2', start: '2027-03-16T14:00:00Z', end: '2027-03-16T15:30:00Z', timezone: 'UTC', audience: 'everyone', sequence: 1 },
        { id: 'visit', kind: 'visit', phase: 'visit', start: '2027-03-29T04:00:00Z', end: '2027-04-02T03:59:59Z', allDay: { firstDay: '2027-03-29', lastDay: '2027-04-01' }, timezone: 'America/Port-au-Prince', audience: 'everyone', sequence: 1 },
        { id: 'vc3', kind: 'video-conference', phase: 'vc-3', start: '2027-06-08T14:00:00Z', end: '2027-06-08T15:30:00Z', timezone: 'UTC', audience: 'everyone', sequence: 0 },
      ],
      deliverables: [
        { id: 'HT/visa-invitation-letters', key: 'visa-invitation-letters', owner: 'HT', dueAt: '2027-02-27T21:59:59Z', status: 'pending', deliveryFailures: [] },
      ],
    };
    const french = roundPage(moved, { zone: 'UTC', csrf: 'token', language: 'fr', letters: [], done: 'reschedule: accepted' });
    // Worded so that nothing has to agree with the deliverable: the letters are feminine and plural.
    expect(french).toMatch(
      /Lettres d&#39;invitation pour les visas \(HT\/visa-invitation-letters\) : échéance le .*, avant que la demande ne parte à l’ouverture de la phase « préparation 3 » \(.*\) ; ses responsables la recevraient déjà en retard\. Repoussez l’échéance ou dispensez-en ses responsables ci-dessous\./,
    );
    expect(roundPage(moved, { zone: 'UTC', csrf: 'token', language: 'en', letters: [], done: 'reschedule: accepted' })).toContain(
      'HT/visa-invitation-letters falls due',
    );
  });
});

describe('the rounds list in French', () => {
  it('names the phase and the next event in French', () => {
    const row = { roundId: 'fr-2027-r9', phase: 'post-visit', status: 'running', nextEvent: { id: 'vc3', start: '2027-06-02T13:00:00Z' }, overdue: 0 };
    const french = roundsPage([row], 'UTC', 'token', 'fr');
    expect(french).toContain('<td>après la visite</td>');
    expect(french).toContain('<td>Troisième visioconférence, ');
    expect(roundsPage([row], 'UTC', 'token', 'en')).toContain('<td>post-visit</td><td>running</td><td>vc3, ');
  });
});

describe('the due-date help of the French round page', () => {
  it('names the host’s city and the cities a day apart in French', () => {
    // 17:00 in Havana is 22:00 UTC: already 01:00 the next day in Moscow, and 00:00 in Cairo.
    const farApart: RoundProgress = {
      ...ROUND,
      delegations: [
        { country: 'CU', host: true, timezone: 'America/Havana', language: 'fr', participants: [], coordinatingAgency: [] },
        { country: 'RU', host: false, timezone: 'Europe/Moscow', language: 'fr', participants: [], coordinatingAgency: [] },
        { country: 'EG', host: false, timezone: 'Africa/Cairo', language: 'fr', participants: [], coordinatingAgency: [] },
      ],
    };
    const french = roundPage(farApart, { zone: 'UTC', csrf: 'token', language: 'fr', letters: [] });
    const english = roundPage(farApart, { zone: 'UTC', csrf: 'token', language: 'en', letters: [] });

    expect(french).toContain('Une date seule tombe à 17:00 à l’heure de l’hôte (La Havane), soit déjà le lendemain pour Moscou (RU), Le Caire (EG)');
    expect(english).toContain('A date alone falls due at 17:00 in the host’s time (Havana), which is already the next day in Moscow (RU), Cairo (EG)');
  });
});
