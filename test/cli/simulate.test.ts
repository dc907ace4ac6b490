import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { simpleParser } from 'mailparser';
import type { OutboxManifestEntry } from '../../activities/outbox';
import { REMINDER_KINDS } from '../../workflows/dispatch';
import { recipientsFor } from '../../workflows/audience';
import type { RoundProgress } from '../../workflows/messages';
import { validRound } from '../unit/round-fixtures';
import { jsrx, projectRoot } from './run-jsrx';

describe('jsrx simulate', () => {
  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(path.join(tmpdir(), 'jsrx-simulate-'));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('refuses a round whose first video conference is already past, and exits 2', async () => {
    const past = path.join(scratch, 'past.yaml');
    const example = readFileSync(path.join(projectRoot, 'examples', 'en-2027-r1.yaml'), 'utf8');
    writeFileSync(past, example.replace(/2027-/g, '2020-'));

    const run = await jsrx(['simulate', past, '--outbox', path.join(scratch, 'outbox-past')]);

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/vc1 \(2020-02-16T11:00:00Z\) is already past/);
  });

  it('refuses a scenario file with a mistake, naming the action and the field, and exits 2', async () => {
    const scenario = path.join(scratch, 'bad-scenario.yaml');
    writeFileSync(scenario, ['- { at: vc2-3d, action: submit, deliverable: KE/jsr-documents }', '- { at: next tuesday, action: waive, deliverable: GH/meeting-requests }'].join('\n'));

    const run = await jsrx(['simulate', 'examples/en-2027-r1.yaml', '--scenario', scenario, '--outbox', path.join(scratch, 'outbox-bad')]);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('1.at: write an ISO instant');
    expect(run.stderr).toContain('1.reason');
  });

  it('rehearses a scripted round from launch to end: emails in simulated time, the actions applied, the progress printed', async () => {
    const scenario = path.join(scratch, 'scripted.yaml');
    writeFileSync(
      scenario,
      [
        'actions:',
        '  - { at: vc1-5d, action: submit, deliverable: KE/learning-objectives, by: p.kamau@example.ke }',
        '  - { at: vc1+1d, action: reschedule, event: vc2, start: 2027-03-30T11:00:00Z, reason: budget session }',
        '  - { at: vc1+2d, action: waive, deliverable: GH/meeting-requests, reason: no side meetings }',
      ].join('\n'),
    );
    const outbox = path.join(scratch, 'outbox-scripted');

    const run = await jsrx(['simulate', 'examples/en-2027-r1.yaml', '--scenario', scenario, '--outbox', outbox, '--json'], {}, 120_000);

    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { actions: Array<{ summary: string; outcome: { accepted: boolean } }>; progress: RoundProgress; endedAt: string };
    expect(result.actions.map((action) => [action.summary, action.outcome.accepted])).toEqual([
      ['submit KE/learning-objectives', true],
      ['reschedule vc2 to 2027-03-30T11:00:00Z', true],
      ['waive GH/meeting-requests', true],
    ]);
    expect(result.progress.status).toBe('completed');
    expect(result.progress.deliverables.find((deliverable) => deliverable.id === 'KE/learning-objectives')?.status).toBe('submitted');
    expect(result.progress.deliverables.find((deliverable) => deliverable.id === 'GH/meeting-requests')?.status).toBe('waived');
    expect(result.endedAt.startsWith('2027-07')).toBe(true);

    const manifest = JSON.parse(readFileSync(path.join(outbox, 'manifest.json'), 'utf8')) as OutboxManifestEntry[];
    const welcomes = manifest.filter((message) => message.kind === 'welcome');
    expect(welcomes.length).toBeGreaterThanOrEqual(12);
    expect(new Set(welcomes.map((message) => message.to)).size).toBe(welcomes.length);
    // Decided and handed over in simulated time: the peer documents pack goes out in March 2027, not today,
    // and its Date header says so.
    const pack = manifest.find((message) => message.kind === 'peer-documents')!;
    expect(pack.scheduledAt.startsWith('2027-03')).toBe(true);
    expect(pack.sentAt.startsWith('2027-03')).toBe(true);
    expect(Date.parse(pack.sentAt) - Date.parse(pack.scheduledAt)).toBeGreaterThanOrEqual(0);
    expect(Date.parse(pack.sentAt) - Date.parse(pack.scheduledAt)).toBeLessThan(60_000);
    const packEmail = await simpleParser(readFileSync(path.join(outbox, pack.file)));
    expect(packEmail.date?.toISOString().slice(0, 10)).toBe(pack.sentAt.slice(0, 10));
    const vc2ToKamau = manifest.filter((message) => message.kind === 'invitation' && message.event === 'vc2' && message.to === 'p.kamau@example.ke');
    expect(vc2ToKamau).toHaveLength(2);
    expect(existsSync(path.join(outbox, vc2ToKamau[1]!.file))).toBe(true);
    expect(manifest.some((message) => message.kind === 'submission-receipt' && message.deliverable === 'KE/learning-objectives')).toBe(true);
    // The waiver is told to the delegation and the coordinator, once each.
    const waived = manifest.filter((message) => message.kind === 'deliverable-waived');
    expect(waived.map((message) => [message.deliverable, message.to]).sort()).toEqual([
      ['GH/meeting-requests', 'a.owusu@example.gh'],
      ['GH/meeting-requests', 'grace.wanjiru@example.org'],
      ['GH/meeting-requests', 'k.asante@example.gh'],
    ]);
    // Each participant is asked for their own feedback, in a letter of their own.
    const round = await validRound(path.join(projectRoot, 'examples', 'en-2027-r1.yaml'));
    const participants = recipientsFor(round, 'participants').map((person) => person.email);
    const feedback = manifest.filter((message) => message.kind === 'feedback-request');
    expect(feedback.map((message) => message.to).sort()).toEqual([...participants].sort());
    expect(feedback.every((message) => message.deliverable?.endsWith(`/exchange-feedback/${message.to}`))).toBe(true);
    // Nothing twice: every letter has its own Message-ID.
    expect(new Set(manifest.map((message) => message.messageId)).size).toBe(manifest.length);
    // A reader gets at most one reminder-type email a day, in their own zone; a busy day is a digest.
    const zoneOf = new Map(recipientsFor(round, 'everyone').map((person) => [person.email, person.timezone]));
    expect(manifest.filter((message) => !zoneOf.has(message.to))).toEqual([]);
    const reminderKinds: readonly string[] = [...REMINDER_KINDS, 'reminder-digest'];
    const remindersPerReaderDay = new Map<string, number>();
    for (const message of manifest.filter((candidate) => reminderKinds.includes(candidate.kind))) {
      const day = DateTime.fromISO(message.scheduledAt, { zone: zoneOf.get(message.to) }).toISODate();
      const key = `${message.to} ${day}`;
      remindersPerReaderDay.set(key, (remindersPerReaderDay.get(key) ?? 0) + 1);
    }
    expect([...remindersPerReaderDay].filter(([, count]) => count > 1)).toEqual([]);
    expect(manifest.some((message) => message.kind === 'reminder-digest')).toBe(true);
  }, 150_000);

  it('reports an action the round refuses, keeps going, and exits 2', async () => {
    const scenario = path.join(scratch, 'refused.yaml');
    writeFileSync(scenario, '- { at: launch+1h, action: submit, deliverable: GH/visa-invitation-letters }\n');

    const run = await jsrx(['simulate', 'examples/en-2027-r1.yaml', '--scenario', scenario, '--until', 'launch+2h', '--outbox', path.join(scratch, 'outbox-refused')], {}, 120_000);

    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/refused: submit GH\/visa-invitation-letters: .+/);
    expect(run.stdout).toContain('the round still running');
    expect(run.stdout).toMatch(/phase prep-1/);
  }, 150_000);

  it('asks for the outbox folder', async () => {
    const run = await jsrx(['simulate', 'examples/en-2027-r1.yaml']);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain("required option '--outbox <dir>'");
  });
});
