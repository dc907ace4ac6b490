/**
 * The staff dashboard plugin (client/web/staff/) on a bare Fastify app, called with `inject`, over rounds
 * kept in memory: sign-in with a signed HttpOnly SameSite cookie, CSRF on every form, sign-in limited, the
 * rounds list and a round's matrix, and the actions sent as the CLI sends them.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import ICAL from 'ical.js';
import { feedbackReference } from '../../client/web/feedback';
import { registerStaffRoutes } from '../../client/web/staff/plugin';
import { buildWebApp } from '../../client/web/server';
import { staffRounds, type StaffRounds } from '../../client/web/staff/staff-rounds';
import { staffWords } from '../../client/web/staff/words';
import { stopNotice } from '../../client/web/staff/stopped';
import { roundsPage } from '../../client/web/staff/pages';
import { roundGateway } from '../../client/web/round-gateway';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { ActionOutcome, RoundAction } from '../../client/round-service';
import { cookiesOf, csrfIn, signInThroughForm } from './staff-session';
import type { DeliverableProgress, LetterLogEntry, RoundProgress } from '../../workflows/messages';

const PASSWORD = 'correct horse battery staple';
const SECRET = 'a'.repeat(64);

const deliverable = (
  id: string,
  status: DeliverableProgress['status'],
  dueAt: string,
  more: Partial<DeliverableProgress> = {},
): DeliverableProgress => {
  const [owner = '', key = '', participant] = id.split('/');
  return {
    id,
    key: key as DeliverableProgress['key'],
    owner,
    ...(participant ? { participant } : {}),
    dueAt,
    status,
    deliveryFailures: [],
    ...more,
  };
};

const PROGRESS: RoundProgress = {
  roundId: 'en-2027-r1',
  title: 'Anglophone JSR exchange 2027',
  status: 'running',
  phase: 'prep-2',
  phaseSince: '2027-02-16T13:00:00.000Z',
  launchedAt: '2026-11-23T10:00:00.000Z',
  runId: 'run-1',
  completesAt: '2027-07-02T11:00:00.000Z',
  community: 'anglophone',
  events: [
    {
      id: 'vc1',
      kind: 'video-conference',
      phase: 'vc-1',
      start: '2027-02-16T11:00:00.000Z',
      end: '2027-02-16T13:00:00.000Z',
      timezone: 'UTC',
      audience: 'everyone',
      joinUrl: 'https://meet.example.org/vc1',
      sequence: 2,
    },
    {
      id: 'visit',
      kind: 'visit',
      phase: 'visit',
      start: '2027-04-25T21:00:00.000Z',
      end: '2027-04-30T20:59:59.000Z',
      allDay: { firstDay: '2027-04-26', lastDay: '2027-04-30' },
      timezone: 'Africa/Nairobi',
      audience: 'everyone',
      city: 'Nairobi',
      sequence: 0,
    },
  ],
  delegations: [
    {
      country: 'KE',
      host: true,
      timezone: 'Africa/Nairobi',
      language: 'en',
      participants: [],
      coordinatingAgency: [],
    },
    {
      country: 'GH',
      host: false,
      timezone: 'Africa/Accra',
      language: 'en',
      participants: [],
      coordinatingAgency: [],
    },
  ],
  nextEvents: [
    {
      id: 'vc2',
      kind: 'video-conference',
      start: '2027-03-23T11:00:00.000Z',
      end: '2027-03-23T13:00:00.000Z',
    },
  ],
  deliverables: [
    deliverable('KE/jsr-documents', 'submitted', '2027-03-13T11:00:00.000Z', {
      submittedAt: '2027-03-10T08:00:00.000Z',
      submittedBy: 'p.kamau@example.ke',
      reference: 'https://files.example.org/ke.pdf',
    }),
    deliverable('GH/jsr-documents', 'overdue', '2027-03-13T11:00:00.000Z', {
      nextReminder: { at: '2027-03-16T11:00:00.000Z', kind: 'overdue' },
      deliveryFailures: [{ email: 'k.asante@example.gh', reason: '550 mailbox does not exist' }],
    }),
    deliverable('GH/self-assessment', 'submitted', '2027-03-18T11:00:00.000Z', {
      submittedAt: '2027-03-11T08:00:00.000Z',
      submittedBy: 'k.asante@example.gh',
      reference: '=HYPERLINK("http://evil.example","click")',
    }),
    deliverable('GH/meeting-requests', 'waived', '2027-04-12T14:00:00.000Z', {
      waivedReason: 'no side meetings <script>alert(1)</script>',
    }),
    deliverable('secretariat/vc1-notes', 'submitted-late', '2027-02-19T11:00:00.000Z', {
      submittedAt: '2027-02-20T09:00:00.000Z',
      reference: 'javascript:alert(1)',
    }),
    deliverable('KE/exchange-feedback/p.kamau@example.ke', 'submitted', '2027-06-29T11:00:00.000Z', {
      submittedAt: '2027-06-20T08:00:00.000Z',
      submittedBy: 'p.kamau@example.ke',
      reference: feedbackReference({
        usefulness: 4,
        tools: {
          'self-assessment-tool': { rating: 5, comment: 'clear' },
          'maturity-ladder': { rating: 3, comment: '' },
          'exchange-toolbox': { rating: 4, comment: '' },
          guidelines: { rating: 2, comment: 'too long' },
        },
        atHome: '=hold field visits before the plenary <b>first</b>',
      }),
    }),
    deliverable('KE/exchange-feedback/m.achieng@example.ke', 'pending', '2027-06-29T11:00:00.000Z'),
  ],
  deliveryFailures: [
    {
      email: 'k.asante@example.gh',
      reason: '550 mailbox does not exist',
      kind: 'deliverable-request',
      about: 'GH/jsr-documents#request',
      at: '2027-02-20T09:00:00.000Z',
      deliverableId: 'GH/jsr-documents',
    },
  ],
  letters: { delivered: 12, inFlight: 1, failed: 1 },
  warnings: [
    { path: 'secretariat.staff', message: 'two staff on the visit, the concept note asks for three' },
  ],
  escalated: [],
};

/** What the round and its children say they sent: one delivered, one refused, one still being tried. */
const LETTERS: LetterLogEntry[] = [
  { kind: 'welcome', about: 'welcome', to: 'p.kamau@example.ke', decidedAt: '2027-01-04T09:00:00.000Z', outcome: 'delivered' },
  {
    kind: 'deliverable-request',
    about: 'GH/jsr-documents#request',
    to: 'k.asante@example.gh',
    decidedAt: '2027-02-20T09:00:00.000Z',
    outcome: 'failed',
    reason: '550 mailbox does not exist',
  },
  { kind: 'deliverable-reminder', about: 'GH/jsr-documents#before-2', to: 'a.owusu@example.gh', decidedAt: '2027-03-16T11:00:00.000Z', outcome: 'sending' },
];

function memoryRounds(refusal?: string): StaffRounds & { actions: Array<[string, RoundAction]>; letterQueries: number } {
  const actions: Array<[string, RoundAction]> = [];
  const rounds: StaffRounds & { actions: Array<[string, RoundAction]>; letterQueries: number } = {
    actions,
    letterQueries: 0,
    letters: async () => {
      rounds.letterQueries++;
      return LETTERS;
    },
    list: async () => [
      {
        roundId: 'en-2027-r1',
        workflowId: 'round-en-2027-r1',
        phase: 'prep-2',
        status: 'RUNNING',
        startedAt: PROGRESS.launchedAt,
        runId: 'run-2',
      },
      {
        roundId: 'gone-round',
        workflowId: 'round-gone-round',
        phase: 'vc-1',
        status: 'RUNNING',
        startedAt: PROGRESS.launchedAt,
        runId: 'run-g',
      },
    ],
    progress: async (roundId) => {
      if (roundId === 'gone-round') throw new Error('no worker polls the task queue');
      return roundId === PROGRESS.roundId ? PROGRESS : undefined;
    },
    act: async (roundId, action): Promise<ActionOutcome> => {
      actions.push([roundId, action]);
      return refusal ? { accepted: false, reason: refusal } : { accepted: true, result: {} };
    },
  };
  return rounds;
}


describe('the staff dashboard', () => {
  let app: FastifyInstance;
  let rounds: ReturnType<typeof memoryRounds>;

  const build = async (
    options: { password?: string; refusal?: string; loginLimit?: { max: number; timeWindow: number } } = {},
  ) => {
    rounds = memoryRounds(options.refusal);
    app = Fastify();
    await registerStaffRoutes(app, {
      rounds,
      password: 'password' in options ? options.password : PASSWORD,
      secret: SECRET,
      ...(options.loginLimit ? { loginLimit: options.loginLimit } : {}),
    });
    await app.ready();
  };
  afterEach(async () => {
    await app?.close();
  });

  const signIn = (password = PASSWORD) => signInThroughForm(app, password);

  it('sends a visitor without a session to the sign-in form, and signs staff in with a signed, HttpOnly, SameSite cookie', async () => {
    await build();
    const before = await app.inject({ method: 'GET', url: '/staff' });
    expect(before.statusCode).toBe(303);
    expect(before.headers.location).toBe('/staff/login');

    const { response, jar } = await signIn();
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/staff');
    const session = (response.cookies as Array<Record<string, unknown>>).find((c) => c.name === 'jsrx_staff');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/staff' });
    expect(String(session?.value)).toMatch(/^v1\.\d+\.[\w+/=-]+$/);

    const list = await app.inject({ method: 'GET', url: '/staff', cookies: jar });
    expect(list.statusCode).toBe(200);
    expect(list.headers['content-security-policy']).toContain("default-src 'none'");
  });

  it('brings staff back to the round they asked for (the link in a Secretariat email) once signed in, and nowhere outside the dashboard', async () => {
    await build();
    const asked = await app.inject({ method: 'GET', url: '/staff/rounds/en-2027-r1?tz=Africa%2FNairobi' });
    expect(asked.statusCode).toBe(303);
    expect(asked.headers.location).toBe('/staff/login?next=%2Fstaff%2Frounds%2Fen-2027-r1%3Ftz%3DAfrica%252FNairobi');
    const form = await app.inject({ method: 'GET', url: asked.headers.location as string });
    const jar = cookiesOf(form);
    const signedIn = await app.inject({
      method: 'POST',
      url: '/staff/login',
      cookies: jar,
      payload: { password: PASSWORD, _csrf: csrfIn(form.body), next: /name="next" value="([^"]*)"/.exec(form.body)?.[1] ?? '' },
    });
    expect(signedIn.statusCode).toBe(303);
    expect(signedIn.headers.location).toBe('/staff/rounds/en-2027-r1?tz=Africa%2FNairobi');

    for (const next of ['https://phish.example/staff', '//phish.example/staff', '/p/token', '/staff/login']) {
      const again = await app.inject({ method: 'GET', url: `/staff/login?next=${encodeURIComponent(next)}` });
      expect([next, again.body.includes('name="next"')]).toEqual([next, false]);
      const posted = await app.inject({
        method: 'POST',
        url: '/staff/login',
        cookies: cookiesOf(again),
        payload: { password: PASSWORD, _csrf: csrfIn(again.body), next },
      });
      expect([next, posted.headers.location]).toEqual([next, '/staff']);
    }
  });

  it('refuses a wrong password, a form without its CSRF token, a forged session cookie, and every sign-in while no password is set', async () => {
    await build();
    const wrong = await signIn('guess');
    expect(wrong.response.statusCode).toBe(401);
    expect(wrong.response.body).toContain('Wrong password.');
    expect(wrong.jar.jsrx_staff).toBeUndefined();

    const form = await app.inject({ method: 'GET', url: '/staff/login' });
    const noToken = await app.inject({
      method: 'POST',
      url: '/staff/login',
      cookies: cookiesOf(form),
      payload: { password: PASSWORD },
    });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.cookies).toEqual([]);

    const forged = await app.inject({
      method: 'GET',
      url: '/staff',
      cookies: { jsrx_staff: `v1.${Date.now()}.forgedsignature` },
    });
    expect(forged.statusCode).toBe(303);

    await app.close();
    await build({ password: undefined });
    const disabled = await signIn();
    expect(disabled.response.statusCode).toBe(403);
    expect(disabled.response.body).toContain('JSRX_STAFF_PASSWORD');
  });

  it('limits sign-in attempts: a burst of wrong passwords ends in 429', async () => {
    await build({ loginLimit: { max: 3, timeWindow: 60_000 } });
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 5; attempt++) statuses.push((await signIn('guess')).response.statusCode);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    expect((await signIn()).response.statusCode).toBe(429);
  });

  it('lists the rounds with phase, next event and number overdue, even when one round does not answer', async () => {
    await build();
    const { jar } = await signIn();
    const list = await app.inject({ method: 'GET', url: '/staff?tz=Africa/Nairobi', cookies: jar });
    expect(list.body).toContain(
      '<a href="/staff/rounds/en-2027-r1?tz=Africa%2FNairobi">en-2027-r1</a></td><td>prep-2</td><td>running</td><td>vc2, Tue 23 Mar 2027 14:00 GMT+3</td><td>1</td>',
    );
    expect(list.body).toContain('gone-round');
    expect(list.body).toContain('no answer from the round');
    // In French too: a worker down is no reason to switch language in the middle of the list.
    const french = await app.inject({ method: 'GET', url: '/staff?lang=fr', cookies: jar });
    expect(french.body).toContain('<small>le cycle ne répond pas</small>');
    expect(french.body).not.toContain('no answer from the round');
  });

  it('gives the visit as the host’s dates in the list and the timeline, not the host’s midnight as an evening hour', async () => {
    await build();
    const visit = PROGRESS.events.find((event) => event.id === 'visit')!;
    rounds.progress = async (roundId) =>
      roundId === PROGRESS.roundId
        ? { ...PROGRESS, nextEvents: [{ id: 'visit', kind: 'visit', start: visit.start, end: visit.end }] }
        : undefined;
    const { jar } = await signIn();
    // Accra is three hours behind Nairobi: the host's midnight there is 21:00 on the Sunday before.
    const list = await app.inject({ method: 'GET', url: '/staff?tz=Africa/Accra', cookies: jar });
    expect(list.body).toContain('<td>visit, Mon 26 Apr 2027 to Fri 30 Apr 2027 (host dates)</td>');
    expect(list.body).not.toContain('25 Apr 2027');
    const page = await app.inject({ method: 'GET', url: '/staff/rounds/en-2027-r1?tz=Africa/Accra', cookies: jar });
    expect(page.body).toContain(
      '<tr><th scope="row">visit</th><td colspan="2">Mon 26 Apr 2027 to Fri 30 Apr 2027 (host dates)</td><td>0 (not sent yet)</td></tr>',
    );
    expect(page.body).not.toContain('Sun 25 Apr 2027 21:00');
    const french = await app.inject({ method: 'GET', url: '/staff/rounds/en-2027-r1?tz=Africa/Accra&lang=fr', cookies: jar });
    expect(french.body).toContain('lun. 26 avr. 2027 au ven. 30 avr. 2027 (dates du pays hôte)');
  });

  it('lists a relaunched round once, as its newest run, not beside its earlier run with the new run’s figures', async () => {
    await build();
    const listed = await rounds.list();
    rounds.list = async () => [
      ...listed,
      { roundId: 'en-2027-r1', workflowId: 'round-en-2027-r1', phase: 'cancelled', status: 'COMPLETED', startedAt: '2026-11-20T10:00:00.000Z', runId: 'run-1' },
    ];
    const { jar } = await signIn();
    const list = await app.inject({ method: 'GET', url: '/staff', cookies: jar });
    expect(list.body.match(/<a href="\/staff\/rounds\/en-2027-r1">/g)).toHaveLength(1);
    expect(list.body).toContain('en-2027-r1</a></td><td>prep-2</td><td>running</td>');
    expect(list.body).not.toContain('<td>cancelled</td>');
  });

  it('orders the matrix’s columns as the round lists its delegations, even when another’s item falls due first', async () => {
    await build();
    const progress = rounds.progress;
    rounds.progress = async (roundId) => {
      const round = await progress(roundId);
      if (!round) return round;
      // GH owes the first item due (a file may set such a deadline); KE, the host, is listed first.
      const gh = round.deliverables.filter((d) => d.owner === 'GH');
      return { ...round, deliverables: [...gh, ...round.deliverables.filter((d) => d.owner !== 'GH')] };
    };
    const { jar } = await signIn();
    const page = await app.inject({ method: 'GET', url: '/staff/rounds/en-2027-r1', cookies: jar });
    expect(page.body).toContain('<th scope="col">KE</th><th scope="col">GH</th><th scope="col">secretariat</th>');
  });

  it('shows a round as a delegation × deliverable matrix in the viewer’s zone, with its warnings, scripts and javascript: links inert', async () => {
    await build();
    const { jar } = await signIn();
    const page = await app.inject({
      method: 'GET',
      url: '/staff/rounds/en-2027-r1?tz=Africa/Nairobi',
      cookies: jar,
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(
      '<th scope="col">KE</th><th scope="col">GH</th><th scope="col">secretariat</th>',
    );
    expect(page.body).toContain(
      '<div class="overdue"><strong>overdue</strong><br>due Sat 13 Mar 2027 14:00 GMT+3<br><small>next reminder Tue 16 Mar 2027 14:00 GMT+3</small></div>',
    );
    expect(page.body).toContain('received Wed 10 Mar 2027 11:00 GMT+3 from p.kamau@example.ke');
    expect(page.body).toContain('<a href="https://files.example.org/ke.pdf"');
    expect(page.body).toContain('two staff on the visit');
    expect(page.body).not.toContain('<script>');
    expect(page.body).toContain('&lt;script&gt;');
    expect(page.body).not.toContain('href="javascript:');
    // Only open deliverables can be waived or extended.
    expect(page.body).toContain('<option value="GH/jsr-documents">');
    expect(page.body).not.toContain('<option value="KE/jsr-documents">');

    const missing = await app.inject({ method: 'GET', url: '/staff/rounds/no-such-round', cookies: jar });
    expect(missing.statusCode).toBe(404);
  });

  it('shows the timeline with each invitation’s SEQUENCE, the message log, the next reminders and the feedback summary', async () => {
    await build();
    const { jar } = await signIn();
    const page = await app.inject({
      method: 'GET',
      url: '/staff/rounds/en-2027-r1?tz=Africa/Nairobi',
      cookies: jar,
    });
    expect(page.body).toContain(
      '<tr><th scope="row">vc1</th><td>Tue 16 Feb 2027 14:00 GMT+3</td><td>Tue 16 Feb 2027 16:00 GMT+3</td><td>2</td></tr>',
    );
    expect(page.body).toMatch(/<th scope="row">visit<\/th>.*?<td>0 \(not sent yet\)<\/td>/);
    expect(page.body).toContain('next reminder Tue 16 Mar 2027 14:00 GMT+3');
    expect(page.body).toContain('12 letters handed to the mail server, 1 still being tried, 1 failed.');
    // Each letter not delivered, with its reader and outcome; the delivered ones are in the CSV export.
    expect(page.body).toContain(
      '<tr><td>k.asante@example.gh</td><td>deliverable-request GH/jsr-documents#request</td><td>Sat 20 Feb 2027 12:00 GMT+3</td><td class="o-failed">failed</td><td>550 mailbox does not exist</td></tr>',
    );
    expect(page.body).toContain('<td class="o-sending">still being tried</td>');
    expect(page.body).not.toContain('p.kamau@example.ke</td><td>welcome');
    const letters = await app.inject({ method: 'GET', url: '/staff/rounds/en-2027-r1/letters.csv', cookies: jar });
    expect(letters.body.trim().split('\n')).toEqual([
      'round,decided_at,kind,about,reader,outcome,reason',
      'en-2027-r1,2027-01-04T09:00:00.000Z,welcome,welcome,p.kamau@example.ke,delivered,',
      'en-2027-r1,2027-02-20T09:00:00.000Z,deliverable-request,GH/jsr-documents#request,k.asante@example.gh,failed,550 mailbox does not exist',
      'en-2027-r1,2027-03-16T11:00:00.000Z,deliverable-reminder,GH/jsr-documents#before-2,a.owusu@example.gh,sending,',
    ]);
    expect(page.body).toContain('1 of 2 participants answered.');
    expect(page.body).toContain('<th scope="row">How useful the exchange was</th><td>4.0</td>');
    expect(page.body).toContain('<th scope="row">The JSR guidelines</th><td>2.0</td>');
    expect(page.body).toContain('=hold field visits before the plenary &lt;b&gt;first&lt;/b&gt;');
    // In the matrix, the answers point to their summary instead of showing the stored form.
    expect(page.body).toContain('p.kamau@example.ke<br><small>answers in the feedback section</small>');
    expect(page.body).not.toContain('{&quot;usefulness&quot;');
    for (const href of ['matrix.csv', 'feedback.csv', 'feed.ics'])
      expect(page.body).toContain(`<a href="/staff/rounds/en-2027-r1/${href}">`);
  });

  it('tells an invitation sent at SEQUENCE 0 from one not sent yet, by the letters the round posted', async () => {
    await build();
    const { jar } = await signIn();
    const sentAtLaunch: RoundProgress = {
      ...PROGRESS,
      events: PROGRESS.events.map((event) => (event.id === 'vc1' ? { ...event, sequence: 0 } : event)),
    };
    rounds.progress = async () => sentAtLaunch;
    rounds.letters = async () => [
      ...LETTERS,
      { kind: 'invitation', about: 'vc1#0', to: 'p.kamau@example.ke', decidedAt: '2027-01-04T09:00:00.000Z', outcome: 'delivered' },
    ];
    const page = await app.inject({ method: 'GET', url: '/staff/rounds/en-2027-r1', cookies: jar });
    expect(page.body).toMatch(/<th scope="row">vc1<\/th>.*?<td>0<\/td><\/tr>/);
    expect(page.body).toMatch(/<th scope="row">visit<\/th>.*?<td>0 \(not sent yet\)<\/td><\/tr>/);
    expect(page.body).not.toContain('0: not sent yet');
    const french = await app.inject({ method: 'GET', url: '/staff/rounds/en-2027-r1?lang=fr', cookies: jar });
    expect(french.body).toMatch(/<th scope="row">Visite pays<br><small>visit<\/small><\/th>.*?<td>0 \(pas encore envoyée\)<\/td><\/tr>/);
  });

  it('says which delegations read a bare due date as another day: 17:00 in Nairobi is already tomorrow in Kiritimati', async () => {
    await build();
    const { jar } = await signIn();
    const kiribati = { country: 'KI', host: false, timezone: 'Pacific/Kiritimati', language: 'en' as const, participants: [], coordinatingAgency: [] };
    rounds.progress = async () => ({ ...PROGRESS, delegations: [...PROGRESS.delegations, kiribati] });
    const page = await app.inject({ method: 'GET', url: '/staff/rounds/en-2027-r1', cookies: jar });
    const help = /<small id="extend-due-help">([^<]*)<\/small>/.exec(page.body)?.[1];
    expect(help).toBe(
      'A date alone falls due at 17:00 in the host’s time (Nairobi), which is already the next day in Kiritimati (KI); or write an exact instant, such as 2027-03-18T09:00:00Z.',
    );
    const french = await app.inject({ method: 'GET', url: '/staff/rounds/en-2027-r1?lang=fr', cookies: jar });
    expect(/<small id="extend-due-help">([^<]*)<\/small>/.exec(french.body)?.[1]).toBe(
      'Une date seule tombe à 17:00 à l’heure de l’hôte (Nairobi), soit déjà le lendemain pour Kiritimati (KI) ; ou indiquez un instant exact, par exemple 2027-03-18T09:00:00Z.',
    );
  });

  it('does not warn of another day where every delegation reads 17:00 at the host’s on the same day', async () => {
    await build();
    const { jar } = await signIn();
    const page = await app.inject({ method: 'GET', url: '/staff/rounds/en-2027-r1', cookies: jar });
    expect(/<small id="extend-due-help">([^<]*)<\/small>/.exec(page.body)?.[1]).toBe(
      'A date alone falls due at 17:00 in the host’s time (Nairobi); or write an exact instant, such as 2027-03-18T09:00:00Z.',
    );
  });

  it('speaks French with ?lang=fr or a French browser, and keeps the language through an action', async () => {
    await build();
    const { jar } = await signIn();
    const byQuery = await app.inject({
      method: 'GET',
      url: '/staff/rounds/en-2027-r1?lang=fr',
      cookies: jar,
    });
    expect(byQuery.body).toContain('<html lang="fr">');
    expect(byQuery.body).toContain('Qui doit quoi');
    expect(byQuery.body).toContain('<th scope="col">KE</th><th scope="col">GH</th><th scope="col">Secrétariat</th>');
    expect(byQuery.body).toContain('<strong>en retard</strong>');
    // Dates in the page's language too, not "échéance Sat 13 Mar 2027".
    expect(byQuery.body).toContain('échéance sam. 13 mars 2027 11:00 UTC');
    expect(byQuery.body).toContain('Repousser l’échéance');
    expect(byQuery.body).toContain('<th scope="row">Les lignes directrices de la RSC</th><td>2.0</td>');
    // The round's state in French too, not Temporal's English word, and with French punctuation.
    expect(byQuery.body).toContain('UTC ; état en cours.');
    expect(byQuery.body).toContain('<caption>SEQUENCE : la SEQUENCE actuelle des invitations');
    expect(byQuery.body).toContain('p.kamau@example.ke : =hold field visits before the plenary');
    // What stays English, the round file's warnings, says so; the page's own landmarks speak French.
    expect(byQuery.body).toContain('<li lang="en">secretariat.staff: two staff on the visit, the concept note asks for three</li>');
    expect(byQuery.body).toContain('<nav aria-label="Personnel">');
    // The browser's tab and history name the page in French too.
    expect(byQuery.body).toContain('<title>Anglophone JSR exchange 2027 (en-2027-r1) · JSR Exchange, personnel</title>');
    const byBrowser = await app.inject({
      method: 'GET',
      url: '/staff',
      cookies: jar,
      headers: { 'accept-language': 'fr-FR,fr;q=0.9,en;q=0.8' },
    });
    expect(byBrowser.body).toContain('<html lang="fr">');
    expect(byBrowser.body).toContain('Prochain événement');
    expect(byBrowser.body).toMatch(/en-2027-r1<\/a><\/td><td>préparation 2<\/td><td>en cours<\/td>/);
    const english = await app.inject({
      method: 'GET',
      url: '/staff?lang=en',
      cookies: jar,
      headers: { 'accept-language': 'fr' },
    });
    expect(english.body).toContain('Next event');
    const login = await app.inject({ method: 'GET', url: '/staff/login?lang=fr' });
    expect(login.body).toContain('<label for="password">Mot de passe</label>');
    expect(login.body).toContain('action="/staff/login?lang=fr"');
    const wrong = await app.inject({
      method: 'POST',
      url: '/staff/login?lang=fr',
      cookies: cookiesOf(login),
      payload: { password: 'devinette', _csrf: csrfIn(login.body) },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain('Mot de passe incorrect.');

    const acted = await app.inject({
      method: 'POST',
      url: '/staff/rounds/en-2027-r1/actions',
      cookies: jar,
      payload: {
        _csrf: csrfIn(byQuery.body),
        action: 'cancel',
        reason: 'reporté',
        lang: 'fr',
        tz: 'Africa/Nairobi',
      },
    });
    expect(acted.headers.location).toBe(
      '/staff/rounds/en-2027-r1?done=cancel%3A%20accepted&tz=Africa%2FNairobi&lang=fr',
    );
    const after = await app.inject({ method: 'GET', url: acted.headers.location as string, cookies: jar });
    expect(after.body).toContain('<p class="notice" role="status">Le cycle a accepté l’annulation.</p>');
    // The notice says what the dashboard did, never text a link brought along.
    const forged = await app.inject({
      method: 'GET',
      url: `/staff/rounds/en-2027-r1?done=${encodeURIComponent('Session expired: sign in again at phish.example')}`,
      cookies: jar,
    });
    expect(forged.body).not.toContain('phish.example');
    expect(forged.body).not.toContain('class="notice"');
  });

  it('asks a French viewer whose session ended on a French page to sign in again in French, and brings them back there', async () => {
    await build();
    const asked = await app.inject({ method: 'GET', url: '/staff/rounds/en-2027-r1?lang=fr&tz=Pacific%2FChatham' });
    expect(asked.statusCode).toBe(303);
    const form = await app.inject({ method: 'GET', url: asked.headers.location as string });
    expect(form.body).toContain('<html lang="fr">');
    expect(form.body).toContain('<label for="password">Mot de passe</label>');
    expect(form.body).toContain('action="/staff/login?lang=fr"');
    // As a browser posts it: the attribute's text, its `&amp;` read back as `&`.
    const next = (/name="next" value="([^"]*)"/.exec(form.body)?.[1] ?? '').replace(/&amp;/g, '&');
    const wrong = await app.inject({
      method: 'POST',
      url: '/staff/login?lang=fr',
      cookies: cookiesOf(form),
      payload: { password: 'devinette', _csrf: csrfIn(form.body), next },
    });
    expect(wrong.body).toContain('Mot de passe incorrect.');
    const signedIn = await app.inject({
      method: 'POST',
      url: '/staff/login?lang=fr',
      cookies: cookiesOf(form),
      payload: { password: PASSWORD, _csrf: csrfIn(form.body), next },
    });
    expect(signedIn.headers.location).toBe('/staff/rounds/en-2027-r1?lang=fr&tz=Pacific%2FChatham');
  });

  it('signs a French viewer out to the French sign-in form, and an English one to the English form', async () => {
    await build();
    const { jar } = await signIn();
    const french = await app.inject({ method: 'GET', url: '/staff/rounds/en-2027-r1?lang=fr', cookies: jar });
    const action = /<form method="post" action="([^"]+)"><input type="hidden" name="_csrf" value="[^"]+"><button type="submit">Se déconnecter<\/button>/.exec(french.body)?.[1];
    expect(action).toBe('/staff/logout?lang=fr');
    const out = await app.inject({ method: 'POST', url: action!, cookies: jar, payload: { _csrf: csrfIn(french.body) } });
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/staff/login?lang=fr');
    const form = await app.inject({ method: 'GET', url: out.headers.location as string });
    expect(form.body).toContain('<html lang="fr">');
    expect(form.body).toContain('Mot de passe');

    const { jar: again } = await signIn();
    const english = await app.inject({ method: 'GET', url: '/staff', cookies: again });
    const outEnglish = await app.inject({ method: 'POST', url: '/staff/logout', cookies: again, payload: { _csrf: csrfIn(english.body) } });
    expect(outEnglish.headers.location).toBe('/staff/login');
  });

  it('refuses in the viewer’s language: a missing round, an unknown page, an expired form, a signed-out action', async () => {
    await build();
    const { jar } = await signIn();
    const missing = await app.inject({ method: 'GET', url: '/staff/rounds/no-such-round?lang=fr', cookies: jar });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain('<html lang="fr">');
    expect(missing.body).toContain('Aucun cycle n’a l’identifiant no-such-round.');
    expect(missing.body).toContain('>Retour</a>');
    const unknown = await app.inject({
      method: 'GET',
      url: '/staff/nothing-here',
      cookies: jar,
      headers: { 'accept-language': 'fr' },
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('Cette page n’existe pas.');
    const expired = await app.inject({
      method: 'POST',
      url: '/staff/rounds/en-2027-r1/actions',
      cookies: jar,
      payload: { _csrf: 'forged', action: 'cancel', reason: 'x', lang: 'fr' },
    });
    expect(expired.statusCode).toBe(403);
    expect(expired.body).toContain('Formulaire expiré');
    const signedOut = await app.inject({
      method: 'POST',
      url: '/staff/rounds/en-2027-r1/actions?lang=fr',
      payload: { action: 'cancel', reason: 'x' },
    });
    expect(signedOut.statusCode).toBe(401);
    expect(signedOut.body).toContain('Votre session a pris fin : reconnectez-vous.');
    const english = await app.inject({ method: 'GET', url: '/staff/rounds/no-such-round', cookies: jar });
    expect(english.body).toContain('No round has the id no-such-round.');
    expect(english.body).toContain('>Back</a>');
  });

  it('refuses an action in the viewer’s language and zone: the empty field named by its label, the round’s English answer marked as English, nothing sent', async () => {
    await build({ refusal: 'dueAt: cannot read "2027-02-30": write an ISO date (2027-03-01, due at 17:00 host time)' });
    const { jar } = await signIn();
    const page = await app.inject({ method: 'GET', url: '/staff/rounds/en-2027-r1?tz=Pacific/Chatham&lang=fr', cookies: jar });
    // The example in the new start's field is French too.
    expect(page.body).toContain('placeholder="2027-03-24T13:00:00Z ou 2027-04-26"');
    const post = (fields: Record<string, string>) =>
      app.inject({
        method: 'POST',
        url: '/staff/rounds/en-2027-r1/actions',
        cookies: jar,
        payload: { _csrf: csrfIn(page.body), tz: 'Pacific/Chatham', lang: 'fr', ...fields },
      });
    const backToTheRound = '<a href="/staff/rounds/en-2027-r1?tz=Pacific%2FChatham&amp;lang=fr">Retour</a>';

    // Spaces pass the browser's `required`: the dashboard refuses them by the field's label, before the round is asked.
    const blank = await post({ action: 'extend', deliverable: 'GH/jsr-documents', dueAt: '2027-03-18', reason: '   ' });
    expect(blank.statusCode).toBe(400);
    expect(blank.body).toContain('<html lang="fr">');
    expect(blank.body).toContain('Le champ « Motif » est vide : remplissez-le et renvoyez le formulaire.');
    expect(blank.body).not.toContain('reason is missing');
    expect(blank.body).toContain(backToTheRound);
    expect(blank.body).toContain('<a href="/staff?tz=Pacific%2FChatham&lang=fr">Cycles</a>');
    expect(rounds.actions).toEqual([]);

    const refused = await post({ action: 'extend', deliverable: 'GH/jsr-documents', dueAt: '2027-02-30', reason: 'report' });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Au sujet du champ « Nouvelle échéance », le cycle a répondu (en anglais) :');
    expect(refused.body).toContain('<p lang="en">dueAt: cannot read &quot;2027-02-30&quot;');
    expect(refused.body).toContain(backToTheRound);

    // A newcomer is checked as the round file's entry for them: the path names the field of the form.
    rounds.act = async () => ({
      accepted: false,
      reason: 'delegations[2].participants[0].email: np1@example.np is already used at delegations[0].participants[0].email',
    });
    const taken = await post({ action: 'replace', country: 'GH', leaving: 'k.asante@example.gh', name: 'Ama Boateng', email: 'np1@example.np' });
    expect(taken.body).toContain('Au sujet du champ « Courriel du nouveau venu », le cycle a répondu (en anglais) :');

    const english = await app.inject({
      method: 'POST',
      url: '/staff/rounds/en-2027-r1/actions',
      cookies: jar,
      payload: { _csrf: csrfIn(page.body), tz: 'Africa/Accra', action: 'reschedule', event: 'vc2', start: ' ' },
    });
    expect(english.body).toContain('“New start” is empty: fill it in and send the form again.');
    expect(english.body).toContain('<a href="/staff/rounds/en-2027-r1?tz=Africa%2FAccra">Back</a>');
  });

  it('lists a round cancelled from the dashboard as cancelled, as its page says, not as completed as Temporal has it', async () => {
    await build();
    const { jar } = await signIn();
    // Cancelling through the update ends the workflow normally: the visibility list reads COMPLETED.
    rounds.list = async () => [
      { roundId: 'en-2027-r1', workflowId: 'round-en-2027-r1', phase: 'cancelled', status: 'COMPLETED', startedAt: PROGRESS.launchedAt, runId: 'run-1' },
    ];
    rounds.progress = async () => ({ ...PROGRESS, status: 'cancelled', phase: 'cancelled', cancelledReason: 'the host postponed its JSR' });
    const english = await app.inject({ method: 'GET', url: '/staff', cookies: jar });
    expect(english.body).toMatch(/en-2027-r1<\/a><\/td><td>cancelled<\/td><td>cancelled<\/td>/);
    const french = await app.inject({ method: 'GET', url: '/staff?lang=fr', cookies: jar });
    expect(french.body).toMatch(/en-2027-r1<\/a><\/td><td>annulé<\/td><td>annulé<\/td>/);
    expect(french.body).not.toContain('terminé');
  });

  it('shows a cancelled round as its participants see it: open items no longer due, none overdue, the events still ahead called off, and why', async () => {
    await build();
    const { jar } = await signIn();
    rounds.list = async () => [
      { roundId: 'en-2027-r1', workflowId: 'round-en-2027-r1', phase: 'cancelled', status: 'COMPLETED', startedAt: PROGRESS.launchedAt, runId: 'run-1' },
    ];
    // Cancelled on 1 March, after vc1 was held and before the visit.
    rounds.progress = async () => ({
      ...PROGRESS,
      status: 'cancelled',
      phase: 'cancelled',
      phaseSince: '2027-03-01T09:00:00.000Z',
      nextEvents: [],
      cancelledReason: 'the host postponed its JSR',
    });
    const list = await app.inject({ method: 'GET', url: '/staff', cookies: jar });
    expect(list.body).toMatch(/<td>cancelled<\/td><td>—<\/td><td>—<\/td><\/tr>/);

    const page = await app.inject({ method: 'GET', url: '/staff/rounds/en-2027-r1', cookies: jar });
    expect(page.body).toContain('status cancelled. Reason: the host postponed its JSR.</p>');
    const ghana = /<th scope="row">jsr-documents<\/th><td>.*?<\/td><td>(.*?)<\/td>/.exec(page.body)?.[1];
    expect(ghana).toBe('<div class="called-off"><strong>no longer due</strong><br>due Sat 13 Mar 2027 11:00 UTC</div>');
    // What was handed in before the cancellation stays as it was.
    expect(page.body).toContain('<div class="submitted"><strong>submitted</strong><br>due Sat 13 Mar 2027 11:00 UTC');
    expect(page.body).toContain('<th scope="row">vc1</th>');
    expect(page.body).toContain('<th scope="row">visit<br><small>called off</small></th>');

    const french = await app.inject({ method: 'GET', url: '/staff/rounds/en-2027-r1?lang=fr', cookies: jar });
    expect(french.body).toContain('état annulé. Motif : the host postponed its JSR.</p>');
    expect(french.body).toContain('<div class="called-off"><strong>plus attendu</strong>');
    expect(french.body).toContain('<th scope="row">Visite pays<br><small>visit</small><br><small>annulé</small></th>');
    expect(french.body).not.toContain('<strong>en retard</strong>');
  });

  it('asks a round for its letters once a second however many staff reload, and again after an action', async () => {
    await build();
    const { jar } = await signIn();
    const page = () => app.inject({ method: 'GET', url: '/staff/rounds/en-2027-r1', cookies: jar });
    const first = await page();
    await Promise.all([page(), page(), page()]);
    expect(rounds.letterQueries).toBe(1);
    await app.inject({
      method: 'POST',
      url: '/staff/rounds/en-2027-r1/actions',
      cookies: jar,
      payload: { _csrf: csrfIn(first.body), action: 'cancel', reason: 'postponed' },
    });
    await page();
    expect(rounds.letterQueries).toBe(2);
  });

  it('lists who is in each delegation now, so the replacement form’s “who left” can be read off the page', async () => {
    await build();
    const { jar } = await signIn();
    rounds.progress = async () => ({
      ...PROGRESS,
      delegations: PROGRESS.delegations.map((d) =>
        d.country === 'KE'
          ? {
              ...d,
              participants: [
                { name: 'Peter Kamau', email: 'p.kamau@example.ke' },
                { name: 'Wanjiku <Njoroge>', email: 'w.njoroge@example.ke' },
              ],
              coordinatingAgency: [{ name: 'Anna Schmidt', email: 'a.schmidt@example.org' }],
            }
          : { ...d, language: 'fr' as const },
      ),
    });
    const page = await app.inject({ method: 'GET', url: '/staff/rounds/en-2027-r1?lang=fr', cookies: jar });
    expect(page.body).toContain('<h2>Délégations</h2>');
    expect(page.body).toContain(
      '<tr><th scope="row">KE Kenya <small>(hôte)</small></th><td>Peter Kamau <small>p.kamau@example.ke</small><br>Wanjiku &lt;Njoroge&gt; <small>w.njoroge@example.ke</small></td><td>Anna Schmidt <small>a.schmidt@example.org</small></td><td>Nairobi, anglais</td></tr>',
    );
    expect(page.body).toContain('<tr><th scope="row">GH Ghana</th><td>—</td><td>—</td><td>Accra, français</td></tr>');
  });

  it('replaces a participant as the CLI does', async () => {
    await build();
    const { jar } = await signIn();
    const page = await app.inject({ method: 'GET', url: '/staff/rounds/en-2027-r1', cookies: jar });
    expect(page.body).toContain(
      '<select id="replace-delegation" name="country" required><option value="KE">KE</option>',
    );
    const replaced = await app.inject({
      method: 'POST',
      url: '/staff/rounds/en-2027-r1/actions',
      cookies: jar,
      payload: {
        _csrf: csrfIn(page.body),
        action: 'replace',
        country: 'KE',
        leaving: 'm.achieng@example.ke',
        name: 'Wanjiku Njoroge',
        email: 'w.njoroge@example.ke',
      },
    });
    expect(replaced.statusCode).toBe(303);
    expect(rounds.actions).toEqual([
      [
        'en-2027-r1',
        {
          action: 'replace',
          country: 'KE',
          leaving: 'm.achieng@example.ke',
          newcomer: { name: 'Wanjiku Njoroge', email: 'w.njoroge@example.ke' },
        },
      ],
    ]);
  });

  it('exports the matrix and the feedback answers as CSV with formula cells made inert, and the round as a calendar, only to staff', async () => {
    await build();
    const { jar } = await signIn();
    for (const name of ['matrix.csv', 'feedback.csv', 'feed.ics']) {
      const outside = await app.inject({ method: 'GET', url: `/staff/rounds/en-2027-r1/${name}` });
      expect([name, outside.statusCode]).toEqual([name, 303]);
    }
    const matrix = await app.inject({
      method: 'GET',
      url: '/staff/rounds/en-2027-r1/matrix.csv',
      cookies: jar,
    });
    expect(matrix.statusCode).toBe(200);
    expect(matrix.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(matrix.headers['content-disposition']).toBe('attachment; filename="en-2027-r1-matrix.csv"');
    // The UTF-8 byte-order mark first, so Excel reads accented names as UTF-8.
    expect([...matrix.rawPayload.subarray(0, 4)]).toEqual([0xef, 0xbb, 0xbf, 'r'.charCodeAt(0)]);
    const lines = matrix.body.trim().split('\n');
    expect(lines[0]).toBe(
      'round,owner,deliverable,participant,status,due_at,next_reminder_at,submitted_at,submitted_by,reference,waived_reason,delivery_failures',
    );
    expect(lines).toContain(
      'en-2027-r1,GH,jsr-documents,,overdue,2027-03-13T11:00:00.000Z,2027-03-16T11:00:00.000Z,,,,,k.asante@example.gh: 550 mailbox does not exist',
    );
    expect(lines).toContain(
      `en-2027-r1,GH,self-assessment,,submitted,2027-03-18T11:00:00.000Z,,2027-03-11T08:00:00.000Z,k.asante@example.gh,"'=HYPERLINK(""http://evil.example"",""click"")",,`,
    );
    expect(matrix.body).not.toMatch(/(^|,)[=+@]/m);

    const feedback = await app.inject({
      method: 'GET',
      url: '/staff/rounds/en-2027-r1/feedback.csv',
      cookies: jar,
    });
    expect(feedback.statusCode).toBe(200);
    expect(feedback.body.startsWith('\uFEFFround,')).toBe(true);
    expect(feedback.body.trim().split('\n')).toHaveLength(2);
    expect(feedback.body).toContain(",'=hold field visits before the plenary <b>first</b>");

    const feed = await app.inject({ method: 'GET', url: '/staff/rounds/en-2027-r1/feed.ics', cookies: jar });
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toBe('text/calendar; charset=utf-8');
    const events = new ICAL.Component(ICAL.parse(feed.body)).getAllSubcomponents('vevent');
    const vc1 = events.find((event) => String(event.getFirstPropertyValue('uid')).startsWith('vc1.'))!;
    expect(Number(vc1.getFirstPropertyValue('sequence'))).toBe(2);
    expect((vc1.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString()).toBe(
      '2027-02-16T11:00:00.000Z',
    );
    // Every event and every deliverable of the round, whoever owes it.
    expect(events).toHaveLength(PROGRESS.events.length + PROGRESS.deliverables.length);
    expect(events.map((event) => String(event.getFirstPropertyValue('summary')))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^JSR country documents, Ghana: overdue/)]),
    );

    const missing = await app.inject({ method: 'GET', url: '/staff/rounds/nope/matrix.csv', cookies: jar });
    expect(missing.statusCode).toBe(404);
  });

  it('gives a French viewer CSV files that Excel set to French opens in columns: semicolons, after the byte-order mark', async () => {
    await build();
    const { jar } = await signIn();
    const page = await app.inject({ method: 'GET', url: '/staff/rounds/en-2027-r1?lang=fr', cookies: jar });
    // The French page's links ask for the French files, whatever language the browser prefers.
    for (const name of ['matrix.csv', 'feedback.csv', 'letters.csv']) expect(page.body).toContain(`href="/staff/rounds/en-2027-r1/${name}?lang=fr"`);
    const matrix = await app.inject({ method: 'GET', url: '/staff/rounds/en-2027-r1/matrix.csv?lang=fr', cookies: jar });
    expect(matrix.body.startsWith('\uFEFFround;owner;deliverable;participant;status;due_at;')).toBe(true);
    expect(matrix.body.trim().split('\n')).toContain(
      'en-2027-r1;GH;jsr-documents;;overdue;2027-03-13T11:00:00.000Z;2027-03-16T11:00:00.000Z;;;;;k.asante@example.gh: 550 mailbox does not exist',
    );
    const feedback = await app.inject({ method: 'GET', url: '/staff/rounds/en-2027-r1/feedback.csv', cookies: jar, headers: { 'accept-language': 'fr-FR,fr;q=0.9' } });
    expect(feedback.body.startsWith('\uFEFFround;delegation;participant;')).toBe(true);
    const letters = await app.inject({ method: 'GET', url: '/staff/rounds/en-2027-r1/letters.csv?lang=fr', cookies: jar });
    expect(letters.body.startsWith('\uFEFFround;decided_at;kind;about;reader;outcome;reason')).toBe(true);
    // An English page keeps commas.
    const english = await app.inject({ method: 'GET', url: '/staff/rounds/en-2027-r1/matrix.csv?lang=en', cookies: jar, headers: { 'accept-language': 'fr' } });
    expect(english.body.startsWith('\uFEFFround,owner,')).toBe(true);
  });

  it('gives a French viewer the round’s calendar in French, downloaded or subscribed to', async () => {
    await build();
    const { jar } = await signIn();
    const page = await app.inject({ method: 'GET', url: '/staff/rounds/en-2027-r1?lang=fr', cookies: jar });
    expect(page.body).toContain('<a href="/staff/rounds/en-2027-r1/feed.ics?lang=fr">Tout le cycle en calendrier (.ics)</a>');
    const link = /<code>(https?:\/\/[^<]+\/staff\/feeds\/[^<]+\.ics\?lang=fr)<\/code>/.exec(page.body)?.[1] ?? '';
    const url = new URL(link);
    const summaries = (body: string) =>
      new ICAL.Component(ICAL.parse(body)).getAllSubcomponents('vevent').map((event) => String(event.getFirstPropertyValue('summary')));
    for (const body of [
      (await app.inject({ method: 'GET', url: `${url.pathname}${url.search}` })).body,
      (await app.inject({ method: 'GET', url: '/staff/rounds/en-2027-r1/feed.ics?lang=fr', cookies: jar })).body,
    ]) {
      expect(body).toContain('X-WR-CALNAME:Anglophone JSR exchange 2027 (personnel)');
      expect(summaries(body)).toEqual(
        expect.arrayContaining([
          'Première visioconférence – Anglophone JSR exchange 2027',
          'Documents nationaux de la RSC, Ghana : en retard',
          'Compte rendu de la première visioconférence, le Secrétariat : remis en retard',
        ]),
      );
    }
  });

  it('gives staff a subscription link for the round’s calendar: signed, the same feed without a session, refused when forged', async () => {
    await build();
    const { jar } = await signIn();
    const page = await app.inject({ method: 'GET', url: '/staff/rounds/en-2027-r1', cookies: jar });
    const link = /<code>(https?:\/\/[^<]+\/staff\/feeds\/[^<]+\.ics)<\/code>/.exec(page.body)?.[1] ?? '';
    expect(page.body).toContain(`href="${link.replace(/^https?:/, 'webcal:')}"`);
    const url = new URL(link);
    const subscribed = await app.inject({ method: 'GET', url: url.pathname });
    expect(subscribed.statusCode).toBe(200);
    const withSession = await app.inject({ method: 'GET', url: '/staff/rounds/en-2027-r1/feed.ics', cookies: jar });
    const uids = (body: string) =>
      new ICAL.Component(ICAL.parse(body)).getAllSubcomponents('vevent').map((event) => String(event.getFirstPropertyValue('uid')));
    expect(uids(subscribed.body)).toEqual(uids(withSession.body));
    const token = url.pathname.split('/').pop()!.replace(/\.ics$/, '');
    const forged = `${token.slice(0, -3)}${token.endsWith('AAA') ? 'BBB' : 'AAA'}`;
    expect((await app.inject({ method: 'GET', url: `/staff/feeds/${forged}.ics` })).statusCode).toBe(403);
    // A participant's link (signed with another key) opens no staff feed.
    expect((await app.inject({ method: 'GET', url: `/staff/feeds/not.a-token.ics` })).statusCode).toBe(403);
  });

  it('sends submit, waive, extend, reschedule and cancel as the CLI does, after checking the session and the CSRF token', async () => {
    await build();
    const { jar } = await signIn();
    const page = await app.inject({ method: 'GET', url: '/staff/rounds/en-2027-r1', cookies: jar });
    // Every action has its form, each field with its label.
    for (const action of ['submit', 'waive', 'extend', 'reschedule', 'replace', 'cancel'])
      expect(page.body).toContain(`name="action" value="${action}"`);
    expect(page.body).toContain('<label for="submit-by">Handed in by (email)</label>');
    const _csrf = csrfIn(page.body);
    const post = (payload: Record<string, string>, cookies = jar) =>
      app.inject({ method: 'POST', url: '/staff/rounds/en-2027-r1/actions', cookies, payload });

    const extend = await post({
      _csrf,
      action: 'extend',
      deliverable: 'GH/jsr-documents',
      dueAt: '2027-03-18',
      reason: 'report validated on the 17th',
    });
    expect(extend.statusCode).toBe(303);
    expect(extend.headers.location).toBe('/staff/rounds/en-2027-r1?done=extend%3A%20accepted');
    await post({ _csrf, action: 'waive', deliverable: 'GH/jsr-documents', reason: 'no documents this year' });
    // Handed in by email: recorded on the delegation's behalf, as `jsrx submit` does.
    const submit = await post({
      _csrf,
      action: 'submit',
      deliverable: 'GH/learning-objectives',
      by: 'a.owusu@example.gh',
      reference: 'https://files.example.gh/lo.pdf',
    });
    expect(submit.headers.location).toBe('/staff/rounds/en-2027-r1?done=submit%3A%20accepted');
    const missingBy = await post({ _csrf, action: 'submit', deliverable: 'GH/learning-objectives', reference: 'x' });
    expect(missingBy.statusCode).toBe(400);
    expect(missingBy.body).toContain('“Handed in by (email)” is empty: fill it in');
    await post({
      _csrf,
      action: 'reschedule',
      event: 'visit',
      start: '2027-04-27',
      end: '2027-04-30',
      reason: '',
    });
    await post({ _csrf, action: 'cancel', reason: 'the host postponed its JSR' });
    expect(rounds.actions).toEqual([
      [
        'en-2027-r1',
        {
          action: 'extend',
          deliverable: 'GH/jsr-documents',
          dueAt: '2027-03-18',
          reason: 'report validated on the 17th',
        },
      ],
      ['en-2027-r1', { action: 'waive', deliverable: 'GH/jsr-documents', reason: 'no documents this year' }],
      [
        'en-2027-r1',
        { action: 'submit', deliverable: 'GH/learning-objectives', by: 'a.owusu@example.gh', reference: 'https://files.example.gh/lo.pdf' },
      ],
      ['en-2027-r1', { action: 'reschedule', event: 'visit', start: '2027-04-27', end: '2027-04-30' }],
      ['en-2027-r1', { action: 'cancel', reason: 'the host postponed its JSR' }],
    ]);

    const withoutToken = await post({ action: 'cancel', reason: 'forged' });
    const withoutSession = await post(
      { _csrf, action: 'cancel', reason: 'forged' },
      { _csrf: jar._csrf ?? '' },
    );
    const badId = await post({ _csrf, action: 'waive', deliverable: 'GH/no-such-thing', reason: 'x' });
    expect([withoutToken.statusCode, withoutSession.statusCode, badId.statusCode]).toEqual([403, 401, 400]);
    expect(badId.body).toContain('no-such-thing is not a deliverable');
    expect(rounds.actions).toHaveLength(5);
  });

  it('shows why the round refused an action', async () => {
    await build({
      refusal:
        'dueAt: due 2027-03-24T14:00:00.000Z, after vc2 (2027-03-23T11:00:00.000Z) that it prepares: choose a due date before vc2',
    });
    const { jar } = await signIn();
    const page = await app.inject({ method: 'GET', url: '/staff/rounds/en-2027-r1', cookies: jar });
    const refused = await app.inject({
      method: 'POST',
      url: '/staff/rounds/en-2027-r1/actions',
      cookies: jar,
      payload: {
        _csrf: csrfIn(page.body),
        action: 'extend',
        deliverable: 'GH/jsr-documents',
        dueAt: '2027-03-24',
        reason: 'later',
      },
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('The round refused it');
    expect(refused.body).toContain('dueAt: due 2027-03-24T14:00:00.000Z, after vc2');
  });

  it('brings a refused form back filled in as it was sent, what was typed escaped, the other forms left out', async () => {
    await build({ refusal: 'dueAt: due 2027-03-24T14:00:00.000Z, after vc2: choose a due date before vc2' });
    const { jar } = await signIn();
    const page = await app.inject({ method: 'GET', url: '/staff/rounds/en-2027-r1?lang=fr', cookies: jar });
    const send = (payload: Record<string, string>) =>
      app.inject({
        method: 'POST',
        url: '/staff/rounds/en-2027-r1/actions',
        cookies: jar,
        payload: { _csrf: csrfIn(page.body), tz: 'Africa/Accra', lang: 'fr', ...payload },
      });
    const refused = await send({ action: 'extend', deliverable: 'GH/jsr-documents', dueAt: '2027-03-24', reason: 'the report "<b>late</b>"' });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('<legend>Repousser l’échéance</legend>');
    expect(refused.body).toContain('<option value="GH/jsr-documents" selected>Documents nationaux de la RSC (GH/jsr-documents)</option>');
    expect(refused.body).toContain('name="dueAt" required placeholder="2027-03-18" aria-describedby="extend-due-help" value="2027-03-24">');
    expect(refused.body).toContain('value="the report &quot;&lt;b&gt;late&lt;/b&gt;&quot;"');
    expect(refused.body).toContain('<input type="hidden" name="tz" value="Africa/Accra"><input type="hidden" name="lang" value="fr">');
    expect(refused.body).not.toContain('<legend>Dispenser</legend>');
    // Refused by the page itself (a reason of spaces): the form comes back too, with a fresh token that works.
    const empty = await send({ action: 'cancel', reason: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('<legend>Annuler le cycle</legend>');
    const resent = await app.inject({
      method: 'POST',
      url: '/staff/rounds/en-2027-r1/actions',
      cookies: jar,
      payload: { _csrf: csrfIn(empty.body), action: 'waive', deliverable: 'GH/jsr-documents', reason: 'no report this year' },
    });
    expect(resent.statusCode).toBe(422);
    expect(resent.body).toContain('<legend>Waive</legend>');
  });
});

describe('the web service with the dashboard mounted', () => {
  it('serves the staff dashboard under /staff beside the participants’ pages, each with its own limits', async () => {
    const app = await buildWebApp({
      rounds: {
        progress: () => Promise.resolve(undefined),
        submit: () => Promise.reject(new Error('no submission here')),
      },
      config: {
        publicUrl: 'http://127.0.0.1:8080',
        web: { uploadMaxBytes: 1024, uploadsDir: '/nonexistent' },
      },
      linkSecret: 'a-secret-long-enough-for-hmac-0123456789',
      staff: {
        rounds: memoryRounds(),
        password: 'correct horse',
        secret: 'a-secret-long-enough-for-hmac-0123456789',
      },
    });
    try {
      expect((await app.inject({ method: 'GET', url: '/staff/login' })).statusCode).toBe(200);
      expect((await app.inject({ method: 'GET', url: '/staff' })).statusCode).toBe(303);
      expect((await app.inject({ method: 'GET', url: '/p/not-a-token' })).statusCode).toBe(403);
    } finally {
      await app.close();
    }
  });

  it('hands out the round calendar’s subscription link at the public address, not the proxy’s way in', async () => {
    const app = await buildWebApp({
      rounds: { progress: () => Promise.resolve(undefined), submit: () => Promise.reject(new Error('no submission here')) },
      config: { publicUrl: 'https://jsrx.example.org/', web: { uploadMaxBytes: 1024, uploadsDir: '/nonexistent' } },
      linkSecret: 'a-secret-long-enough-for-hmac-0123456789',
      staff: { rounds: memoryRounds(), password: PASSWORD, secret: 'a-secret-long-enough-for-hmac-0123456789' },
    });
    try {
      const { jar } = await signInThroughForm(app, PASSWORD);
      // As a reverse proxy forwards it: plain http, to the address the service listens on.
      const page = await app.inject({ method: 'GET', url: '/staff/rounds/en-2027-r1', cookies: jar, headers: { host: '127.0.0.1:8080' } });
      expect(page.body).toMatch(/<a href="webcal:\/\/jsrx\.example\.org\/staff\/feeds\/[^"]+\.ics">webcal<\/a> · <code>https:\/\/jsrx\.example\.org\/staff\/feeds\//);
      expect(page.body).not.toContain('127.0.0.1:8080/staff/feeds');
      const feed = await app.inject({ method: 'GET', url: '/staff/rounds/en-2027-r1/feed.ics', cookies: jar, headers: { host: '127.0.0.1:8080' } });
      expect(feed.body).toContain('URL;VALUE=URI:https://jsrx.example.org/staff/rounds/en-2027-r1');
    } finally {
      await app.close();
    }
  });
});

describe('actions on a round whose workflow has ended', () => {
  it('come back as refusals naming why, for staff and for a participant, not as errors', async () => {
    // What the Temporal client does with an update to a closed (cancelled, completed, terminated) workflow.
    const ended = {
      workflow: {
        getHandle: (workflowId: string) => ({
          executeUpdate: () =>
            Promise.reject(new WorkflowNotFoundError('workflow execution already completed', workflowId, undefined)),
        }),
      },
    } as unknown as Client;
    await expect(staffRounds(ended).act('en-2027-r1', { action: 'cancel', reason: 'again' })).resolves.toEqual({
      accepted: false,
      reason: 'round en-2027-r1 is no longer running: nothing was changed',
    });
    await expect(
      roundGateway(ended).submit('en-2027-r1', { deliverable: 'KE/jsr-documents', by: 'p.kamau@example.ke', reference: 'https://x.example' }),
    ).resolves.toMatchObject({ accepted: false, closed: true });
  });
});

describe('the notice on a round stopped from Temporal', () => {
  it('ends the operator’s reason with a full stop, so the next sentence does not run on from it', () => {
    const stop = { status: 'terminated' as const, stoppedAt: '2026-12-05T22:20:00Z', reason: 'Lancé par erreur : l’identifiant était déjà utilisé' };
    expect(stopNotice(stop, 'Asia/Kathmandu', 'fr')).toContain(
      'Motif : Lancé par erreur : l’identifiant était déjà utilisé. Plus rien n’est envoyé ni relancé',
    );
    expect(stopNotice({ ...stop, reason: 'launched by mistake!' }, 'UTC', 'en')).toContain('Reason: launched by mistake! Nothing more is sent');
    // The list's cell too, with French punctuation before the reason.
    expect(roundsPage([{ roundId: 'r1', phase: 'prep-1', status: 'TERMINATED', stopped: stop }], 'UTC', 'x', 'fr')).toContain(
      'sam. 5 déc. 2026 22:20 UTC : Lancé par erreur',
    );
  });
});

describe('the dashboard’s words', () => {
  it('count feedback answers with the French singular up to one', () => {
    const fr = staffWords('fr');
    expect([0, 1, 2].map((answered) => fr.feedbackCount(answered, 8))).toEqual([
      '0 participant sur 8 a répondu.',
      '1 participant sur 8 a répondu.',
      '2 participants sur 8 ont répondu.',
    ]);
  });
});
