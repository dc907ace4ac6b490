/**
 * A participant's page on a 375-px phone and on a 1280-px screen, in French (an in-memory round behind
 * the real web service). On the phone the list of what the delegation owes reads one item at a time, each
 * date and status saying what it is; before, the table's header row stood alone above the items as
 * 'Livrable Échéance État', and the dates and statuses below it had no label. The calendar links say what
 * they do ('webcal' and 'https' before), and each conference's join link names its conference.
 */
import type { FastifyInstance } from 'fastify';
import type { RoundProgress } from '../../workflows/messages';
import { participantApp } from '../harness/participant-app';
import { expectNoSeriousA11yViolations, openBrowser, screenshot, type OpenBrowser } from '../harness/browser';

const SECRET = 'participant-phone-secret-0123456789abcdef0123456789';
const READER = 'jb.etienne@example.ht';

const ROUND: RoundProgress = {
  roundId: 'ht-2027-r1',
  title: 'Échange francophone des revues sectorielles conjointes de l’éducation — Haïti, Madagascar, Niger et République démocratique du Congo 2027',
  status: 'running',
  phase: 'prep-2',
  phaseSince: '2027-02-09T15:30:00Z',
  launchedAt: '2026-12-06T00:00:00Z',
  nextEvents: [],
  deliverables: [
    { id: 'HT/jsr-documents', key: 'jsr-documents', owner: 'HT', dueAt: '2027-03-06T15:00:00Z', status: 'overdue', deliveryFailures: [] },
    { id: 'HT/maturity-ladder', key: 'maturity-ladder', owner: 'HT', dueAt: '2027-03-11T15:00:00Z', status: 'waived', waivedReason: 'déjà fait en 2026', deliveryFailures: [] },
  ],
  deliveryFailures: [],
  letters: { delivered: 0, inFlight: 0, failed: 0 },
  warnings: [],
  escalated: [],
  runId: 'run-1',
  completesAt: '2027-06-22T22:00:00Z',
  events: [
    { id: 'vc1', kind: 'video-conference', phase: 'vc-1', start: '2027-02-09T14:00:00Z', end: '2027-02-09T15:30:00Z', timezone: 'UTC', joinUrl: 'https://meet.example.org/vc1', audience: 'everyone', sequence: 0 },
    { id: 'vc2', kind: 'video-conference', phase: 'vc-2', start: '2027-03-16T14:00:00Z', end: '2027-03-16T15:30:00Z', timezone: 'UTC', joinUrl: 'https://meet.example.org/vc2', audience: 'everyone', sequence: 0 },
  ],
  community: 'francophone',
  delegations: [
    {
      country: 'HT',
      host: true,
      timezone: 'America/Port-au-Prince',
      language: 'fr',
      participants: [{ name: 'Jean-Baptiste Désiré Étienne-Pierre-Louis', email: READER }],
      coordinatingAgency: [],
    },
  ],
};

/** Each row of the owed table as the screen draws it: the header row's height, and each cell's label before it. */
const OWED = `(() => {
  const table = document.querySelector('table');
  const head = table.querySelector('thead').getBoundingClientRect();
  const rows = [...table.querySelectorAll('tbody tr')].map((row) =>
    [...row.querySelectorAll('td')].map((cell) => {
      const before = getComputedStyle(cell, '::before').content;
      return (before === 'none' ? '' : JSON.parse(before)) + cell.innerText;
    }),
  );
  return { headHeight: Math.round(head.height), rows };
})()`;

describe('a participant’s page on a phone and on a wide screen, in French', () => {
  let app: FastifyInstance;
  let browser: OpenBrowser;
  let pageUrl: string;

  beforeAll(async () => {
    ({ app, pageUrl } = await participantApp({
      round: ROUND,
      secret: SECRET,
      now: '2027-03-08T12:00:00Z',
      reader: { delegation: 'HT', email: READER },
    }));
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('labels each date and status on the phone instead of a header row standing alone, and keeps the header row on a wide screen', async () => {
    const page = await browser.newPage();
    await page.setViewportSize({ width: 375, height: 667 });
    await page.goto(pageUrl);
    await screenshot(page, 'participant-phone-fr-375');
    const phone = (await page.evaluate(OWED)) as { headHeight: number; rows: string[][] };
    expect(phone.headHeight).toBeLessThanOrEqual(1);
    expect(phone.rows).toEqual([
      ['Documents nationaux de la RSC', 'Échéance : samedi 6 mars 2027', 'État : en retard'],
      ['Échelle de maturité de la RSC', 'Échéance : jeudi 11 mars 2027', 'État : dispensée\nMotif : déjà fait en 2026'],
    ]);
    await expectNoSeriousA11yViolations(page);

    await page.setViewportSize({ width: 1280, height: 800 });
    const wide = (await page.evaluate(OWED)) as { headHeight: number; rows: string[][] };
    expect(wide.headHeight).toBeGreaterThan(10);
    expect(wide.rows[0]).toEqual(['Documents nationaux de la RSC', 'samedi 6 mars 2027', 'en retard']);
    await page.close();
  });

  it('names what each calendar link does, and which conference each join link opens', async () => {
    const page = await browser.newPage();
    await page.goto(pageUrl);
    await expect(page.getByRole('link', { name: 'S’abonner dans votre application d’agenda (webcal)' }).getAttribute('href')).resolves.toMatch(/^webcal:\/\/jsrx\.test\/feeds\//);
    await expect(page.getByRole('link', { name: 'Télécharger le fichier d’agenda (.ics)' }).getAttribute('href')).resolves.toMatch(/^http:\/\/jsrx\.test\/feeds\/.+\.ics$/);
    await expect(page.getByRole('link', { name: 'rejoindre — Deuxième visioconférence' }).getAttribute('href')).resolves.toBe('https://meet.example.org/vc2');
    await page.close();
  });
});
