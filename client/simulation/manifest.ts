/**
 * The rehearsal's folder and its list of emails, DIR/manifest.json:
 *
 *   { "rehearsal": { "roundId", "scenario", "startedAt", "finishedAt" }, "messages": [ … ] }
 *
 * `messages` is in the order the round decided them, each with its simulated send time, reader, kind,
 * subject, what it is about and its `.eml` file, built from the outbox transport's own manifest.jsonl so
 * it lists exactly what was written. `rehearsal` marks the folder as a rehearsal's: it is written before
 * the first email, and it is what lets a later rehearsal reuse the folder. A coordinator may point
 * `--outbox` at the live outbox by mistake, so a folder without that mark is never emptied, and in a
 * marked one only the files the rehearsal listed are replaced.
 */
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import type { Dirent } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { MANIFEST_FILE, readOutboxManifest, type OutboxManifestEntry } from '../../activities/outbox';
import { InputError } from '../exit';

export const SIMULATION_MANIFEST = 'manifest.json';

const rehearsalSchema = z.object({
  roundId: z.string(),
  /** on-time, silent, or the scenario file as given. */
  scenario: z.string(),
  /** Wall-clock instants (not simulated time): when the rehearsal claimed the folder and when it listed its emails. */
  startedAt: z.string(),
  finishedAt: z.string().optional(),
});
export type RehearsalMark = z.infer<typeof rehearsalSchema>;

export interface SimulationManifest {
  rehearsal: RehearsalMark;
  messages: OutboxManifestEntry[];
}

// Only what deciding about the folder needs is checked: the mark and the file of each message.
const markedFolderSchema = z.object({ rehearsal: rehearsalSchema, messages: z.array(z.object({ file: z.string() })) });

/** The mark and the files an earlier rehearsal listed; undefined when manifest.json is missing or is not a rehearsal's. */
async function readEarlierRehearsal(outboxDir: string): Promise<z.infer<typeof markedFolderSchema> | undefined> {
  try {
    return markedFolderSchema.parse(JSON.parse(await readFile(path.join(outboxDir, SIMULATION_MANIFEST), 'utf8')));
  } catch {
    return undefined;
  }
}

/**
 * The files of an earlier rehearsal that a new one may delete (none for a new or empty folder). Refuses,
 * with an `InputError` naming the folder and the fix, a folder that holds anything else. Reads only: call
 * it before anything starts, so a refusal leaves the folder as it was.
 */
export async function checkRehearsalFolder(outboxDir: string): Promise<string[]> {
  let entries: Dirent[];
  try {
    if (!(await stat(outboxDir)).isDirectory()) throw refusal(outboxDir, 'it is not a folder');
    entries = await readdir(outboxDir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  if (entries.length === 0) return [];
  const names = entries.map((entry) => entry.name).sort();
  const earlier = await readEarlierRehearsal(outboxDir);
  if (!earlier) {
    const looksLive = names.includes(MANIFEST_FILE);
    throw refusal(outboxDir, `it holds files that no rehearsal wrote${looksLive ? ' (it looks like a live outbox)' : ''}: ${sample(names)}`);
  }
  const listed = new Set([SIMULATION_MANIFEST, MANIFEST_FILE, ...earlier.messages.map((message) => message.file)]);
  // A rehearsal writes plain files only: a folder inside is someone else's, whatever the manifest says.
  const foreign = entries.filter((entry) => !entry.isFile() || !listed.has(entry.name)).map((entry) => entry.name).sort();
  if (foreign.length > 0) {
    const which = `a rehearsal of ${earlier.rehearsal.roundId} started ${earlier.rehearsal.startedAt}${earlier.rehearsal.finishedAt ? '' : ' that did not finish'}`;
    throw refusal(outboxDir, `it holds ${which}, and files that rehearsal did not list: ${sample(foreign)}`);
  }
  return names;
}

/**
 * Checks the folder again (it may have changed since the first check), deletes the earlier rehearsal's
 * files, and marks the folder as this rehearsal's before the first email is written. Returns how many
 * files it deleted.
 */
export async function claimRehearsalFolder(outboxDir: string, mark: RehearsalMark): Promise<number> {
  const replaceable = await checkRehearsalFolder(outboxDir);
  await mkdir(outboxDir, { recursive: true });
  // Names come from the folder's own listing, so a manifest naming `../elsewhere` cannot reach outside it.
  await Promise.all(replaceable.map((name) => rm(path.join(outboxDir, name), { force: true })));
  await writeManifest(outboxDir, { rehearsal: mark, messages: [] });
  return replaceable.filter((name) => name.endsWith('.eml')).length;
}

/** Lists what the rehearsal wrote, and marks it finished: the folder is then reusable by the next rehearsal. */
export async function writeSimulationManifest(outboxDir: string, mark: RehearsalMark): Promise<OutboxManifestEntry[]> {
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
  await writeManifest(outboxDir, { rehearsal: { ...mark, finishedAt: new Date().toISOString() }, messages });
  return messages;
}

async function writeManifest(outboxDir: string, manifest: SimulationManifest): Promise<void> {
  await writeFile(path.join(outboxDir, SIMULATION_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
}

function refusal(outboxDir: string, reason: string): InputError {
  return new InputError(
    `--outbox ${outboxDir}: ${reason}. A rehearsal writes only into a new or empty folder, or into one an earlier rehearsal made, ` +
      'so that it never deletes emails it did not write. Choose an empty folder, or leave out --outbox to rehearse into a new temporary folder. Nothing was changed.',
  );
}

function sample(names: string[]): string {
  const shown = names.slice(0, 3).join(', ');
  return names.length > 3 ? `${shown} and ${names.length - 3} more` : shown;
}
