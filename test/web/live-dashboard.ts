/**
 * The web service as staff meet it, on the dev server with the real worker and a signed-in staff
 * session: what the tests that change or stop real rounds share. `liveDashboard` registers its own
 * beforeAll and afterAll; its fields are filled in once the first has run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { buildWebApp } from '../../client/web/server';
import { roundGateway } from '../../client/web/round-gateway';
import { staffRounds } from '../../client/web/staff/staff-rounds';
import { openDevServerEnv } from '../harness/servers';
import { startRoundWorker, type RunningRoundWorker } from '../harness/round-worker';
import { staffSession } from './staff-session';

/** The text a person reads, without the markup: what a browser shows. */
export const textOf = (html: string): string =>
  html
    .replace(/<style>[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ');

export interface LiveDashboard {
  env: TestWorkflowEnvironment;
  app: FastifyInstance;
  /** The test's own folder (outbox, uploads, round files). */
  scratch: string;
  /** What `jsrx` needs to reach the same server and task queue. */
  cliEnv: NodeJS.ProcessEnv;
  /** The staff session's cookies. */
  jar: Record<string, string>;
  /** A staff page: its status, its text as read, its HTML. */
  get(url: string): Promise<{ status: number; text: string; html: string }>;
}

export function liveDashboard(options: { name: string; password: string; secret: string }): LiveDashboard {
  const live = {} as LiveDashboard;
  let worker: RunningRoundWorker | undefined;
  beforeAll(async () => {
    live.env = await openDevServerEnv();
    live.scratch = mkdtempSync(path.join(tmpdir(), `jsrx-${options.name}-`));
    live.cliEnv = { TEMPORAL_ADDRESS: live.env.address, TEMPORAL_TASK_QUEUE: `${options.name}-${randomUUID()}` };
    worker = await startRoundWorker(live.env, { ...live.cliEnv, JSRX_OUTBOX_DIR: path.join(live.scratch, 'outbox') });
    live.app = await buildWebApp({
      rounds: roundGateway(live.env.client),
      config: { publicUrl: 'http://jsrx.test', web: { uploadMaxBytes: 1024 * 1024, uploadsDir: path.join(live.scratch, 'uploads') } },
      linkSecret: options.secret,
      progressCacheMs: 0,
      staff: { rounds: staffRounds(live.env.client), password: options.password, secret: options.secret, progressCacheMs: 0 },
    });
    live.jar = await staffSession(live.app, options.password);
  });
  afterAll(async () => {
    await live.app?.close();
    await worker?.stop();
    await live.env?.teardown();
    if (live.scratch) rmSync(live.scratch, { recursive: true, force: true });
  });
  live.get = async (url) => {
    const response = await live.app.inject({ method: 'GET', url, cookies: live.jar });
    return { status: response.statusCode, text: textOf(response.body), html: response.body };
  };
  return live;
}
