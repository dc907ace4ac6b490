import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SimulationManifest } from '../../client/simulation/manifest';
import { DateTime } from 'luxon';
import { simpleParser } from 'mailparser';
import { REMINDER_KINDS } from '../../workflows/dispatch';
import { recipientsFor } from '../../workflows/audience';
import type { RoundProgress } from '../../workflows/messages';
import { validRound } from '../unit/round-fixtures';
import { buildPlan } from '../../domain/plan';
import { stringify } from 'yaml';
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
    expect(run.stderr).toContain('actions[1].at: write an ISO instant');
    expect(run.stderr).toContain('actions[1].reason: missing: a waive action needs its reason');
  });

  it('refuses a --until before the launch or unreadable, naming the option, exits 2, and sends nothing', async () => {
    const before = await jsrx(['simulate', 'examples/en-2027-r1.yaml', '--until', 'launch-1d', '--outbox', path.join(scratch, 'outbox-until-before')]);
    expect(before.code).toBe(2);
    expect(before.stderr).toMatch(/--until launch-1d \(.*\) falls before the launch/);
    expect(existsSync(path.join(scratch, 'outbox-until-before'))).toBe(false);

    const unreadable = await jsrx(['simulate', 'examples/en-2027-r1.yaml', '--until', 'vc2+1x', '--outbox', path.join(scratch, 'outbox-until-typo')]);
    expect(unreadable.code).toBe(2);
    expect(unreadable.stderr).toContain('--until: vc2+1x: not an instant or an event offset');
    expect(existsSync(path.join(scratch, 'outbox-until-typo'))).toBe(false);
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

    const { rehearsal, messages: manifest } = readManifest(outbox);
    expect(rehearsal).toMatchObject({ roundId: 'en-2027-r1', scenario });
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

  it('does not stall when actions land on the very instants the round wakes at', async () => {
    // Each delegation deliverable submitted at the instant of its own first reminder: the timer meant for
    // that instant fires just after it, while the round and the child handle the submission, which drops
    // that reminder. The time-skipping server strands a run whose task cancels a timer fired meanwhile
    // (client/simulation/timer-clearance.ts): without the clearance this rehearsal hangs.
    const round = await validRound(path.join(projectRoot, 'examples', 'en-2027-r1.yaml'));
    const plan = buildPlan(round, new Date().toISOString());
    const onReminders = plan.deliverables
      .filter((d) => d.owner !== 'secretariat' && d.participant === undefined)
      .flatMap((d) => {
        const first = d.reminders.find((r) => r.kind === 'before' && r.at > plan.launchedAt);
        return first ? [{ at: first.at, action: 'submit', deliverable: d.id, reference: `https://docs.example.org/${d.id}` }] : [];
      })
      .sort((a, b) => a.at.localeCompare(b.at));
    expect(onReminders.length).toBeGreaterThan(10);
    const scenario = path.join(scratch, 'on-reminders.yaml');
    writeFileSync(scenario, stringify({ actions: onReminders }));
    const run = await jsrx(['simulate', 'examples/en-2027-r1.yaml', '--scenario', scenario, '--outbox', path.join(scratch, 'on-reminders'), '--json'], {}, 90_000);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { actions: Array<{ outcome: { accepted: boolean } }>; progress: RoundProgress };
    expect(result.actions.filter((a) => a.outcome.accepted)).toHaveLength(onReminders.length);
    expect(result.progress.status).toBe('completed');
  }, 120_000);

  it('does not stall when the round ends at the instant the Secretariat is due a reminder (a silent, compressed round)', async () => {
    // Daily reminders at 15:00 UTC, the round's last step at 15:00 too: the round's end stops the
    // Secretariat's chasing, whose timer for that instant fires while the round's task is with the worker.
    // A task that cancelled it was refused by the time-skipping server, which never sent it again; the
    // round now lets a timer due within the minute fire (workflows/wake.ts). Without that, about one
    // rehearsal of this round in three hung (five in six on a loaded machine): three in a row mostly catch it.
    const day = (offset: number) => DateTime.utc().startOf('day').plus({ days: 14 + offset }).toISODate();
    const file = path.join(scratch, 'ends-on-a-reminder.yaml');
    writeFileSync(
      file,
      stringify({
        id: 'ends-on-a-reminder',
        title: 'Échange JSR express',
        community: 'francophone',
        secretariat: {
          coordinator: { name: 'Aïcha Touré', email: 'aicha.toure@example.org' },
          staff: [
            { name: 'Paul Ngoma', email: 'paul.ngoma@example.org' },
            { name: 'Rose Kabila', email: 'rose.kabila@example.org' },
          ],
        },
        delegations: [
          { country: 'CD', timezone: 'Africa/Kinshasa', participants: [{ name: 'Jean-Pierre Mbuyi', email: 'jp.mbuyi@example.cd' }, { name: 'Chantal Ilunga', email: 'c.ilunga@example.cd' }] },
          { country: 'HT', timezone: 'America/Port-au-Prince', host: true, participants: [{ name: 'Marie-Claude Joseph', email: 'mc.joseph@example.ht' }, { name: 'Frantz Pierre', email: 'f.pierre@example.ht' }] },
          { country: 'RE', timezone: 'Indian/Reunion', participants: [{ name: 'Lucie Payet', email: 'l.payet@example.re' }, { name: 'Marc Hoarau', email: 'm.hoarau@example.re' }] },
        ],
        schedule: {
          vc1: { start: `${day(0)}T15:00:00Z`, durationMinutes: 60, joinUrl: 'https://meet.example.org/q/vc1' },
          vc2: { start: `${day(7)}T15:00:00Z`, durationMinutes: 60, joinUrl: 'https://meet.example.org/q/vc2' },
          visit: { start: day(12), end: day(13), city: 'Port-au-Prince' },
          vc3: { start: `${day(27)}T15:00:00Z`, durationMinutes: 60, joinUrl: 'https://meet.example.org/q/vc3' },
        },
        deadlines: {
          'learning-objectives': 'vc1-1d',
          'jsr-documents': 'vc2-3d',
          'self-assessment': 'vc2-2d',
          'maturity-ladder': 'vc2-2d',
          'visa-invitation-letters': 'visit-2d',
          'host-jsr-documents': 'visit-2d',
          'meeting-requests': 'visit-1d',
          'visit-logistics': 'visit-2d',
          'visit-takeaways': 'visit-end+1d',
          'improvement-plan': 'vc3-4d',
          'leg-debrief': 'vc3-2d',
          'aide-memoire': 'vc3-5d',
          'exchange-feedback': 'vc3+5d',
          communications: 'vc3+7d',
        },
        reminders: { beforeDays: [1], overdueEveryDays: 1, escalateAfterDays: 2, maxOverdueNotices: 10, eventBeforeDays: [1] },
      }),
    );
    for (const attempt of [1, 2, 3]) {
      const run = await jsrx(['simulate', file, '--scenario', 'silent', '--outbox', path.join(scratch, `ends-on-a-reminder-${attempt}`), '--json'], {}, 60_000);
      expect({ attempt, code: run.code }).toEqual({ attempt, code: 0 });
      expect((JSON.parse(run.stdout) as { progress: RoundProgress }).progress.status).toBe('completed');
    }
  }, 240_000);

  it('stopped --until the instant of a reminder, lets out that instant’s letters to every reader, and none after', async () => {
    // vc1-1d is the instant of vc1's reminder (eventBeforeDays [1]; Nairobi keeps UTC+3 all year). The
    // round's timer for it fires just after the server's clock reaches it, and its letters are activities
    // still to run: a rehearsal that stopped there shut the worker down on some of them.
    const round = await validRound(path.join(projectRoot, 'examples', 'en-2027-r1.yaml'));
    const outbox = path.join(scratch, 'until-reminder');

    const run = await jsrx(['simulate', 'examples/en-2027-r1.yaml', '--scenario', 'silent', '--until', 'vc1-1d', '--outbox', outbox, '--json'], {}, 90_000);

    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as { ending: { stoppedAt?: string } };
    expect(result.ending.stoppedAt).toBe('2027-02-15T11:00:00.000Z');
    const { messages } = readManifest(outbox);
    const atStop = messages.filter((message) => message.scheduledAt === '2027-02-15T11:00:00.000Z');
    expect(atStop.map((message) => [message.kind, message.event, message.to]).sort()).toEqual(
      recipientsFor(round, 'everyone')
        .map((reader) => ['event-reminder', 'vc1', reader.email])
        .sort(),
    );
    expect(messages.filter((message) => message.scheduledAt > '2027-02-15T11:00:00.000Z')).toEqual([]);
  }, 120_000);

  it('reports an action the round refuses, keeps going, and exits 2', async () => {
    const scenario = path.join(scratch, 'refused.yaml');
    writeFileSync(scenario, '- { at: launch+1h, action: submit, deliverable: GH/visa-invitation-letters }\n');

    const run = await jsrx(['simulate', 'examples/en-2027-r1.yaml', '--scenario', scenario, '--until', 'launch+2h', '--outbox', path.join(scratch, 'outbox-refused')], {}, 120_000);

    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/refused: submit GH\/visa-invitation-letters: .+/);
    expect(run.stdout).toContain('the round still running');
    expect(run.stdout).toMatch(/phase prep-1/);
  }, 150_000);

  it('refuses a live outbox, naming the folder and the fix, exits 2, and leaves every file as it was', async () => {
    // What the worker leaves in JSRX_OUTBOX_DIR: its emails and its manifest.jsonl, no rehearsal's manifest.json.
    const live = path.join(scratch, 'live-outbox');
    mkdirSync(live);
    writeFileSync(path.join(live, '20270210T130000Z-invitation-3f2a9c1d.eml'), 'Subject: VC1\r\n\r\nsent for real\r\n');
    writeFileSync(path.join(live, 'manifest.jsonl'), '{"file":"20270210T130000Z-invitation-3f2a9c1d.eml"}\n');
    const before = snapshot(live);

    const run = await jsrx(['simulate', 'examples/en-2027-r1.yaml', '--outbox', live]);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`--outbox ${live}: it holds files that no rehearsal wrote (it looks like a live outbox)`);
    expect(run.stderr).toContain('Choose an empty folder, or leave out --outbox');
    expect(snapshot(live)).toEqual(before);
  });

  it('rehearses into a new temporary folder without --outbox, and a later rehearsal reuses that folder, replacing only its files', async () => {
    const first = await jsrx(['simulate', 'examples/en-2027-r1.yaml', '--scenario', 'silent', '--until', 'launch+2h', '--json'], {}, 120_000);
    expect(first.code).toBe(0);
    const outbox = (JSON.parse(first.stdout) as { outbox: string }).outbox;
    try {
      expect(path.dirname(outbox)).toBe(tmpdir());
      const earlier = readManifest(outbox);
      expect(earlier.messages.length).toBeGreaterThan(0);

      const second = await jsrx(['simulate', 'examples/en-2027-r1.yaml', '--scenario', 'silent', '--until', 'launch+2h', '--outbox', outbox], {}, 120_000);

      expect(second.code).toBe(0);
      expect(second.stderr).toContain(`replacing the ${earlier.messages.length} emails of an earlier rehearsal in ${outbox}`);
      const later = readManifest(outbox);
      expect(later.rehearsal.startedAt > earlier.rehearsal.finishedAt!).toBe(true);
      // Exactly the new rehearsal's files: the old manifest.jsonl was replaced, not appended to.
      expect(readdirSync(outbox).sort()).toEqual(['manifest.json', 'manifest.jsonl', ...later.messages.map((message) => message.file)].sort());
      expect(readFileSync(path.join(outbox, 'manifest.jsonl'), 'utf8').trim().split('\n')).toHaveLength(later.messages.length);

      // A file the rehearsal did not write makes the folder someone else's again.
      writeFileSync(path.join(outbox, 'notes.txt'), 'my notes on the rehearsal');
      const before = snapshot(outbox);
      const third = await jsrx(['simulate', 'examples/en-2027-r1.yaml', '--outbox', outbox]);
      expect(third.code).toBe(2);
      expect(third.stderr).toMatch(/it holds a rehearsal of en-2027-r1 started .+, and files that rehearsal did not list: notes\.txt/);
      expect(snapshot(outbox)).toEqual(before);
    } finally {
      rmSync(outbox, { recursive: true, force: true });
    }
  }, 240_000);

  it('on a machine never provisioned, says to run npm run provision, exits 1, and creates nothing', async () => {
    const outbox = path.join(scratch, 'outbox-unprovisioned');

    const run = await jsrx(['simulate', 'examples/en-2027-r1.yaml', '--outbox', outbox], { JSRX_CACHE_DIR: path.join(scratch, 'empty-cache'), TEMPORAL_TEST_SERVER: '' });

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('no Temporal time-skipping test server is provisioned on this machine: run `npm run provision`');
    expect(existsSync(outbox)).toBe(false);
  });
});

function readManifest(outbox: string): SimulationManifest {
  return JSON.parse(readFileSync(path.join(outbox, 'manifest.json'), 'utf8')) as SimulationManifest;
}

/** Every file in the folder with its content, to show a refusal changed nothing. */
function snapshot(folder: string): Record<string, string> {
  return Object.fromEntries(readdirSync(folder).sort().map((name) => [name, readFileSync(path.join(folder, name), 'utf8')]));
}
