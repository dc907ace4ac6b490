/**
 * The outbox transport: every message is written as an `.eml` file instead of being sent, and described
 * by one line of `manifest.jsonl`. It is the default, so that nothing leaves the machine unless SMTP is
 * configured; rehearsals (`jsrx simulate`) read the manifest back to show what a round would send.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { MailTransport, MessageMeta, OutgoingMessage } from './mail-types';
import { messageIdKey } from './message-id';
import { compactInstant } from './time-format';

export const MANIFEST_FILE = 'manifest.jsonl';

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
      await fs.writeFile(path.join(outboxDir, file), raw);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      folderMade = undefined;
      await makeFolder();
      await fs.writeFile(path.join(outboxDir, file), raw);
    }
  };
  return {
    name: 'outbox',
    async send(message) {
      const built = await builder.sendMail(message.mail);
      const raw = built.message as Buffer;
      const file = outboxFileName(message);
      await write(file, raw);
      const entry: OutboxManifestEntry = { ...message.meta, file };
      await fs.appendFile(path.join(outboxDir, MANIFEST_FILE), `${JSON.stringify(entry)}\n`);
      return { response: `written to ${file}`, size: raw.length };
    },
    close() {
      builder.close();
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
