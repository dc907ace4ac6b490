/**
 * Round files may carry long names without a break (a 200-character title, a family name of many
 * parts, a long city): the participant's page must still fit a phone and the round page the dashboard's
 * width, with no sideways scrolling. The pages are rendered by the service (inject) and laid out in
 * the browser the project installs.
 */
import { buildWebApp } from '../../client/web/server';
import { roundPage } from '../../client/web/staff/round-page';
import { signLinkToken } from '../../domain/link-token';
import type { RoundProgress } from '../../workflows/messages';
import { openBrowser, type OpenBrowser } from '../harness/browser';

const SECRET = 'long-names-secret-0123456789abcdef0123456789';
const LONG = 'Wolfeschlegelsteinhausenbergerdorff'.repeat(5);

const ROUND: RoundProgress = {
  roundId: 'r-1-2-3',
  title: `Échange${'X'.repeat(190)}`,
  status: 'running',
  phase: 'prep-1',
  phaseSince: '2026-11-23T10:00:00Z',
  launchedAt: '2026-11-23T10:00:00Z',
  nextEvents: [],
  deliverables: [
    {
      id: 'secretariat/communications',
      key: 'communications',
      owner: 'secretariat',
      dueAt: '2027-06-01T00:00:00Z',
      status: 'pending',
      deliveryFailures: [],
    },
    {
      id: 'WS/jsr-documents',
      key: 'jsr-documents',
      owner: 'WS',
      dueAt: '2027-02-01T05:15:00Z',
      status: 'pending',
      deliveryFailures: [],
    },
  ],
  deliveryFailures: [],
  letters: { delivered: 0, inFlight: 0, failed: 0 },
  warnings: [],
  escalated: [],
  runId: '5f0c6b9e-0000-4000-8000-000000000002',
  completesAt: '2027-06-01T00:00:00Z',
  events: [
    {
      id: 'visit',
      kind: 'visit',
      phase: 'visit',
      start: '2027-03-14T18:15:00Z',
      end: '2027-03-19T18:15:00Z',
      allDay: { firstDay: '2027-03-15', lastDay: '2027-03-19' },
      timezone: 'Asia/Kathmandu',
      city: 'Kathmandu'.repeat(20),
      audience: 'everyone',
      sequence: 0,
    },
  ],
  community: 'anglophone',
  delegations: [
    {
      country: 'WS',
      host: false,
      timezone: 'Pacific/Apia',
      language: 'en',
      participants: [{ name: LONG, email: 'long+name@example.ws' }],
      coordinatingAgency: [],
    },
  ],
};

describe('long names without a break', () => {
  let browser: OpenBrowser;
  beforeAll(async () => {
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  const overflowOf = async (html: string, width: number): Promise<number> => {
    const page = await browser.newPage();
    try {
      await page.setViewportSize({ width, height: 800 });
      await page.setContent(html);
      return (await page.evaluate(
        'document.documentElement.scrollWidth - document.documentElement.clientWidth',
      )) as number;
    } finally {
      await page.close();
    }
  };

  it('wrap on the participant’s page on a phone, and on the staff round page, without breaking other words', async () => {
    const app = await buildWebApp({
      rounds: { progress: async () => ROUND, submit: () => Promise.reject(new Error('not in this test')) },
      config: {
        publicUrl: 'https://jsrx.example.org',
        web: { uploadMaxBytes: 1024, uploadsDir: '/nonexistent' },
      },
      linkSecret: SECRET,
      clock: () => new Date('2026-12-01T10:00:00Z'),
    });
    try {
      const token = signLinkToken(SECRET, {
        roundId: ROUND.roundId,
        delegation: 'WS',
        email: 'long+name@example.ws',
      });
      const participant = await app.inject({ method: 'GET', url: `/p/${token}` });
      expect(participant.body).toContain(LONG);
      expect(await overflowOf(participant.body, 375)).toBe(0);
    } finally {
      await app.close();
    }
    expect(await overflowOf(roundPage(ROUND, { zone: 'Asia/Kathmandu', csrf: 'x' }), 1280)).toBe(0);
    // Words that fit are not cut to make a tight matrix narrower ("communica|tions").
    const page = await browser.newPage();
    try {
      await page.setViewportSize({ width: 480, height: 800 });
      await page.setContent(roundPage(ROUND, { zone: 'Asia/Kathmandu', csrf: 'x' }));
      const lines = await page.evaluate(`(() => {
        const th = [...document.querySelectorAll('th')].find((cell) => cell.textContent === 'communications');
        const range = document.createRange();
        range.selectNodeContents(th);
        return range.getClientRects().length;
      })()`);
      expect(lines).toBe(1);
    } finally {
      await page.close();
    }
  });
});
