/**
 * A browser journey through the staff pages on a real round: the live worker (live-worker.ts), a web
 * service of the test's own with the staff pages behind `password`, Chromium, and one example round
 * launched. Registers its beforeAll and afterAll (the browser closes before the web service, which
 * closes before the worker); its fields are filled in once the first has run.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { roundGateway } from '../../client/web/round-gateway';
import { buildWebApp } from '../../client/web/server';
import { staffRounds } from '../../client/web/staff/staff-rounds';
import { openBrowser, type OpenBrowser } from './browser';
import { launchExample, liveWorker, type LiveWorker } from './live-worker';

export interface StaffJourney {
  live: LiveWorker;
  browser: OpenBrowser;
  baseUrl: string;
  roundId: string;
}

export function staffJourney(name: string, example: string, password: string): StaffJourney {
  const journey = { live: liveWorker(name) } as StaffJourney;
  const secret = `${name}-${randomUUID()}`;
  let app: FastifyInstance | undefined;
  beforeAll(async () => {
    const { env, scratch } = journey.live;
    app = await buildWebApp({
      rounds: roundGateway(env.client),
      config: { publicUrl: 'http://jsrx.test', web: { uploadMaxBytes: 1024 * 1024, uploadsDir: path.join(scratch, 'uploads') } },
      linkSecret: secret,
      progressCacheMs: 0,
      staff: { rounds: staffRounds(env.client), password, secret, progressCacheMs: 0 },
    });
    journey.baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
    journey.browser = await openBrowser();
    journey.roundId = await launchExample(journey.live, example, name);
  });
  afterAll(async () => {
    await journey.browser?.close();
    await app?.close();
  });
  return journey;
}
