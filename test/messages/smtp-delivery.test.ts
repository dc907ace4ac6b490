import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ApplicationFailure, type Logger } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import {
  createActivities,
  createFileSentRecord,
  createMailTransport,
  createRenderer,
  messageId,
  SMTP_TRANSIENT_ERROR,
  type MailTransport,
  type SentRecord,
} from '../../activities';
import type { DeliveryReport, Dispatch } from '../../workflows/dispatch';
import { startLoopbackSmtp, type LoopbackSmtp } from '../harness/loopback-smtp';
import { readCalendar } from './read-calendar';
import { PUBLIC_URL, SECRETARIAT, people, sampleDispatch } from './fixtures';

const renderer = createRenderer();
let smtp: LoopbackSmtp;
let transport: MailTransport;
let recordDir: string;

beforeEach(async () => {
  smtp = await startLoopbackSmtp();
  transport = createMailTransport({ smtpUrl: smtp.url, outboxDir: '/nonexistent-outbox-unused' });
  recordDir = await fs.mkdtemp(path.join(os.tmpdir(), 'jsrx-sent-'));
});

afterEach(async () => {
  transport.close();
  await smtp.close();
  await fs.rm(recordDir, { recursive: true, force: true });
});

const activitiesWith = (overrides: { transport?: MailTransport; sentRecord?: SentRecord } = {}) =>
  createActivities({
    transport: overrides.transport ?? transport,
    sentRecord: overrides.sentRecord ?? createFileSentRecord(recordDir),
    from: SECRETARIAT,
    publicUrl: PUBLIC_URL,
    renderer,
  });

const invitation = (fields: Partial<Dispatch> = {}) =>
  sampleDispatch('invitation', {
    recipients: [people.mahamat, people.wanjiru, people.aminata],
    cc: [people.claire],
    ...fields,
  });

describe('delivering over SMTP to a loopback server', () => {
  it('sends an invitation as one email per reader, in their language, with the calendar part and nothing else', async () => {
    const report = await activitiesWith().deliver(invitation());

    expect(report.sent).toEqual([people.mahamat.email, people.wanjiru.email, people.aminata.email]);
    expect(smtp.received).toHaveLength(3);
    const toMahamat = smtp.deliveredTo(people.mahamat.email)[0]!.mail;
    const toWanjiru = smtp.deliveredTo(people.wanjiru.email)[0]!.mail;
    for (const { mail } of smtp.received) {
      const to = Array.isArray(mail.to) ? mail.to : [mail.to!];
      expect(to.flatMap((address) => address.value)).toHaveLength(1);
      expect(
        (Array.isArray(mail.cc) ? mail.cc[0] : mail.cc)?.value.map((address) => address.address),
      ).toEqual([people.claire.email]);
      expect(mail.from?.value).toEqual([{ name: SECRETARIAT.name, address: SECRETARIAT.email }]);
      expect(mail.date?.toISOString()).toBe('2027-01-11T08:00:00.000Z');
      expect(mail.text).toContain('https://meet.example.org/vc1');
      expect(mail.html).toContain('<a href="https://meet.example.org/vc1">');
      // Nodemailer carries the one calendar twice (alternative part and .ics file): both are the invitation.
      expect(mail.attachments.length).toBeGreaterThan(0);
      expect(mail.attachments.every((attachment) => /calendar|ics/.test(attachment.contentType))).toBe(true);
    }
    expect(toMahamat.messageId).toBe(messageId(invitation(), people.mahamat.email, SECRETARIAT.email));
    expect(toMahamat.messageId).toMatch(/^<[0-9a-f]{32}@jsr-exchange\.example\.org>$/);
    expect(toMahamat.headers.get('content-language')).toBe('fr');
    expect(toWanjiru.headers.get('content-language')).toBe('en');
    expect(toMahamat.subject).toContain("14:00 (N'Djamena)");
    expect(toWanjiru.subject).toContain('16:00 (Nairobi)');
    expect(toMahamat.text).toContain(`delegations/TD?as=${encodeURIComponent(people.mahamat.email)}`);

    const raw = smtp.deliveredTo(people.wanjiru.email)[0]!.raw.toString('utf8');
    expect(raw).toMatch(/Content-Type: text\/calendar; charset=utf-8; method=REQUEST/);
    const calendarPart =
      toWanjiru.attachments.find((attachment) => attachment.contentType === 'text/calendar') ??
      toWanjiru.attachments[0]!;
    const calendar = readCalendar(calendarPart.content.toString('utf8'));
    expect(calendar).toMatchObject({
      method: 'REQUEST',
      uid: 'fr-2027-r1-vc1@jsr-exchange.example.org',
      sequence: 0,
      start: '2027-02-10T13:00:00Z',
    });
    expect(calendar.attendees.map((attendee) => attendee.email)).toContain(people.wanjiru.email);
  });

  it('a recipient refused permanently (5xx) is reported, and the others are still delivered', async () => {
    smtp.refuse(people.wanjiru.email, 550);
    const report = await activitiesWith().deliver(invitation());

    expect(report.sent).toEqual([people.mahamat.email, people.aminata.email]);
    expect(report.failed).toEqual([{ email: people.wanjiru.email, reason: expect.stringContaining('550') }]);
    expect(smtp.deliveredTo(people.wanjiru.email)).toHaveLength(0);

    // Never retried: a second attempt reports it again without knocking on the server.
    smtp.accept(people.wanjiru.email);
    const again = await activitiesWith().deliver(invitation());
    expect(again.failed.map((failure) => failure.email)).toEqual([people.wanjiru.email]);
    expect(smtp.deliveredTo(people.wanjiru.email)).toHaveLength(0);
  });

  it('when every recipient is refused permanently, the report says so and nothing throws', async () => {
    for (const person of [people.mahamat, people.wanjiru, people.aminata]) smtp.refuse(person.email, 553);
    const report = await activitiesWith().deliver(invitation({ cc: [] }));
    expect(report.sent).toEqual([]);
    expect(report.failed.map((failure) => failure.email)).toEqual([
      people.mahamat.email,
      people.wanjiru.email,
      people.aminata.email,
    ]);
  });

  it('a temporary refusal (4xx) throws a retryable failure after the others, and the retry sends only the missing one', async () => {
    smtp.refuse(people.wanjiru.email, 451);
    const activities = activitiesWith();
    const failure = await activities.deliver(invitation()).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: SMTP_TRANSIENT_ERROR, nonRetryable: false });
    expect((failure as Error).message).toContain(people.wanjiru.email);
    expect(smtp.deliveredTo(people.mahamat.email)).toHaveLength(1);
    expect(smtp.deliveredTo(people.aminata.email)).toHaveLength(1);

    smtp.accept(people.wanjiru.email);
    const retry = await activities.deliver(invitation());
    expect(retry.sent).toEqual([people.wanjiru.email]);
    expect(retry.alreadySent).toEqual([people.mahamat.email, people.aminata.email]);
    // The coordinating agency, in copy, received Wanjiru's message on the first attempt: not again.
    expect(smtp.deliveredTo(people.wanjiru.email)).toHaveLength(1);
    expect(smtp.deliveredTo(people.claire.email)).toHaveLength(3);
    expect(smtp.deliveredTo(people.wanjiru.email)[0]!.mail.headers.get('cc')).toBeDefined();
  });

  it('a forced retry of the same dispatch delivers nothing twice', async () => {
    const first = await activitiesWith().deliver(invitation());
    // A new worker process after a crash: same record folder, fresh activities.
    const second = await activitiesWith().deliver(invitation());
    expect(first.sent).toHaveLength(3);
    expect(second.sent).toEqual([]);
    expect(second.alreadySent).toEqual(first.sent);
    expect(second.messageIds).toEqual(first.messageIds);
    expect(smtp.received).toHaveLength(3);
  });

  it('a connection lost after the first reader: the retry serves only the readers not yet served', async () => {
    let handedOver = 0;
    const dyingTransport: MailTransport = {
      name: 'smtp',
      async send(message) {
        if (handedOver === 1) throw Object.assign(new Error('connection lost'), { code: 'ECONNECTION' });
        handedOver += 1;
        return transport.send(message);
      },
      close: () => undefined,
    };
    await expect(activitiesWith({ transport: dyingTransport }).deliver(invitation())).rejects.toThrow(
      /not delivered yet/,
    );
    expect(smtp.received).toHaveLength(1);

    const retry = await activitiesWith().deliver(invitation());
    expect(retry.alreadySent).toEqual([people.mahamat.email]);
    expect(retry.sent).toEqual([people.wanjiru.email, people.aminata.email]);
    expect(smtp.deliveredTo(people.mahamat.email)).toHaveLength(1);
    expect(smtp.deliveredTo(people.wanjiru.email)).toHaveLength(1);
  });

  it('a crash after the server accepted but before the record was written resends with the same Message-ID (the one window left)', async () => {
    const record = createFileSentRecord(recordDir);
    const crashingRecord: SentRecord = {
      find: (id) => record.find(id),
      remember: async () => {
        throw new Error('worker process killed before writing the record');
      },
    };
    const single = invitation({ recipients: [people.wanjiru], cc: [] });
    await expect(activitiesWith({ sentRecord: crashingRecord }).deliver(single)).rejects.toThrow(/killed/);
    await activitiesWith().deliver(single);

    const copies = smtp.deliveredTo(people.wanjiru.email);
    expect(copies).toHaveLength(2);
    // At-least-once, honestly: the duplicate carries the same Message-ID, which mail clients fold into one.
    expect(copies[1]!.mail.messageId).toBe(copies[0]!.mail.messageId);
  });

  it('a reschedule reaches readers as a REQUEST with the same UID and a higher sequence; a cancellation as CANCEL', async () => {
    const base = invitation({ recipients: [people.wanjiru], cc: [] });
    const moved = { ...base.invite!.event, start: '2027-02-17T13:00:00Z', end: '2027-02-17T15:00:00Z' };
    await activitiesWith().deliver({
      ...base,
      about: 'vc1#1',
      invite: { ...base.invite!, event: moved, sequence: 1 },
      reason: 'a public holiday',
    });
    await activitiesWith().deliver(
      sampleDispatch('invitation-cancelled', {
        about: 'vc1#2',
        recipients: [people.wanjiru],
        invite: { ...base.invite!, event: moved, method: 'CANCEL', sequence: 2 },
      }),
    );
    const [update, cancellation] = smtp.deliveredTo(people.wanjiru.email);
    expect(update!.mail.subject).toMatch(
      /^Updated invitation: First video conference – Wednesday, 17 February 2027, 16:00 \(Nairobi\)/,
    );
    expect(update!.raw.toString()).toMatch(/text\/calendar; charset=utf-8; method=REQUEST/);
    expect(cancellation!.raw.toString()).toMatch(/text\/calendar; charset=utf-8; method=CANCEL/);
    const calendarOf = (received: typeof update) =>
      readCalendar(received!.mail.attachments[0]!.content.toString('utf8'));
    expect(calendarOf(update)).toMatchObject({
      method: 'REQUEST',
      uid: base.invite!.uid,
      sequence: 1,
      start: '2027-02-17T13:00:00Z',
    });
    expect(calendarOf(cancellation)).toMatchObject({ method: 'CANCEL', uid: base.invite!.uid, sequence: 2 });
  });

  it('runs inside a real activity context: a report on success, a retryable failure on 4xx', async () => {
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
    const env = new MockActivityEnvironment({ activityType: 'deliver' }, { logger });
    const activities = activitiesWith();
    const report: DeliveryReport = await env.run(
      activities.deliver,
      sampleDispatch('deliverable-reminder', { recipients: [people.wanjiru] }),
    );
    expect(report.sent).toEqual([people.wanjiru.email]);
    // Logged through the SDK's activity logger, which tags the line with the workflow and activity.
    expect(logged).toContainEqual({ level: 'INFO', message: 'message sent', to: people.wanjiru.email });

    smtp.refuse(people.otieno.email, 421);
    await expect(
      env.run(activities.deliver, sampleDispatch('deliverable-reminder', { recipients: [people.otieno] })),
    ).rejects.toMatchObject({
      type: SMTP_TRANSIENT_ERROR,
      nonRetryable: false,
    });
  });
});
