import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { createMessageActivitiesFromSettings, parseMailbox, readOutboxManifest } from '../../activities';
import { readCalendar } from './read-calendar';
import { people, sampleDispatch } from './fixtures';

describe('activities wired from the worker settings', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'jsrx-wiring-'));
  });
  afterEach(async () => {
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('reads the sender from the configured mailbox and keeps the sent record on disk across workers', async () => {
    const settings = {
      outboxDir: path.join(dataDir, 'outbox'),
      sentRecordDir: path.join(dataDir, 'sent'),
      from: 'Secrétariat JSR <secretariat@jsr.example.org>',
      publicUrl: 'http://localhost:8233/',
    };
    const dispatch = sampleDispatch('round-cancelled', { recipients: [people.wanjiru] });

    const first = createMessageActivitiesFromSettings(settings);
    const report = await first.activities.deliver(dispatch);
    first.close();
    const restarted = createMessageActivitiesFromSettings(settings);
    const retry = await restarted.activities.deliver(dispatch);
    restarted.close();

    expect(report.sent).toEqual([people.wanjiru.email]);
    expect(retry.alreadySent).toEqual([people.wanjiru.email]);
    expect(await fs.readdir(settings.sentRecordDir)).toHaveLength(1);

    const [entry] = await readOutboxManifest(settings.outboxDir);
    expect(entry).toMatchObject({ kind: 'round-cancelled', event: 'visit' });
    expect(entry!.messageId).toMatch(/@jsr\.example\.org>$/);
    const mail = await simpleParser(await fs.readFile(path.join(settings.outboxDir, entry!.file)));
    expect(mail.from?.value).toEqual([{ name: 'Secrétariat JSR', address: 'secretariat@jsr.example.org' }]);
    // A round cancelled before its visit takes the visit out of the reader's calendar.
    const calendar = readCalendar(mail.attachments[0]!.content.toString('utf8'));
    expect(calendar).toMatchObject({
      method: 'CANCEL',
      uid: 'fr-2027-r1-visit@jsr-exchange.example.org',
      sequence: 1,
      status: 'CANCELLED',
    });
  });

  it('parses a mailbox written either way, and says how to fix a bad one', () => {
    expect(parseMailbox('JSR Exchange Secretariat <Secretariat@jsr-exchange.local>')).toEqual({
      name: 'JSR Exchange Secretariat',
      email: 'secretariat@jsr-exchange.local',
    });
    expect(parseMailbox('"Awa Diallo" <awa@example.org>')).toEqual({
      name: 'Awa Diallo',
      email: 'awa@example.org',
    });
    expect(parseMailbox('secretariat@example.org')).toEqual({
      name: 'JSR Exchange Secretariat',
      email: 'secretariat@example.org',
    });
    expect(() => parseMailbox('the secretariat')).toThrow(/Name <address@example.org>/);
  });
});
