/**
 * The web service: participants' pages, their uploads and calendar feeds, and the files they delivered.
 * Built from injected dependencies (the rounds, the settings, a clock), so tests build it on a real round
 * and call it with `inject`, and `npm run web` / `npm start` listen with it.
 *
 *   GET  /p/<token>              the participant's page (`?received=<deliverable>` shows the receipt)
 *   POST /p/<token>              a delivery (multipart: deliverable, file or link, note) → 303 to the page
 *   POST /p/<token>/feedback     the close-out feedback form (urlencoded) → 303 to the page
 *   GET  /feeds/<token>.ics      the participant's calendar feed (also as webcal://)
 *   GET  /files/<sha256>/<name>?s=<signature>   a delivered file
 */
import fs from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import type { Config } from '../../worker/config';
import { participantFeed } from './calendar-feed';
import { checkFeedbackForm, feedbackReference } from './feedback';
import { feedbackRefusedPage } from './feedback-form';
import { deliver, type DeliveryForm, type DeliveryOutcome } from './delivery';
import { refusalPage, page, type RefusalReason } from './pages';
import { deliveryRefusedPage, ownDeliverables, participantPage, type TypedDelivery } from './participant-page';
import { cachedGateway, type RoundGateway } from './round-gateway';
import { admit, isRefusal, type Visitor } from './tokens';
import { isRunning } from '../round-stop';
import { isFileSignature, readMeta, receiveToTemp, storedPath, type Received } from './uploads';
import { registerStaffRoutes, type StaffDependencies } from './staff/plugin';
import { PAGE_HEADERS } from './page-headers';

export interface WebDependencies {
  rounds: RoundGateway;
  config: Pick<Config, 'publicUrl'> & { web: Pick<Config['web'], 'uploadMaxBytes' | 'uploadsDir'> };
  linkSecret: string;
  clock?: () => Date;
  /** How long a round's progress is reused between readers (default 1 s; 0 asks the round every time). */
  progressCacheMs?: number;
  /** Requests per link and minute (defaults 120 reads, 20 deliveries). */
  limits?: { readsPerMinute?: number; deliveriesPerMinute?: number };
  /** Fastify's logger (pino); off by default. Request lines are never logged: their URLs carry tokens. */
  logger?: boolean | { level: string; stream?: { write(chunk: string): void } };
  /** The staff dashboard under /staff; left out, the service serves participants only. */
  staff?: StaffDependencies;
}


export async function buildWebApp(deps: WebDependencies): Promise<FastifyInstance> {
  const clock = deps.clock ?? (() => new Date());
  const rounds = cachedGateway(deps.rounds, { ttlMs: deps.progressCacheMs ?? 1000 });
  const { publicUrl, web } = deps.config;
  // A token is longer than find-my-way's default of 100 characters per parameter.
  const app = Fastify({
    logger: deps.logger ?? false,
    // Request lines would log every participant's token with its address; the service logs what it did instead.
    logController: new LogController({ disableRequestLogging: true }),
    routerOptions: { maxParamLength: 2048 },
  });
  await app.register(multipart, {
    // Busboy would otherwise cut `../../x.pdf` down to `x.pdf`: the name is refused instead (uploads.ts).
    preservePath: true,
    limits: {
      fileSize: web.uploadMaxBytes,
      files: 1,
      fields: 6,
      fieldSize: 4096,
      parts: 8,
      headerPairs: 100,
    },
  });

  // Per link, not per address: a ministry's office shares one address, and one leaked link must not flood the uploads folder.
  await app.register(rateLimit, {
    global: false,
    keyGenerator: (request) =>
      `${(request.params as { token?: string; feed?: string }).token ?? (request.params as { feed?: string }).feed ?? ''}|${request.ip}`,
    errorResponseBuilder: (_request, context) =>
      Object.assign(new Error('too many requests'), { statusCode: context.statusCode }),
  });
  const reading = { rateLimit: { max: deps.limits?.readsPerMinute ?? 120, timeWindow: '1 minute' } };
  const writing = { rateLimit: { max: deps.limits?.deliveriesPerMinute ?? 20, timeWindow: '1 minute' } };

  // The feedback form is a plain form: small, urlencoded, nothing but text.
  await app.register(formbody, { bodyLimit: 16 * 1024 });

  const html = (reply: FastifyReply, status: number, body: string) =>
    reply.code(status).headers(PAGE_HEADERS).type('text/html; charset=utf-8').send(body);
  const refuse = (
    reply: FastifyReply,
    status: number,
    reason: RefusalReason,
    visitor?: Visitor,
    options: { detail?: string; back?: string } = {},
  ) => html(reply, status, refusalPage(reason, visitor?.participant.language, options));
  const visitorOr = async (token: string, reply: FastifyReply): Promise<Visitor | undefined> => {
    const result = await admit(token, { linkSecret: deps.linkSecret, rounds, now: clock() });
    if (!isRefusal(result)) return result;
    await refuse(reply, result.status, result.reason);
    return undefined;
  };

  app.get<{ Params: { token: string }; Querystring: { received?: string } }>(
    '/p/:token',
    { config: reading },
    async (request, reply) => {
      const visitor = await visitorOr(request.params.token, reply);
      if (!visitor) return reply;
      // A round that cannot say its letters still shows its page, without the changed dates' notes.
      const roundLetters = await rounds.roundLetters?.(visitor.progress.roundId).catch(() => undefined);
      const body = participantPage({
        visitor,
        token: request.params.token,
        publicUrl,
        uploadMaxBytes: web.uploadMaxBytes,
        receivedId: request.query.received,
        ...(roundLetters ? { roundLetters } : {}),
      });
      return html(reply, 200, body);
    },
  );

  app.post<{ Params: { token: string } }>('/p/:token', { config: writing }, async (request, reply) => {
    const visitor = await visitorOr(request.params.token, reply);
    if (!visitor) return reply;
    const back = `/p/${request.params.token}`;
    if (!request.isMultipart()) return refuse(reply, 400, 'bad-form', visitor, { back });
    const { outcome, typed } = await receiveDelivery(request, visitor);
    if (!outcome.accepted)
      return html(
        reply,
        outcome.status,
        deliveryRefusedPage({
          visitor,
          token: request.params.token,
          publicUrl,
          uploadMaxBytes: web.uploadMaxBytes,
          reason: outcome.reason,
          ...(outcome.detail ? { detail: outcome.detail } : {}),
          typed,
        }),
      );
    // Post/redirect/get: a reload shows the receipt again instead of sending the file twice.
    return reply
      .code(303)
      .header('location', `${back}?received=${encodeURIComponent(outcome.deliverableId)}`)
      .send();
  });

  app.post<{ Params: { token: string }; Body: Record<string, string> }>(
    '/p/:token/feedback',
    { config: writing },
    async (request, reply) => {
      const visitor = await visitorOr(request.params.token, reply);
      if (!visitor) return reply;
      const back = `/p/${request.params.token}`;
      const { progress, delegation, participant } = visitor;
      const owed = ownDeliverables(progress.deliverables, delegation.country, participant.email).find(
        (d) => d.key === 'exchange-feedback' && d.participant !== undefined,
      );
      if (!owed) return refuse(reply, 403, 'not-yours', visitor, { back });
      // Sent again from a page left open, or waived meanwhile: the reader's words, not the round's English.
      if (owed.status === 'waived') return refuse(reply, 409, 'waived', visitor, { back });
      if (owed.status === 'submitted' || owed.status === 'submitted-late')
        return refuse(reply, 409, 'feedback-already-sent', visitor, { back });
      const typed: Record<string, unknown> = typeof request.body === 'object' && request.body ? request.body : {};
      // A refused form comes back with every answer as typed and the fields to fix marked: a plain refusal
      // page sent the reader back to an empty form, their comments gone.
      const formBack = (status: number, refusal: Omit<Parameters<typeof feedbackRefusedPage>[0], 'language' | 'title' | 'token' | 'typed'>) =>
        html(
          reply,
          status,
          feedbackRefusedPage({ language: participant.language, title: progress.title, token: request.params.token, typed, ...refusal }),
        );
      // Closed before the form was sent (the page was left open past the round's end): nothing can take it,
      // so the answers come back to be passed on by hand, whatever a field might have needed fixing.
      if (!isRunning(progress)) return formBack(409, { reason: 'round-closed' });
      const checked = checkFeedbackForm(typed);
      if (!('answers' in checked)) return formBack(400, { problems: checked.problems });
      const outcome = await rounds.submit(progress.roundId, {
        deliverable: owed.id,
        by: participant.email,
        reference: feedbackReference(checked.answers),
      });
      if (!outcome.accepted)
        return formBack(409, 'closed' in outcome ? { reason: 'round-closed' } : { reason: 'round-refused', detail: outcome.reason });
      return reply
        .code(303)
        .header('location', `${back}?received=${encodeURIComponent(owed.id)}`)
        .send();
    },
  );

  /**
   * Reads the form, delivers it, and removes the temporary file before anyone is answered; `typed` is what
   * the reader sent, for a refusal to give back.
   */
  const receiveDelivery = async (
    request: FastifyRequest,
    visitor: Visitor,
  ): Promise<{ outcome: DeliveryOutcome; typed: TypedDelivery }> => {
    const form: DeliveryForm = { fields: {} };
    let fileName: string | undefined;
    const typed = (): TypedDelivery => {
      const { deliverable, link, note } = form.fields;
      return { deliverable, link, note, fileName };
    };
    let received: Received | undefined;
    try {
      for await (const part of request.parts()) {
        if (part.type === 'field') {
          form.fields[part.fieldname] = String(part.value);
        } else if (part.fieldname !== 'file' || part.filename === '' || received) {
          await part.toBuffer();
        } else {
          fileName = part.filename;
          received = await receiveToTemp(web.uploadsDir, part.file);
          form.file = { received, name: part.filename, claimedType: part.mimetype };
        }
      }
      const outcome = await deliver(visitor, form, {
        rounds,
        uploadsDir: web.uploadsDir,
        publicUrl,
        linkSecret: deps.linkSecret,
        now: clock(),
      });
      return { outcome, typed: typed() };
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      if (code === 'FST_REQ_FILE_TOO_LARGE') return { outcome: { accepted: false, status: 413, reason: 'too-large' }, typed: typed() };
      if (/^FST_(PARTS|FILES|FIELDS)_LIMIT$|^FST_INVALID_MULTIPART/.test(code))
        return { outcome: { accepted: false, status: 400, reason: 'bad-form' }, typed: typed() };
      throw error;
    } finally {
      if (received) await fs.rm(received.tempFile, { force: true });
    }
  };

  app.get<{ Params: { feed: string } }>('/feeds/:feed', { config: reading }, async (request, reply) => {
    const token = request.params.feed.replace(/\.ics$/, '');
    const visitor = await visitorOr(token, reply);
    if (!visitor) return reply;
    const body = participantFeed(visitor, { pageUrl: `${publicUrl}/p/${token}`, now: clock() });
    return reply
      .headers({ 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' })
      .type('text/calendar; charset=utf-8')
      .send(body);
  });

  const serveFile = async (sha256: string, signature: string, reply: FastifyReply) => {
    if (!/^[0-9a-f]{64}$/.test(sha256) || !isFileSignature(deps.linkSecret, sha256, signature))
      return refuse(reply, 403, 'invalid-link');
    const meta = await readMeta(web.uploadsDir, sha256);
    if (!meta) return refuse(reply, 404, 'not-found');
    return reply
      .headers({
        'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(meta.name)}`,
        'content-length': String(meta.size),
        'x-content-type-options': 'nosniff',
        'content-security-policy': 'sandbox',
      })
      .type(meta.type)
      .send(createReadStream(storedPath(web.uploadsDir, sha256)));
  };
  app.get<{ Params: { sha256: string }; Querystring: { s?: string } }>('/files/:sha256', (request, reply) =>
    serveFile(request.params.sha256, request.query.s ?? '', reply),
  );
  app.get<{ Params: { sha256: string; name: string }; Querystring: { s?: string } }>(
    '/files/:sha256/:name',
    (request, reply) => serveFile(request.params.sha256, request.query.s ?? '', reply),
  );

  app.get('/', (_request, reply) =>
    html(
      reply,
      200,
      page(
        'en fr',
        'JSR Exchange',
        '<h1>JSR Exchange</h1><p>Open the personal link from your email. / Ouvrez le lien personnel de votre courriel.</p>',
      ),
    ),
  );
  // Browsers ask for an icon beside every first page; a 404 there shows as an error in the console of a
  // page that is fine. No content, kept a day: the pages stay free of any remote or extra resource.
  app.get('/favicon.ico', (_request, reply) =>
    reply.code(204).header('cache-control', 'public, max-age=86400').send(),
  );
  app.setNotFoundHandler((_request, reply) => refuse(reply, 404, 'not-found'));
  app.setErrorHandler((error, request, reply) => {
    request.log.error(error);
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if (status === 413) return refuse(reply, 413, 'too-large');
    if (status === 429) return refuse(reply, 429, 'too-many-requests');
    if (status >= 400 && status < 500) return refuse(reply, status, 'bad-form');
    return html(
      reply,
      500,
      page(
        'en fr',
        'JSR Exchange',
        '<h1>JSR Exchange</h1><p>Something went wrong on our side; try again in a minute. / Une erreur est survenue de notre côté ; réessayez dans une minute.</p>',
      ),
    );
  });
  if (deps.staff) await registerStaffRoutes(app, { publicUrl, ...deps.staff });
  return app;
}
