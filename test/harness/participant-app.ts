/**
 * The real web service in front of one in-memory round, for tests of a participant's page: what the
 * round answers (`progress`, and `submit` when the test collects submissions) is the test's, the rest is
 * the service's own. Returns the personal link of one reader and closes with `app.close()`.
 */
import type { FastifyInstance } from 'fastify';
import type { RoundGateway } from '../../client/web/round-gateway';
import { buildWebApp } from '../../client/web/server';
import { signLinkToken } from '../../domain/link-token';
import type { RoundProgress } from '../../workflows/messages';

export async function participantApp(options: {
  round: RoundProgress;
  secret: string;
  /** The service's clock: where the round stands for the page. */
  now: string;
  reader: { delegation: string; email: string };
  submit?: RoundGateway['submit'];
}): Promise<{ app: FastifyInstance; pageUrl: string }> {
  const rounds: RoundGateway = {
    progress: async (roundId) => (roundId === options.round.roundId ? options.round : undefined),
    submit: options.submit ?? (async () => Promise.reject(new Error('nothing is submitted here'))),
  };
  const app = await buildWebApp({
    rounds,
    config: { publicUrl: 'http://jsrx.test', web: { uploadMaxBytes: 1024 * 1024, uploadsDir: '/nonexistent' } },
    linkSecret: options.secret,
    progressCacheMs: 0,
    clock: () => new Date(options.now),
  });
  const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  const token = signLinkToken(options.secret, { roundId: options.round.roundId, ...options.reader });
  return { app, pageUrl: `${baseUrl}/p/${token}` };
}
