/**
 * A coordinator at a desk, with the keyboard alone, replaces a Kenyan participant who left on a real
 * round (dev server, real worker) and types the newcomer's address wrong: it belongs to a Ghanaian
 * participant, and the round refuses it. The refusal page brings the replacement form back as it was
 * filled in (delegation, who left, the newcomer's name and address), so only the address is corrected
 * before sending again; before, its one way forward was Back, which reopened the round with every form
 * empty. The second try is accepted and the newcomer is in the delegation.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { findProgress } from '../../client/round-service';
import { roundGateway } from '../../client/web/round-gateway';
import { buildWebApp } from '../../client/web/server';
import { staffRounds } from '../../client/web/staff/staff-rounds';
import { expectNoSeriousA11yViolations, openBrowser, type OpenBrowser } from '../harness/browser';
import { launchExample, liveWorker } from '../harness/live-worker';

const PASSWORD = 'staff password for the replacement';
const SECRET = `refused-action-${randomUUID()}`;

describe('a refused replacement comes back filled in', () => {
  const live = liveWorker('refused-action');
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
      progressCacheMs: 0,
      staff: { rounds: staffRounds(env.client), password: PASSWORD, secret: SECRET, progressCacheMs: 0 },
    });
    baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await openBrowser();
    roundId = await launchExample(live, 'en-2027-r1.yaml', 'refused-action');
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('keeps what the coordinator typed, so only the wrong address is corrected', async () => {
    const page = await browser.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${baseUrl}/staff/rounds/${roundId}?tz=Africa%2FNairobi`);
    await page.getByLabel('Password').focus();
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/staff\/rounds\//);

    const typeInto = async (form: ReturnType<typeof page.getByRole>, label: string, text: string) => {
      await form.getByLabel(label, { exact: true }).focus();
      await page.keyboard.type(text);
    };
    const replace = page.getByRole('group', { name: 'Replace a participant' });
    await replace.getByLabel('Delegation').focus();
    await page.keyboard.press('Home');
    await typeInto(replace, 'Who left (email)', 'm.achieng@example.ke');
    await typeInto(replace, 'Newcomer’s name', 'Wanjiku Njoroge');
    await typeInto(replace, 'Newcomer’s email', 'k.asante@example.gh');
    await replace.getByRole('button', { name: 'Replace a participant' }).focus();
    await page.keyboard.press('Enter');

    await expect(page.getByRole('alert').textContent()).resolves.toContain('About “Newcomer’s email”, the round answered:');
    const again = page.getByRole('group', { name: 'Replace a participant' });
    await expect(again.getByLabel('Delegation').inputValue()).resolves.toBe('KE');
    await expect(again.getByLabel('Who left (email)').inputValue()).resolves.toBe('m.achieng@example.ke');
    await expect(again.getByLabel('Newcomer’s name').inputValue()).resolves.toBe('Wanjiku Njoroge');
    await expect(again.getByLabel('Newcomer’s email').inputValue()).resolves.toBe('k.asante@example.gh');
    await expectNoSeriousA11yViolations(page);

    await again.getByLabel('Newcomer’s email').fill('');
    await typeInto(again, 'Newcomer’s email', 'w.njoroge@example.ke');
    await again.getByRole('button', { name: 'Replace a participant' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.searchParams.get('done') === 'replace: accepted');
    // Back on the round as it was seen, in Nairobi's time.
    expect(new URL(page.url()).searchParams.get('tz')).toBe('Africa/Nairobi');
    const kenya = (await findProgress(live.env.client, roundId))?.delegations.find((d) => d.country === 'KE');
    expect(kenya?.participants.map((p) => p.email)).toEqual(['p.kamau@example.ke', 'w.njoroge@example.ke']);
    await page.close();
  });
});
