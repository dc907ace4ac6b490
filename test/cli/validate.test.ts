import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { jsrx, jsrxJson } from './run-jsrx';

describe('jsrx validate', () => {
  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(path.join(tmpdir(), 'jsrx-validate-'));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('shows the example round as a timeline of phases, events and deliverables, in the zone asked for', async () => {
    const run = await jsrx(['validate', 'examples/en-2027-r1.yaml', '--tz', 'Africa/Nairobi']);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('valid round en-2027-r1');
    expect(run.stdout).toMatch(/vc-2\s+from Tue 23 Mar 2027 14:00/);
    expect(run.stdout).toMatch(/vc1 Tue 16 Feb 2027 14:00 GMT\+3 to 16:00 GMT\+3 .*https:\/\/meet\.example\.org\/en-2027-r1\/vc1/);
    expect(run.stdout).toMatch(/due .* jsr-documents\s+KE, GH, ZM, SL/);
    expect(run.stdout).toContain('Who owes what');
  });

  it('writes the end’s date of an event that ends on a later day in the zone asked for', async () => {
    // 11:00 UTC is 23:00 in Fiji: the two-hour VC ends at 01:00 the next day there.
    const run = await jsrx(['validate', 'examples/en-2027-r1.yaml', '--tz', 'Pacific/Fiji']);

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/vc1 Tue 16 Feb 2027 23:00 GMT\+12 to Wed 17 Feb 2027 01:00 GMT\+12 /);
  });

  it('validates the francophone example too, and gives its plan as JSON for scripts', async () => {
    const { code, value } = await jsrxJson<{ ok: boolean; round: { id: string }; plan: { deliverables: unknown[] } }>([
      'validate',
      'examples/fr-2027-r1.yaml',
    ]);

    expect(code).toBe(0);
    expect(value.ok).toBe(true);
    expect(value.round.id).toBe('fr-2027-r1');
    expect(value.plan.deliverables.length).toBeGreaterThan(10);
  });

  it('warns of a deliverable due before its phase opens, and still exits 0', async () => {
    const round = parse(readFileSync('examples/fr-2027-r1.yaml', 'utf8')) as { deadlines?: Record<string, string> };
    round.deadlines = { ...round.deadlines, 'visa-invitation-letters': '2027-03-15' };
    const early = path.join(scratch, 'early-visa.json');
    writeFileSync(early, JSON.stringify(round));
    const run = await jsrx(['validate', early, '--launch-at', '2026-11-22T22:40:00Z']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/warning TD\/visa-invitation-letters: falls due \(2027-03-15T16:00:00\.000Z\) by the time it is requested, when prep-3 opens/);
  });

  it('takes vc1’s notes set after vc2 as written, and warns that they would come after the conference they serve, with the field to change', async () => {
    const round = parse(readFileSync('examples/en-2027-r1.yaml', 'utf8')) as { deadlines?: Record<string, string> };
    round.deadlines = { 'vc1-notes': 'vc2+2d' };
    const late = path.join(scratch, 'late-notes.json');
    writeFileSync(late, JSON.stringify(round));
    const run = await jsrx(['validate', late, '--launch-at', '2026-11-22T22:40:00Z', '--tz', 'UTC']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/due Thu 25 Mar 2027 11:00 UTC\s+vc1-notes\s+secretariat/);
    expect(run.stdout).toContain(
      'warning secretariat/vc1-notes: due 2027-03-25T11:00:00.000Z, after vc2 (2027-03-23T11:00:00.000Z), which works from it: it would reach the participants once vc2 has begun. ' +
        'To have it before, set deadlines.vc1-notes to a date before vc2 (e.g. vc2-1d)',
    );

    round.deadlines = { 'vc1-notes': 'vc2-1d' };
    writeFileSync(late, JSON.stringify(round));
    const fixed = await jsrx(['validate', late, '--launch-at', '2026-11-22T22:40:00Z']);
    expect(fixed.code).toBe(0);
    expect(fixed.stdout).not.toContain('warning');
  });

  it('lists every problem of a broken round file with its path, and exits 2', async () => {
    const broken = path.join(scratch, 'broken.yaml');
    writeFileSync(
      broken,
      [
        'id: Broken Round',
        'title: A broken round',
        'community: anglophone',
        'secretariat: { coordinator: { name: Ann, email: not-an-email } }',
        'delegations:',
        '  - { country: KE, timezone: Mars/Olympus, host: true, participants: [{ name: A, email: a@example.ke }] }',
        'schedule:',
        '  vc1: { start: 2027-03-01T10:00:00Z, joinUrl: https://meet.example.org/1 }',
        '  vc2: { start: 2027-02-01T10:00:00Z, joinUrl: https://meet.example.org/2 }',
        '  visit: { start: 2027-04-01, end: 2027-04-03, city: Nairobi }',
        '  vc3: { start: 2027-06-01T10:00:00Z, joinUrl: https://meet.example.org/3 }',
      ].join('\n'),
    );

    const run = await jsrx(['validate', broken]);

    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/error\s+id: /);
    expect(run.stdout).toMatch(/error\s+secretariat\.coordinator\.email: /);
    expect(run.stdout).toMatch(/error\s+delegations\[0\]\.timezone: /);
    expect(run.stdout).not.toContain('Timeline');
  });

  it('refuses, with exit 2, a round whose first video conference is not after the launch, as the round itself would', async () => {
    const run = await jsrx(['validate', 'examples/fr-2027-r1.yaml', '--launch-at', '2027-02-11T08:00:00Z']);

    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/error\s+schedule\.vc1\.start: vc1 \(2027-02-10T13:00:00\.000Z\) is not after the launch \(2027-02-11T08:00:00\.000Z\): move the schedule later/);
    expect(run.stdout).not.toContain('valid round');
    expect(run.stdout).not.toContain('Timeline');
  });

  it('refuses to launch a round whose first video conference is past, with exit 2, before reaching for the service', async () => {
    const round = parse(readFileSync('examples/fr-2027-r1.yaml', 'utf8')) as { schedule: Record<string, { start: string; end?: string }> };
    const past = (text: string) => text.replace(/^2027/, '2025');
    for (const event of Object.values(round.schedule)) {
      event.start = past(event.start);
      if (event.end) event.end = past(event.end);
    }
    const file = path.join(scratch, 'past.json');
    writeFileSync(file, JSON.stringify(round));

    const run = await jsrx(['launch', file], { TEMPORAL_ADDRESS: '127.0.0.1:1' });

    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/error\s+schedule\.vc1\.start: vc1 \(2025-02-10T13:00:00\.000Z\) is not after the launch/);
  });

  it('names the line of a YAML syntax error, and exits 2', async () => {
    const garbled = path.join(scratch, 'garbled.yaml');
    writeFileSync(garbled, 'id: x\ntitle: [unclosed\n');

    const run = await jsrx(['validate', garbled]);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${garbled}:`);
    expect(run.stderr).toContain('YAML syntax error');
  });

  it('refuses a file that does not exist and a zone that does not exist, with exit 2', async () => {
    const missing = await jsrx(['validate', path.join(scratch, 'nowhere.yaml')]);
    const badZone = await jsrx(['validate', 'examples/en-2027-r1.yaml', '--tz', 'Europe/Atlantis']);

    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file');
    expect(badZone.code).toBe(2);
    expect(badZone.stderr).toContain('--tz Europe/Atlantis: not a time zone');
  });
});

describe('jsrx --help', () => {
  it('lists the commands, and each command explains itself', async () => {
    const top = await jsrx(['--help']);
    const validate = await jsrx(['validate', '--help']);

    expect(top.code).toBe(0);
    expect(top.stdout).toContain('validate');
    expect(top.stdout).toContain('Exit codes');
    expect(validate.code).toBe(0);
    expect(validate.stdout).toContain('--tz <zone>');
    expect(validate.stdout).toContain('--json');
  });

  it.each(['simulate', 'launch', 'status', 'list', 'submit', 'waive', 'extend', 'reschedule', 'replace-participant', 'cancel', 'report'])(
    'explains %s with --help',
    async (command) => {
      const help = await jsrx([command, '--help']);

      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: jsrx ${command}`);
      expect(help.stdout).toContain('--json');
    },
  );

  it('treats an unknown command or option as bad input (exit 2)', async () => {
    const unknown = await jsrx(['frobnicate']);

    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command');
  });
});
