/**
 * The web service as staff meet it, on a live worker (../harness/live-worker.ts) with a signed-in staff
 * session: what the tests that change or stop real rounds share. `liveDashboard` registers its own
 * beforeAll and afterAll; its fields are filled in once the first has run.
 */
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildWebApp } from '../../client/web/server';
import { roundGateway } from '../../client/web/round-gateway';
import { staffRounds } from '../../client/web/staff/staff-rounds';
import { liveWorker, type LiveWorker } from '../harness/live-worker';
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

export interface LiveDashboard extends LiveWorker {
  app: FastifyInstance;
  /** The staff session's cookies. */
  jar: Record<string, string>;
  /** A staff page: its status, its text as read, its HTML. */
  get(url: string): Promise<{ status: number; text: string; html: string }>;
}

export function liveDashboard(options: { name: string; password: string; secret: string }): LiveDashboard {
  const live = liveWorker(options.name) as LiveDashboard;
  beforeAll(async () => {
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
  });
  live.get = async (url) => {
    const response = await live.app.inject({ method: 'GET', url, cookies: live.jar });
    return { status: response.statusCode, text: textOf(response.body), html: response.body };
  };
  return live;
}
