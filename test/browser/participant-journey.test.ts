/**
 * Both journeys of issue 9 in the browser the project installs, on a real round (dev server, the real
 * worker writing to a loopback SMTP server, the web service with its staff dashboard): a participant opens
 * the link from the request email the SMTP server received, sends a PDF and a link together, is refused
 * with the form given back as sent, sends the PDF alone from there and sees the receipt; then staff sign in, see that deliverable submitted in the round's matrix, extend another
 * delegation's documents and see the due date and the next reminder move. Screenshots of both pages go to
 * test/artifacts/; axe finds no serious or critical violation on either.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { readRoundFile } from '../../client/round-file-io';
import { startRound } from '../../client/round-service';
import { roundGateway } from '../../client/web/round-gateway';
import { buildWebApp } from '../../client/web/server';
import { staffRounds } from '../../client/web/staff/staff-rounds';
import { validateRound } from '../../domain/validate';
import type { RoundProgress } from '../../workflows/messages';
import { copyExampleRound } from '../cli/round-copy';
import { jsrxJson } from '../cli/run-jsrx';
import { expectNoSeriousA11yViolations, openBrowser, screenshot, type OpenBrowser } from '../harness/browser';
import { startLoopbackSmtp, type LoopbackSmtp, type Received } from '../harness/loopback-smtp';
import { startRoundWorker, type RunningRoundWorker } from '../harness/round-worker';
import { openDevServerEnv } from '../harness/servers';
import { smallPdf } from '../web/web-client';

const PASSWORD = 'staff password for the journey';
const SECRET = 'journey-link-secret-0123456789abcdef0123456789';
const KENYAN = 'p.kamau@example.ke';
const GHANAIAN = 'k.asante@example.gh';

/** A free loopback port, so the links in the emails can name the web service before it listens. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('a participant answers in the browser, and staff follow it on the round page', () => {
  let env: TestWorkflowEnvironment;
  let smtp: LoopbackSmtp;
  let worker: RunningRoundWorker;
  let app: FastifyInstance;
  let browser: OpenBrowser;
  let scratch: string;
  let baseUrl: string;
  let cliEnv: NodeJS.ProcessEnv;

  beforeAll(async () => {
    [env, smtp] = await Promise.all([openDevServerEnv(), startLoopbackSmtp()]);
    scratch = mkdtempSync(path.join(tmpdir(), 'jsrx-journey-'));
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    cliEnv = { TEMPORAL_ADDRESS: env.address, TEMPORAL_TASK_QUEUE: `journey-${randomUUID()}` };
    worker = await startRoundWorker(env, {
      ...cliEnv,
      SMTP_URL: smtp.url,
      JSRX_PUBLIC_URL: baseUrl,
      JSRX_LINK_SECRET: SECRET,
      JSRX_DATA_DIR: scratch,
    });
    app = await buildWebApp({
      rounds: roundGateway(env.client),
      config: {
        publicUrl: baseUrl,
        web: { uploadMaxBytes: 1024 * 1024, uploadsDir: path.join(scratch, 'uploads') },
      },
      linkSecret: SECRET,
      staff: { rounds: staffRounds(env.client), password: PASSWORD, secret: SECRET },
    });
    await app.listen({ host: '127.0.0.1', port });
    browser = await openBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await worker?.stop();
    await Promise.all([env?.teardown(), smtp?.close()]);
    rmSync(scratch, { recursive: true, force: true });
  });

  it('from the request email to the receipt, then to the matrix, an extension and its moved reminder', async () => {
    const { file, roundId } = copyExampleRound('en-2027-r1.yaml', scratch, 'journey');
    const input = await readRoundFile(file);
    const parsed = validateRound(input);
    if (!parsed.ok) throw new Error('the example must be valid');
    await startRound(env.client, parsed.round, input, cliEnv.TEMPORAL_TASK_QUEUE!);

    // The participant: the link is read from the email as the SMTP server received it.
    const [request] = await smtp.waitFor(
      (message: Received) =>
        message.envelopeTo.includes(KENYAN) &&
        /^Please send: Learning objectives/.test(message.mail.subject ?? ''),
      1,
      60_000,
    );
    const link = new RegExp(`(${baseUrl.replace(/[.]/g, '\\.')}/p/[A-Za-z0-9_.-]+)`).exec(
      request!.mail.text ?? '',
    )?.[1];
    expect(link).toBeDefined();

    const participant = await browser.newPage();
    // A page that works must not log errors either (a missing icon did, on every first visit).
    const consoleErrors: string[] = [];
    participant.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await participant.goto(link!);
    await participant.getByText('Hello Peter Kamau').waitFor();
    await participant.getByLabel('Which deliverable').selectOption('KE/learning-objectives');
    await participant.locator('input[type=file]').setInputFiles({
      name: 'objectives.pdf',
      mimeType: 'application/pdf',
      buffer: smallPdf('learning objectives of Kenya, from the browser'),
    });
    await participant.locator('#note').fill('Agreed by both of us');
    // A link pasted as well: refused (one reference is kept), and the page gives the form back as sent.
    await participant.locator('#link').fill('https://docs.example.ke/objectives.pdf');
    await participant.locator('form[enctype="multipart/form-data"] button[type=submit]').click();
    await participant.getByText('Give a file or a link, not both').waitFor();
    await expect(participant.locator('#note').inputValue()).resolves.toBe('Agreed by both of us');
    await expect(participant.locator('#link').inputValue()).resolves.toBe('https://docs.example.ke/objectives.pdf');
    await expect(participant.getByLabel('Which deliverable').inputValue()).resolves.toBe('KE/learning-objectives');
    await participant.getByText('Choose your file again (objectives.pdf)').waitFor();
    await expectNoSeriousA11yViolations(participant);
    await participant.locator('#link').fill('');
    await participant.locator('input[type=file]').setInputFiles({
      name: 'objectives.pdf',
      mimeType: 'application/pdf',
      buffer: smallPdf('learning objectives of Kenya, from the browser'),
    });
    await participant.locator('form[enctype="multipart/form-data"] button[type=submit]').click();
    await participant.waitForURL(/\?received=KE%2Flearning-objectives$/);
    await expect(participant.locator('body').textContent()).resolves.toContain(
      'Received, thank you: Learning objectives',
    );
    await expect(participant.getByRole('link', { name: 'objectives.pdf' }).count()).resolves.toBe(1);
    const participantShot = await screenshot(participant, 'participant-page');
    expect(participantShot).toMatch(/test\/artifacts\/participant-page\.png$/);
    await expectNoSeriousA11yViolations(participant);
    // The one the browser logs is the refusal's own status (400), which is how it should answer.
    expect(consoleErrors).toEqual(['Failed to load resource: the server responded with a status of 400 (Bad Request)']);
    await participant.close();

    // Staff: sign in, find the submission in the matrix.
    const staff = await browser.newPage();
    await staff.goto(`${baseUrl}/staff`);
    await staff.getByLabel('Password').fill(PASSWORD);
    await staff.getByRole('button', { name: 'Sign in' }).click();
    await staff.waitForURL(`${baseUrl}/staff`);
    await staff.goto(`${baseUrl}/staff/rounds/${roundId}?tz=Africa/Nairobi`);
    const cell = (key: string, column: number) =>
      staff
        .locator('tr', { has: staff.locator('th', { hasText: new RegExp(`^${key}$`) }) })
        .locator('td')
        .nth(column)
        .textContent();
    // Columns in the round's order: KE (host), GH, … then the Secretariat.
    expect(await cell('learning-objectives', 0)).toMatch(/^submitted.*received .* from p\.kamau@example\.ke/);

    const before = await cell('jsr-documents', 1);
    // Anchored on VC2 (11:00 UTC) less ten days; the reminder a week before that.
    expect(before).toContain('due Sat 13 Mar 2027 14:00 GMT+3');
    expect(before).toContain('next reminder Sat 6 Mar 2027 14:00 GMT+3');

    const extendForm = staff.getByRole('group', { name: 'Extend the due date' });
    await extendForm.getByLabel('Deliverable').selectOption('GH/jsr-documents');
    await staff.getByLabel('New due date').fill('2027-03-18');
    await extendForm.getByLabel('Reason').fill('the annual report is validated on the 17th');
    await staff.getByRole('button', { name: 'Extend the due date' }).click();
    await staff.getByText('extend: accepted').waitFor();
    const after = await cell('jsr-documents', 1);
    expect(after).toContain('due Thu 18 Mar 2027 17:00 GMT+3');
    expect(after).toContain('next reminder Thu 11 Mar 2027 17:00 GMT+3');
    const staffShot = await screenshot(staff, 'staff-round');
    expect(staffShot).toMatch(/test\/artifacts\/staff-round\.png$/);
    await expectNoSeriousA11yViolations(staff);
    await staff.close();

    // The CLI reads the same round: the receipt and the moved reminder are in the round, not only on the page.
    const status = await jsrxJson<RoundProgress>(['status', roundId], cliEnv);
    expect(status.value.deliverables.find((d) => d.id === 'KE/learning-objectives')).toMatchObject({
      status: 'submitted',
      submittedBy: KENYAN,
    });
    const extended = status.value.deliverables.find((d) => d.id === 'GH/jsr-documents')!;
    expect(Date.parse(extended.dueAt)).toBe(Date.parse('2027-03-18T14:00:00Z'));
    expect(extended.nextReminder?.kind).toBe('before');
    expect(Date.parse(extended.nextReminder!.at)).toBe(Date.parse('2027-03-11T14:00:00Z'));
    // The receipt and the owners' notice of the new date follow by email.
    await smtp.waitFor(
      (message) => message.envelopeTo.includes(KENYAN) && /^Received: Learning objectives/.test(message.mail.subject ?? ''),
    );
    await smtp.waitFor(
      (message) => message.envelopeTo.includes(GHANAIAN) && /^New due date: /.test(message.mail.subject ?? ''),
    );
  }, 180_000);
});
