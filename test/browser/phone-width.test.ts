/**
 * On a 375-px-wide phone (an iPhone SE) the staff dashboard, a round's staff page and a participant's page
 * fit the screen: the page never scrolls sideways, and a table too wide for it scrolls in its own box,
 * where every column stays reachable. A real round (dev server, real worker) in the installed Chromium.
 */
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { buildWebApp } from '../../client/web/server';
import { roundGateway } from '../../client/web/round-gateway';
import { staffRounds } from '../../client/web/staff/staff-rounds';
import { signLinkToken } from '../../domain/link-token';
import { expectNoSeriousA11yViolations, openBrowser, screenshot, type OpenBrowser } from '../harness/browser';
import { launchExample, liveWorker } from '../harness/live-worker';

const PASSWORD = 'phone width staff password';
const SECRET = 'phone-width-link-secret-0123456789abcdef012345';
const PHONE = { width: 375, height: 667 };

/** How far the page reaches past the screen, and each table that does not fit without a scrolling box of its own. */
const LAYOUT = `(() => {
  const root = document.documentElement;
  const tables = [...document.querySelectorAll('table')].map((table) => {
    let box = table.parentElement;
    while (box && box !== document.body && getComputedStyle(box).overflowX === 'visible') box = box.parentElement;
    const scrolls = box !== null && box !== document.body && ['auto', 'scroll'].includes(getComputedStyle(box).overflowX);
    return {
      caption: (table.querySelector('caption, th')?.textContent ?? '').slice(0, 40),
      width: Math.ceil(table.getBoundingClientRect().width),
      boxWidth: scrolls ? Math.ceil(box.getBoundingClientRect().width) : null,
      reachable: scrolls ? box.scrollWidth >= table.scrollWidth : false,
    };
  });
  const narrowest = Math.min(...[...document.querySelectorAll('td')].map((cell) => cell.getBoundingClientRect().width));
  // Where each caption's words are drawn, before any table is scrolled.
  const captions = [...document.querySelectorAll('caption')].map((caption) => {
    const range = document.createRange();
    range.selectNodeContents(caption);
    const rects = [...range.getClientRects()];
    return {
      caption: caption.textContent.slice(0, 40),
      left: Math.floor(Math.min(...rects.map((rect) => rect.left))),
      right: Math.ceil(Math.max(...rects.map((rect) => rect.right))),
    };
  });
  return { scrollWidth: root.scrollWidth, tables, narrowest, captions };
})()`;

interface Layout {
  scrollWidth: number;
  narrowest: number;
  captions: Array<{ caption: string; left: number; right: number }>;
  tables: Array<{ caption: string; width: number; boxWidth: number | null; reachable: boolean }>;
}

describe('the pages on a phone 375 px wide', () => {
  const live = liveWorker('phone');
  let app: FastifyInstance;
  let browser: OpenBrowser;
  let baseUrl: string;
  let roundId: string;

  beforeAll(async () => {
    const { env, scratch } = live;
    app = await buildWebApp({
      rounds: roundGateway(env.client),
      config: { publicUrl: 'http://jsrx.test', web: { uploadMaxBytes: 1024 * 1024, uploadsDir: path.join(scratch, 'uploads') } },
      linkSecret: SECRET,
      staff: { rounds: staffRounds(env.client), password: PASSWORD, secret: SECRET },
    });
    baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await openBrowser();

    // The anglophone example: four delegations and the Secretariat, the widest matrix a round has.
    roundId = await launchExample(live, 'en-2027-r1.yaml', 'phone');
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const expectFits = async (page: Page, name: string) => {
    const layout = (await page.evaluate(LAYOUT)) as Layout;
    await screenshot(page, `phone-${name}`);
    expect(layout.tables.length).toBeGreaterThan(0);
    expect(layout.scrollWidth).toBeLessThanOrEqual(PHONE.width);
    // A table wider than the screen scrolls in a box that fits, and that box reaches its last column.
    for (const table of layout.tables.filter((t) => t.width > PHONE.width))
      expect({ ...table, fits: table.boxWidth !== null && table.boxWidth <= PHONE.width && table.reachable }).toMatchObject({ fits: true });
    // A caption says what the table holds (the zone its times are in): on the screen as the page opens, not
    // centred over a table twice as wide, where a phone shows its first words only.
    expect(layout.captions.filter((caption) => caption.left < 0 || caption.right > PHONE.width)).toEqual([]);
    // Fitting by squeezing is not fitting: a matrix cell one letter wide reads as a column of letters.
    expect(layout.narrowest).toBeGreaterThanOrEqual(64);
    // A scrolling box a keyboard cannot reach would hide its columns from anyone without a pointer.
    await expectNoSeriousA11yViolations(page);
  };

  it('the staff dashboard and the round’s page fit, their wide tables scrolling in their own box', async () => {
    const page = await browser.newPage();
    await page.setViewportSize(PHONE);
    await page.goto(`${baseUrl}/staff/login`);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${baseUrl}/staff`);
    const link = page.getByRole('link', { name: roundId });
    for (let attempt = 0; attempt < 40 && (await link.count()) === 0; attempt++) {
      await page.waitForTimeout(250);
      await page.goto(`${baseUrl}/staff?tz=America/New_York`);
    }
    await expectFits(page, 'dashboard');

    await link.click();
    await page.waitForURL(new RegExp(`/staff/rounds/${roundId}`));
    await expectFits(page, 'round');
    await page.close();
  });

  it('a participant’s page fits, its content in one main landmark a screen reader can jump to', async () => {
    const page = await browser.newPage();
    await page.setViewportSize(PHONE);
    const token = signLinkToken(SECRET, { roundId, delegation: 'GH', email: 'k.asante@example.gh' });
    await page.goto(`${baseUrl}/p/${token}`);
    await expectFits(page, 'participant');
    await expect(page.getByRole('main').getByRole('heading', { level: 1 }).count()).resolves.toBe(1);
    // A refusal page too (a link for someone not in the round).
    await page.goto(`${baseUrl}/p/${signLinkToken(SECRET, { roundId, delegation: 'GH', email: 'someone@example.gh' })}`);
    await expect(page.getByRole('main').count()).resolves.toBe(1);
    await page.close();
  });
});
