/**
 * Rounds whose workflow was stopped from outside the round (terminated from Temporal, failed, timed out),
 * on the dev server with the real worker: the staff dashboard, the round's staff page, a participant's
 * page, `jsrx status` and `jsrx list` say the round stopped, when, and why when Temporal knows, instead of
 * "running", an error or an empty table.
 */
import path from 'node:path';
import { TypedSearchAttributes } from '@temporalio/common';
import { readRoundFile } from '../../client/round-file-io';
import { findProgress, startRound } from '../../client/round-service';
import { validateRound } from '../../domain/validate';
import { signLinkToken } from '../../domain/link-token';
import { roundWorkflowId } from '../../workflows/ids';
import { RoundPhaseKey } from '../../workflows/search-attributes';
import { jsrx, jsrxJson } from '../cli/run-jsrx';
import { copyExampleRound } from '../cli/round-copy';
import { eventually } from './web-client';
import { liveDashboard, textOf } from './live-dashboard';

const PASSWORD = 'stopped rounds staff password';
const SECRET = 'stopped-round-link-secret-0123456789abcdef0123';
const REASON = 'the host postponed its JSR <b>indefinitely</b>';

describe('a round stopped from outside', () => {
  const live = liveDashboard({ name: 'stopped', password: PASSWORD, secret: SECRET });
  const { get } = live;
  /** The dashboard's row of one round, as text; the visibility list catches up within a moment. */
  const dashboardRow = (roundId: string, expected: RegExp) =>
    eventually(async () => {
      const page = await get('/staff');
      const row = new RegExp(`<tr><td><a href="/staff/rounds/${roundId}"[\\s\\S]*?</tr>`).exec(page.html)?.[0];
      return row && expected.test(textOf(row)) ? textOf(row) : undefined;
    }, `the dashboard's row of ${roundId} to match ${expected}`);

  const launched = async (prefix: string) => {
    const { file, roundId } = copyExampleRound('en-2027-r1.yaml', live.scratch, prefix);
    const input = await readRoundFile(file);
    const parsed = validateRound(input);
    if (!parsed.ok) throw new Error('the example must be valid');
    return { roundId, round: parsed.round, input };
  };

  it('terminated from Temporal: every page and jsrx say terminated, when and why, and take nothing more', async () => {
    const { roundId, round, input } = await launched('terminated');
    await startRound(live.env.client, round, input, live.cliEnv.TEMPORAL_TASK_QUEUE!);
    // Planned first, so the round has a progress to answer with after it stopped.
    await eventually(() => findProgress(live.env.client, roundId).catch(() => undefined), 'the round to be planned');
    await live.env.client.workflow.getHandle(roundWorkflowId(roundId)).terminate(REASON);

    const row = await dashboardRow(roundId, /terminated/);
    expect(row).toContain(REASON);
    expect(row).not.toMatch(/running/);

    const page = await get(`/staff/rounds/${roundId}`);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/stopped: terminated on \w{3} \d+ \w{3} 20\d\d \d\d:\d\d UTC/i);
    expect(page.text).toContain(REASON);
    expect(page.text).not.toMatch(/status running/);
    // The round takes no update any more: no action form invites one.
    expect(page.html).not.toContain('name="action"');

    const token = signLinkToken(SECRET, { roundId, delegation: 'KE', email: 'p.kamau@example.ke' });
    const participant = await get(`/p/${token}`);
    expect(participant.status).toBe(200);
    expect(participant.text).toMatch(/This round was stopped on .+ \(terminated\)/);
    expect(participant.text).toContain(REASON);
    expect(participant.html).not.toContain('enctype="multipart/form-data"');

    const status = await jsrx(['status', roundId, '--tz', 'UTC'], live.cliEnv);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/stopped: terminated on \w{3} \d+ \w{3} 20\d\d/);
    expect(status.stdout).toContain(REASON);
    expect(status.stdout).not.toMatch(/\(running,/);
    const json = await jsrxJson<{ stopped?: { status: string; stoppedAt: string; reason?: string } }>(['status', roundId], live.cliEnv);
    expect(json.value.stopped).toEqual({ status: 'terminated', stoppedAt: expect.stringMatching(/^20\d\d-/), reason: REASON });

    // The report to share says it too, above the deliverables as they stood.
    const report = await jsrx(['report', roundId, '--format', 'html', '--tz', 'UTC'], live.cliEnv);
    expect(report.code).toBe(0);
    expect(report.stdout).toMatch(/Stopped: terminated on \w{3} \d+ \w{3} 20\d\d \d\d:\d\d UTC: the host postponed its JSR &lt;b&gt;indefinitely&lt;\/b&gt;\./);
    expect(report.stdout).toContain('<table>');

    const list = await eventually(async () => {
      const run = await jsrx(['list', '--tz', 'UTC'], live.cliEnv);
      const line = run.stdout.split('\n').find((l) => l.includes(roundId));
      return line && /terminated/.test(line) ? line : undefined;
    }, 'jsrx list to show the round as terminated');
    expect(list).toMatch(/terminated \w{3} \d+ \w{3} 20\d\d/);
    const listed = await jsrxJson<Array<{ roundId: string; status: string; stopped?: { reason?: string } }>>(['list'], live.cliEnv);
    expect(listed.value.find((r) => r.roundId === roundId)?.stopped?.reason).toBe(REASON);
  });

  it('failed before it was planned: jsrx status and the staff pages say so, not an empty table or an error', async () => {
    const { roundId, round, input } = await launched('failed');
    // A file the client let through but the round's own rules refuse (as after a rule changed in a release).
    const broken = { ...(input as Record<string, unknown>), delegations: [] };
    await startRound(live.env.client, round, broken, live.cliEnv.TEMPORAL_TASK_QUEUE!);
    await eventually(async () => {
      const description = await live.env.client.workflow.getHandle(roundWorkflowId(roundId)).describe();
      return description.status.name === 'FAILED' ? true : undefined;
    }, 'the round to fail');

    const status = await jsrx(['status', roundId, '--tz', 'UTC'], live.cliEnv);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/stopped: failed on \w{3} \d+ \w{3} 20\d\d/);
    expect(status.stdout).toContain('the round cannot launch');
    expect(status.stdout).toMatch(/never planned: nothing was sent/);
    expect(status.stdout).not.toMatch(/deliverable\s+│?\s*due/);

    // jsrx report answers about the round it was asked about, in the format asked for, and succeeds: the
    // round is known, it only has no deliverables, and the note on stderr says why.
    const csv = await jsrx(['report', roundId, '--tz', 'UTC'], live.cliEnv);
    expect(csv.code).toBe(0);
    expect(csv.stdout).toBe('round,owner,participant,deliverable,due_at_utc,due_at_UTC,status,submitted_at,submitted_by,reference,waived_reason\n');
    expect(csv.stderr).toMatch(new RegExp(`^${roundId}: Stopped: failed on \\w{3} \\d+ \\w{3} 20\\d\\d \\d\\d:\\d\\d UTC: .*the round cannot launch.*never planned: nothing was sent\\.$`, 'm'));
    const html = await jsrx(['report', roundId, '--format', 'html', '--tz', 'UTC'], live.cliEnv);
    expect(html.code).toBe(0);
    expect(html.stdout).toMatch(/Stopped: failed on \w{3} \d+ \w{3} 20\d\d/);
    expect(html.stdout).toContain('the round cannot launch');
    expect(html.stdout).toContain('No deliverables to show: it was never planned: nothing was sent.');
    expect(html.stdout).not.toContain('<table>');
    const reported = await jsrxJson<{ roundId: string; stopped: { status: string; reason?: string }; planned?: boolean }>(['report', roundId], live.cliEnv);
    expect(reported.value).toMatchObject({ roundId, stopped: { status: 'failed', reason: expect.stringContaining('the round cannot launch') }, planned: false });

    const page = await get(`/staff/rounds/${roundId}`);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/stopped: failed on/i);
    expect(page.text).toContain('the round cannot launch');
    expect(page.text).toMatch(/never planned/);

    const row = await dashboardRow(roundId, /failed/);
    expect(row).toContain('the round cannot launch');
    expect(row).not.toMatch(/no answer from the round/);

    // Its exports have nothing to give: each says why, not an error page.
    for (const file of ['matrix.csv', 'feedback.csv', 'letters.csv', 'feed.ics']) {
      const exported = await get(`/staff/rounds/${roundId}/${file}`);
      expect({ file, status: exported.status }).toEqual({ file, status: 409 });
      expect(exported.text).toMatch(/Stopped: failed on/);
      expect(exported.text).toContain('the round cannot launch');
      expect(exported.text).toMatch(/never planned/);
    }
  });

  it('timed out: shown in words, and a relaunch says the earlier run timed out, not "timed_out"', async () => {
    const { roundId, input } = await launched('timed-out');
    await live.env.client.workflow.start('exchangeRound', {
      args: [{ round: input }],
      taskQueue: live.cliEnv.TEMPORAL_TASK_QUEUE!,
      workflowId: roundWorkflowId(roundId),
      workflowExecutionTimeout: '2s',
      typedSearchAttributes: new TypedSearchAttributes([{ key: RoundPhaseKey, value: 'prep-1' }]),
    });
    await eventually(async () => {
      const description = await live.env.client.workflow.getHandle(roundWorkflowId(roundId)).describe();
      return description.status.name === 'TIMED_OUT' ? true : undefined;
    }, 'the round to time out');

    const row = await dashboardRow(roundId, /timed out/);
    expect(row).not.toMatch(/timed_out/);
    const status = await jsrx(['status', roundId, '--tz', 'UTC'], live.cliEnv);
    expect(status.stdout).toMatch(/stopped: timed out on/);

    const copy = path.join(live.scratch, `${roundId}.yaml`);
    const relaunch = await jsrx(['launch', copy], live.cliEnv);
    expect(relaunch.code).toBe(0);
    expect(relaunch.stdout + relaunch.stderr).toMatch(/earlier run of .+ timed out on/);
    expect(relaunch.stdout + relaunch.stderr).not.toContain('timed_out');
  });
});
