import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { groupAppender } from '../../activities/outbox';
import {
  createDeliverLetter,
  createMailTransport,
  MANIFEST_FILE,
  readOutboxManifest,
  type Clock,
  type MailTransport,
} from '../../activities';
import { readCalendar } from './read-calendar';
import { LINK_SECRET, PUBLIC_URL, SECRETARIAT, invitationFor, plainRenderer, readers, receiptFor } from './letters';

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

const deliverAt = (iso: string) => {
  const clock: Clock = () => new Date(iso);
  return createDeliverLetter({
    transport,
    renderer: plainRenderer,
    from: SECRETARIAT,
    publicUrl: PUBLIC_URL,
    linkSecret: LINK_SECRET,
    clock,
  });
};

describe('the outbox transport (the default: nothing leaves the machine)', () => {
  it('is chosen when no SMTP URL is configured', () => {
    expect(transport.name).toBe('outbox');
    const smtp = createMailTransport({ smtpUrl: 'smtp://127.0.0.1:2525', outboxDir });
    expect(smtp.name).toBe('smtp');
    smtp.close();
  });

  it('writes one .eml per letter and a manifest line with the instant it was scheduled for and the moment it was handed over', async () => {
    // Handed over in the opposite order of their scheduled instants, as retried letters can be.
    const receipt = await deliverAt('2027-02-10T08:31:07.000Z')(
      receiptFor(readers.asante, { decidedAt: '2027-02-10T08:30:00Z' }),
    );
    const invitation = await deliverAt('2027-02-10T08:32:00.000Z')(
      invitationFor(readers.kamau, { decidedAt: '2027-01-04T09:00:00Z' }),
    );

    const files = (await fs.readdir(outboxDir)).filter((file) => file.endsWith('.eml')).sort();
    expect(files).toHaveLength(2);
    // Named by the scheduled instant, so a folder listing reads in the order the round decided.
    expect(files[0]).toMatch(/^20270104T090000Z-invitation-[0-9a-f]{8}\.eml$/);
    expect(files[1]).toMatch(/^20270210T083000Z-submission-receipt-[0-9a-f]{8}\.eml$/);

    const manifest = await readOutboxManifest(outboxDir);
    expect(manifest).toEqual([
      {
        scheduledAt: '2027-01-04T09:00:00Z',
        sentAt: '2027-02-10T08:32:00.000Z',
        to: readers.kamau.email,
        cc: [],
        kind: 'invitation',
        subject: `invitation for ${readers.kamau.name}`,
        event: 'vc1',
        messageId: invitation.messageId,
        file: files[0],
      },
      {
        scheduledAt: '2027-02-10T08:30:00Z',
        sentAt: '2027-02-10T08:31:07.000Z',
        to: readers.asante.email,
        cc: [readers.schmidt.email],
        kind: 'submission-receipt',
        subject: `submission-receipt for ${readers.asante.name}`,
        deliverable: 'GH/learning-objectives',
        messageId: receipt.messageId,
        file: files[1],
      },
    ]);
    const lines = (await fs.readFile(path.join(outboxDir, MANIFEST_FILE), 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(2);

    // The .eml is the exact message SMTP would carry: dated at the hand-over, with its Message-ID.
    const written = await simpleParser(await fs.readFile(path.join(outboxDir, files[0]!)));
    expect(written.messageId).toBe(invitation.messageId);
    expect(written.date?.toISOString()).toBe('2027-02-10T08:32:00.000Z');
    expect(written.headers.get('content-language')).toBe('en');
    expect(readCalendar(written.attachments[0]!.content.toString('utf8')).method).toBe('REQUEST');
  });

  it('letters written side by side each have their manifest line once they are handed over', async () => {
    const letters = Object.values(readers).map((reader, index) =>
      receiptFor(reader, { decidedAt: `2027-02-10T08:${String(10 + index).padStart(2, '0')}:00Z` }),
    );
    const receipts = await Promise.all(letters.map((letter) => deliverAt('2027-02-10T09:00:00.000Z')(letter)));
    const manifest = await readOutboxManifest(outboxDir);
    expect(manifest.map((entry) => entry.messageId).sort()).toEqual(receipts.map((receipt) => receipt.messageId).sort());
    expect((await fs.readdir(outboxDir)).filter((file) => file.endsWith('.eml'))).toHaveLength(letters.length);
  });

  it('the manifest takes the lines that arrive during a write in one append, and a failed append fails only its own lines', async () => {
    const file = path.join(outboxDir, 'lines.txt');
    const appender = groupAppender(file);
    const appends = jest.spyOn(fs, 'appendFile');
    try {
      await Promise.all(['a\n', 'b\n', 'c\n'].map((line) => appender.append(line)));
      expect(appends).toHaveBeenCalledTimes(1);
      const later = [appender.append('d\n'), appender.append('e\n')];
      await Promise.all(later);
      expect(appends).toHaveBeenCalledTimes(2);
      expect(await fs.readFile(file, 'utf8')).toBe('a\nb\nc\nd\ne\n');

      // A folder gone: the lines of that write fail with the file system's error, the next write goes on.
      const missing = groupAppender(path.join(outboxDir, 'gone', 'lines.txt'));
      await expect(missing.append('x\n')).rejects.toMatchObject({ code: 'ENOENT' });
      await fs.mkdir(path.join(outboxDir, 'gone'));
      await missing.append('y\n');
      expect(await fs.readFile(path.join(outboxDir, 'gone', 'lines.txt'), 'utf8')).toBe('y\n');
    } finally {
      appends.mockRestore();
    }
  });

  it('an empty outbox has an empty manifest', async () => {
    expect(await readOutboxManifest(path.join(outboxDir, 'never-written'))).toEqual([]);
  });
});
