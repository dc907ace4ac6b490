import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import ICAL from 'ical.js';
import type { FastifyInstance } from 'fastify';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { openDevServerEnv } from '../harness/servers';
import { startRoundWorker, type RunningRoundWorker } from '../harness/round-worker';
import { startLoopbackSmtp, type LoopbackSmtp, type Received } from '../harness/loopback-smtp';
import { readInvitation } from '../e2e/calendar-reader';
import { jsrx, jsrxJson } from '../cli/run-jsrx';
import { copyExampleRound } from '../cli/round-copy';
import { buildWebApp } from '../../client/web/server';
import { roundGateway, type RoundGateway } from '../../client/web/round-gateway';
import { signLinkToken } from '../../domain/link-token';
import { feedbackCsv, feedbackRows } from '../../client/web/feedback';
import type { RoundProgress } from '../../workflows/messages';
import { roundWorkflowId } from '../../workflows/ids';
import { PNG_BYTES, eventually, multipartBody, smallPdf, uploadsContent, type FilePart } from './web-client';

const PUBLIC_URL = 'http://jsrx.test';
const SECRET = 'web-test-link-secret-0123456789abcdef0123456789';
const UPLOAD_MAX = 64 * 1024;
const KENYAN = 'p.kamau@example.ke';
const GHANAIAN = 'k.asante@example.gh';
const DAY_MS = 86_400_000;

const linkIn = (mail: Received) =>
  /(http:\/\/jsrx\.test\/p\/[A-Za-z0-9_.-]+)/.exec(mail.mail.text ?? '')?.[1];
const tokenOf = (link: string) => link.slice(link.lastIndexOf('/') + 1);

describe('a participant answers their request on their own page', () => {
  let env: TestWorkflowEnvironment;
  let smtp: LoopbackSmtp;
  let worker: RunningRoundWorker;
  let scratch: string;
  let uploadsDir: string;
  let cliEnv: NodeJS.ProcessEnv;
  let rounds: RoundGateway;
  let roundId: string;
  let app: FastifyInstance;
  let kenyanToken: string;
  let ghanaianToken: string;

  const appAt = (clock?: () => Date) =>
    buildWebApp({
      rounds,
      config: { publicUrl: PUBLIC_URL, web: { uploadMaxBytes: UPLOAD_MAX, uploadsDir } },
      linkSecret: SECRET,
      clock,
      limits: { readsPerMinute: 1000, deliveriesPerMinute: 1000 },
    });
  const progress = async () => (await rounds.progress(roundId)) as RoundProgress;
  const statuses = async () =>
    Object.fromEntries((await progress()).deliverables.map((d) => [d.id, d.status]));
  const deliver = (token: string, fields: Record<string, string>, file?: FilePart) =>
    app.inject({ method: 'POST', url: `/p/${token}`, ...multipartBody(fields, file) });

  beforeAll(async () => {
    [env, smtp] = await Promise.all([openDevServerEnv(), startLoopbackSmtp()]);
    scratch = mkdtempSync(path.join(tmpdir(), 'jsrx-web-'));
    uploadsDir = path.join(scratch, 'uploads');
    cliEnv = { TEMPORAL_ADDRESS: env.address, TEMPORAL_TASK_QUEUE: `web-${randomUUID()}` };
    worker = await startRoundWorker(env, {
      ...cliEnv,
      SMTP_URL: smtp.url,
      JSRX_PUBLIC_URL: PUBLIC_URL,
      JSRX_LINK_SECRET: SECRET,
      JSRX_DATA_DIR: scratch,
    });
    rounds = roundGateway(env.client);
    ({ roundId } = await (async () => {
      const copy = copyExampleRound('en-2027-r1.yaml', scratch, 'web');
      const launch = await jsrx(['launch', copy.file], cliEnv);
      expect(launch.code).toBe(0);
      return copy;
    })());
    app = await appAt();
    const requestTo = (email: string) => (message: Received) =>
      message.envelopeTo.includes(email) &&
      /^Please send: Learning objectives/.test(message.mail.subject ?? '');
    const [kenyanRequest] = await smtp.waitFor(requestTo(KENYAN));
    const [ghanaianRequest] = await smtp.waitFor(requestTo(GHANAIAN));
    kenyanToken = tokenOf(linkIn(kenyanRequest!) ?? '');
    ghanaianToken = tokenOf(linkIn(ghanaianRequest!) ?? '');
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await worker?.stop();
    await Promise.all([env?.teardown(), smtp?.close()]);
    rmSync(scratch, { recursive: true, force: true });
  });

  it('opens from the link in the request email: what the delegation owes, in the reader’s language and zone, under 100 KB', async () => {
    const page = await app.inject({ method: 'GET', url: `/p/${kenyanToken}` });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.body).toContain('<html lang="en">');
    expect(page.body).toContain('Hello Peter Kamau');
    expect(page.body).toContain('What your delegation owes');
    expect(page.body).toMatch(/Learning objectives<\/td><td data-label="Due:">[^<]+<\/td><td class="s-pending" data-label="Status:">pending/);
    expect(page.body).toContain('(Nairobi)');
    expect(page.body).toContain(`webcal://jsrx.test/feeds/${kenyanToken}.ics`);
    expect(page.body).not.toContain('<script');
    expect(Buffer.byteLength(page.body)).toBeLessThan(100 * 1024);
  });

  it('opens for the delegation’s coordinating-agency representative too, from the link in their own email', async () => {
    const [welcome] = await smtp.waitFor(
      (message) => message.envelopeTo.includes('a.schmidt@example.org') && linkIn(message) !== undefined,
    );
    const token = tokenOf(linkIn(welcome!)!);
    const page = await app.inject({ method: 'GET', url: `/p/${token}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Hello Anna Schmidt — Delegation: Kenya');
    const feed = await app.inject({ method: 'GET', url: `/feeds/${token}.ics` });
    expect(feed.statusCode).toBe(200);
    expect(feed.body).not.toContain('UID:debrief-');
  });

  it('takes a PDF, shows the receipt at once, and the round records it as submitted (jsrx status agrees)', async () => {
    const pdf = smallPdf('learning objectives of Kenya');
    const posted = await deliver(
      kenyanToken,
      { deliverable: 'KE/learning-objectives', link: '', note: 'Agreed by both of us' },
      { name: 'objectives.pdf', type: 'application/pdf', bytes: pdf },
    );
    expect(posted.statusCode).toBe(303);
    expect(posted.headers.location).toBe(`/p/${kenyanToken}?received=KE%2Flearning-objectives`);

    const receipt = await app.inject({ method: 'GET', url: posted.headers.location as string });
    expect(receipt.statusCode).toBe(200);
    expect(receipt.body).toContain('Received, thank you: <strong>Learning objectives</strong>');
    expect(receipt.body).toMatch(
      /<a href="http:\/\/jsrx\.test\/files\/[0-9a-f]{64}\/objectives\.pdf\?s(=|&#x3D;)[^"]+"[^>]*>objectives\.pdf<\/a> — Agreed by both of us/,
    );

    const status = await jsrxJson<RoundProgress>(['status', roundId], cliEnv);
    const recorded = status.value.deliverables.find((d) => d.id === 'KE/learning-objectives');
    expect(recorded).toMatchObject({ status: 'submitted', submittedBy: KENYAN });
    const [kept] = uploadsContent(uploadsDir).filter((name) => !name.endsWith('.json'));
    expect(readFileSync(path.join(uploadsDir, kept!))).toEqual(pdf);
    expect(JSON.parse(readFileSync(path.join(uploadsDir, `${kept!}.json`), 'utf8'))).toMatchObject({
      name: 'objectives.pdf',
      type: 'application/pdf',
      roundId,
      delegation: 'KE',
      uploadedBy: KENYAN,
    });

    // The reference in the round serves the file, named, to whoever the round shows it to; not without its signature.
    const fileUrl = new URL((recorded!.reference ?? '').split(' — ')[0]!);
    const file = await app.inject({ method: 'GET', url: `${fileUrl.pathname}${fileUrl.search}` });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.rawPayload).toEqual(pdf);
    expect((await app.inject({ method: 'GET', url: fileUrl.pathname })).statusCode).toBe(403);

    // The receipt email follows.
    await smtp.waitFor(
      (message) =>
        message.envelopeTo.includes(KENYAN) &&
        /^Received: Learning objectives/.test(message.mail.subject ?? ''),
    );
  });

  it('takes a link with a note, and renders a note with script in it as text', async () => {
    const posted = await deliver(kenyanToken, {
      deliverable: 'KE/self-assessment',
      link: 'https://docs.example.ke/self-assessment',
      note: '<script>alert("x")</script> final',
    });
    expect(posted.statusCode).toBe(303);
    const page = await app.inject({ method: 'GET', url: posted.headers.location as string });
    expect(page.body).not.toContain('<script>');
    expect(page.body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; final');
    expect(page.body).toContain('<a href="https://docs.example.ke/self-assessment"');
  });

  it('tells a participant whose page was open while a colleague delivered the item, or the Secretariat waived it, in words, keeping nothing', async () => {
    const first = await deliver(kenyanToken, { deliverable: 'KE/host-jsr-documents', link: 'https://docs.example.ke/jsr' });
    expect(first.statusCode).toBe(303);
    const stored = uploadsContent(uploadsDir);
    const again = await deliver(
      kenyanToken,
      { deliverable: 'KE/host-jsr-documents' },
      { name: 'jsr.pdf', type: 'application/pdf', bytes: smallPdf('the same documents, later') },
    );
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('Your delegation already delivered this item: see “What was received” on your page.');
    expect(again.body).not.toContain('KE/host-jsr-documents');
    expect(uploadsContent(uploadsDir)).toEqual(stored);

    const waived = await jsrx(['waive', roundId, 'KE/visa-invitation-letters', '--reason', 'no visas needed'], cliEnv);
    expect(waived.code).toBe(0);
    // The page reads the round afresh within a second of the waiver.
    await eventually(async () => {
      const page = await app.inject({ method: 'GET', url: `/p/${kenyanToken}` });
      return /Visa invitation letters<\/td><td data-label="Due:">[^<]*<\/td><td class="s-waived" data-label="Status:">/i.test(page.body) ? true : undefined;
    }, 'the page to show the waiver');
    const late = await deliver(kenyanToken, { deliverable: 'KE/visa-invitation-letters', link: 'https://docs.example.ke/visas' });
    expect(late.statusCode).toBe(409);
    expect(late.body).toContain('The Secretariat waived this item: nothing more is expected for it.');
    expect(late.body).not.toContain('was waived on');
    // The page itself says why, where the item is listed.
    const page = await app.inject({ method: 'GET', url: `/p/${kenyanToken}` });
    expect(page.body).toMatch(/Visa invitation letters<\/td><td data-label="Due:">[^<]*<\/td><td class="s-waived" data-label="Status:">waived<br><small>Reason: no visas needed<\/small><\/td>/);
  });

  it('says a due date the Secretariat extended is a new date, beside the date', async () => {
    const extended = await jsrx(['extend', roundId, 'KE/jsr-documents', '--due', '2027-03-19', '--reason', 'the report is validated on the 18th'], cliEnv);
    expect(extended.code).toBe(0);
    const row = await eventually(async () => {
      const page = await app.inject({ method: 'GET', url: `/p/${kenyanToken}` });
      return /<tr><td>JSR country documents<\/td><td data-label="Due:">([^<]*)<br><small>([^<]*)<\/small><\/td>/.exec(page.body) ?? undefined;
    }, 'the page to show the extension');
    expect(row[1]).toMatch(/^Friday, 19 March 2027/);
    expect(row[2]).toBe('new date: the Secretariat extended it');
    // Only the extended item says so.
    const page = await app.inject({ method: 'GET', url: `/p/${kenyanToken}` });
    expect(page.body.match(/new date:/g)).toHaveLength(1);
  });

  it('takes the close-out feedback as a form, not a file, and staff can read the answers back from the round', async () => {
    // In prep-1 the form is not shown yet (it waits for the close-out: page-rendering.test.ts), nor offered as an upload.
    const page = await app.inject({ method: 'GET', url: `/p/${kenyanToken}` });
    expect(page.body).not.toContain('Your feedback on the exchange');
    expect(page.body).not.toContain('<option value="KE/exchange-feedback/p.kamau@example.ke">');
    const answers = {
      usefulness: '4',
      'self-assessment-tool.rating': '5',
      'self-assessment-tool.comment': 'Clear, and quick to run with the ministry',
      'maturity-ladder.rating': '3',
      'maturity-ladder.comment': '',
      'exchange-toolbox.rating': '4',
      'exchange-toolbox.comment': '<b>useful</b>',
      'guidelines.rating': '2',
      'guidelines.comment': 'Too long',
      atHome: 'Hold the JSR field visits before the plenary',
    };
    const incomplete = await app.inject({
      method: 'POST',
      url: `/p/${kenyanToken}/feedback`,
      payload: new URLSearchParams({ ...answers, 'guidelines.rating': '9' }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(incomplete.statusCode).toBe(400);

    const posted = await app.inject({
      method: 'POST',
      url: `/p/${kenyanToken}/feedback`,
      payload: new URLSearchParams(answers).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(posted.statusCode).toBe(303);
    const receipt = await app.inject({ method: 'GET', url: posted.headers.location as string });
    expect(receipt.body).toContain('Received, thank you: <strong>Feedback on the exchange</strong>');
    expect(receipt.body).toContain('Feedback answered');
    expect(receipt.body).not.toContain('Your feedback on the exchange');
    // Sent again (the browser's back button and Send): a thank-you, not the round's English refusal.
    const twice = await app.inject({
      method: 'POST',
      url: `/p/${kenyanToken}/feedback`,
      payload: new URLSearchParams(answers).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.body).toContain('You already sent your feedback on the exchange: thank you.');
    expect(twice.body).not.toContain('already submitted on');

    const rows = feedbackRows(await progress());
    expect(rows).toEqual([
      expect.objectContaining({
        delegation: 'KE',
        participant: KENYAN,
        usefulness: 4,
        tools: expect.objectContaining({
          guidelines: { rating: 2, comment: 'Too long' },
          'exchange-toolbox': { rating: 4, comment: '<b>useful</b>' },
        }),
        atHome: 'Hold the JSR field visits before the plenary',
      }),
    ]);
    const csv = feedbackCsv(await progress())
      .trim()
      .split('\n');
    expect(csv[0]).toBe(
      'round,delegation,participant,submitted_at,usefulness,self-assessment-tool_rating,self-assessment-tool_comment,maturity-ladder_rating,maturity-ladder_comment,exchange-toolbox_rating,exchange-toolbox_comment,guidelines_rating,guidelines_comment,at_home',
    );
    expect(csv[1]).toMatch(
      new RegExp(
        `^${roundId},KE,${KENYAN},[^,]+,4,5,"?Clear, and quick to run with the ministry"?,3,,4,<b>useful</b>,2,Too long,Hold the JSR field visits before the plenary$`,
      ),
    );
    // Answered once: a second answer is refused by the round itself.
    const again = await app.inject({
      method: 'POST',
      url: `/p/${kenyanToken}/feedback`,
      payload: new URLSearchParams(answers).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(again.statusCode).toBe(409);
  });

  it('closes the page of a participant who left, and opens the newcomer’s from their onboarding email', async () => {
    const leaving = 'm.achieng@example.ke';
    const leaverToken = signLinkToken(SECRET, { roundId, delegation: 'KE', email: leaving });
    expect((await app.inject({ method: 'GET', url: `/p/${leaverToken}` })).statusCode).toBe(200);
    const replace = await jsrx(
      [
        'replace-participant',
        roundId,
        'KE',
        '--leaving',
        leaving,
        '--name',
        'Wanjiku Njoroge',
        '--email',
        'w.njoroge@example.ke',
      ],
      cliEnv,
    );
    expect(replace.code).toBe(0);

    const closed = await eventually(async () => {
      const response = await app.inject({ method: 'GET', url: `/p/${leaverToken}` });
      return response.statusCode === 200 ? undefined : response;
    }, 'the leaver’s page to close');
    expect(closed.statusCode).toBe(403);
    expect(closed.body).toContain('no longer a participant');
    const [onboarding] = await smtp.waitFor(
      (message) =>
        message.envelopeTo.includes('w.njoroge@example.ke') &&
        /you take over from Mercy Achieng/.test(message.mail.subject ?? ''),
    );
    const opened = await app.inject({ method: 'GET', url: `/p/${tokenOf(linkIn(onboarding!) ?? '')}` });
    expect(opened.statusCode).toBe(200);
    expect(opened.body).toContain('Hello Wanjiku Njoroge');
  });

  describe('refuses hostile input with a clear page and a 4xx, keeping nothing and submitting nothing', () => {
    let before: { uploads: string[]; statuses: Record<string, string> };
    beforeEach(async () => {
      before = { uploads: uploadsContent(uploadsDir), statuses: await statuses() };
    });
    afterEach(async () => {
      expect(uploadsContent(uploadsDir)).toEqual(before.uploads);
      expect(await statuses()).toEqual(before.statuses);
    });
    const pdfFile = (name = 'plan.pdf'): FilePart => ({
      name,
      type: 'application/pdf',
      bytes: smallPdf('plan'),
    });

    it('a forged token (signed with another secret)', async () => {
      const forged = signLinkToken('not the service secret, but long enough to pass', {
        roundId,
        delegation: 'KE',
        email: KENYAN,
      });
      const page = await app.inject({ method: 'GET', url: `/p/${forged}` });
      expect(page.statusCode).toBe(403);
      expect(page.body).toContain('This link is not valid');
      expect(page.body).toContain('Ce lien n’est pas valide');
      expect((await deliver(forged, { deliverable: 'KE/maturity-ladder' }, pdfFile())).statusCode).toBe(403);
      expect((await app.inject({ method: 'GET', url: `/feeds/${forged}.ics` })).statusCode).toBe(403);
    });

    it('a tampered round id (the payload changed, the signature kept)', async () => {
      const [body, signature] = kenyanToken.split('.');
      const claims = JSON.parse(Buffer.from(body!, 'base64url').toString('utf8')) as { r: string };
      const tampered = `${Buffer.from(JSON.stringify({ ...claims, r: 'another-round' })).toString('base64url')}.${signature}`;
      expect((await app.inject({ method: 'GET', url: `/p/${tampered}` })).statusCode).toBe(403);
      expect((await deliver(tampered, { deliverable: 'KE/maturity-ladder' }, pdfFile())).statusCode).toBe(
        403,
      );
    });

    it('an expired link: 30 days after the round ends, or past a token’s own expiry', async () => {
      const { completesAt } = await progress();
      const late = await appAt(() => new Date(Date.parse(completesAt) + 31 * DAY_MS));
      const stillValid = await appAt(() => new Date(Date.parse(completesAt) + 29 * DAY_MS));
      try {
        const expired = await late.inject({ method: 'GET', url: `/p/${kenyanToken}` });
        expect(expired.statusCode).toBe(410);
        expect(expired.body).toContain('This link has expired');
        expect(
          (
            await late.inject({
              method: 'POST',
              url: `/p/${kenyanToken}`,
              ...multipartBody({ deliverable: 'KE/maturity-ladder' }, pdfFile()),
            })
          ).statusCode,
        ).toBe(410);
        expect((await stillValid.inject({ method: 'GET', url: `/p/${kenyanToken}` })).statusCode).toBe(200);
      } finally {
        await Promise.all([late.close(), stillValid.close()]);
      }
      const ownExpiry = signLinkToken(SECRET, {
        roundId,
        delegation: 'KE',
        email: KENYAN,
        expiresAt: new Date(Date.now() - 1000).toISOString(),
      });
      expect((await app.inject({ method: 'GET', url: `/p/${ownExpiry}` })).statusCode).toBe(410);
    });

    it('another delegation’s token used on this delegation’s deliverable', async () => {
      const refused = await deliver(ghanaianToken, { deliverable: 'KE/maturity-ladder' }, pdfFile());
      expect(refused.statusCode).toBe(403);
      expect(refused.body).toContain('not owed by your delegation');
      expect(
        (
          await deliver(kenyanToken, {
            deliverable: 'GH/learning-objectives',
            link: 'https://docs.example.ke/x',
          })
        ).statusCode,
      ).toBe(403);
      // A token for a delegation or a person not in the round, signed with the right secret, opens nothing either.
      const outsider = signLinkToken(SECRET, { roundId, delegation: 'KE', email: 'someone.else@example.ke' });
      expect((await app.inject({ method: 'GET', url: `/p/${outsider}` })).statusCode).toBe(403);
    });

    it('a path-traversal or control-character file name', async () => {
      for (const name of [
        '../../etc/passwd.pdf',
        '..\\..\\boot.pdf',
        'plan\u0007.pdf',
        'plan\u001b[31m.pdf',
      ]) {
        const refused = await deliver(kenyanToken, { deliverable: 'KE/maturity-ladder' }, pdfFile(name));
        expect([name, refused.statusCode]).toEqual([name, 400]);
        expect(refused.body).toContain('file’s name is not acceptable');
      }
    });

    it('an upload over the size limit', async () => {
      const big = Buffer.concat([smallPdf('big'), Buffer.alloc(UPLOAD_MAX, 0x20)]);
      const refused = await deliver(
        kenyanToken,
        { deliverable: 'KE/maturity-ladder' },
        { name: 'big.pdf', type: 'application/pdf', bytes: big },
      );
      expect(refused.statusCode).toBe(413);
      expect(refused.body).toContain('larger than the limit');
    });

    it('bytes that are not the type the file claims, or not an accepted type at all', async () => {
      const png = await deliver(
        kenyanToken,
        { deliverable: 'KE/maturity-ladder' },
        { name: 'plan.pdf', type: 'application/pdf', bytes: PNG_BYTES },
      );
      expect(png.statusCode).toBe(415);
      expect(png.body).toContain('does not match its name or type');
      const pdfAsImage = await deliver(
        kenyanToken,
        { deliverable: 'KE/maturity-ladder' },
        { name: 'plan.pdf', type: 'image/png', bytes: smallPdf('x') },
      );
      expect(pdfAsImage.statusCode).toBe(415);
      const script = await deliver(
        kenyanToken,
        { deliverable: 'KE/maturity-ladder' },
        { name: 'plan.pdf', type: 'application/pdf', bytes: Buffer.from('#!/bin/sh\nrm -rf /\n') },
      );
      expect(script.statusCode).toBe(415);
      expect(script.body).toContain('Only PDF, Word');
    });

    it('a file and a link together: neither is dropped without a word', async () => {
      const refused = await deliver(
        kenyanToken,
        { deliverable: 'KE/maturity-ladder', link: 'https://docs.example.ke/annex.pdf' },
        pdfFile(),
      );
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain('Give a file or a link, not both');
      // The way back says where it leads, not only an arrow a screen reader reads as "left arrow".
      expect(refused.body).toMatch(/<a href="\/p\/[^"]+">← Back to your page<\/a>/);
    });

    it('gives the form back as it was sent, so what the reader typed survives the refusal (no script needed)', async () => {
      const note = 'Annex <b>2</b> — validated by the minister on 3 March\nSecond line';
      const refused = await deliver(
        kenyanToken,
        { deliverable: 'KE/maturity-ladder', link: 'https://docs.example.ke/annex.pdf', note },
        pdfFile('ladder.pdf'),
      );
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toContain('Give a file or a link, not both');
      const form = /<form method="post" action="\/p\/([^"]+)" enctype="multipart\/form-data">[\s\S]*?<\/form>/.exec(refused.body);
      expect(form?.[1]).toBe(kenyanToken);
      expect(form?.[0]).toContain('<option value="KE/maturity-ladder" selected>');
      expect(form?.[0]).toContain('value="https://docs.example.ke/annex.pdf"');
      expect(form?.[0]).toContain('>Annex &lt;b&gt;2&lt;/b&gt; — validated by the minister on 3 March\nSecond line</textarea>');
      // A browser lets no page choose a file for the reader: the form says which one to choose again.
      expect(form?.[0]).toContain('Choose your file again (ladder.pdf)');
      expect(refused.body).toMatch(/<a href="\/p\/[^"]+">← Back to your page<\/a>/);

      const badLink = await deliver(kenyanToken, { deliverable: 'KE/maturity-ladder', link: 'docs.example.ke/annex', note: 'kept' });
      expect(badLink.statusCode).toBe(400);
      expect(badLink.body).toContain('<option value="KE/maturity-ladder" selected>');
      expect(badLink.body).toContain('value="docs.example.ke/annex"');
      expect(badLink.body).toContain('>kept</textarea>');
      expect(badLink.body).not.toContain('Choose your file again');
    });

    it('a javascript: link as reference', async () => {
      for (const link of [
        'javascript:alert(document.cookie)',
        'data:text/html,<script>alert(1)</script>',
        'not a link',
      ]) {
        const refused = await deliver(kenyanToken, { deliverable: 'KE/maturity-ladder', link });
        expect([link, refused.statusCode]).toEqual([link, 400]);
      }
    });
  });

  it('serves a calendar feed with the invitations’ UIDs and the delegation’s due dates; a reschedule shows at the next fetch', async () => {
    const readFeed = async (token = kenyanToken) => {
      const response = await app.inject({ method: 'GET', url: `/feeds/${token}.ics` });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toContain('text/calendar');
      const calendar = new ICAL.Component(ICAL.parse(response.body));
      return calendar.getAllSubcomponents('vevent').map((event) => ({
        uid: String(event.getFirstPropertyValue('uid')),
        sequence: Number(event.getFirstPropertyValue('sequence') ?? 0),
        start: (event.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString(),
        summary: String(event.getFirstPropertyValue('summary')),
      }));
    };
    const [vc2Invitation] = await smtp.waitFor(
      (message) =>
        message.envelopeTo.includes(KENYAN) && readInvitation(message.mail)?.uid.startsWith('vc2.') === true,
    );
    const emailedUid = readInvitation(vc2Invitation!.mail)!.uid;

    const before = await readFeed();
    // The feed carries the event's current SEQUENCE (a participant's replacement raises it too).
    const lastSent = (await progress()).events.find((event) => event.id === 'vc2')!.sequence;
    expect(before.find((event) => event.uid === emailedUid)).toMatchObject({
      sequence: lastSent,
      start: '2027-03-23T11:00:00.000Z',
    });
    expect(before.filter((event) => event.uid.startsWith('due.ke-')).map((event) => event.summary)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Learning objectives \(submitted\)/),
        expect.stringMatching(/^JSR country documents \(pending\)/),
      ]),
    );

    // The evening debriefs of the visit are in the visitors' feeds, not in the host's (Kenya hosts).
    expect(before.filter((event) => event.uid.startsWith('debrief-'))).toEqual([]);
    expect(
      (await readFeed(ghanaianToken)).filter((event) => event.uid.startsWith('debrief-')).length,
    ).toBeGreaterThan(0);

    const reschedule = await jsrx(
      ['reschedule', roundId, 'vc2', '--start', '2027-03-30T11:00:00Z', '--reason', 'budget session'],
      cliEnv,
    );
    expect(reschedule.code).toBe(0);
    const after = await eventually(async () => {
      const feed = await readFeed();
      return feed.find((event) => event.uid === emailedUid)?.start === '2027-03-30T11:00:00.000Z'
        ? feed
        : undefined;
    }, 'the feed to show VC2 moved');
    expect(after.find((event) => event.uid === emailedUid)).toMatchObject({
      sequence: lastSent + 1,
      start: '2027-03-30T11:00:00.000Z',
    });
    const [moved] = await smtp.waitFor(
      (message) =>
        message.envelopeTo.includes(KENYAN) &&
        readInvitation(message.mail)?.uid === emailedUid &&
        readInvitation(message.mail)!.sequence === lastSent + 1,
    );
    expect(readInvitation(moved!.mail)?.start.toISOString()).toBe('2027-03-30T11:00:00.000Z');
    expect(after.map((event) => event.uid).sort()).toEqual(before.map((event) => event.uid).sort());
  });

  // Last: it ends the round. A page opened before the round ended still shows the forms; a round
  // terminated from Temporal even still answers its progress query as running.
  it('refuses a delivery to a round that has ended with a page saying so, keeping nothing, not with a 500', async () => {
    await env.client.workflow.getHandle(roundWorkflowId(roundId)).terminate('launched by mistake');
    const stored = uploadsContent(uploadsDir);
    const late = await deliver(
      ghanaianToken,
      { deliverable: 'GH/self-assessment' },
      { name: 'late.pdf', type: 'application/pdf', bytes: smallPdf('after the end') },
    );
    expect(late.statusCode).toBe(409);
    expect(late.body).toContain('This round is no longer running: nothing more can be delivered.');
    expect(uploadsContent(uploadsDir)).toEqual(stored);
    // Nothing can take the note any more, but it is not lost: the page gives it back to copy.
    const noted = await deliver(ghanaianToken, { deliverable: 'GH/self-assessment', link: 'https://docs.example.gh/sa.pdf', note: 'Validated on 3 March' });
    expect(noted.statusCode).toBe(409);
    expect(noted.body).not.toContain('<form');
    expect(noted.body).toMatch(/Your note, to copy<\/label><textarea id="note" rows="3" readonly>Validated on 3 March<\/textarea>/);
    const feedback = await app.inject({
      method: 'POST',
      url: `/p/${ghanaianToken}/feedback`,
      payload: {
        usefulness: '4',
        'self-assessment-tool.rating': '4',
        'maturity-ladder.rating': '4',
        'exchange-toolbox.rating': '4',
        'guidelines.rating': '4',
        atHome: 'plan earlier',
      },
    });
    expect(feedback.statusCode).toBe(409);
    // The feedback comes back with its answers, to be passed on by hand (feedback-refused.test.ts).
    expect(feedback.body).toContain('This round closed before your feedback reached it');
    expect(feedback.body).toContain('>plan earlier</textarea>');
  });
});
