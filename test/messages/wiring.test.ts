import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { createActivitiesFromSettings, parseMailbox, readOutboxManifest } from '../../activities';
import type { Letter } from '../../workflows/dispatch';
import { readCalendar } from './read-calendar';

describe('activities wired from the worker settings', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'jsrx-wiring-'));
  });
  afterEach(async () => {
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('reads the sender from the configured mailbox, writes the letter a workflow dispatched, and dates it at hand-over', async () => {
    const settings = {
      outboxDir: path.join(dataDir, 'outbox'),
      from: 'Secrétariat JSR <secretariat@jsr.example.org>',
      publicUrl: 'http://localhost:8233/',
    };
    const letters = JSON.parse(await fs.readFile(path.join(__dirname, '..', 'fixtures', 'dispatched-letters.json'), 'utf8')) as Letter[];
    const letter = letters.find((candidate) => candidate.message.kind === 'invitation-cancelled');
    if (!letter || letter.message.kind !== 'invitation-cancelled') throw new Error('the workflow tests record a cancellation');

    const wired = createActivitiesFromSettings(settings);
    const before = Date.now();
    const receipt = await wired.activities.deliverLetter(letter);
    wired.close();

    const [entry] = await readOutboxManifest(settings.outboxDir);
    expect(entry).toMatchObject({ kind: 'invitation-cancelled', to: letter.to.email, scheduledAt: letter.message.decidedAt, messageId: receipt.messageId });
    expect(entry!.messageId).toMatch(/@jsr\.example\.org>$/);
    const mail = await simpleParser(await fs.readFile(path.join(settings.outboxDir, entry!.file)));
    expect(mail.from?.value).toEqual([{ name: 'Secrétariat JSR', address: 'secretariat@jsr.example.org' }]);
    // Dated when it left, not when the round decided it (spam filters frown on dates in the past).
    expect(mail.date?.getTime()).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(mail.date?.toISOString()).not.toBe(letter.message.decidedAt);
    const calendar = readCalendar(mail.attachments[0]!.content.toString('utf8'));
    expect(calendar).toMatchObject({ method: 'CANCEL', uid: letter.message.invite.uid, sequence: letter.message.invite.sequence });
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
