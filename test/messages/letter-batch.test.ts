/**
 * The batch activity against a real SMTP server on loopback: each letter's own outcome, a retry that
 * resumes from its last heartbeat, a cancellation between two letters.
 */
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { ActivityCancellationDetails, ApplicationFailure } from '@temporalio/common';
import {
  BATCH_CUT_OFF,
  createDeliverLetter,
  createDeliverLetters,
  createSmtpTransport,
  type MailTransport,
} from '../../activities';
import type { Letter, LetterBatch, LetterOutcome } from '../../workflows/dispatch';
import { closeLoopbackMail, openLoopbackMail, startLoopbackSmtp, type LoopbackSmtp } from '../harness/loopback-smtp';
import { LINK_SECRET, PUBLIC_URL, SECRETARIAT, invitationFor, plainRenderer, readers, receiptFor } from './letters';

let smtp: LoopbackSmtp;
let transport: MailTransport;
beforeEach(async () => ({ smtp, transport } = await openLoopbackMail()));
afterEach(() => closeLoopbackMail({ smtp, transport }));

const deliverLettersWith = (via: MailTransport = transport) =>
  createDeliverLetters(
    createDeliverLetter({ transport: via, renderer: plainRenderer, from: SECRETARIAT, publicUrl: PUBLIC_URL, linkSecret: LINK_SECRET }),
  );

/** Each letter is logged at info, each deferral at warning: this file's stories are told by its assertions. */
const quietEnvironment = (info?: ConstructorParameters<typeof MockActivityEnvironment>[0]) =>
  new MockActivityEnvironment(info, { logger: new DefaultLogger('ERROR') });

const sendIn = (env: MockActivityEnvironment, deliverLetters: (batch: LetterBatch) => Promise<LetterOutcome[]>, batch: LetterBatch) =>
  env.run(deliverLetters, batch) as Promise<LetterOutcome[]>;

/** As the workflow packs them: each message once, every letter pointing at its message. */
function batchOf(letters: Letter[]): LetterBatch {
  const messages = [...new Set(letters.map((letter) => letter.message))];
  return { messages, letters: letters.map((letter) => ({ message: messages.indexOf(letter.message), to: letter.to })) };
}

/** An invitation to three readers (one message) and a receipt for one of them. */
function launchLetters(): Letter[] {
  const invitation = invitationFor(readers.kamau).message;
  return [
    { message: invitation, to: readers.kamau },
    { message: invitation, to: readers.asante },
    { message: invitation, to: readers.schmidt },
    receiptFor(readers.asante),
  ];
}

/** More letters than a batch sends side by side: receipts of twelve different documents, to three readers in turn. */
function manyLetters(count = 12): Letter[] {
  const people = [readers.kamau, readers.asante, readers.schmidt];
  return Array.from({ length: count }, (_, index) => {
    const to = people[index % people.length]!;
    const { message } = receiptFor(to);
    return { message: { ...message, about: `${message.about}-${index}` }, to };
  });
}

/** A transport that runs `before` ahead of each letter it hands to the real one, and `after` once it is accepted. */
function transportWith(hooks: { before?: () => Promise<void>; after?: (sent: number) => void }): MailTransport {
  let sent = 0;
  return {
    name: 'smtp',
    async send(message) {
      await hooks.before?.();
      const answer = await transport.send(message);
      hooks.after?.(++sent);
      return answer;
    },
    close: () => undefined,
  };
}

describe('a batch of letters over SMTP', () => {
  it('delivers every letter to its own reader, a message shared by three readers packed once', async () => {
    const letters = launchLetters();
    const batch = batchOf(letters);
    expect(batch.messages).toHaveLength(2);

    const outcomes = await sendIn(quietEnvironment(), deliverLettersWith(), batch);

    expect(outcomes.map((outcome) => outcome.status)).toEqual(['delivered', 'delivered', 'delivered', 'delivered']);
    // Sent side by side over the pool's connections: in any order, each to its own reader.
    const received = new Map(smtp.received.map((message) => [message.mail.messageId, message.envelopeTo]));
    expect(received.size).toBe(4);
    outcomes.forEach((outcome, index) => {
      expect(outcome.status === 'delivered' && received.get(outcome.messageId)).toEqual([letters[index]!.to.email]);
    });
  });

  it('a reader whose mailbox says "try later" is deferred, a refused one is refused, and the others are delivered', async () => {
    smtp.refuse(readers.asante.email, 451);
    smtp.refuse(readers.schmidt.email, 550);

    const outcomes = await sendIn(quietEnvironment(), deliverLettersWith(), batchOf(launchLetters()));

    expect(outcomes.map((outcome) => outcome.status)).toEqual(['delivered', 'deferred', 'refused', 'deferred']);
    expect(outcomes[1]).toMatchObject({ reason: expect.stringMatching(/451/) });
    expect(outcomes[2]).toMatchObject({ reason: expect.stringMatching(/550/) });
    expect(smtp.received.map((message) => message.envelopeTo)).toEqual([[readers.kamau.email]]);
  });

  it('a mail server that cannot be reached defers the rest of the batch after the first letter, without trying each', async () => {
    const url = smtp.url;
    await smtp.close();
    const unreachable = createSmtpTransport(url);
    let tried = 0;
    const counting: MailTransport = { name: 'smtp', send: (message) => (tried++, unreachable.send(message)), close: () => unreachable.close() };
    try {
      const outcomes = await sendIn(quietEnvironment(), deliverLettersWith(counting), batchOf(manyLetters()));
      expect(outcomes).toHaveLength(12);
      expect(outcomes.every((outcome) => outcome.status === 'deferred')).toBe(true);
      // The letters already on their way when the first failed, and no more.
      expect(tried).toBeLessThanOrEqual(5);
    } finally {
      unreachable.close();
      smtp = await startLoopbackSmtp();
    }
  });

  it('records its progress while it sends, and an attempt after a crash sends only what the last heartbeat had not', async () => {
    const letters = manyLetters();
    const batch = batchOf(letters);
    // A slow relay, so the batch lasts past its first second and records its progress on the way.
    const slow = transportWith({ before: () => new Promise((resolve) => setTimeout(resolve, 400)) });
    const first = quietEnvironment();
    const heartbeats: Array<Array<LetterOutcome | null>> = [];
    first.on('heartbeat', (details: Array<LetterOutcome | null>) => heartbeats.push(structuredClone(details)));
    await sendIn(first, deliverLettersWith(slow), batch);
    const recorded = heartbeats.find((details) => details.some((outcome) => outcome === null));
    expect(recorded).toBeDefined();
    const done = recorded!.filter((outcome) => outcome?.status === 'delivered').length;
    expect(done).toBeGreaterThan(0);

    // The worker died there; the retry reads that heartbeat.
    smtp.received.length = 0;
    const retry = quietEnvironment({ attempt: 2, heartbeatDetails: recorded });
    const outcomes = await sendIn(retry, deliverLettersWith(), batch);

    expect(outcomes.slice(0, done)).toEqual(recorded!.slice(0, done));
    expect(outcomes.every((outcome) => outcome.status === 'delivered')).toBe(true);
    expect(smtp.received.map((message) => message.envelopeTo[0]).sort()).toEqual(
      letters
        .filter((_, index) => recorded![index]?.status !== 'delivered')
        .map((letter) => letter.to.email)
        .sort(),
    );
  });

  it('stops handing letters over once the round cancels it, and reports the ones already delivered', async () => {
    const env = quietEnvironment();
    const cancelling = transportWith({
      after: (sent) => {
        if (sent === 2) env.cancel();
      },
    });

    const outcomes = await sendIn(env, deliverLettersWith(cancelling), batchOf(manyLetters()));

    const statuses = outcomes.map((outcome) => outcome.status);
    // The letters already on their way when the round cancelled still land, and say so.
    expect(statuses.filter((status) => status === 'delivered')).toHaveLength(smtp.received.length);
    expect(smtp.received.length).toBeLessThanOrEqual(6);
    expect(statuses.filter((status) => status === 'cancelled')).toHaveLength(12 - smtp.received.length);
  });

  it('a worker that stops mid-batch fails it for a retry elsewhere, its progress recorded: nothing is marked cancelled', async () => {
    const env = quietEnvironment();
    const heartbeats: Array<Array<LetterOutcome | null>> = [];
    env.on('heartbeat', (details: Array<LetterOutcome | null>) => heartbeats.push(structuredClone(details)));
    const stopping = transportWith({
      after: (sent) => {
        if (sent === 2) env.cancel('WORKER_SHUTDOWN', new ActivityCancellationDetails({ workerShutdown: true }));
      },
    });

    const failure = await sendIn(env, deliverLettersWith(stopping), batchOf(manyLetters())).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: BATCH_CUT_OFF, nonRetryable: false });
    // Its last heartbeat names exactly the letters that went out; the rest are left for the retry.
    const progress = heartbeats.at(-1)?.map((outcome) => outcome?.status ?? null) ?? [];
    expect(progress.filter((status) => status === 'delivered')).toHaveLength(smtp.received.length);
    expect(progress.filter((status) => status === null)).toHaveLength(12 - smtp.received.length);
    expect(smtp.received.length).toBeLessThanOrEqual(6);
  });
});
