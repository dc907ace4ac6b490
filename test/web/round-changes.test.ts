/**
 * Changes staff make to a round from the dashboard, on the dev server with the real worker: what the
 * pages, the exports and `jsrx status` say afterwards, and the changes refused before the round is asked.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { readRoundFile } from '../../client/round-file-io';
import { findProgress, startRound } from '../../client/round-service';
import { buildWebApp } from '../../client/web/server';
import { roundGateway } from '../../client/web/round-gateway';
import { staffRounds } from '../../client/web/staff/staff-rounds';
import { validateRound } from '../../domain/validate';
import { openDevServerEnv } from '../harness/servers';
import { startRoundWorker, type RunningRoundWorker } from '../harness/round-worker';
import { jsrx } from '../cli/run-jsrx';
import { copyExampleRound } from '../cli/round-copy';
import { eventually } from './web-client';
import { csrfIn, staffSession } from './staff-session';

const PASSWORD = 'round changes staff password';
const SECRET = 'round-changes-link-secret-0123456789abcdef0123';

/** The text a person reads, without the markup: what a browser shows. */
const textOf = (html: string) =>
  html
    .replace(/<style>[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ');

describe('a round changed from the dashboard', () => {
  let env: TestWorkflowEnvironment;
  let worker: RunningRoundWorker;
  let app: FastifyInstance;
  let scratch: string;
  let cliEnv: NodeJS.ProcessEnv;
  let jar: Record<string, string>;

  beforeAll(async () => {
    env = await openDevServerEnv();
    scratch = mkdtempSync(path.join(tmpdir(), 'jsrx-changes-'));
    cliEnv = { TEMPORAL_ADDRESS: env.address, TEMPORAL_TASK_QUEUE: `changes-${randomUUID()}` };
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
  /** Posts one of the round page's action forms, with the page's own CSRF token. */
  const act = async (roundId: string, fields: Record<string, string>) => {
    const page = await get(`/staff/rounds/${roundId}`);
    const response = await app.inject({
      method: 'POST',
      url: `/staff/rounds/${roundId}/actions`,
      cookies: jar,
      payload: { _csrf: csrfIn(page.html), tz: 'UTC', lang: 'en', ...fields },
    });
    return { status: response.statusCode, text: textOf(response.body) };
  };
  const launched = async (prefix: string) => {
    const { file, roundId } = copyExampleRound('en-2027-r1.yaml', scratch, prefix);
    const input = await readRoundFile(file);
    const parsed = validateRound(input);
    if (!parsed.ok) throw new Error('the example must be valid');
    await startRound(env.client, parsed.round, input, cliEnv.TEMPORAL_TASK_QUEUE!);
    await eventually(() => findProgress(env.client, roundId).catch(() => undefined), 'the round to be planned');
    return roundId;
  };

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

    const status = await jsrx(['status', roundId, '--tz', 'UTC'], cliEnv);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain('cancelled: the host postponed its JSR');
    expect(status.stdout).not.toMatch(/^next:/m);
  });

  it('refuses to replace a participant by their own address, in any capitals, before the round sends anyone a cancellation', async () => {
    const roundId = await launched('replace-self');
    // Letters decided so far, whether or not out yet: a cancellation would add to them.
    const letters = async () => {
      const { delivered, inFlight, failed } = (await findProgress(env.client, roundId))!.letters;
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
      cliEnv,
    );
    expect(cli.code).toBe(2);
    expect(cli.stdout + cli.stderr).toContain('is the address of the participant who leaves');

    const progress = await findProgress(env.client, roundId);
    expect(progress!.delegations.find((d) => d.country === 'KE')!.participants.map((p) => p.email)).toEqual([
      'p.kamau@example.ke',
      'm.achieng@example.ke',
    ]);
    expect(progress!.events.find((e) => e.id === 'vc1')!.sequence).toBe(0);
    expect(await letters()).toBe(sent);
  });
});
