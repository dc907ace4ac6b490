import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { MESSAGE_KINDS } from '../../workflows/dispatch';
import {
  composeMessage,
  createActivities,
  createMailTransport,
  createMemorySentRecord,
  createRenderer,
  MANIFEST_FILE,
  readOutboxManifest,
  type MailTransport,
} from '../../activities';
import { readCalendar } from './read-calendar';
import { PUBLIC_URL, SECRETARIAT, people, sampleDispatch } from './fixtures';

const renderer = createRenderer();
let outboxDir: string;
let transport: MailTransport;

beforeEach(async () => {
  outboxDir = await fs.mkdtemp(path.join(os.tmpdir(), 'jsrx-outbox-'));
  transport = createMailTransport({ outboxDir });
});

afterEach(async () => {
  transport.close();
  await fs.rm(outboxDir, { recursive: true, force: true });
});

const activities = () =>
  createActivities({
    transport,
    sentRecord: createMemorySentRecord(),
    from: SECRETARIAT,
    publicUrl: PUBLIC_URL,
    renderer,
  });

describe('the outbox transport (the default: nothing leaves the machine)', () => {
  it('is chosen when no SMTP URL is configured', () => {
    expect(transport.name).toBe('outbox');
    const smtp = createMailTransport({ smtpUrl: 'smtp://127.0.0.1:2525', outboxDir });
    expect(smtp.name).toBe('smtp');
    smtp.close();
  });

  it('writes one .eml per reader, named to sort by decision time, and a manifest line for each', async () => {
    const deliver = activities().deliver;
    await deliver(sampleDispatch('deliverable-reminder', { recipients: [people.wanjiru, people.otieno] }));
    await deliver(sampleDispatch('invitation', { recipients: [people.mahamat], cc: [people.claire] }));

    const files = (await fs.readdir(outboxDir)).filter((file) => file.endsWith('.eml')).sort();
    expect(files).toHaveLength(3);
    expect(files[0]).toMatch(/^20270111T080000Z-invitation-[0-9a-f]{8}\.eml$/);
    expect(files[1]).toMatch(/^20270228T130000Z-deliverable-reminder-[0-9a-f]{8}\.eml$/);

    const manifest = await readOutboxManifest(outboxDir);
    expect(manifest.map((entry) => entry.file)).toEqual(files);
    expect(manifest[0]).toEqual({
      sentAt: '2027-01-11T08:00:00Z',
      to: people.mahamat.email,
      cc: [people.claire.email],
      kind: 'invitation',
      subject:
        "Invitation : Première visioconférence – mercredi 10 février 2027, 14:00 (N'Djamena) (Échange JSR francophone 2027)",
      event: 'vc1',
      messageId: expect.stringMatching(/^<[0-9a-f]{32}@jsr-exchange\.example\.org>$/),
      file: files[0],
    });
    expect(manifest[1]).toMatchObject({
      kind: 'deliverable-reminder',
      deliverable: 'KE/jsr-documents',
      to: people.wanjiru.email,
      cc: [],
    });
    const lines = (await fs.readFile(path.join(outboxDir, MANIFEST_FILE), 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(3);

    const invitation = await simpleParser(await fs.readFile(path.join(outboxDir, files[0]!)));
    expect(invitation.messageId).toBe(manifest[0]!.messageId);
    expect(invitation.headers.get('content-language')).toBe('fr');
    expect(invitation.date?.toISOString()).toBe('2027-01-11T08:00:00.000Z');
    expect(invitation.text).toContain('https://meet.example.org/vc1');
    expect(readCalendar(invitation.attachments[0]!.content.toString('utf8')).method).toBe('REQUEST');
  });

  it('a message already written is not written again when the activity is retried', async () => {
    const deliver = activities().deliver;
    const dispatch = sampleDispatch('welcome');
    await deliver(dispatch);
    const retry = await deliver(dispatch);
    expect(retry.alreadySent).toEqual(dispatch.recipients.map((recipient) => recipient.email));
    expect(await readOutboxManifest(outboxDir)).toHaveLength(dispatch.recipients.length);
  });

  it('an empty outbox has an empty manifest', async () => {
    expect(await readOutboxManifest(path.join(outboxDir, 'never-written'))).toEqual([]);
  });
});

describe('light for slow connections', () => {
  it.each(MESSAGE_KINDS)('%s stays under 100 KB with its calendar file, in both languages', async (kind) => {
    const builder = createMailTransport({ outboxDir });
    for (const recipient of [people.wanjiru, people.mahamat]) {
      const { message } = composeMessage(sampleDispatch(kind, { recipients: [recipient] }), recipient, {
        renderer,
        from: SECRETARIAT,
        publicUrl: PUBLIC_URL,
      });
      const { size } = await builder.send(message);
      expect(size).toBeGreaterThan(1000);
      expect(size).toBeLessThan(100 * 1024);
      sizes.push({ kind, language: recipient.language, size: size! });
    }
    builder.close();
  });

  const sizes: Array<{ kind: string; language: string; size: number }> = [];
  afterAll(() => {
    const largest = sizes.reduce((max, entry) => (entry.size > max.size ? entry : max), sizes[0]!);
    process.stderr.write(`\nlargest message: ${largest.kind} (${largest.language}), ${largest.size} bytes\n`);
  });
});
