import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Letter } from '../../workflows/dispatch';
import { cancelRound } from '../../workflows/messages';
import { createRenderer, defaultTemplatesDir } from '../../activities/render';
import { DAY_MS, exampleRound, openRoundEnv, recordingActivities, runRound, submitOnTime, type Sent } from './round-fixture';
import { renderLetter } from '../messages/fixtures';

const renderer = createRenderer(defaultTemplatesDir());
const shift = (iso: string, days: number) => new Date(Date.parse(iso) + days * DAY_MS).toISOString();

/**
 * A round that reminds of each event twice (eventBeforeDays [2, 1]): the two reminders of the first video
 * conference each say how far away it is, in the reader's language, whether the reminder came alone or in
 * the day's digest. They used to read the same, word for word, two days running.
 */
describe.each([
  ['en-2027-r1', { early: 'in 2 days', late: 'tomorrow' }],
  ['fr-2027-r1', { early: 'dans 2 jours', late: 'demain' }],
] as const)('%s with two reminders before each event', (example, words) => {
  let env: TestWorkflowEnvironment;
  beforeAll(async () => {
    env = await openRoundEnv();
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it(`says "${words.early}", then "${words.late}"`, async () => {
    const example_ = await exampleRound(example, await env.currentTimeMs());
    const round = { ...example_, reminders: { ...example_.reminders, eventBeforeDays: [2, 1] } };
    const letters: Letter[] = [];
    const recorder = recordingActivities([] as Sent[]);
    let vc1Start = '';
    await runRound(
      env,
      round,
      async (r) => {
        vc1Start = r.plan.events.find((event) => event.id === 'vc1')!.start;
        await submitOnTime(r, { until: vc1Start });
        await r.sleepUntil(shift(vc1Start, -0.5));
        await r.handle.executeUpdate(cancelRound, { args: [{ reason: 'the story ends before vc1' }] });
      },
      {
        async deliverLetter(letter: Letter) {
          letters.push(letter);
          return recorder.deliverLetter(letter);
        },
      },
    );
    const remindsVc1 = (letter: Letter) =>
      (letter.message.kind === 'event-reminder' && letter.message.event.id === 'vc1') ||
      (letter.message.kind === 'reminder-digest' && letter.message.items.some((item) => item.kind === 'event-reminder' && item.event.id === 'vc1'));
    const reminders = letters.filter(remindsVc1);
    const readers = [...new Set(reminders.map((letter) => letter.to.email))];
    expect(readers.length).toBeGreaterThan(5);
    for (const reader of readers) {
      const own = reminders.filter((letter) => letter.to.email === reader).sort((a, b) => a.message.decidedAt.localeCompare(b.message.decidedAt));
      expect({ reader, at: own.map((letter) => letter.message.decidedAt) }).toEqual({ reader, at: [shift(vc1Start, -2), shift(vc1Start, -1)] });
      const [early, late] = own.map((letter) => renderLetter(letter, renderer).rendered);
      expect(early!.text).toContain(words.early);
      expect(early!.html).toContain(words.early);
      expect(late!.text).toContain(words.late);
      expect(late!.html).toContain(words.late);
      expect(early!.text).not.toContain(words.late);
      expect(late!.text).not.toContain(words.early);
      // Alone in the reader's day, the reminder says it in its subject too, so the two do not look like one letter twice.
      own.forEach((letter, index) => {
        if (letter.message.kind === 'event-reminder') expect(renderLetter(letter, renderer).rendered.subject).toContain(index === 0 ? words.early : words.late);
      });
    }
  });
});
