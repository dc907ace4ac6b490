/**
 * The staff dashboard, as a Fastify plugin the web service registers: `await registerStaffRoutes(app, deps)`.
 *
 *   GET  /staff/login            the sign-in form           POST /staff/login    (CSRF, rate-limited)
 *   GET  /staff                  the rounds: phase, next event, number overdue
 *   GET  /staff/rounds/<id>      the matrix, timeline, warnings, message log, feedback and the actions
 *                                (`?tz=` for the viewer's zone, `?lang=fr` or Accept-Language for French)
 *   GET  /staff/rounds/<id>/matrix.csv | feedback.csv | letters.csv | feed.ics   the exports, behind the session too
 *   GET  /staff/feeds/<token>.ics   the round's calendar for a calendar application to subscribe to (signed link)
 *   POST /staff/rounds/<id>/actions   submit, waive, extend, reschedule, replace or cancel, through applyRoundAction (CSRF)
 *   POST /staff/logout
 *
 * One shared password (JSRX_STAFF_PASSWORD; while unset every sign-in is refused). The session is a
 * signed, HttpOnly, SameSite=Strict cookie scoped to /staff that expires after `sessionHours`; every form
 * carries a CSRF token (@fastify/csrf-protection, its secret in a signed cookie too); sign-in attempts
 * are limited per address (@fastify/rate-limit), so a burst of wrong passwords is refused.
 *
 * The plugin registers @fastify/cookie, @fastify/csrf-protection and @fastify/rate-limit in its own
 * context, with keys derived from `secret`: the web service registers none of them at its root (a root
 * @fastify/cookie would clash with this one's decorators), and @fastify/formbody only if it likes.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { IANAZone } from 'luxon';
import { upcomingEvents } from '../../event-when';
import { InputError } from '../../exit';
import { latestRunPerRound, type RoundAction } from '../../round-service';
import type { LetterLogEntry, RoundProgress } from '../../../workflows/messages';
import { feedbackCsv } from '../feedback';
import { cachedPerRound, cachedProgress } from '../round-gateway';
import { actionFrom, MissingFieldError, type Form } from './action-form';
import { loginPage, messagePage, roundsPage, staffQuery, when, type RoundRow } from './pages';
import { lettersCsv, matrixCsv, staffFeed } from './round-exports';
import { linkExpiry, readLinkToken, signLinkToken } from '../../../domain/link-token';

/** The owner a staff feed token names: no delegation has this code. */
const STAFF_FEED_OWNER = 'STAFF';
import { refusedActionForm, roundPage } from './round-page';
import { asSentence, stoppedRoundPage } from './stopped';
import { RoundStoppedError } from '../../round-stop';
import type { StaffRounds } from './staff-rounds';
import { fieldLabel, staffLanguage, staffWords, type StaffWords } from './words';
import { PAGE_HEADERS } from '../page-headers';

export interface StaffDependencies {
  rounds: StaffRounds;
  /** JSRX_STAFF_PASSWORD (config.web.staffPassword); undefined refuses every sign-in. */
  password: string | undefined;
  /** A server secret (the link secret will do): keys for the session and CSRF cookies are derived from it. */
  secret: string;
  /** Send cookies with `Secure` (the public URL is https). */
  secureCookies?: boolean;
  sessionHours?: number;
  /** How long a round's progress is reused between pages (default 1 s; 0 asks the round every time). */
  progressCacheMs?: number;
  /** Sign-in attempts allowed per address and window. */
  loginLimit?: { max: number; timeWindow: number | string };
  clock?: () => Date;
  /**
   * JSRX_PUBLIC_URL, the address staff reach the service at: the links a page hands to a calendar
   * application start with it. Left out, the request's own address (which, behind a proxy, is the proxy's
   * way in, not the public one).
   */
  publicUrl?: string;
}

const SESSION_COOKIE = 'jsrx_staff';

export async function registerStaffRoutes(app: FastifyInstance, deps: StaffDependencies): Promise<void> {
  // Its own encapsulated context: the cookie, CSRF and rate-limit plugins apply to /staff alone.
  await app.register(async (staff) => staffRoutes(staff, deps), { prefix: '/staff' });
}

async function staffRoutes(staff: FastifyInstance, given: StaffDependencies): Promise<void> {
  const clock = given.clock ?? (() => new Date());
  // Each progress is a query the worker answers with a workflow task: a busy dashboard shares one per
  // round and second (as the participants' pages do), and an action drops its round's copy.
  const progress = cachedProgress((roundId) => given.rounds.progress(roundId), {
    ttlMs: given.progressCacheMs ?? 1000,
  });
  const letterLogs = cachedPerRound<LetterLogEntry[]>({ ttlMs: given.progressCacheMs ?? 1000 });
  const deps: StaffDependencies = {
    ...given,
    rounds: {
      list: () => given.rounds.list(),
      progress: (roundId) => progress.progress(roundId),
      async act(roundId, action) {
        try {
          return await given.rounds.act(roundId, action);
        } finally {
          progress.forget(roundId);
          letterLogs.forget(roundId);
        }
      },
      letters: (round) => letterLogs.get(round.roundId, () => given.rounds.letters(round)),
    },
  };
  const sessionMs = (deps.sessionHours ?? 8) * 3_600_000;
  // One secret, separate keys: a leaked session key must not also forge CSRF tokens, and the reverse.
  const key = (purpose: string) =>
    createHmac('sha256', deps.secret).update(`jsrx-staff:${purpose}`).digest('hex');
  const origin = (request: FastifyRequest) =>
    deps.publicUrl ? deps.publicUrl.replace(/\/+$/, '') : `${request.protocol}://${request.host}`;
  const feedToken = (roundId: string) => signLinkToken(key('feed'), { roundId, delegation: STAFF_FEED_OWNER, email: 'staff@jsr-exchange' });
  const cookieOptions = {
    path: '/staff',
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: deps.secureCookies ?? false,
    signed: true,
  };

  await staff.register(cookie, { secret: key('session') });
  await staff.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieOpts: cookieOptions,
    csrfOpts: { hmacKey: key('csrf') },
  });
  if (!staff.hasContentTypeParser('application/x-www-form-urlencoded'))
    await staff.register(formbody, { bodyLimit: 16_384 });
  // The participants' service may have registered the limiter already; its routes' limits then apply here too.
  if (!staff.hasDecorator('rateLimit')) await staff.register(rateLimit, { global: false });

  const html = (reply: FastifyReply, status: number, body: string) =>
    reply.code(status).headers(PAGE_HEADERS).type('text/html; charset=utf-8').send(body);
  const languageOf = (request: FastifyRequest) => {
    const query = request.query as { lang?: string; next?: string };
    return staffLanguage(
      // Sent to sign in from a French page (a session that expired there): the form speaks the page's language.
      query.lang ?? (request.body as Form | undefined)?.lang ?? languageIn(query.next),
      request.headers['accept-language'],
    );
  };
  /** A refusal or error page in the viewer's language: `pick` chooses its title and text from the dictionary. */
  const notice = (
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    pick: (words: StaffWords) => [title: string, text: string],
    back?: string,
    answer?: string,
    form?: string,
  ) => {
    const language = languageOf(request);
    const [title, text] = pick(staffWords(language));
    return html(reply, status, messagePage(title, text, { back, language, zone: zoneOf(request), answer, form }));
  };
  const noSuchRound = (request: FastifyRequest, reply: FastifyReply, roundId: string) =>
    notice(request, reply, 404, (w) => [w.noSuchRound, w.noSuchRoundText(roundId)], '/staff');
  staff.setErrorHandler((error: { statusCode?: number; code?: string; message: string }, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status === 429)
      return notice(request, reply, 429, (w) => [w.tooManyAttempts, w.tooManyAttemptsText], '/staff/login');
    if (error.code?.startsWith('FST_CSRF'))
      return notice(request, reply, 403, (w) => [w.formExpired, w.formExpiredText], request.url);
    if (status < 500) return notice(request, reply, status, (w) => [w.badRequest, error.message]);
    request.log.error(error);
    return notice(request, reply, 500, (w) => [w.failure, w.failureText]);
  });

  const signedIn = (request: FastifyRequest): boolean => {
    const raw = request.cookies[SESSION_COOKIE];
    if (!raw) return false;
    const { valid, value } = request.unsignCookie(raw);
    const issuedAt = valid && value?.startsWith('v1.') ? Number(value.slice(3)) : NaN;
    const age = clock().getTime() - issuedAt;
    return Number.isFinite(age) && age >= 0 && age < sessionMs;
  };
  const requireStaff = async (request: FastifyRequest, reply: FastifyReply) => {
    if (signedIn(request)) return;
    // A link from a Secretariat email (a round's page) leads there again once signed in.
    if (request.method === 'GET')
      return reply
        .code(303)
        .header('location', request.url === '/staff' ? '/staff/login' : `/staff/login?next=${encodeURIComponent(request.url)}`)
        .send();
    return notice(request, reply, 401, (w) => [w.signedOut, w.signedOutText], '/staff/login');
  };
  // The viewer's zone travels in the address (`?tz=`), and in the action forms so the page after an action keeps it.
  const zoneOf = (request: FastifyRequest) => {
    const tz = (request.query as { tz?: string }).tz ?? (request.body as Form | undefined)?.tz;
    return tz && IANAZone.isValidZone(tz) ? tz : 'UTC';
  };
  /** A stopped round with no progress to answer with comes back as its RoundStoppedError, to be said. */
  const stoppedOrProgress = (roundId: string) =>
    deps.rounds.progress(roundId).catch((error: unknown) => {
      if (error instanceof RoundStoppedError) return error;
      throw error;
    });
  // A file or a feed asked of a round that stopped before its plan: what happened, not a 500 error page.
  const stoppedInstead = (request: FastifyRequest, reply: FastifyReply, stopped: RoundStoppedError) =>
    notice(
      request,
      reply,
      409,
      (w) => [
        w.stoppedOn(w.stopStatus[stopped.stop.status], when(stopped.stop.stoppedAt, zoneOf(request), languageOf(request))),
        [stopped.stop.reason ? `${w.reason}${w.colon} ${asSentence(stopped.stop.reason)}` : '', stopped.planned === false ? w.neverPlanned : '', w.stoppedNote]
          .filter(Boolean)
          .join(' '),
      ],
      `/staff/rounds/${encodeURIComponent(stopped.roundId)}`,
    );
  staff.get<{ Querystring: { next?: string } }>('/login', async (request, reply) => {
    const next = dashboardPath(request.query.next);
    if (signedIn(request)) return reply.code(303).header('location', next ?? '/staff').send();
    return html(reply, 200, loginPage(reply.generateCsrf(), undefined, languageOf(request), next));
  });

  staff.post<{ Body: Form }>(
    '/login',
    {
      config: { rateLimit: deps.loginLimit ?? { max: 5, timeWindow: '1 minute' } },
      preHandler: staff.csrfProtection,
    },
    async (request, reply) => {
      if (!deps.password)
        return html(
          reply,
          403,
          loginPage(
            reply.generateCsrf(),
            staffWords(languageOf(request)).signInDisabled,
            languageOf(request),
          ),
        );
      const next = dashboardPath(request.body?.next);
      if (!samePassword(request.body?.password ?? '', deps.password))
        return html(
          reply,
          401,
          loginPage(reply.generateCsrf(), staffWords(languageOf(request)).wrongPassword, languageOf(request), next),
        );
      reply.setCookie(SESSION_COOKIE, `v1.${clock().getTime()}`, {
        ...cookieOptions,
        maxAge: sessionMs / 1000,
      });
      return reply
        .code(303)
        .header('location', next ?? `/staff${staffQuery('UTC', languageOf(request))}`)
        .send();
    },
  );

  staff.post('/logout', { preHandler: staff.csrfProtection }, async (request, reply) => {
    reply.clearCookie(SESSION_COOKIE, { path: '/staff' });
    // Signed out of a French page, the sign-in form that follows speaks French too.
    return reply.code(303).header('location', `/staff/login${staffQuery('UTC', languageOf(request))}`).send();
  });

  staff.get('', { preHandler: requireStaff }, async (request, reply) => {
    const zone = zoneOf(request);
    const listed = latestRunPerRound(await deps.rounds.list());
    const rows = await Promise.all(
      listed.map(async (round): Promise<RoundRow> => {
        const row = { roundId: round.roundId, phase: round.phase ?? '', status: round.status };
        try {
          const progress = await deps.rounds.progress(round.roundId);
          if (!progress) return { ...row, unavailable: 'not-found' as const };
          if (progress.stopped) return { ...row, stopped: progress.stopped };
          const [next] = upcomingEvents(progress);
          return {
            ...row,
            // A round cancelled by staff ends its workflow normally: Temporal says COMPLETED, the round says cancelled.
            status: progress.status,
            ...(next ? { nextEvent: next } : {}),
            overdue: progress.deliverables.filter((d) => d.status === 'overdue').length,
          };
        } catch (error) {
          if (error instanceof RoundStoppedError) return { ...row, stopped: error.stop };
          // A round whose worker is down still shows in the list; its figures wait.
          return { ...row, unavailable: 'no-answer' as const };
        }
      }),
    );
    return html(reply, 200, roundsPage(rows, zone, reply.generateCsrf(), languageOf(request)));
  });

  staff.get<{ Params: { roundId: string }; Querystring: { done?: string; tz?: string; pastDue?: string } }>(
    '/rounds/:roundId',
    { preHandler: requireStaff },
    async (request, reply) => {
      const progress = await stoppedOrProgress(request.params.roundId);
      if (!progress) return noSuchRound(request, reply, request.params.roundId);
      if (progress instanceof RoundStoppedError)
        return html(
          reply,
          200,
          stoppedRoundPage(progress, { zone: zoneOf(request), csrf: reply.generateCsrf(), language: languageOf(request) }),
        );
      return html(
        reply,
        200,
        roundPage(progress, {
          letters: await deps.rounds.letters(progress),
          zone: zoneOf(request),
          csrf: reply.generateCsrf(),
          language: languageOf(request),
          done: request.query.done,
          pastDue: request.query.pastDue?.split(',') ?? [],
          feedUrl: `${origin(request)}/staff/feeds/${feedToken(progress.roundId)}.ics${staffQuery('UTC', languageOf(request))}`,
        }),
      );
    },
  );

  staff.post<{ Params: { roundId: string }; Body: Form }>(
    '/rounds/:roundId/actions',
    { preHandler: [requireStaff, staff.csrfProtection] },
    async (request, reply) => {
      const { roundId } = request.params;
      const round = `/staff/rounds/${encodeURIComponent(roundId)}`;
      // Back to the round as the viewer had it: their language and zone, not English and UTC.
      const back = `${round}${staffQuery(zoneOf(request), languageOf(request))}`;
      // The refused form comes back filled in as it was sent: the Back link alone reopened every form empty.
      const typedAgain = async () => {
        const progress = await stoppedOrProgress(roundId).catch(() => undefined);
        if (!progress || progress instanceof RoundStoppedError) return undefined;
        return refusedActionForm(
          progress,
          { csrf: reply.generateCsrf(), zone: zoneOf(request), language: languageOf(request) },
          request.body ?? {},
        );
      };
      let action: RoundAction;
      try {
        action = actionFrom(request.body ?? {});
      } catch (error) {
        if (error instanceof MissingFieldError)
          return notice(request, reply, 400, (w) => [w.notSent, w.missingField(fieldLabel(w, error.field) ?? error.field)], back, undefined, await typedAgain());
        if (error instanceof InputError)
          return notice(request, reply, 400, (w) => [w.notSent, error.message], back, undefined, await typedAgain());
        throw error;
      }
      const outcome = await deps.rounds.act(roundId, action);
      if (!outcome.accepted) {
        // The round's checks speak English and name a field by its wire name (`dueAt: …`): the page names it by its label.
        const field = /^([\w.[\]]+): /.exec(outcome.reason)?.[1];
        return notice(
          request,
          reply,
          422,
          (w) => [w.refused, w.roundAnswer(field === undefined ? undefined : fieldLabel(w, field))],
          back,
          outcome.reason,
          await typedAgain(),
        );
      }
      // Post/redirect/get: a reload shows the page again instead of sending the change twice.
      const keep = staffQuery(zoneOf(request), languageOf(request), '&');
      // What the move made due in the past is named to the page that follows, which reads each one's date from the round.
      const pastDue = outcome.pastDue?.length ? `&pastDue=${encodeURIComponent(outcome.pastDue.map((past) => past.deliverable).join(','))}` : '';
      return reply
        .code(303)
        .header('location', `${round}?done=${encodeURIComponent(`${action.action}: accepted`)}${pastDue}${keep}`)
        .send();
    },
  );

  // The exports: behind the session like the pages (a calendar client without the cookie downloads the file instead).
  const exportOf = (
    name: string,
    type: string,
    render: (progress: RoundProgress, request: FastifyRequest) => string | Promise<string>,
  ) =>
    staff.get<{ Params: { roundId: string } }>(
      `/rounds/:roundId/${name}`,
      { preHandler: requireStaff },
      async (request, reply) => {
        const progress = await stoppedOrProgress(request.params.roundId);
        if (!progress) return noSuchRound(request, reply, request.params.roundId);
        if (progress instanceof RoundStoppedError) return stoppedInstead(request, reply, progress);
        return reply
          .headers({
            'cache-control': 'no-store',
            'x-content-type-options': 'nosniff',
            'content-disposition': `attachment; filename="${progress.roundId}-${name}"`,
          })
          .type(type)
          .send(await render(progress, request));
      },
    );
  // Taken from a French page (its links carry `?lang=fr`) or by a browser that prefers French: cells separated
  // by semicolons, as Excel set to French expects; the columns and values stay those of the English file.
  const csvOf = (request: FastifyRequest) => ({ delimiter: languageOf(request) === 'fr' ? (';' as const) : (',' as const) });
  exportOf('matrix.csv', 'text/csv; charset=utf-8', (progress, request) => forSpreadsheets(matrixCsv(progress, csvOf(request))));
  exportOf('feedback.csv', 'text/csv; charset=utf-8', (progress, request) => forSpreadsheets(feedbackCsv(progress, csvOf(request))));
  exportOf('letters.csv', 'text/csv; charset=utf-8', async (progress, request) =>
    forSpreadsheets(lettersCsv(progress.roundId, await deps.rounds.letters(progress), csvOf(request))),
  );
  exportOf('feed.ics', 'text/calendar; charset=utf-8', (progress, request) =>
    staffFeed(progress, {
      now: clock(),
      language: languageOf(request),
      roundUrl: `${origin(request)}/staff/rounds/${encodeURIComponent(progress.roundId)}`,
    }),
  );

  // The subscription a calendar application polls: signed for the round with a key of its own (it opens the
  // round's dates only, not the dashboard), valid until 30 days after the round ends, like participants' links.
  // A wildcard, not a parameter: the token is longer than the router's default parameter length.
  staff.get<{ Params: { '*': string } }>('/feeds/*', async (request, reply) => {
    const token = /^(.+)\.ics$/.exec(request.params['*'])?.[1] ?? '';
    const claims = readLinkToken(key('feed'), token);
    if (!claims || claims.delegation !== STAFF_FEED_OWNER)
      return notice(request, reply, 403, (w) => [w.invalidLink, w.invalidLinkText], '/staff');
    const progress = await stoppedOrProgress(claims.roundId);
    if (!progress) return noSuchRound(request, reply, claims.roundId);
    if (progress instanceof RoundStoppedError) return stoppedInstead(request, reply, progress);
    if (Date.parse(linkExpiry(progress.completesAt)) <= clock().getTime())
      return notice(request, reply, 410, (w) => [w.linkExpired, w.linkExpiredText], '/staff');
    return reply
      .headers({ 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' })
      .type('text/calendar; charset=utf-8')
      .send(
        staffFeed(progress, {
          now: clock(),
          // The language the link was handed out in (`?lang=fr`): a calendar application sends no preference.
          language: staffLanguage((request.query as { lang?: string }).lang, undefined),
          roundUrl: `${origin(request)}/staff/rounds/${encodeURIComponent(progress.roundId)}`,
        }),
      );
  });

  staff.get('/*', async (request, reply) => notice(request, reply, 404, (w) => [w.notFound, w.notFoundText], '/staff'));
}

/** The `lang` a dashboard address carries (`/staff/rounds/x?lang=fr`), if any. */
function languageIn(path: string | undefined): string | undefined {
  const query = typeof path === 'string' ? path.split('?')[1] : undefined;
  return query === undefined ? undefined : (new URLSearchParams(query).get('lang') ?? undefined);
}

/** A page of the dashboard to return to after signing in: only a path under /staff, never another site. */
function dashboardPath(next: string | undefined): string | undefined {
  if (typeof next !== 'string' || !/^\/staff(?:[/?]|$)/.test(next) || /[\\\s]/.test(next)) return undefined;
  return /^\/staff\/(?:login|logout)\b/.test(next) ? undefined : next;
}

/** Compared as digests: equal lengths for timingSafeEqual, and no early exit on the first wrong character. */
function samePassword(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * A downloaded CSV starts with a byte-order mark: Excel reads a file without one in the machine's legacy
 * code page, and the accented names and answers come out garbled. Other tools skip the mark.
 */
export function forSpreadsheets(csv: string): string {
  return `\uFEFF${csv}`;
}
