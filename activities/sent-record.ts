/**
 * The record of what the send activity already handed to the mail transport, keyed by Message-ID.
 * Temporal delivers an activity at least once: after a retry (a worker crash, a timeout, a 4xx on
 * another recipient) the activity reads this record and skips every message already accepted, so no
 * reader gets the same email twice. Permanent failures are recorded too, so they are never retried.
 *
 * One small JSON file per message: written with a rename, so a crash never leaves a half-written entry.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { messageIdKey } from './message-id';

export interface SentEntry {
  messageId: string;
  email: string;
  /** `copies-only`: the Cc copies went out but the reader was refused for now; the retry sends to the reader alone. */
  outcome: 'sent' | 'failed' | 'copies-only';
  /** The SMTP reply for a permanent failure. */
  reason?: string;
  kind: string;
  about: string;
  /** Wall-clock time the transport answered (not the workflow time). */
  recordedAt: string;
}

export interface SentRecord {
  find(messageId: string): Promise<SentEntry | undefined>;
  remember(entry: SentEntry): Promise<void>;
}

export function createFileSentRecord(dir: string): SentRecord {
  const fileOf = (messageId: string) => path.join(dir, `${messageIdKey(messageId)}.json`);
  return {
    async find(messageId) {
      try {
        const entry = JSON.parse(await fs.readFile(fileOf(messageId), 'utf8')) as SentEntry;
        return entry.messageId === messageId ? entry : undefined;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async remember(entry) {
      await fs.mkdir(dir, { recursive: true });
      const file = fileOf(entry.messageId);
      const partial = `${file}.${process.pid}.tmp`;
      await fs.writeFile(partial, `${JSON.stringify(entry)}\n`);
      await fs.rename(partial, file);
    },
  };
}

/** For rehearsals and tests: the same behaviour, forgotten when the process ends. */
export function createMemorySentRecord(): SentRecord & { entries(): SentEntry[] } {
  const entries = new Map<string, SentEntry>();
  return {
    find: async (messageId) => entries.get(messageId),
    remember: async (entry) => {
      entries.set(entry.messageId, entry);
    },
    entries: () => [...entries.values()],
  };
}
