/**
 * The outbox transport: every message is written as an `.eml` file instead of being sent, and described
 * by one line of `manifest.jsonl`. It is the default, so that nothing leaves the machine unless SMTP is
 * configured; rehearsals (`jsrx simulate`) read the manifest back to show what a round would send.
 */
import fs from 'node:fs/promises';
import { writeFile } from 'node:fs';
import { promisify } from 'node:util';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { MailTransport, MessageMeta, OutgoingMessage } from './mail-types';
import { messageIdKey } from './message-id';
import { compactInstant } from './time-format';

export const MANIFEST_FILE = 'manifest.jsonl';

// The callback form opens no FileHandle: a rehearsal writes hundreds of letters, and measured it spends
// half the main-thread time of `fs/promises` on them.
const writeFileQuickly = promisify(writeFile);

export interface OutboxManifestEntry extends MessageMeta {
  /** The `.eml` file name, relative to the outbox folder. */
  file: string;
}

/** `20270210T130000Z-invitation-3f2a9c1d.eml`: names sort in the order the round decided the messages. */
export function outboxFileName(message: OutgoingMessage): string {
  return `${compactInstant(message.meta.scheduledAt)}-${message.meta.kind}-${messageIdKey(message.meta.messageId).slice(0, 8)}.eml`;
}

export function createOutboxTransport(outboxDir: string): MailTransport {
  // Nodemailer's stream transport builds the exact MIME message SMTP would carry, without sending it.
  const builder = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  // Made once, not before every message; made again if someone removes it while the worker runs.
  let folderMade: Promise<unknown> | undefined;
  const makeFolder = () => (folderMade ??= fs.mkdir(outboxDir, { recursive: true }).catch((error: unknown) => {
    folderMade = undefined;
    throw error;
  }));
  const write = async (file: string, raw: Buffer) => {
    await makeFolder();
    try {
      await writeFileQuickly(path.join(outboxDir, file), raw);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      folderMade = undefined;
      await makeFolder();
      await writeFileQuickly(path.join(outboxDir, file), raw);
    }
  };
  const manifest = groupAppender(path.join(outboxDir, MANIFEST_FILE));
  return {
    name: 'outbox',
    async send(message) {
      const built = await builder.sendMail(message.mail);
      const raw = built.message as Buffer;
      const file = outboxFileName(message);
      await write(file, raw);
      const entry: OutboxManifestEntry = { ...message.meta, file };
      await manifest.append(`${JSON.stringify(entry)}\n`);
      return { response: `written to ${file}`, size: raw.length };
    },
    close() {
      builder.close();
    },
  };
}

/**
 * Appends lines to a file, each caller resolved once its own line is written. Lines that arrive while a
 * write is under way go together in the next one: a batch's letters, written side by side, share one
 * open and write of the manifest instead of one each.
 */
export function groupAppender(file: string): { append(line: string): Promise<void> } {
  let waiting: { lines: string[]; written: Promise<void> } | undefined;
  let writing: Promise<void> = Promise.resolve();
  return {
    append(line) {
      if (!waiting) {
        const group: { lines: string[]; written: Promise<void> } = { lines: [], written: Promise.resolve() };
        // The group takes lines until the write before it has finished (or failed, for its own callers),
        // then goes in one append.
        group.written = writing
          .catch(() => undefined)
          .then(() => {
            waiting = undefined;
            return fs.appendFile(file, group.lines.join(''));
          });
        waiting = group;
        writing = group.written;
      }
      waiting.lines.push(line);
      return waiting.written;
    },
  };
}

/** Every message the outbox holds, in the order the round scheduled them. */
export async function readOutboxManifest(outboxDir: string): Promise<OutboxManifestEntry[]> {
  let text: string;
  try {
    text = await fs.readFile(path.join(outboxDir, MANIFEST_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as OutboxManifestEntry)
    .sort((a, b) => a.scheduledAt.localeCompare(b.scheduledAt) || a.file.localeCompare(b.file));
}
