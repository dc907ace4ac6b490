/**
 * The rehearsal's list of emails: DIR/manifest.json, an array in the order the round decided them, each
 * with its simulated times (decided, handed over), readers, kind, subject, what it is about and its
 * `.eml` file. Built from the outbox transport's own manifest.jsonl, so it lists exactly what was written.
 */
import { readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { MANIFEST_FILE, readOutboxManifest, type OutboxManifestEntry } from '../../activities/outbox';

export const SIMULATION_MANIFEST = 'manifest.json';

export async function writeSimulationManifest(outboxDir: string): Promise<OutboxManifestEntry[]> {
  const entries = await readOutboxManifest(outboxDir);
  const messages = entries.map(({ scheduledAt, sentAt, to, cc, kind, subject, event, deliverable, messageId, file }) => ({
    scheduledAt,
    sentAt,
    to,
    cc,
    kind,
    subject,
    ...(event ? { event } : {}),
    ...(deliverable ? { deliverable } : {}),
    messageId,
    file,
  }));
  await writeFile(path.join(outboxDir, SIMULATION_MANIFEST), `${JSON.stringify(messages, null, 2)}\n`);
  return messages;
}

/** Clears what an earlier rehearsal left in the folder (its emails and manifests), and nothing else. */
export async function clearEarlierRehearsal(outboxDir: string): Promise<number> {
  const names = await readdir(outboxDir).catch(() => [] as string[]);
  const ours = names.filter((name) => name.endsWith('.eml') || name === MANIFEST_FILE || name === SIMULATION_MANIFEST);
  await Promise.all(ours.map((name) => rm(path.join(outboxDir, name), { force: true })));
  return ours.length;
}
