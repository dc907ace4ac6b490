/**
 * How much email does a round put on each person? Rehearses the round exactly as a coordinator would
 * (`jsrx simulate FILE --scenario S --outbox TMP --json`), then reads TMP/manifest.json and counts, for
 * every person in the round file: messages received (To or Cc), the most on one local calendar day, and
 * the most reminder-type messages on one local day. Run it before and after a change to how the engine
 * sends email, and compare.
 *
 *   node -r @swc-node/register scripts/bench-mail-load.ts [round file] [scenario]
 *   (defaults: examples/en-2027-r1.yaml, silent)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { readRoundFile } from '../client/round-file-io';
import { validateRound } from '../domain/validate';
import type { Round } from '../domain/round-file';

const root = path.resolve(__dirname, '..');

/** The kinds that nag: what the "one reminder-type email a day" rule is about. `reminder-digest` is a kind to come. */
const REMINDER_KINDS = new Set([
  'deliverable-reminder',
  'overdue-notice',
  'escalation',
  'event-reminder',
  'reminder-digest',
]);

/**
 * The manifest fields this script reads, loosely typed on purpose: the script must keep working across
 * the change it measures (`scheduledAt` may replace `sentAt`, `to` may become a list).
 */
interface ManifestEntry {
  scheduledAt?: string;
  sentAt?: string;
  to: string | string[];
  cc?: string[];
  kind: string;
}

interface Person {
  email: string;
  role: 'participant' | 'coordinating-agency' | 'coordinator' | 'staff';
  country: string;
  /** The zone the person reads their mail in, as workflows/audience.ts assigns it. */
  zone: string;
}

interface Load {
  total: number;
  perDay: Map<string, number>;
  reminderPerDay: Map<string, number>;
}

/** Everyone in the round file; participants live in their delegation's zone, everyone else on the host's clock. */
function peopleOf(round: Round): Person[] {
  const host = round.delegations.find((d) => d.host);
  if (!host) throw new Error(`round ${round.id} has no host delegation`);
  const hostZone = host.timezone;
  return [
    ...round.delegations.flatMap((d) => [
      ...d.participants.map((p): Person => ({
        email: p.email,
        role: 'participant',
        country: d.country,
        zone: d.timezone,
      })),
      ...d.coordinatingAgency.map((p): Person => ({
        email: p.email,
        role: 'coordinating-agency',
        country: d.country,
        zone: hostZone,
      })),
    ]),
    { email: round.secretariat.coordinator.email, role: 'coordinator', country: '-', zone: hostZone },
    ...round.secretariat.staff.map((p): Person => ({
      email: p.email,
      role: 'staff',
      country: '-',
      zone: hostZone,
    })),
  ];
}

/** Runs `jsrx simulate` as a child process, so the figures come from the command coordinators use. */
function simulate(file: string, scenario: string, outbox: string): Promise<void> {
  const args = [
    path.join(root, 'bin', 'jsrx.js'),
    'simulate',
    file,
    '--scenario',
    scenario,
    '--outbox',
    outbox,
    '--json',
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`jsrx simulate exited ${code}:\n${output}`)),
    );
  });
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function maxOf(map: Map<string, number>): number {
  return Math.max(0, ...map.values());
}

async function main(): Promise<void> {
  const file = path.resolve(process.argv[2] ?? path.join(root, 'examples', 'en-2027-r1.yaml'));
  const scenario = process.argv[3] ?? 'silent';
  const validation = validateRound(await readRoundFile(file));
  if (!validation.ok) throw new Error(`${file} does not validate: run jsrx validate ${file}`);
  const people = peopleOf(validation.round);

  const outbox = mkdtempSync(path.join(tmpdir(), 'bench-mail-load-'));
  let messages: ManifestEntry[];
  try {
    await simulate(file, scenario, outbox);
    // A rehearsal's manifest: `{ rehearsal, messages }` (an older one was the bare list).
    const manifest = JSON.parse(await readFile(path.join(outbox, 'manifest.json'), 'utf8')) as ManifestEntry[] | { messages: ManifestEntry[] };
    messages = Array.isArray(manifest) ? manifest : manifest.messages;
  } finally {
    rmSync(outbox, { recursive: true, force: true });
  }

  // Emails compared case-insensitively, as mail servers do.
  const byEmail = new Map(people.map((p) => [p.email.toLowerCase(), p]));
  const loads = new Map(
    people.map((p): [string, Load] => [
      p.email.toLowerCase(),
      { total: 0, perDay: new Map(), reminderPerDay: new Map() },
    ]),
  );
  const strangers = new Set<string>();
  for (const message of messages) {
    const time = message.scheduledAt ?? message.sentAt;
    if (!time)
      throw new Error(`a manifest entry has neither scheduledAt nor sentAt: ${JSON.stringify(message)}`);
    // A Set: someone in both To and Cc of one message still receives it once.
    const readers = new Set(
      [...[message.to].flat(), ...(message.cc ?? [])].map((email) => email.toLowerCase()),
    );
    for (const email of readers) {
      const person = byEmail.get(email);
      const load = loads.get(email);
      if (!person || !load) {
        strangers.add(email); // a newcomer added by a scenario, for instance
        continue;
      }
      const day = DateTime.fromISO(time, { zone: person.zone }).toISODate() ?? 'invalid';
      load.total++;
      bump(load.perDay, day);
      if (REMINDER_KINDS.has(message.kind)) bump(load.reminderPerDay, day);
    }
  }

  const rows = people.map((p) => {
    const load = loads.get(p.email.toLowerCase()) as Load;
    return [
      p.email,
      p.role,
      p.country,
      String(load.total),
      String(maxOf(load.perDay)),
      String(maxOf(load.reminderPerDay)),
    ];
  });
  const header = ['email', 'role', 'country', 'total', 'most/day', 'most reminder-type/day'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i >= 3 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ');

  const participantTotals = people
    .filter((p) => p.role === 'participant')
    .map((p) => loads.get(p.email.toLowerCase())?.total ?? 0);
  const all = [...loads.values()];
  const out = [
    `mail load: ${path.relative(root, file)}, scenario ${scenario}`,
    line(header),
    ...rows.map(line),
    `summary: ${messages.length} messages; max total per participant ${Math.max(0, ...participantTotals)}; ` +
      `max in one day (any person) ${Math.max(0, ...all.map((l) => maxOf(l.perDay)))}; ` +
      `max reminder-type in one day (any person) ${Math.max(0, ...all.map((l) => maxOf(l.reminderPerDay)))}`,
    ...(strangers.size > 0
      ? [`also received mail, not in the round file: ${[...strangers].join(', ')}`]
      : []),
    '',
  ];
  process.stdout.write(out.join('\n'));
}

main().catch((error: unknown) => {
  process.stderr.write(`bench-mail-load: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
