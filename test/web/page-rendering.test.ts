import ICAL from 'ical.js';
import type { RoundProgress } from '../../workflows/messages';
import type { ProgressView } from '../../client/round-service';
import { staffFeed } from '../../client/web/staff/round-exports';
import { buildWebApp } from '../../client/web/server';
import { cachedGateway, type RoundGateway } from '../../client/web/round-gateway';
import { signLinkToken } from '../../domain/link-token';
import { feedbackCsv, feedbackReference } from '../../client/web/feedback';
import { multipartBody } from './web-client';

const SECRET = 'page-rendering-secret-0123456789abcdef0123';
const HOSTILE = '<script>alert("pwned")</script>';

/** A round as the progress query returns it, reduced to what the page reads, with hostile text where people type. */
function roundWith(name: string, reference: string): RoundProgress {
  return {
    roundId: 'fr-2027-r1',
    title: `Échange JSR ${HOSTILE}`,
    status: 'running',
    phase: 'prep-1',
    phaseSince: '2027-01-10T09:00:00Z',
    launchedAt: '2027-01-10T09:00:00Z',
    nextEvents: [],
    deliverables: [
      {
        id: 'TD/learning-objectives',
        key: 'learning-objectives',
        owner: 'TD',
        dueAt: '2027-02-07T22:59:59Z',
        status: 'submitted',
        submittedAt: '2027-02-01T10:00:00Z',
        submittedBy: 'm.saleh@example.td',
        reference,
        deliveryFailures: [],
      },
      {
        id: 'TD/jsr-documents',
        key: 'jsr-documents',
        owner: 'TD',
        dueAt: '2027-03-07T22:59:59Z',
        status: 'overdue',
        deliveryFailures: [],
      },
      {
        id: 'SN/jsr-documents',
        key: 'jsr-documents',
        owner: 'SN',
        dueAt: '2027-03-07T22:59:59Z',
        status: 'pending',
        deliveryFailures: [],
      },
    ],
    deliveryFailures: [],
    letters: { delivered: 0, inFlight: 0, failed: 0 },
    warnings: [],
    escalated: [],
    runId: '5f0c6b9e-0000-4000-8000-000000000001',
    completesAt: '2027-07-02T22:59:59Z',
    events: [
      {
        id: 'vc1',
        kind: 'video-conference',
        phase: 'vc-1',
        start: '2027-02-10T13:00:00Z',
        end: '2027-02-10T15:00:00Z',
        timezone: 'UTC',
        joinUrl: 'https://meet.example.org/vc1',
        audience: 'everyone',
        sequence: 0,
      },
      {
        id: 'debrief-1',
        kind: 'debrief',
        phase: 'visit',
        start: '2027-04-19T17:00:00Z',
        end: '2027-04-19T18:00:00Z',
        timezone: 'Africa/Ndjamena',
        audience: 'debrief',
        sequence: 0,
      },
    ],
    community: 'francophone',
    delegations: [
      {
        country: 'TD',
        host: true,
        timezone: 'Africa/Ndjamena',
        language: 'fr',
        participants: [{ name, email: 'm.saleh@example.td' }],
        coordinatingAgency: [{ name: 'Claire Dubois', email: 'c.dubois@example.org' }],
      },
      {
        country: 'SN',
        host: false,
        timezone: 'Africa/Dakar',
        language: 'fr',
        participants: [{ name: 'Awa Ndiaye', email: 'a.ndiaye@example.sn' }],
        coordinatingAgency: [],
      },
    ],
  };
}

const gatewayFor = (round: RoundProgress): RoundGateway => ({
  progress: (roundId) => Promise.resolve(roundId === round.roundId ? round : undefined),
  submit: () => Promise.reject(new Error('nothing is submitted in this test')),
});

/** What the web service answers at `url` of Mahamat Saleh's (TD, the host) link to `round`, on 8 March 2027. */
async function salehGet(round: RoundProgress, url: (token: string) => string): Promise<string> {
  return readerGet(round, { delegation: 'TD', email: 'm.saleh@example.td' }, url);
}

/** The same of another reader's link. */
async function readerGet(
  round: RoundProgress,
  reader: { delegation: string; email: string },
  url: (token: string) => string,
): Promise<string> {
  const token = signLinkToken(SECRET, { roundId: round.roundId, ...reader });
  const app = await buildWebApp({
    rounds: gatewayFor(round),
    config: { publicUrl: 'https://jsrx.example.org', web: { uploadMaxBytes: 1024, uploadsDir: '/nonexistent' } },
    linkSecret: SECRET,
    clock: () => new Date('2027-03-08T10:00:00Z'),
  });
  try {
    return (await app.inject({ method: 'GET', url: url(token) })).body;
  } finally {
    await app.close();
  }
}

/** Each entry's SUMMARY in a calendar feed, by the start of its UID (`due.td-jsr-documents`, `vc1.fr-2027-r1`). */
function feedSummaries(ics: string): Record<string, string> {
  return Object.fromEntries(
    new ICAL.Component(ICAL.parse(ics))
      .getAllSubcomponents('vevent')
      .map((event) => [String(event.getFirstPropertyValue('uid')).split('.').slice(0, 2).join('.'), String(event.getFirstPropertyValue('summary'))]),
  );
}

/** His page, and his calendar feed. */
const salehPage = (round: RoundProgress) => salehGet(round, (token) => `/p/${token}`);
const salehFeed = (round: RoundProgress) => salehGet(round, (token) => `/feeds/${token}.ics`);

describe('the participant page in French, with hostile text where people type', () => {
  it('speaks French in the delegation’s zone, and renders a name, a title and a reference with script in them as text', async () => {
    const round = roundWith(`Mahamat ${HOSTILE}`, `javascript:alert(1) — ${HOSTILE}`);
    const app = await buildWebApp({
      rounds: gatewayFor(round),
      config: {
        publicUrl: 'https://jsrx.example.org',
        web: { uploadMaxBytes: 25 * 1024 * 1024, uploadsDir: '/nonexistent' },
      },
      linkSecret: SECRET,
      clock: () => new Date('2027-03-08T10:00:00Z'),
    });
    try {
      const token = signLinkToken(SECRET, {
        roundId: 'fr-2027-r1',
        delegation: 'TD',
        email: 'm.saleh@example.td',
      });
      const page = await app.inject({ method: 'GET', url: `/p/${token}` });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('<html lang="fr">');
      expect(page.body).toContain('Ce que votre délégation doit remettre');
      expect(page.body).toContain('mercredi 10 février 2027, 14:00 (N&#x27;Djamena)');
      expect(page.body).toContain('<td class="s-overdue" data-label="État :">en retard</td>');
      // The evening debriefs are the visiting delegations': not on the host's page.
      expect(page.body).not.toContain('débriefing');
      expect(page.body).toContain('25 Mo au plus');
      expect(page.body).not.toMatch(/<script/i);
      expect(page.body).not.toContain('href="javascript:');
      expect(page.body).toContain('Mahamat &lt;script&gt;');
      // Another delegation's items are not on this page.
      expect(page.body).not.toContain('SN/jsr-documents');
      expect(page.body).toMatch(/<meta name="viewport" content="width=device-width,initial-scale=1">/);
    } finally {
      await app.close();
    }
  });

  it('answers an unknown round with 404, and unknown addresses with a page, not a stack trace', async () => {
    const app = await buildWebApp({
      rounds: gatewayFor(roundWith('A', 'B')),
      config: {
        publicUrl: 'https://jsrx.example.org',
        web: { uploadMaxBytes: 1024, uploadsDir: '/nonexistent' },
      },
      linkSecret: SECRET,
    });
    try {
      const elsewhere = signLinkToken(SECRET, {
        roundId: 'no-such-round',
        delegation: 'TD',
        email: 'm.saleh@example.td',
      });
      expect((await app.inject({ method: 'GET', url: `/p/${elsewhere}` })).statusCode).toBe(404);
      const missing = await app.inject({ method: 'GET', url: '/wp-admin.php' });
      expect(missing.statusCode).toBe(404);
      expect(missing.body).toContain('Nothing here.');
      // The icon a browser asks for beside every page: no content, not a 404 in the page's console.
      const icon = await app.inject({ method: 'GET', url: '/favicon.ico' });
      expect(icon.statusCode).toBe(204);
      expect(icon.body).toBe('');
      expect((await app.inject({ method: 'GET', url: `/files/${'a'.repeat(64)}?s=nope` })).statusCode).toBe(
        403,
      );
    } finally {
      await app.close();
    }
  });
});

describe('the participant page of a round that no longer runs', () => {
  it('says the round was cancelled and why, instead of "nothing left to deliver" beside pending items', async () => {
    const round: RoundProgress = {
      ...roundWith('Mahamat Saleh', 'https://docs.example.td/x'),
      status: 'cancelled',
      cancelledReason: `the host postponed its JSR ${HOSTILE}`,
    };
    const page = await salehPage(round);
    expect(page).toContain('Cet échange a été annulé');
    expect(page).toContain('Motif : the host postponed its JSR &lt;script&gt;');
    expect(page).toContain('<p>Les remises sont closes.</p>');
    expect(page).not.toContain('<p>Votre délégation n’a plus rien à remettre.</p>');
    expect(page).not.toContain('enctype="multipart/form-data"');
    // Its timeline says so too, as the calendar feed does: no link to join a conference that will not take place.
    expect(page).toMatch(/Première visioconférence : [^<]+ — n’aura pas lieu<\/li>/);
    expect(page).not.toContain('https://meet.example.org/vc1');
    // What was still open reads as no longer due, not as awaited; what was handed in stays so.
    // Agreed with what it names: the JSR documents are `plus attendus`.
    expect(page).toContain('<td class="s-called-off" data-label="État :">plus attendus</td>');
    expect(page).not.toContain('en attente');
    expect(page).not.toContain('class="s-overdue"');
    expect(page).toContain('<td class="s-submitted" data-label="État :">remis</td>');

    const finished = await salehPage({ ...round, status: 'completed', cancelledReason: undefined });
    expect(finished).toContain('Cet échange est terminé');
    expect(finished).not.toContain('annulé');
    // Under "nothing more is expected", what was never handed in reads so, not as still overdue.
    expect(finished).toContain('<td class="s-not-sent" data-label="État :">non remis</td>');
    expect(finished).not.toContain('class="s-overdue"');
    expect(feedSummaries(await salehFeed({ ...round, status: 'completed', cancelledReason: undefined }))['due.td-jsr-documents']).toMatch(
      /^Documents nationaux de la RSC \(non remis\) – /,
    );
    const terminated: ProgressView = {
      ...round,
      status: 'running',
      cancelledReason: undefined,
      stopped: { status: 'terminated', stoppedAt: '2027-03-05T10:00:00Z', reason: 'launched by mistake' },
    };
    const stopped = await salehPage(terminated);
    expect(stopped).toContain('Cet échange a été arrêté');
    expect(stopped).toContain('<td class="s-not-sent" data-label="État :">non remis</td>');
    expect(stopped).not.toContain('class="s-overdue"');
  });
});

describe('a round cancelled after some of its events took place', () => {
  it('calls off only what had not ended at the cancellation, on the page and in the feeds, and keeps what was handed in', async () => {
    // Cancelled on 1 March: vc1 (10 February) took place, vc2 (17 March) will not.
    const base = roundWith('Mahamat Saleh', 'https://docs.example.td/x');
    const vc2: RoundProgress['events'][number] = {
      id: 'vc2',
      kind: 'video-conference',
      phase: 'vc-2',
      start: '2027-03-17T13:00:00Z',
      end: '2027-03-17T15:00:00Z',
      timezone: 'UTC',
      joinUrl: 'https://meet.example.org/vc2',
      audience: 'everyone',
      sequence: 0,
    };
    const round: RoundProgress = {
      ...base,
      events: [...base.events, vc2],
      status: 'cancelled',
      phase: 'cancelled',
      phaseSince: '2027-03-01T09:00:00Z',
      cancelledReason: 'the host postponed its JSR',
    };
    const page = await salehPage(round);
    expect(page).toContain('ses événements à venir n’auront pas lieu');
    expect(page).toMatch(/Première visioconférence : [^<]+ — <a href="https:\/\/meet\.example\.org\/vc1"/);
    expect(page).not.toMatch(/Première visioconférence : [^<]+ — n’aura pas lieu/);
    expect(page).toMatch(/Deuxième visioconférence : [^<]+ — n’aura pas lieu<\/li>/);

    const statuses = (ics: string) =>
      Object.fromEntries(
        new ICAL.Component(ICAL.parse(ics))
          .getAllSubcomponents('vevent')
          .map((event) => [String(event.getFirstPropertyValue('uid')).split('.').slice(0, 2).join('.'), event.getFirstPropertyValue('status')]),
      );
    const participant = statuses(await salehFeed(round));
    expect(participant).toMatchObject({
      'vc1.fr-2027-r1': 'CONFIRMED',
      'vc2.fr-2027-r1': 'CANCELLED',
      // Handed in on 1 February, before the cancellation; the overdue documents were called off with the round.
      'due.td-learning-objectives': 'CONFIRMED',
      'due.td-jsr-documents': 'CANCELLED',
    });
    // The feed words what it calls off as the page does: no longer due, not still overdue.
    const summaries = feedSummaries(await salehFeed(round));
    expect(summaries['due.td-jsr-documents']).toBe('Documents nationaux de la RSC (plus attendus) – Échange JSR <script>alert("pwned")</script>');
    expect(summaries['due.td-learning-objectives']).toMatch(/^Objectifs d'apprentissage \(remis\) – /);
    const staffIcs = staffFeed(round, { now: new Date('2027-03-08T10:00:00Z'), roundUrl: 'https://jsrx.example.org/staff/rounds/fr-2027-r1' });
    expect(feedSummaries(staffIcs)['due.sn-jsr-documents']).toBe('JSR country documents, Senegal: no longer due');
    expect(feedSummaries(staffIcs)['due.td-learning-objectives']).toBe('Learning objectives, Chad: submitted');
    const staff = statuses(staffIcs);
    expect(staff).toMatchObject({
      'vc1.fr-2027-r1': 'CONFIRMED',
      'vc2.fr-2027-r1': 'CANCELLED',
      'debrief-1.fr-2027-r1': 'CANCELLED',
      'due.td-learning-objectives': 'CONFIRMED',
      'due.sn-jsr-documents': 'CANCELLED',
    });
  });
});

describe('the feedback form on the participant page', () => {
  it('waits for the close-out, when the feedback is asked for, though the feedback is owed from launch', async () => {
    const pageIn = async (phase: RoundProgress['phase']) => {
      const round = roundWith('Mahamat Saleh', 'https://docs.example.td/x');
      round.phase = phase;
      round.deliverables.push({
        id: 'TD/exchange-feedback/m.saleh@example.td',
        key: 'exchange-feedback',
        owner: 'TD',
        participant: 'm.saleh@example.td',
        dueAt: '2027-06-16T22:59:59Z',
        status: 'pending',
        deliveryFailures: [],
      });
      return salehPage(round);
    };
    for (const phase of ['prep-1', 'visit', 'vc-3'] as const) expect([phase, (await pageIn(phase)).includes('/feedback"')]).toEqual([phase, false]);
    expect(await pageIn('close-out')).toMatch(/action="\/p\/[^"]+\/feedback"/);
  });
});

describe('an optional deliverable on the participant page', () => {
  it('says it is optional, where the list of what the delegation owes would otherwise read as a requirement', async () => {
    const round = roundWith('Mahamat Saleh', 'https://docs.example.td/x');
    round.deliverables.push({
      id: 'TD/meeting-requests',
      key: 'meeting-requests',
      owner: 'TD',
      dueAt: '2027-04-05T15:59:59Z',
      status: 'pending',
      deliveryFailures: [],
    });
    const page = await salehPage(round);
    expect(page).toContain('<tr><td>Demandes de réunions bilatérales (facultatif)</td>');
    // The calendar feed, which many read instead of the page, says so too.
    expect(feedSummaries(await salehFeed(round))['due.td-meeting-requests']).toMatch(/^Demandes de réunions bilatérales \(facultatif, en attente\) – /);
    expect(page).toContain('<option value="TD/meeting-requests">Demandes de réunions bilatérales (facultatif) (');
    expect(page).not.toMatch(/Documents nationaux de la RSC \(facultatif\)/);
  });
});

describe('a delivery the round itself refuses', () => {
  it('is refused on a French page that says the round’s answer is in English, and marks it so', async () => {
    const round = roundWith('Mahamat Saleh', 'https://docs.example.td/x');
    const app = await buildWebApp({
      rounds: {
        progress: (roundId) => Promise.resolve(roundId === round.roundId ? round : undefined),
        submit: () => Promise.resolve({ accepted: false, reason: 'TD/jsr-documents: the reference is longer than 2048 characters' }),
      },
      config: { publicUrl: 'https://jsrx.example.org', web: { uploadMaxBytes: 1024, uploadsDir: '/nonexistent' } },
      linkSecret: SECRET,
      clock: () => new Date('2027-03-08T10:00:00Z'),
    });
    try {
      const token = signLinkToken(SECRET, { roundId: round.roundId, delegation: 'TD', email: 'm.saleh@example.td' });
      const refused = await app.inject({
        method: 'POST',
        url: `/p/${token}`,
        ...multipartBody({ deliverable: 'TD/jsr-documents', link: 'https://docs.example.td/rsc.pdf', note: '' }),
      });
      expect(refused.statusCode).toBe(409);
      expect(refused.body).toContain('<html lang="fr">');
      expect(refused.body).toContain(
        '<p>L’échange n’a pas accepté cette remise ; sa réponse (en anglais) :</p><p lang="en">TD/jsr-documents: the reference is longer than 2048 characters</p>',
      );
    } finally {
      await app.close();
    }
  });
});

describe('the evening debriefs on a visitor’s page', () => {
  it('give the time on the host’s clock, where the reader will be, and the home time beside it', async () => {
    // A visit hosted on Kiritimati's clock (UTC+14), by a reader from Mexico City (UTC−6): the first
    // evening's debrief, 18:00 on Monday there, is 22:00 on Sunday at home, the day before the visit opens.
    const round = roundWith('Mahamat Saleh', 'https://docs.example.td/x');
    round.delegations.find((d) => d.host)!.timezone = 'Pacific/Kiritimati';
    const senegal = round.delegations.find((d) => d.country === 'SN')!;
    senegal.timezone = 'America/Mexico_City';
    round.events = round.events.map((event) =>
      event.id === 'debrief-1'
        ? { ...event, start: '2027-04-19T04:00:00Z', end: '2027-04-19T05:00:00Z', timezone: 'Pacific/Kiritimati' }
        : event,
    );
    const visitorPage = () => readerGet(round, { delegation: 'SN', email: 'a.ndiaye@example.sn' }, (token) => `/p/${token}`);
    expect(await visitorPage()).toContain(
      '<li>Débriefing du soir, jour 1 : lundi 19 avril 2027, 18:00 (Kiritimati) — chez vous : dimanche 18 avril 2027, 22:00 (Mexico)</li>',
    );
    senegal.language = 'en';
    expect(await visitorPage()).toContain('<li>Evening debrief, day 1: Monday, 19 April 2027, 18:00 (Kiritimati) — at home: Sunday, 18 April 2027, 22:00 (Mexico City)</li>');
    // A reader on the host's clock is told the time once.
    senegal.language = 'fr';
    senegal.timezone = 'Pacific/Kiritimati';
    expect(await visitorPage()).toContain('<li>Débriefing du soir, jour 1 : lundi 19 avril 2027, 18:00 (Kiritimati)</li>');
  });
});

describe('the visit on the participant page', () => {
  it('reads a one-day visit as that day, and a longer one as a range', async () => {
    const visit = (lastDay: string): RoundProgress['events'][number] => ({
      id: 'visit',
      kind: 'visit',
      phase: 'visit',
      start: '2027-04-18T23:00:00Z',
      end: '2027-04-19T23:00:00Z',
      allDay: { firstDay: '2027-04-19', lastDay },
      timezone: 'Africa/Ndjamena',
      city: 'N’Djamena',
      audience: 'everyone',
      sequence: 0,
    });
    const pageWith = async (lastDay: string) => {
      const round = roundWith('Mahamat Saleh', 'https://docs.example.td/x');
      round.events.push(visit(lastDay));
      return salehPage(round);
    };
    const oneDay = await pageWith('2027-04-19');
    expect(oneDay).toContain('<li>Visite pays : lundi 19 avril 2027 — N’Djamena</li>');
    // A video conference carries its join link, a web address only.
    expect(oneDay).toContain('— <a href="https://meet.example.org/vc1" rel="noopener noreferrer" aria-label="rejoindre — Première visioconférence">rejoindre</a></li>');
    // French typography: a space before each colon, in the greeting and the received list too.
    expect(oneDay).toContain('Délégation : Tchad');
    expect(oneDay).toMatch(/\(N&#x27;Djamena\) : <a href=/);
    expect(await pageWith('2027-04-23')).toContain(
      '<li>Visite pays : lundi 19 avril 2027 – vendredi 23 avril 2027 — N’Djamena</li>',
    );
  });
});

describe('a burst of requests on one link', () => {
  it('is slowed with 429 and a clear page, per link: another participant’s link still opens', async () => {
    const round = roundWith('Mahamat Saleh', 'https://docs.example.td/x');
    const app = await buildWebApp({
      rounds: gatewayFor(round),
      config: {
        publicUrl: 'https://jsrx.example.org',
        web: { uploadMaxBytes: 1024, uploadsDir: '/nonexistent' },
      },
      linkSecret: SECRET,
      clock: () => new Date('2027-03-08T10:00:00Z'),
      limits: { readsPerMinute: 3 },
    });
    try {
      const token = signLinkToken(SECRET, {
        roundId: 'fr-2027-r1',
        delegation: 'TD',
        email: 'm.saleh@example.td',
      });
      const codes = [];
      for (let i = 0; i < 4; i++)
        codes.push((await app.inject({ method: 'GET', url: `/p/${token}` })).statusCode);
      expect(codes).toEqual([200, 200, 200, 429]);
      const slowed = await app.inject({ method: 'GET', url: `/p/${token}` });
      expect(slowed.body).toContain('Too many requests');
      const other = signLinkToken(SECRET, {
        roundId: 'fr-2027-r1',
        delegation: 'SN',
        email: 'a.ndiaye@example.sn',
      });
      expect((await app.inject({ method: 'GET', url: `/p/${other}` })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});

describe('the feedback export', () => {
  it('keeps a comment that starts like a formula from running in a spreadsheet', () => {
    const answers = {
      usefulness: 5,
      tools: {
        'self-assessment-tool': { rating: 4, comment: '=HYPERLINK("http://evil.example","x")' },
        'maturity-ladder': { rating: 3, comment: '' },
        'exchange-toolbox': { rating: 4, comment: '+1 for the templates' },
        guidelines: { rating: 2, comment: '' },
      },
      atHome: '@everyone: plan the JSR earlier',
    };
    const round = roundWith('A', 'B');
    round.deliverables.push({
      id: 'TD/exchange-feedback/m.saleh@example.td',
      key: 'exchange-feedback',
      owner: 'TD',
      participant: 'm.saleh@example.td',
      dueAt: '2027-06-16T22:59:59Z',
      status: 'submitted',
      submittedAt: '2027-06-10T08:00:00Z',
      submittedBy: 'm.saleh@example.td',
      reference: feedbackReference(answers),
      deliveryFailures: [],
    });
    const [, row] = feedbackCsv(round).trim().split('\n');
    expect(row).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(row).toContain("'+1 for the templates");
    expect(row).toContain("'@everyone: plan the JSR earlier");
  });
});

describe('the rounds as the web service reads them', () => {
  it('asks a round once for many readers within a second, and again after a submission', async () => {
    let queries = 0;
    const round = roundWith('A', 'B');
    let clock = 0;
    const rounds = cachedGateway(
      {
        progress: () => {
          queries++;
          return Promise.resolve(round);
        },
        submit: () => Promise.resolve({ accepted: true, result: null }),
      },
      { ttlMs: 1000, now: () => clock },
    );
    await Promise.all(Array.from({ length: 20 }, () => rounds.progress('fr-2027-r1')));
    expect(queries).toBe(1);
    clock = 999;
    await rounds.progress('fr-2027-r1');
    expect(queries).toBe(1);
    await rounds.submit('fr-2027-r1', {
      deliverable: 'TD/jsr-documents',
      by: 'm.saleh@example.td',
      reference: 'https://x.example',
    });
    await rounds.progress('fr-2027-r1');
    expect(queries).toBe(2);
    clock = 2500;
    await rounds.progress('fr-2027-r1');
    expect(queries).toBe(3);
  });
});
