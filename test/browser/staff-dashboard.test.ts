/**
 * The staff dashboard in the browser the project installs, on a real round (dev server, real worker,
 * letters to an outbox): staff sign in through the form, find the round in the list, open its matrix,
 * extend a delegation's documents and see the new due date. Screenshots of the list and the round page
 * go to test/artifacts/; axe finds no serious or critical violation on either.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { readRoundFile } from '../../client/round-file-io';
import { startRound } from '../../client/round-service';
import { registerStaffRoutes } from '../../client/web/staff/plugin';
import { staffRounds } from '../../client/web/staff/staff-rounds';
import { validateRound } from '../../domain/validate';
import { copyExampleRound } from '../cli/round-copy';
import { expectNoSeriousA11yViolations, openBrowser, screenshot, type OpenBrowser } from '../harness/browser';
import { liveWorker } from '../harness/live-worker';

const PASSWORD = 'staff password for the browser test';

describe('the staff dashboard in a browser', () => {
  const live = liveWorker('staff-browser');
  let app: FastifyInstance;
  let browser: OpenBrowser;
  let baseUrl: string;

  beforeAll(async () => {
    app = Fastify();
    await registerStaffRoutes(app, {
      rounds: staffRounds(live.env.client),
      password: PASSWORD,
      secret: randomUUID() + randomUUID(),
    });
    baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('staff sign in, find the round, extend a deliverable and see its new due date', async () => {
    const { file, roundId } = copyExampleRound('en-2027-r1.yaml', live.scratch, 'staff-browser');
    const input = await readRoundFile(file);
    const parsed = validateRound(input);
    if (!parsed.ok) throw new Error('the example must be valid');
    await startRound(live.env.client, parsed.round, input, live.taskQueue);

    const page = await browser.newPage();
    await page.goto(`${baseUrl}/staff`);
    expect(page.url()).toBe(`${baseUrl}/staff/login`);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${baseUrl}/staff`);

    // The visibility list catches up with a new round within a moment.
    const link = page.getByRole('link', { name: roundId });
    await page.goto(`${baseUrl}/staff?tz=Africa/Nairobi`);
    for (let attempt = 0; attempt < 20 && (await link.count()) === 0; attempt++) {
      await page.waitForTimeout(250);
      await page.goto(`${baseUrl}/staff?tz=Africa/Nairobi`);
    }
    await expect(page.getByRole('row', { name: new RegExp(roundId) }).textContent()).resolves.toMatch(
      /prep-1\s*running\s*vc1, Tue 16 Feb 2027 14:00 GMT\+3\s*0/,
    );
    await screenshot(page, 'staff-rounds');
    await expectNoSeriousA11yViolations(page);

    await link.click();
    await page.waitForURL(new RegExp(`/staff/rounds/${roundId}`));
    // Each action is a fieldset named by its legend: fields are found within it, not by their position.
    const extendForm = page.getByRole('group', { name: 'Extend the due date' });
    await extendForm.getByLabel('Deliverable').selectOption('GH/jsr-documents');
    // The field says where a bare date falls: 17:00 at the host's (Kenya's) time, as the result below shows.
    await expect(page.getByRole('textbox', { name: 'New due date', description: /17:00 in the host’s time \(Nairobi\)/ }).count()).resolves.toBe(1);
    await page.getByLabel('New due date').fill('2027-03-18');
    await extendForm.getByLabel('Reason').fill('the annual report is validated on the 17th');
    await page.getByRole('button', { name: 'Extend the due date' }).click();
    await page.getByText('extend: accepted').waitFor();

    const ghana = await page
      .locator('tr', { has: page.locator('th', { hasText: /^jsr-documents$/ }) })
      .locator('td')
      .nth(1)
      .textContent();
    expect(ghana).toContain('due Thu 18 Mar 2027 17:00 GMT+3');
    const shot = await screenshot(page, 'staff-round');
    expect(shot).toMatch(/test\/artifacts\/staff-round\.png$/);
    await expectNoSeriousA11yViolations(page);
    await page.close();
  });
});
