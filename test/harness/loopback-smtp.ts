/**
 * A real SMTP server on 127.0.0.1 (port 0) for the delivery and end-to-end tests: it records every
 * message it accepts, parsed by mailparser (not by the code that wrote it), and refuses recipients with
 * the reply a test asks for.
 */
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { createMailTransport, type MailTransport } from '../../activities/mail-transport';

export interface Received {
  envelopeTo: string[];
  raw: Buffer;
  mail: ParsedMail;
}

export interface LoopbackSmtp {
  url: string;
  received: Received[];
  /** Refuse this recipient with a reply code (550 permanent, 451 temporary) until `accept` is called. */
  refuse(email: string, code: number): void;
  accept(email: string): void;
  /** Messages delivered to one address. */
  deliveredTo(email: string): Received[];
  /** Resolves with the messages that match once at least `count` arrived; rejects after `timeoutMs`. */
  waitFor(match: (message: Received) => boolean, count?: number, timeoutMs?: number): Promise<Received[]>;
  close(): Promise<void>;
}

export interface LoopbackSmtpOptions {
  /** How long the server takes over each message before it answers: a slower relay, so sends overlap a deploy. */
  acceptDelayMs?: number;
}

export async function startLoopbackSmtp(options: LoopbackSmtpOptions = {}): Promise<LoopbackSmtp> {
  const received: Received[] = [];
  const refusals = new Map<string, number>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      const code = refusals.get(address.address.toLowerCase());
      if (code === undefined) return callback();
      const error = Object.assign(
        new Error(
          code >= 500
            ? `mailbox ${address.address} does not exist`
            : `mailbox ${address.address} busy, try later`,
        ),
        {
          responseCode: code,
        },
      );
      return callback(error);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const { acceptDelayMs } = options;
        (acceptDelayMs ? new Promise((resolve) => setTimeout(resolve, acceptDelayMs)) : Promise.resolve())
          .then(() => simpleParser(raw))
          .then((mail) => {
            received.push({
              envelopeTo: session.envelope.rcptTo.map((to) => to.address.toLowerCase()),
              raw,
              mail,
            });
            callback();
          })
          .catch(callback);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  // A worker SIGKILLed mid-send (the fault tests do it on purpose) resets its connection, and smtp-server
  // reports that as an 'error' event: unheard, it would fail whichever test file is running, not the send.
  server.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ECONNRESET') process.stderr.write(`loopback SMTP server: ${error.message}\n`);
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    refuse: (email, code) => refusals.set(email.toLowerCase(), code),
    accept: (email) => refusals.delete(email.toLowerCase()),
    deliveredTo: (email) => received.filter((message) => message.envelopeTo.includes(email.toLowerCase())),
    async waitFor(match, count = 1, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = received.filter(match);
        if (found.length >= count) return found;
        if (Date.now() > deadline) {
          const seen = received.map((message) => `${message.envelopeTo.join(',')}: ${message.mail.subject ?? ''}`).join('\n  ');
          throw new Error(`waited ${timeoutMs} ms for ${count} matching messages, found ${found.length}; received:\n  ${seen}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A loopback SMTP server and the worker's own SMTP transport to it: what a send test talks through. */
export interface LoopbackMail {
  smtp: LoopbackSmtp;
  transport: MailTransport;
}

export async function openLoopbackMail(): Promise<LoopbackMail> {
  const smtp = await startLoopbackSmtp();
  return { smtp, transport: createMailTransport({ smtpUrl: smtp.url, outboxDir: '/nonexistent-outbox-unused' }) };
}

export async function closeLoopbackMail({ smtp, transport }: LoopbackMail): Promise<void> {
  transport.close();
  await smtp.close();
}
