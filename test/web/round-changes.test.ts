/**
 * Changes staff make to a round from the dashboard, on the dev server with the real worker: what the
 * pages, the exports and `jsrx status` say afterwards, and the changes refused before the round is asked.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { findProgress } from '../../client/round-service';
import { copyExampleRound } from '../cli/round-copy';
import { jsrx } from '../cli/run-jsrx';
import { launchExample } from '../harness/live-worker';
import { eventually } from './web-client';
import { liveDashboard, textOf } from './live-dashboard';
import { csrfIn } from './staff-session';

const PASSWORD = 'round changes staff password';
const SECRET = 'round-changes-link-secret-0123456789abcdef0123';

describe('a round changed from the dashboard', () => {
  const live = liveDashboard({ name: 'changes', password: PASSWORD, secret: SECRET });
  const { get } = live;
  /** Posts one of the round page's action forms, with the page's own CSRF token. */
  const act = async (roundId: string, fields: Record<string, string>) => {
    const page = await get(`/staff/rounds/${roundId}`);
    const response = await live.app.inject({
      method: 'POST',
      url: `/staff/rounds/${roundId}/actions`,
      cookies: live.jar,
      payload: { _csrf: csrfIn(page.html), tz: 'UTC', lang: 'en', ...fields },
    });
    return { status: response.statusCode, text: textOf(response.body), location: response.headers.location as string | undefined };
  };
  const launched = (prefix: string) => launchExample(live, 'en-2027-r1.yaml', prefix);

  it('cancelled: the list, its page, the matrix CSV and jsrx status promise no next event and no next reminder', async () => {
    const roundId = await launched('ended');
    const before = await get(`/staff/rounds/${roundId}`);
    expect(before.text).toContain('next reminder');

    const cancel = await act(roundId, { action: 'cancel', reason: 'the host postponed its JSR' });
    expect(cancel.status).toBe(303);

    const row = await eventually(async () => {
      const page = await get('/staff');
      const html = new RegExp(`<tr><td><a href="/staff/rounds/${roundId}"[\\s\\S]*?</tr>`).exec(page.html)?.[0];
      return html && /cancelled/.test(html) ? textOf(html) : undefined;
    }, 'the dashboard to list the round as cancelled');
    expect(row).not.toMatch(/vc1, /);

    const page = await get(`/staff/rounds/${roundId}`);
    expect(page.text).toContain('status cancelled');
    expect(page.text).not.toContain('next reminder');
    const csv = await get(`/staff/rounds/${roundId}/matrix.csv`);
    const [header, ...rows] = csv.html.replace(/^\uFEFF/, '').trim().split('\n');
    const column = header!.split(',').indexOf('next_reminder_at');
    expect(column).toBeGreaterThan(0);
    expect(rows.map((line) => line.split(',')[column]).filter(Boolean)).toEqual([]);

    const status = await jsrx(['status', roundId, '--tz', 'UTC'], live.cliEnv);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('cancelled: the host postponed its JSR');
    expect(status.stdout).not.toMatch(/^next:/m);
  });

  it('a visit moved close to vc2 is taken, and jsrx and the page say at once which deliverables now fall due before they are requested, with the fix', async () => {
    const roundId = await launched('late-requests');
    // Visa letters (visit − 30 d) and the host's JSR documents (visit − 21 d) now fall before vc2 ends,
    // when prep-3 opens and asks for them; the meeting requests (visit − 14 d) still come after.
    const cli = await jsrx(['reschedule', roundId, 'visit', '--start', '2027-04-09', '--end', '2027-04-13', '--reason', 'the JSR moved forward'], live.cliEnv);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain(`${roundId}: reschedule visit: accepted`);
    const warnings = cli.stdout.split('\n').filter((line) => line.startsWith('warning: '));
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(
      new RegExp(
        `^warning: KE/visa-invitation-letters falls due Wed 10 Mar 2027 \\d\\d:\\d\\d UTC, before it is requested when prep-3 opens \\(Tue 23 Mar 2027 13:00 UTC\\): ` +
          `its owners would be asked for it already late\\. Give it a later due date \\(jsrx extend ${roundId} KE/visa-invitation-letters --due YYYY-MM-DD --reason …\\) or waive it`,
      ),
    );
    expect(warnings[1]).toMatch(/^warning: KE\/host-jsr-documents falls due Fri 19 Mar 2027/);

    // The page, right after the same kind of move made there, says it in the page's words.
    const moved = await act(roundId, { action: 'reschedule', event: 'visit', start: '2027-04-08', end: '2027-04-12', reason: '' });
    expect(moved.status).toBe(303);
    const page = await get(moved.location!);
    expect(page.text).toContain('reschedule: accepted');
    expect(page.text).toMatch(/KE\/visa-invitation-letters falls due Tue 9 Mar 2027 \d\d:\d\d UTC, before it is requested when prep-3 opens \(Tue 23 Mar 2027 13:00 UTC\): .*Extend its due date or waive it below\./);

    // Once extended past the request, the next move no longer warns of it.
    const extended = await jsrx(['extend', roundId, 'KE/visa-invitation-letters', '--due', '2027-03-26', '--reason', 'after vc2'], live.cliEnv);
    expect(extended.code).toBe(0);
    const again = await jsrx(['reschedule', roundId, 'vc3', '--start', '2027-06-16T11:00:00Z'], live.cliEnv);
    expect(again.code).toBe(0);
    expect(again.stdout).not.toContain('visa-invitation-letters');
    expect(again.stdout).toContain('KE/host-jsr-documents falls due');
  });

  it('the warnings on the page and in jsrx status follow the round\'s dates: a launch warning goes once a move fixed it, a move makes its own', async () => {
    // Launched with the visit ten days after vc2 ends: the host's visa letters fall due before prep-3 asks for them.
    const { file, roundId } = copyExampleRound('en-2027-r1.yaml', live.scratch, 'current-warnings');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/visit: \{ start: 2027-04-26, end: 2027-04-30/, 'visit: { start: 2027-04-02, end: 2027-04-06'));
    const launch = await jsrx(['launch', file], live.cliEnv);
    expect(launch.code).toBe(0);
    await eventually(() => findProgress(live.env.client, roundId).catch(() => undefined), 'the round to be planned');
    const warned = async () => {
      const page = await get(`/staff/rounds/${roundId}`);
      const section = /<h2>Warnings<\/h2><ul>([\s\S]*?)<\/ul>/.exec(page.html)?.[1] ?? '';
      const status = await jsrx(['status', roundId, '--json'], live.cliEnv);
      const cli = (JSON.parse(status.stdout) as { warnings: Array<{ path: string }> }).warnings.map((warning) => warning.path);
      const human = await jsrx(['status', roundId, '--tz', 'UTC'], live.cliEnv);
      return { page: textOf(section), cli, human: human.stdout };
    };
    const atLaunch = await warned();
    expect(atLaunch.page).toContain('KE/visa-invitation-letters: falls due');
    expect(atLaunch.cli).toContain('KE/visa-invitation-letters');
    expect(atLaunch.human).toMatch(/^warning KE\/visa-invitation-letters: falls due/m);

    // The JSR went back to its first dates: nothing falls due before its request any more.
    const back = await jsrx(['reschedule', roundId, 'visit', '--start', '2027-04-26', '--end', '2027-04-30'], live.cliEnv);
    expect(back.code).toBe(0);
    const afterMove = await warned();
    expect(afterMove.page).not.toContain('visa-invitation-letters');
    expect(afterMove.cli).not.toContain('KE/visa-invitation-letters');
    expect(afterMove.human).not.toMatch(/^warning /m);

    // Brought close to vc2 again, then the letters extended past their request: the page says so, then no more.
    const close = await jsrx(['reschedule', roundId, 'visit', '--start', '2027-04-09', '--end', '2027-04-13'], live.cliEnv);
    expect(close.code).toBe(0);
    expect((await warned()).page).toContain('KE/visa-invitation-letters: falls due');
    const extended = await jsrx(['extend', roundId, 'KE/visa-invitation-letters', '--due', '2027-03-26', '--reason', 'after vc2'], live.cliEnv);
    expect(extended.code).toBe(0);
    const afterExtension = await warned();
    expect(afterExtension.page).not.toContain('visa-invitation-letters');
    expect(afterExtension.page).toContain('KE/host-jsr-documents: falls due');
  });

  it('a move that makes a deliverable already asked for due in the past is taken, and jsrx and the page name it, its new date and the fix', async () => {
    const roundId = await launched('past-due');
    // vc1 brought to a day and a half from now: the learning objectives, asked for at launch and due three days before vc1, fall due in the past.
    const soon = (hours: number) => new Date(Math.ceil(Date.now() / 3_600_000 + hours) * 3_600_000).toISOString().replace('.000Z', 'Z');
    const cli = await jsrx(['reschedule', roundId, 'vc1', '--start', soon(36), '--reason', 'the ministers meet earlier'], { ...live.cliEnv, TZ: 'UTC' });
    expect(cli.code).toBe(0);
    const warnings = cli.stdout.split('\n').filter((line) => line.startsWith('warning: '));
    expect(warnings.map((line) => line.split(' ')[1])).toEqual(['KE/learning-objectives', 'GH/learning-objectives', 'ZM/learning-objectives', 'SL/learning-objectives']);
    const due = (await findProgress(live.env.client, roundId))!.deliverables.find((d) => d.id === 'KE/learning-objectives')!.dueAt;
    expect(due < new Date().toISOString()).toBe(true);
    expect(warnings[0]).toMatch(
      new RegExp(
        `^warning: KE/learning-objectives is now due \\w{3} \\d+ \\w{3} \\d{4} \\d\\d:\\d\\d UTC, which has already passed: its owners were asked for it, are told this date, and get overdue notices from now on\\. ` +
          `Give it a date ahead \\(jsrx extend ${roundId} KE/learning-objectives --due YYYY-MM-DD --reason …\\) or waive it`,
      ),
    );

    // The same kind of move from the page: the page that follows says it, in the page's words.
    const moved = await act(roundId, { action: 'reschedule', event: 'vc1', start: soon(40), reason: '' });
    expect(moved.status).toBe(303);
    const page = await get(moved.location!);
    expect(page.text).toContain('reschedule: accepted');
    expect(page.text).toMatch(/KE\/learning-objectives is now due \w{3} \d+ \w{3} \d{4} \d\d:\d\d UTC, which has already passed: .*Give it a date ahead or waive it below\./);
    expect(page.text).toContain('SL/learning-objectives is now due');
    expect(page.text).not.toContain('vc1-notes is now due');
  });

  it('refuses to replace a participant by their own address, in any capitals, before the round sends anyone a cancellation', async () => {
    const roundId = await launched('replace-self');
    // Letters decided so far, whether or not out yet: a cancellation would add to them.
    const letters = async () => {
      const { delivered, inFlight, failed } = (await findProgress(live.env.client, roundId))!.letters;
      return delivered + inFlight + failed;
    };
    const sent = await letters();

    const web = await act(roundId, {
      action: 'replace',
      country: 'KE',
      leaving: 'p.kamau@example.ke',
      name: 'Peter Kamau',
      email: 'P.Kamau@Example.KE',
    });
    expect(web.status).toBe(422);
    expect(web.text).toContain('email: P.Kamau@Example.KE is the address of the participant who leaves: give the newcomer’s own address');

    const cli = await jsrx(
      ['replace-participant', roundId, 'KE', '--leaving', 'p.kamau@example.ke', '--name', 'Peter Kamau', '--email', ' p.kamau@example.ke'],
      live.cliEnv,
    );
    expect(cli.code).toBe(2);
    expect(cli.stdout + cli.stderr).toContain('is the address of the participant who leaves');

    const progress = await findProgress(live.env.client, roundId);
    expect(progress!.delegations.find((d) => d.country === 'KE')!.participants.map((p) => p.email)).toEqual([
      'p.kamau@example.ke',
      'm.achieng@example.ke',
    ]);
    expect(progress!.events.find((e) => e.id === 'vc1')!.sequence).toBe(0);
    expect(await letters()).toBe(sent);
  });
});
