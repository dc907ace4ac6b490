import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { createActivitiesFromSettings, parseMailbox, readOutboxManifest } from '../../activities';
import { readRoundFile } from '../../client/round-file-io';
import { readers, receiptFor } from './letters';

describe('activities wired from the worker settings', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'jsrx-wiring-'));
  });
  afterEach(async () => {
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('sends from the configured mailbox with the real templates, plans with the real builder, and keeps nothing on disk but the outbox', async () => {
    const settings = {
      outboxDir: path.join(dataDir, 'outbox'),
      from: 'Secrétariat JSR <secretariat@jsr.example.org>',
      publicUrl: 'http://localhost:8233/',
      linkSecret: 'wiring-test-link-secret-0123456789abcdef',
    };
    const { activities, close } = createActivitiesFromSettings(settings);
    try {
      expect(Object.keys(activities).sort()).toEqual(['deliverLetter', 'deliverLetters', 'planRound', 'reviseRound']);

      const letter = receiptFor(readers.asante);
      const receipt = await activities.deliverLetter(letter);

      const [entry, ...others] = await readOutboxManifest(settings.outboxDir);
      expect(others).toEqual([]);
      expect(entry).toMatchObject({
        kind: 'submission-receipt',
        to: readers.asante.email,
        scheduledAt: letter.message.decidedAt,
        messageId: receipt.messageId,
      });
      expect(entry!.messageId).toMatch(/@jsr\.example\.org>$/);
      const mail = await simpleParser(await fs.readFile(path.join(settings.outboxDir, entry!.file)));
      expect(mail.from?.value).toEqual([{ name: 'Secrétariat JSR', address: 'secretariat@jsr.example.org' }]);
      expect(mail.text?.length).toBeGreaterThan(0);
      // Temporal's history is the record of what was sent: a worker writes nothing another one would need.
      expect(await fs.readdir(dataDir)).toEqual(['outbox']);

      const roundFile = await readRoundFile(path.join(__dirname, '..', '..', 'examples', 'en-2027-r1.yaml'));
      const planned = await activities.planRound({ round: roundFile, launchedAt: '2027-01-04T09:00:00Z' });
      expect(planned.ok && planned.plan.events.map((event) => event.id)).toEqual(
        expect.arrayContaining(['vc1', 'vc2', 'visit', 'vc3']),
      );
    } finally {
      close();
    }
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
