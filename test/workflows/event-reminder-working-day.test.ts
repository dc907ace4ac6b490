import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DateTime } from 'luxon';
import type { Letter } from '../../workflows/dispatch';
import { cancelRound, rescheduleEvent } from '../../workflows/messages';
import { createRenderer, defaultTemplatesDir } from '../../activities/render';
import { DAY_MS, HOUR_MS, fixtureRound, openRoundEnv, recordingActivities, runRound, submitOnTime, type Sent } from './round-fixture';
import { renderLetter } from '../messages/fixtures';

const renderer = createRenderer(defaultTemplatesDir());
const REMINDER_KINDS = ['deliverable-reminder', 'overdue-notice', 'escalation', 'event-reminder', 'reminder-digest'];

const remindsOf = (eventId: string) => (letter: Letter) =>
  (letter.message.kind === 'event-reminder' && letter.message.event.id === eventId) ||
  (letter.message.kind === 'reminder-digest' &&
    letter.message.items.some((item) => item.kind === 'event-reminder' && item.event.id === eventId));
const local = (letter: Letter) => DateTime.fromISO(letter.message.decidedAt, { zone: letter.to.timezone });

/**
 * The far-zones round (test/fixtures/rounds/far-zones-en.yaml): Auckland hosts, the conferences are at
 * 20:00 UTC, which is 01:45 the next day in Kathmandu, 09:00 the next day in Auckland, 08:00 in Suva and
 * 15:00 in Port-au-Prince. Each reader is reminded of the first conference five days and one day before it
 * (eventBeforeDays [5, 1]); the five-day one falls on the day of the delegations' reminder that their
 * learning objectives (due three days before the conference) are due in two days.
 */
describe('event reminders in each reader’s working day (Auckland hosts, conferences at 20:00 UTC)', () => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await openRoundEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('reminds Kathmandu at 09:00 and Port-au-Prince at 15:00 of their own day before, and still folds a reader’s day into one letter', async () => {
    const moved = await fixtureRound('far-zones-en', await env.currentTimeMs());
    const round = { ...moved, reminders: { ...moved.reminders, eventBeforeDays: [5, 1] } };
    const letters: Letter[] = [];
    const recorder = recordingActivities([] as Sent[]);
    let vc1Start = '';
    await runRound(
      env,
      round,
      async (r) => {
        vc1Start = r.plan.events.find((event) => event.id === 'vc1')!.start;
        // Nothing is submitted: every delegation still owes its learning objectives when it is reminded.
        await r.sleepUntil(new Date(Date.parse(vc1Start) - DAY_MS / 2).toISOString());
        await r.handle.executeUpdate(cancelRound, { args: [{ reason: 'the story ends before vc1' }] });
        // Closed before the next story: on the same server, the next story hung while this round was still closing.
        expect((await r.handle.result()).status).toBe('cancelled');
      },
      {
        async deliverLetter(letter: Letter) {
          letters.push(letter);
          return recorder.deliverLetter(letter);
        },
      },
    );

    const reminders = letters.filter(remindsOf('vc1'));
    const readers = [...new Map(reminders.map((letter) => [letter.to.email, letter.to])).values()];
    // Eight participants, the CA representative, the coordinator and three staff.
    expect(readers).toHaveLength(13);
    for (const reader of readers) {
      const own = reminders.filter((letter) => letter.to.email === reader.email).sort((a, b) => a.message.decidedAt.localeCompare(b.message.decidedAt));
      const conferenceDay = DateTime.fromISO(vc1Start, { zone: reader.timezone }).startOf('day');
      expect({
        reader: reader.email,
        days: own.map((letter) => local(letter).toISODate()),
        inWorkingDay: own.map((letter) => local(letter).hour >= 9 && local(letter).toFormat('HH:mm') <= '17:00'),
        beforeStart: own.map((letter) => letter.message.decidedAt < vc1Start),
      }).toEqual({
        reader: reader.email,
        days: [conferenceDay.minus({ days: 5 }).toISODate(), conferenceDay.minus({ days: 1 }).toISODate()],
        inWorkingDay: [true, true],
        beforeStart: [true, true],
      });
    }

    const lateOf = (email: string) =>
      reminders.filter((letter) => letter.to.email === email).sort((a, b) => a.message.decidedAt.localeCompare(b.message.decidedAt))[1]!;
    const kathmandu = lateOf('b.adhikari@example.np');
    const portAuPrince = lateOf('mc.etienne@example.ht');
    const suva = lateOf('l.vakarewa@example.fj');
    const auckland = lateOf('a.ngata@example.nz');
    expect(local(kathmandu).toFormat('HH:mm')).toBe('09:00'); // not 01:45
    expect(local(portAuPrince).toFormat('HH:mm')).toBe('15:00'); // the conference's own hour there
    expect(local(suva).toFormat('HH:mm')).toBe('09:00'); // not 08:00
    expect(local(auckland).toFormat('HH:mm')).toBe('09:00');
    // Each reader's reminder is its own letter, named by its instant (the Message-ID follows the name).
    expect(kathmandu.message.about).toBe(`vc1#reminder@${kathmandu.message.decidedAt}`);
    expect(portAuPrince.message.about).toBe(`vc1#reminder@${portAuPrince.message.decidedAt}`);
    expect(kathmandu.message.about).not.toBe(portAuPrince.message.about);
    // The reader's calendar reads "tomorrow" on the day before, in Kathmandu as in Port-au-Prince.
    for (const letter of [kathmandu, portAuPrince]) expect(renderLetter(letter, renderer).rendered.text).toContain('tomorrow');

    // One reminder-type letter a day for every reader: a delegation's five-day reminder of the conference
    // and its reminder of the learning objectives come as one digest, in that reader's working day.
    for (const reader of readers) {
      const days = letters
        .filter((letter) => letter.to.email === reader.email && REMINDER_KINDS.includes(letter.message.kind))
        .map((letter) => local(letter).toISODate());
      expect({ reader: reader.email, days }).toEqual({ reader: reader.email, days: [...new Set(days)] });
    }
    for (const email of ['b.adhikari@example.np', 'mc.etienne@example.ht', 'l.vakarewa@example.fj', 'a.ngata@example.nz']) {
      const early = reminders.filter((letter) => letter.to.email === email).sort((a, b) => a.message.decidedAt.localeCompare(b.message.decidedAt))[0]!;
      expect(early.message.kind).toBe('reminder-digest');
      const items = early.message.kind === 'reminder-digest' ? early.message.items.map((item) => (item.kind === 'event-reminder' ? item.event.id : item.deliverable.key)) : [];
      expect({ email, items: items.sort() }).toEqual({ email, items: ['learning-objectives', 'vc1'] });
      expect(renderLetter(early, renderer).rendered.text).toContain('in 5 days');
    }
  });
  it('reminds each reader of a moved conference on the day before its new date in their own working day', async () => {
    const round = await fixtureRound('far-zones-en', await env.currentTimeMs());
    const letters: Letter[] = [];
    const recorder = recordingActivities([] as Sent[]);
    // Two days and six hours later, at 02:00 UTC: 07:45 in Kathmandu, 21:00 the day before in
    // Port-au-Prince, 15:00 in Auckland and 14:00 in Suva.
    const newStart = new Date(Date.parse(round.schedule.vc2.start) + 2 * DAY_MS + 6 * HOUR_MS).toISOString();
    let movedAt = '';
    await runRound(
      env,
      round,
      async (r) => {
        const vc1End = r.plan.events.find((event) => event.id === 'vc1')!.end;
        await submitOnTime(r, { until: vc1End });
        await r.sleepUntil(new Date(Date.parse(vc1End) + DAY_MS).toISOString());
        movedAt = new Date(await env.currentTimeMs()).toISOString();
        await r.handle.executeUpdate(rescheduleEvent, { args: [{ event: 'vc2', start: newStart }] });
        // Earlier than each new due date: the old ones were before them.
        await submitOnTime(r, { until: newStart });
        await r.sleepUntil(new Date(Date.parse(newStart) - HOUR_MS).toISOString());
        await r.handle.executeUpdate(cancelRound, { args: [{ reason: 'the story ends before the moved vc2' }] });
        expect((await r.handle.result()).status).toBe('cancelled');
      },
      {
        async deliverLetter(letter: Letter) {
          letters.push(letter);
          return recorder.deliverLetter(letter);
        },
      },
    );

    const reminders = letters.filter(remindsOf('vc2'));
    const readers = [...new Map(reminders.map((letter) => [letter.to.email, letter.to])).values()];
    expect(readers).toHaveLength(13);
    for (const reader of readers) {
      const own = reminders.filter((letter) => letter.to.email === reader.email);
      const conferenceDay = DateTime.fromISO(newStart, { zone: reader.timezone }).startOf('day');
      expect({
        reader: reader.email,
        days: own.map((letter) => local(letter).toISODate()),
        inWorkingDay: own.map((letter) => local(letter).hour >= 9 && local(letter).toFormat('HH:mm') <= '17:00'),
        afterTheMoveBeforeStart: own.map((letter) => letter.message.decidedAt > movedAt && letter.message.decidedAt < newStart),
      }).toEqual({
        reader: reader.email,
        days: [conferenceDay.minus({ days: 1 }).toISODate()],
        inWorkingDay: [true],
        afterTheMoveBeforeStart: [true],
      });
    }
    const at = (email: string) => local(reminders.find((letter) => letter.to.email === email)!).toFormat('HH:mm');
    expect([at('b.adhikari@example.np'), at('mc.etienne@example.ht'), at('a.ngata@example.nz'), at('l.vakarewa@example.fj')]).toEqual([
      '09:00', // 07:45 brought to the start of the working day
      '17:00', // the conference is at 21:00 there, the reminder at the end of the working day before
      '15:00',
      '14:00',
    ]);
  });
});
