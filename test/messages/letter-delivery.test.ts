/**
 * The send activity on a real SMTP server on loopback (and on the outbox), with letters the workflows
 * actually dispatched (test/fixtures/dispatched-letters.json), read back with mailparser.
 */
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { ApplicationFailure } from '@temporalio/common';
import { createDeliverLetter, createOutboxTransport, createRenderer, createSmtpTransport, readOutboxManifest, type MailTransport } from '../../activities';
import type { Letter } from '../../workflows/dispatch';
import { startLoopbackSmtp, type LoopbackSmtp } from '../harness/loopback-smtp';

const letters = JSON.parse(readFileSync(path.join(__dirname, '..', 'fixtures', 'dispatched-letters.json'), 'utf8')) as Letter[];
const escalation = letters.find((letter) => letter.message.kind === 'escalation' && (letter.message.cc ?? []).length > 0);
const invitation = letters.find((letter) => letter.message.kind === 'invitation');
const renderer = createRenderer();
const from = { name: 'JSR Exchange Secretariat', email: 'secretariat@jsr.example.org' };
const HANDED_OVER = new Date('2031-05-06T07:08:09.000Z');

describe('one letter, one email to one reader', () => {
  let smtp: LoopbackSmtp;
  let transport: MailTransport;
  let deliver: (letter: Letter) => Promise<{ messageId: string }>;
  beforeAll(async () => {
    smtp = await startLoopbackSmtp();
    transport = createSmtpTransport(smtp.url);
    deliver = createDeliverLetter({ transport, renderer, from, publicUrl: 'https://jsr.example.org', clock: () => HANDED_OVER });
  });
  afterAll(async () => {
    transport?.close();
    await smtp?.close();
  });

  it('goes to its reader alone, names the copied people in Cc, and is dated when it was handed over', async () => {
    if (!escalation) throw new Error('the workflow tests record an escalation with a Cc');
    const receipt = await deliver(escalation);
    const [received] = await smtp.waitFor((message) => message.mail.messageId === receipt.messageId);
    expect(received?.envelopeTo).toEqual([escalation.to.email]);
    const cc = received?.mail.cc;
    const ccAddresses = (Array.isArray(cc) ? cc : cc ? [cc] : []).flatMap((field) => field.value.map((value) => value.address));
    expect(ccAddresses).toEqual((escalation.message.cc ?? []).map((person) => person.email));
    expect(received?.mail.date?.toISOString()).toBe(HANDED_OVER.toISOString());
    expect(escalation.message.decidedAt).not.toBe(HANDED_OVER.toISOString());
  });

  it('keeps its Message-ID when sent again, and gets a new one in a relaunched round (another run)', async () => {
    if (!invitation) throw new Error('the workflow tests record an invitation');
    const first = await deliver(invitation);
    const again = await deliver(invitation);
    const relaunched = await deliver({ ...invitation, message: { ...invitation.message, round: { ...invitation.message.round, runId: 'another-run' } } });
    expect(again.messageId).toBe(first.messageId);
    expect(relaunched.messageId).not.toBe(first.messageId);
  });

  it('a temporary refusal (4xx) is retryable for this reader; a permanent one (5xx) is final', async () => {
    if (!invitation) throw new Error('the workflow tests record an invitation');
    smtp.refuse(invitation.to.email, 451);
    const later = await deliver(invitation).catch((error: unknown) => error);
    expect(later).toBeInstanceOf(ApplicationFailure);
    expect(later).toMatchObject({ type: 'SmtpTransientError', nonRetryable: false });
    smtp.refuse(invitation.to.email, 550);
    const never = await deliver(invitation).catch((error: unknown) => error);
    expect(never).toMatchObject({ type: 'SmtpPermanentError', nonRetryable: true, message: expect.stringContaining('550') });
    smtp.accept(invitation.to.email);
  });
});

describe('the outbox', () => {
  it('writes the email and a manifest line with the scheduled instant and the hand-over moment', async () => {
    if (!invitation) throw new Error('the workflow tests record an invitation');
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'jsrx-outbox-'));
    const transport = createOutboxTransport(dir);
    try {
      const deliver = createDeliverLetter({ transport, renderer, from, publicUrl: 'https://jsr.example.org', clock: () => HANDED_OVER });
      const receipt = await deliver(invitation);
      const [entry] = await readOutboxManifest(dir);
      expect(entry).toMatchObject({
        kind: 'invitation',
        to: invitation.to.email,
        scheduledAt: invitation.message.decidedAt,
        sentAt: HANDED_OVER.toISOString(),
        messageId: receipt.messageId,
      });
      const mail = await simpleParser(await fs.readFile(path.join(dir, entry!.file)));
      expect(mail.messageId).toBe(receipt.messageId);
    } finally {
      transport.close();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
