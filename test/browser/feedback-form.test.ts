/**
 * A French participant on a phone answers the close-out feedback with the keyboard alone. Pressing Send
 * before choosing the ratings sends nothing: the browser stops at the first unchosen rating (before, every
 * rating opened on 1, so a question passed over went to the Secretariat as the lowest mark). Once each is
 * chosen, the answers reach the round as given. An answer the service refuses (spaces alone, which `required`
 * lets through) brings the form back with every answer kept and a link to the field to fix. The round is kept
 * in memory, in its close-out, behind the real web service; axe finds no serious violation on either form.
 */
import type { FastifyInstance } from 'fastify';
import { readFeedbackReference } from '../../client/web/feedback';
import type { Submission } from '../../client/web/round-gateway';
import type { RoundProgress } from '../../workflows/messages';
import { participantApp } from '../harness/participant-app';
import { expectNoSeriousA11yViolations, openBrowser, type OpenBrowser } from '../harness/browser';

const SECRET = 'feedback-form-secret-0123456789abcdef0123456789';
const READER = 'h.rakoto@example.mg';

const ROUND: RoundProgress = {
  roundId: 'mg-2027-r2',
  title: 'Échange francophone Madagascar 2027',
  status: 'running',
  phase: 'close-out',
  phaseSince: '2027-05-03T14:00:00Z',
  launchedAt: '2026-12-06T00:36:00Z',
  nextEvents: [],
  deliverables: [
    {
      id: `MG/exchange-feedback/${READER}`,
      key: 'exchange-feedback',
      owner: 'MG',
      participant: READER,
      dueAt: '2027-05-17T12:00:00Z',
      status: 'pending',
      deliveryFailures: [],
    },
  ],
  deliveryFailures: [],
  letters: { delivered: 0, inFlight: 0, failed: 0 },
  warnings: [],
  escalated: [],
  runId: '5f0c6b9e-0000-4000-8000-000000000002',
  completesAt: '2027-06-02T12:00:00Z',
  events: [],
  community: 'francophone',
  delegations: [
    {
      country: 'MG',
      host: true,
      timezone: 'Indian/Antananarivo',
      language: 'fr',
      participants: [{ name: 'Hery Rakotomalala', email: READER }],
      coordinatingAgency: [],
    },
  ],
};

describe('the close-out feedback, answered with the keyboard on a phone', () => {
  const submitted: Submission[] = [];
  /** Set by the story whose round ends while the reader is answering. */
  let roundClosed = false;
  let app: FastifyInstance;
  let browser: OpenBrowser;
  let pageUrl: string;

  beforeAll(async () => {
    ({ app, pageUrl } = await participantApp({
      round: ROUND,
      secret: SECRET,
      now: '2027-05-05T08:00:00Z',
      reader: { delegation: 'MG', email: READER },
      submit: async (_roundId, submission) => {
        if (roundClosed) return { accepted: false, reason: 'the round is no longer running', closed: true };
        submitted.push(submission);
        return { accepted: true, result: {} };
      },
    }));
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('sends nothing until every rating is chosen, then the ratings as chosen', async () => {
    const page = await browser.newPage();
    await page.setViewportSize({ width: 375, height: 667 });
    await page.goto(pageUrl);
    await expectNoSeriousA11yViolations(page);
    const usefulness = page.getByLabel('L’échange a-t-il été utile pour la RSC de votre pays ?');
    await expect(usefulness.inputValue()).resolves.toBe('');
    await expect(usefulness.locator('option').first().textContent()).resolves.toBe('Choisissez de 1 à 5');

    // Only the open question answered, then Send: the browser holds the form at the first unchosen rating.
    await page.getByLabel('Que changerez-vous chez vous après cet échange ?').fill('Associer les régions à la revue');
    await page.getByRole('button', { name: 'Envoyer mon avis' }).focus();
    await page.keyboard.press('Enter');
    await expect(usefulness.evaluate((select) => (select as unknown as { validity: { valueMissing: boolean } }).validity.valueMissing)).resolves.toBe(true);
    expect(submitted).toEqual([]);

    // Each rating chosen from the keyboard: the arrow keys move a closed list's choice down from 'choose'.
    const ratings: Array<[string, number]> = [
      ['L’échange a-t-il été utile pour la RSC de votre pays ?', 4],
      ['L’outil d’auto-évaluation de la RSC', 5],
      ['L’échelle de maturité', 3],
      ['La boîte à outils de l’échange', 4],
      ['Les lignes directrices de la RSC', 2],
    ];
    for (const [question, rating] of ratings) {
      await page.getByLabel(question, { exact: true }).focus();
      for (let step = 0; step < rating; step++) await page.keyboard.press('ArrowDown');
    }
    await page.getByRole('button', { name: 'Envoyer mon avis' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\?received=/);
    expect(submitted).toHaveLength(1);
    const answers = readFeedbackReference(submitted[0]?.reference);
    expect(answers).toMatchObject({
      usefulness: 4,
      tools: {
        'self-assessment-tool': { rating: 5 },
        'maturity-ladder': { rating: 3 },
        'exchange-toolbox': { rating: 4 },
        guidelines: { rating: 2 },
      },
      atHome: 'Associer les régions à la revue',
    });
    await page.close();
  });

  it('gives the form back with every answer kept when the service refuses it, and leads to the field to fix', async () => {
    const before = submitted.length;
    const page = await browser.newPage();
    await page.setViewportSize({ width: 375, height: 667 });
    await page.goto(pageUrl);
    for (const [question, rating] of [
      ['L’échange a-t-il été utile pour la RSC de votre pays ?', '5'],
      ['L’outil d’auto-évaluation de la RSC', '4'],
      ['L’échelle de maturité', '2'],
      ['La boîte à outils de l’échange', '3'],
      ['Les lignes directrices de la RSC', '1'],
    ] as const)
      await page.getByLabel(question, { exact: true }).selectOption(rating);
    await page.locator('#maturity-ladder-comment').fill('Difficile à noter au palier 3');
    // Spaces alone satisfy the browser's `required`; the service refuses them.
    await page.getByLabel('Que changerez-vous chez vous après cet échange ?').fill('   ');
    await page.getByRole('button', { name: 'Envoyer mon avis' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Votre avis n’est pas encore envoyé');
    await expectNoSeriousA11yViolations(page);
    await expect(page.getByLabel('L’échelle de maturité', { exact: true }).inputValue()).resolves.toBe('2');
    await expect(page.locator('#maturity-ladder-comment').inputValue()).resolves.toBe('Difficile à noter au palier 3');
    // The link in the notice takes the keyboard to the question to fix.
    await page.getByRole('link', { name: 'Que changerez-vous chez vous après cet échange ?' }).focus();
    await page.keyboard.press('Enter');
    await expect(page.evaluate('document.activeElement && document.activeElement.id')).resolves.toBe('atHome');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Associer les régions');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\?received=/);
    expect(submitted).toHaveLength(before + 1);
    expect(readFeedbackReference(submitted[before]?.reference)).toMatchObject({
      usefulness: 5,
      tools: { 'maturity-ladder': { rating: 2, comment: 'Difficile à noter au palier 3' }, guidelines: { rating: 1 } },
      atHome: 'Associer les régions',
    });
    await page.close();
  });

  it('gives the form back with every answer kept when the round has closed meanwhile, to be passed on by hand', async () => {
    const page = await browser.newPage();
    await page.setViewportSize({ width: 375, height: 667 });
    await page.goto(pageUrl);
    for (const [question, rating] of [
      ['L’échange a-t-il été utile pour la RSC de votre pays ?', '4'],
      ['L’outil d’auto-évaluation de la RSC', '5'],
      ['L’échelle de maturité', '3'],
      ['La boîte à outils de l’échange', '2'],
      ['Les lignes directrices de la RSC', '1'],
    ] as const)
      await page.getByLabel(question, { exact: true }).selectOption(rating);
    await page.locator('#guidelines-comment').fill('Trop longues pour un ministère');
    await page.getByLabel('Que changerez-vous chez vous après cet échange ?').fill('Une revue à mi-parcours');
    roundClosed = true;
    try {
      await page.getByRole('button', { name: 'Envoyer mon avis' }).click();
      await expect(page.getByRole('alert').textContent()).resolves.toContain('Cet échange s’est clos avant que votre avis ne lui parvienne');
    } finally {
      roundClosed = false;
    }
    await expectNoSeriousA11yViolations(page);
    await expect(page.getByLabel('L’outil d’auto-évaluation de la RSC', { exact: true }).inputValue()).resolves.toBe('5');
    await expect(page.getByLabel('Les lignes directrices de la RSC', { exact: true }).inputValue()).resolves.toBe('1');
    await expect(page.locator('#guidelines-comment').inputValue()).resolves.toBe('Trop longues pour un ministère');
    await expect(page.getByLabel('Que changerez-vous chez vous après cet échange ?').inputValue()).resolves.toBe('Une revue à mi-parcours');
    // Nothing would take it now: no Send to press again.
    await expect(page.getByRole('button', { name: 'Envoyer mon avis' }).count()).resolves.toBe(0);
    await page.close();
  });
});
