/**
 * Two rounds unlike the examples (test/fixtures/sweep/): four francophone delegations hosted by Haiti, and
 * three anglophone ones hosted by Nepal with Samoa a day ahead, with long, accented names. Launched on a
 * real worker, changed through `jsrx` (a waiver, an extension, a moved conference), then every staff and
 * participant page is opened at 375 and 1280 px: none scrolls sideways, axe finds no serious violation, the
 * French staff page names no row by a bare key, and each participant's page tells the change made to them.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { roundGateway } from '../../client/web/round-gateway';
import { buildWebApp } from '../../client/web/server';
import { staffRounds } from '../../client/web/staff/staff-rounds';
import { readRoundFile } from '../../client/round-file-io';
import { findProgress, startRound } from '../../client/round-service';
import { validateRound } from '../../domain/validate';
import { signLinkToken } from '../../domain/link-token';
import { jsrx } from '../cli/run-jsrx';
import { eventually } from '../web/web-client';
import { openBrowser, screenshot, seriousA11yViolations, type OpenBrowser } from '../harness/browser';
import { liveWorker } from '../harness/live-worker';

const PASSWORD = 'sweep staff password';
const SECRET = `sweep-${randomUUID()}`;

describe('rounds unlike the examples, page by page, on a phone and a wide screen', () => {
  const live = liveWorker('sweep');
  let app: FastifyInstance;
  let browser: OpenBrowser;
  let baseUrl: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    app = await buildWebApp({
      rounds: roundGateway(live.env.client),
      config: { publicUrl: 'http://jsrx.test', web: { uploadMaxBytes: 1024 * 1024, uploadsDir: path.join(live.scratch, 'uploads') } },
      linkSecret: SECRET,
      progressCacheMs: 0,
      staff: { rounds: staffRounds(live.env.client), password: PASSWORD, secret: SECRET, progressCacheMs: 0 },
    });
    baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await openBrowser();
    for (const name of ['fr-ht-4', 'en-np-3']) {
      const roundId = `${name}-${randomUUID().slice(0, 6)}`;
      const file = path.join(live.scratch, `${roundId}.yaml`);
      const text = readFileSync(path.join(__dirname, '..', 'fixtures', 'sweep', `${name}.yaml`), 'utf8');
      writeFileSync(file, text.replace(/^id: .*$/m, `id: ${roundId}`));
      const input = await readRoundFile(file);
      const parsed = validateRound(input);
      if (!parsed.ok) throw new Error(`test/fixtures/sweep/${name}.yaml must be valid`);
      await startRound(live.env.client, parsed.round, input, live.taskQueue);
      await eventually(() => findProgress(live.env.client, roundId).catch(() => undefined), `${name} to be planned`);
      ids[name] = roundId;
    }
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** At each width: how far the page reaches past the screen; then axe's serious findings. */
  async function check(page: Page, name: string): Promise<void> {
    for (const width of [375, 1280]) {
      await page.setViewportSize({ width, height: 800 });
      const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
      expect([name, width, overflow]).toEqual([name, width, 0]);
      await screenshot(page, `sweep-${name}-${width}`);
    }
    expect([name, await seriousA11yViolations(page)]).toEqual([name, []]);
  }

  it('opens every page without sideways scrolling or serious accessibility faults, and says what changed', async () => {
    const fr = ids['fr-ht-4'] as string;
    const en = ids['en-np-3'] as string;
    expect((await jsrx(['waive', fr, 'MG/learning-objectives', '--reason', 'objectifs déjà fixés au cycle précédent'], live.cliEnv)).code).toBe(0);
    expect((await jsrx(['extend', fr, 'HT/learning-objectives', '--due', '2027-02-08', '--reason', 'semaine de la rentrée'], live.cliEnv)).code).toBe(0);
    expect((await jsrx(['reschedule', en, 'vc1', '--start', '2027-02-18T06:15:00Z', '--reason', 'a public holiday'], live.cliEnv)).code).toBe(0);

    const page = await browser.newPage();
    await page.goto(`${baseUrl}/staff?lang=fr&tz=America%2FPort-au-Prince`);
    await page.getByLabel('Mot de passe').fill(PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL(/\/staff\?/);
    await check(page, 'staff-list-fr');

    await page.goto(`${baseUrl}/staff/rounds/${fr}?lang=fr&tz=America%2FPort-au-Prince`);
    await check(page, 'staff-round-fr');
    const rows = await page.locator('tbody th[scope="row"]').allInnerTexts();
    expect(rows.filter((row) => /^[a-z0-9-]+$/.test(row.split('\n')[0] ?? ''))).toEqual([]);
    await expect(page.locator('body').innerText()).resolves.toContain('Phase préparation 1');
    await page.goto(`${baseUrl}/staff/rounds/${en}?tz=Asia%2FKathmandu`);
    await check(page, 'staff-round-en');

    const participant = (roundId: string, delegation: string, email: string) =>
      `${baseUrl}/p/${signLinkToken(SECRET, { roundId, delegation, email })}`;
    await page.goto(participant(fr, 'HT', 'jb.etienne@example.ht'));
    await check(page, 'participant-fr-host');
    await expect(page.locator('body').innerText()).resolves.toContain('nouvelle date : le Secrétariat a repoussé l’échéance');
    await page.goto(participant(fr, 'MG', 'h.rakotomalala@example.mg'));
    await check(page, 'participant-fr-visitor');
    await expect(page.locator('body').innerText()).resolves.toContain('Motif : objectifs déjà fixés au cycle précédent');
    await page.goto(participant(en, 'WS', 't.leiataua@example.ws'));
    await check(page, 'participant-en-samoa');
    await expect(page.locator('body').innerText()).resolves.toContain('new date: moved with the first video conference');
    await page.goto(participant(en, 'NP', 'i.lovas@example.org'));
    await check(page, 'participant-en-agency');
    await page.close();
  }, 300_000);
});
