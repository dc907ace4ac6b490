/**
 * Rounds whose workflow was stopped from outside the round (terminated from Temporal, failed, timed out),
 * on the dev server with the real worker: the staff dashboard, the round's staff page, a participant's
 * page, `jsrx status` and `jsrx list` say the round stopped, when, and why when Temporal knows, instead of
 * "running", an error or an empty table.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { TypedSearchAttributes } from '@temporalio/common';
import { readRoundFile } from '../../client/round-file-io';
import { findProgress, startRound } from '../../client/round-service';
import { buildWebApp } from '../../client/web/server';
import { roundGateway } from '../../client/web/round-gateway';
import { staffRounds } from '../../client/web/staff/staff-rounds';
import { validateRound } from '../../domain/validate';
import { signLinkToken } from '../../domain/link-token';
import { roundWorkflowId } from '../../workflows/ids';
import { RoundPhaseKey } from '../../workflows/search-attributes';
import { openDevServerEnv } from '../harness/servers';
import { startRoundWorker, type RunningRoundWorker } from '../harness/round-worker';
import { jsrx, jsrxJson } from '../cli/run-jsrx';
import { copyExampleRound } from '../cli/round-copy';
import { eventually } from './web-client';
import { staffSession } from './staff-session';

const PASSWORD = 'stopped rounds staff password';
const SECRET = 'stopped-round-link-secret-0123456789abcdef0123';
const REASON = 'the host postponed its JSR <b>indefinitely</b>';

/** The text a person reads, without the markup: what a browser shows. */
const textOf = (html: string) =>
  html
    .replace(/<style>[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ');

describe('a round stopped from outside', () => {
  let env: TestWorkflowEnvironment;
  let worker: RunningRoundWorker;
  let app: FastifyInstance;
  let scratch: string;
  let cliEnv: NodeJS.ProcessEnv;
  let jar: Record<string, string>;

  beforeAll(async () => {
    env = await openDevServerEnv();
    scratch = mkdtempSync(path.join(tmpdir(), 'jsrx-stopped-'));
    cliEnv = { TEMPORAL_ADDRESS: env.address, TEMPORAL_TASK_QUEUE: `stopped-${randomUUID()}` };
    worker = await startRoundWorker(env, { ...cliEnv, JSRX_OUTBOX_DIR: path.join(scratch, 'outbox') });
    app = await buildWebApp({
      rounds: roundGateway(env.client),
      config: { publicUrl: 'http://jsrx.test', web: { uploadMaxBytes: 1024 * 1024, uploadsDir: path.join(scratch, 'uploads') } },
      linkSecret: SECRET,
      progressCacheMs: 0,
      staff: { rounds: staffRounds(env.client), password: PASSWORD, secret: SECRET, progressCacheMs: 0 },
    });
    jar = await staffSession(app, PASSWORD);
  });
  afterAll(async () => {
    await app?.close();
    await worker?.stop();
    await env?.teardown();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  const get = async (url: string) => {
    const response = await app.inject({ method: 'GET', url, cookies: jar });
    return { status: response.statusCode, text: textOf(response.body), html: response.body };
  };
  /** The dashboard's row of one round, as text; the visibility list catches up within a moment. */
  const dashboardRow = (roundId: string, expected: RegExp) =>
    eventually(async () => {
      const page = await get('/staff');
      const row = new RegExp(`<tr><td><a href="/staff/rounds/${roundId}"[\\s\\S]*?</tr>`).exec(page.html)?.[0];
      return row && expected.test(textOf(row)) ? textOf(row) : undefined;
    }, `the dashboard's row of ${roundId} to match ${expected}`);

  const launched = async (prefix: string) => {
    const { file, roundId } = copyExampleRound('en-2027-r1.yaml', scratch, prefix);
    const input = await readRoundFile(file);
    const parsed = validateRound(input);
    if (!parsed.ok) throw new Error('the example must be valid');
    return { roundId, round: parsed.round, input };
  };

  it('terminated from Temporal: every page and jsrx say terminated, when and why, and take nothing more', async () => {
    const { roundId, round, input } = await launched('terminated');
    await startRound(env.client, round, input, cliEnv.TEMPORAL_TASK_QUEUE!);
    // Planned first, so the round has a progress to answer with after it stopped.
    await eventually(() => findProgress(env.client, roundId).catch(() => undefined), 'the round to be planned');
    await env.client.workflow.getHandle(roundWorkflowId(roundId)).terminate(REASON);

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

    const status = await jsrx(['status', roundId, '--tz', 'UTC'], cliEnv);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/stopped: terminated on \w{3} \d+ \w{3} 20\d\d/);
    expect(status.stdout).toContain(REASON);
    expect(status.stdout).not.toMatch(/\(running,/);
    const json = await jsrxJson<{ stopped?: { status: string; stoppedAt: string; reason?: string } }>(['status', roundId], cliEnv);
    expect(json.value.stopped).toEqual({ status: 'terminated', stoppedAt: expect.stringMatching(/^20\d\d-/), reason: REASON });

    const list = await eventually(async () => {
      const run = await jsrx(['list', '--tz', 'UTC'], cliEnv);
      const line = run.stdout.split('\n').find((l) => l.includes(roundId));
      return line && /terminated/.test(line) ? line : undefined;
    }, 'jsrx list to show the round as terminated');
    expect(list).toMatch(/terminated \w{3} \d+ \w{3} 20\d\d/);
    const listed = await jsrxJson<Array<{ roundId: string; status: string; stopped?: { reason?: string } }>>(['list'], cliEnv);
    expect(listed.value.find((r) => r.roundId === roundId)?.stopped?.reason).toBe(REASON);
  });

  it('failed before it was planned: jsrx status and the staff pages say so, not an empty table or an error', async () => {
    const { roundId, round, input } = await launched('failed');
    // A file the client let through but the round's own rules refuse (as after a rule changed in a release).
    const broken = { ...(input as Record<string, unknown>), delegations: [] };
    await startRound(env.client, round, broken, cliEnv.TEMPORAL_TASK_QUEUE!);
    await eventually(async () => {
      const description = await env.client.workflow.getHandle(roundWorkflowId(roundId)).describe();
      return description.status.name === 'FAILED' ? true : undefined;
    }, 'the round to fail');

    const status = await jsrx(['status', roundId, '--tz', 'UTC'], cliEnv);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/stopped: failed on \w{3} \d+ \w{3} 20\d\d/);
    expect(status.stdout).toContain('the round cannot launch');
    expect(status.stdout).toMatch(/never planned: nothing was sent/);
    expect(status.stdout).not.toMatch(/deliverable\s+│?\s*due/);

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
    await env.client.workflow.start('exchangeRound', {
      args: [{ round: input }],
      taskQueue: cliEnv.TEMPORAL_TASK_QUEUE!,
      workflowId: roundWorkflowId(roundId),
      workflowExecutionTimeout: '2s',
      typedSearchAttributes: new TypedSearchAttributes([{ key: RoundPhaseKey, value: 'prep-1' }]),
    });
    await eventually(async () => {
      const description = await env.client.workflow.getHandle(roundWorkflowId(roundId)).describe();
      return description.status.name === 'TIMED_OUT' ? true : undefined;
    }, 'the round to time out');

    const row = await dashboardRow(roundId, /timed out/);
    expect(row).not.toMatch(/timed_out/);
    const status = await jsrx(['status', roundId, '--tz', 'UTC'], cliEnv);
    expect(status.stdout).toMatch(/stopped: timed out on/);

    const copy = path.join(scratch, `${roundId}.yaml`);
    const relaunch = await jsrx(['launch', copy], cliEnv);
    expect(relaunch.code).toBe(0);
    expect(relaunch.stdout + relaunch.stderr).toMatch(/earlier run of .+ timed out on/);
    expect(relaunch.stdout + relaunch.stderr).not.toContain('timed_out');
  });
});
