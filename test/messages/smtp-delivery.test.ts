import { ApplicationFailure, CancelledFailure, type Logger } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import {
  createDeliverLetter,
  createSmtpTransport,
  messageId,
  SMTP_PERMANENT_ERROR,
  SMTP_TRANSIENT_ERROR,
  TEMPLATE_ERROR,
  type Clock,
  type MailTransport,
  type Renderer,
} from '../../activities';
import type { Letter, LetterReceipt } from '../../workflows/dispatch';
import { closeLoopbackMail, openLoopbackMail, startLoopbackSmtp, type LoopbackSmtp } from '../harness/loopback-smtp';
import { readRoundFile } from '../../client/round-file-io';
import { validateRound } from '../../domain/validate';
import { readCalendar } from './read-calendar';
import {
  LINK_SECRET,
  PUBLIC_URL,
  SECRETARIAT,
  VC1_UID,
  invitationFor,
  plainRenderer,
  readers,
  receiptFor,
} from './letters';

let smtp: LoopbackSmtp;
let transport: MailTransport;
beforeEach(async () => ({ smtp, transport } = await openLoopbackMail()));
afterEach(() => closeLoopbackMail({ smtp, transport }));

/** A clock that says what a test tells it to; the Date header has whole seconds. */
const HANDED_OVER_AT = '2027-02-10T08:31:07.000Z';
const fixedClock =
  (iso: string = HANDED_OVER_AT): Clock =>
  () =>
    new Date(iso);

const deliverWith = (overrides: { transport?: MailTransport; renderer?: Renderer; clock?: Clock } = {}) =>
  createDeliverLetter({
    transport: overrides.transport ?? transport,
    renderer: overrides.renderer ?? plainRenderer,
    from: SECRETARIAT,
    publicUrl: PUBLIC_URL,
    linkSecret: LINK_SECRET,
    clock: overrides.clock ?? fixedClock(),
  });

/** The rejection of a delivery, to read its ApplicationFailure's fields. */
const failureOf = (delivery: Promise<unknown>) =>
  delivery.then(
    () => undefined,
    (error: unknown) => error,
  );

describe('one letter over SMTP to a loopback server', () => {
  it('is one email to its reader alone: the envelope names the reader, the Cc header the copied', async () => {
    const letter = receiptFor(readers.asante);
    const receipt = await deliverWith()(letter);

    expect(smtp.received).toHaveLength(1);
    const [email] = smtp.received;
    expect(email!.envelopeTo).toEqual([readers.asante.email]);
    // The CA representative reads who else knows, and gets a letter of their own when the round sends one.
    expect(smtp.deliveredTo(readers.schmidt.email)).toEqual([]);
    expect(email!.mail.to).toMatchObject({
      value: [{ name: readers.asante.name, address: readers.asante.email }],
    });
    expect(email!.mail.cc).toMatchObject({
      value: [{ name: readers.schmidt.name, address: readers.schmidt.email }],
    });
    expect(email!.mail.from?.value).toEqual([{ name: SECRETARIAT.name, address: SECRETARIAT.email }]);
    expect(email!.mail.headers.get('content-language')).toBe('en');
    expect(email!.mail.subject).toBe(`submission-receipt for ${readers.asante.name}`);
    expect(email!.mail.messageId).toBe(receipt.messageId);
  });

  it('reaches a reader whose address has accents (jérôme@exemple.org) as written, in the envelope and the To header', async () => {
    const jerome = { ...readers.asante, name: 'Jérôme Kaboré', email: 'jérôme@exemple.org' };
    // The round file takes such an address, as the concept note's francophone ministries may have them.
    const file = (await readRoundFile('examples/fr-2027-r1.yaml')) as { delegations: Array<{ participants: Array<{ email: string }> }> };
    file.delegations[0]!.participants[0]!.email = jerome.email;
    expect(validateRound(file).ok).toBe(true);

    await deliverWith()(receiptFor(jerome));

    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.envelopeTo).toEqual(['jérôme@exemple.org']);
    expect(smtp.received[0]!.mail.to).toMatchObject({ value: [{ name: 'Jérôme Kaboré', address: 'jérôme@exemple.org' }] });
    expect(smtp.deliveredTo('jérôme@exemple.org')).toHaveLength(1);
  });

  it('does not copy a reader to themselves', async () => {
    await deliverWith()(receiptFor(readers.schmidt));

    expect(smtp.received.map((email) => email.envelopeTo)).toEqual([[readers.schmidt.email]]);
    expect(smtp.received[0]!.mail.cc).toBeUndefined();
  });

  it('is dated at its hand-over to the transport, not at the instant the round decided it', async () => {
    const letter = receiptFor(readers.asante, { decidedAt: '2027-02-10T08:30:00Z' });
    const receipt = await deliverWith({ clock: fixedClock(HANDED_OVER_AT) })(letter);

    const date = smtp.received[0]!.mail.date;
    expect(date?.toISOString()).toBe(HANDED_OVER_AT);
    expect(date?.getTime()).not.toBe(Date.parse(letter.message.decidedAt));
    expect(receipt.handedOverAt).toBe(HANDED_OVER_AT);

    // A retry an hour later is dated an hour later: the clock is read at each hand-over.
    await deliverWith({ clock: fixedClock('2027-02-10T09:31:07.000Z') })(letter);
    expect(smtp.received[1]!.mail.date?.toISOString()).toBe('2027-02-10T09:31:07.000Z');
  });

  it('carries the same Message-ID every time it is sent, and a new one when the round is relaunched', async () => {
    const deliver = deliverWith();
    const first = await deliver(receiptFor(readers.asante));
    // Temporal retries a letter whose completion was lost: the copy is the same message to mail clients.
    const retried = await deliver(receiptFor(readers.asante));
    const relaunched = await deliver(
      receiptFor(readers.asante, { runId: '5f0c6b9e-0000-4000-8000-000000000002' }),
    );
    const otherReader = await deliver(receiptFor(readers.kamau));

    const headers = smtp.received.map((email) => email.mail.messageId);
    expect(headers).toEqual([
      first.messageId,
      retried.messageId,
      relaunched.messageId,
      otherReader.messageId,
    ]);
    expect(retried.messageId).toBe(first.messageId);
    expect(relaunched.messageId).not.toBe(first.messageId);
    expect(otherReader.messageId).not.toBe(first.messageId);
    expect(first.messageId).toBe(
      messageId(receiptFor(readers.asante).message, readers.asante.email, SECRETARIAT.email),
    );
    expect(first.messageId).toMatch(/^<[0-9a-f]{32}@jsr-exchange\.example\.org>$/);
  });

  it('a temporary refusal (4xx) rejects with a retryable SmtpTransientError, and a later attempt delivers once', async () => {
    smtp.refuse(readers.asante.email, 451);
    const deliver = deliverWith();

    const failure = await failureOf(deliver(receiptFor(readers.asante)));
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: SMTP_TRANSIENT_ERROR, nonRetryable: false });
    expect((failure as Error).message).toMatch(/451/);
    expect(smtp.received).toHaveLength(0);

    smtp.accept(readers.asante.email);
    await deliver(receiptFor(readers.asante));
    expect(smtp.deliveredTo(readers.asante.email)).toHaveLength(1);
  });

  it('a permanent refusal (5xx) rejects with a non-retryable SmtpPermanentError carrying the server’s reply', async () => {
    smtp.refuse(readers.asante.email, 550);

    const failure = await failureOf(deliverWith()(receiptFor(readers.asante)));
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: SMTP_PERMANENT_ERROR, nonRetryable: true });
    expect((failure as Error).message).toMatch(/550.*does not exist/);
    expect(smtp.received).toHaveLength(0);
  });

  it('a mail server that does not answer is a retryable SmtpTransientError', async () => {
    const url = smtp.url;
    await smtp.close();
    const unreachable = createSmtpTransport(url);
    try {
      const failure = await failureOf(deliverWith({ transport: unreachable })(receiptFor(readers.asante)));
      expect(failure).toMatchObject({ type: SMTP_TRANSIENT_ERROR, nonRetryable: false });
    } finally {
      unreachable.close();
      smtp = await startLoopbackSmtp();
    }
  });

  it('a letter its template cannot render is a non-retryable TemplateError, and nothing is handed over', async () => {
    const broken: Renderer = {
      render: () => {
        throw new Error('"deliverable.due" has no value');
      },
    };

    const failure = await failureOf(deliverWith({ renderer: broken })(receiptFor(readers.asante)));
    expect(failure).toMatchObject({ type: TEMPLATE_ERROR, nonRetryable: true });
    expect((failure as Error).message).toContain(`submission-receipt for ${readers.asante.email}`);
    expect(smtp.received).toHaveLength(0);
  });

  it('an invitation carries its calendar part, with the round run’s UID, and nothing else attached', async () => {
    const letter = invitationFor(readers.kamau);
    await deliverWith()(letter);

    const [email] = smtp.received;
    expect(email!.envelopeTo).toEqual([readers.kamau.email]);
    expect(email!.raw.toString('utf8')).toMatch(
      /Content-Type: text\/calendar; charset=utf-8; method=REQUEST/,
    );
    expect(email!.mail.attachments.every((attachment) => /calendar|ics/.test(attachment.contentType))).toBe(
      true,
    );
    const calendar = readCalendar(email!.mail.attachments[0]!.content.toString('utf8'));
    expect(calendar).toMatchObject({
      method: 'REQUEST',
      uid: VC1_UID,
      sequence: 0,
    });
    expect(calendar.start).toBe('2027-02-16T11:00:00Z');
  });
});

describe('inside an activity', () => {
  const logged: Array<{ level: string; message: string; to?: unknown }> = [];
  const record = (level: string) => (message: string, meta?: Record<string, unknown>) =>
    logged.push({ level, message, to: meta?.to });
  const logger: Logger = {
    log: (level, message, meta) => logged.push({ level, message, to: meta?.to }),
    trace: record('TRACE'),
    debug: record('DEBUG'),
    info: record('INFO'),
    warn: record('WARN'),
    error: record('ERROR'),
  };

  it('logs each letter through the SDK’s activity logger, with its reader', async () => {
    const env = new MockActivityEnvironment({ activityType: 'deliverLetter' }, { logger });
    const letter: Letter = receiptFor(readers.asante);

    const receipt: LetterReceipt = await env.run(deliverWith(), letter);

    expect(receipt.messageId).toBe(smtp.received[0]!.mail.messageId);
    expect(logged).toContainEqual({ level: 'INFO', message: 'letter sent', to: readers.asante.email });
  });

  it('hands nothing over once the round has cancelled it', async () => {
    const env = new MockActivityEnvironment({ activityType: 'deliverLetter' }, { logger });
    env.cancel();

    await expect(env.run(deliverWith(), receiptFor(readers.asante))).rejects.toBeInstanceOf(CancelledFailure);
    expect(smtp.received).toHaveLength(0);
  });
});
