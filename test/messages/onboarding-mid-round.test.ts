import { createRenderer } from '../../activities/render';
import { findLetter, renderLetter } from './fixtures';
import type { DeliverableStatusView } from '../../workflows/dispatch';

const renderer = createRenderer();

describe('the onboarding of a newcomer who joins mid-round', () => {
  const recorded = findLetter('onboarding', 'to a newcomer');
  const events = [...recorded.message.events]
    .filter((event) => event.kind !== 'debrief')
    .sort((a, b) => a.start.localeCompare(b.start));
  // The same letter as if the replacement came the day after the first video conference.
  const held = events[0]!;
  const decidedAt = new Date(Date.parse(held.end) + 86_400_000).toISOString();
  const letter = { ...recorded, message: { ...recorded.message, decidedAt } };

  it('lists as still ahead only the events that have not yet ended', () => {
    const { view } = renderLetter(letter, renderer);
    const listed = (view as unknown as { events: Array<{ name: string }> }).events.map((entry) => entry.name);
    expect(listed).toHaveLength(events.length - 1);
    expect(listed).not.toContain('First video conference');
  });

  it('still lists every event to a newcomer who joins before the first one', () => {
    const early = {
      ...recorded,
      message: {
        ...recorded.message,
        decidedAt: new Date(Date.parse(held.start) - 86_400_000).toISOString(),
      },
    };
    const { view } = renderLetter(early, renderer);
    expect((view as unknown as { events: unknown[] }).events).toHaveLength(events.length);
  });
});

describe('the tasks an onboarding hands a newcomer, worded by where each stands', () => {
  // A newcomer who joins late inherits tasks already overdue, already sent by the delegation, or waived:
  // "by <a past date>" would misread all three.
  const expected = {
    en: {
      pending: ', by ',
      overdue: ': overdue since ',
      submitted: ': already received',
      'submitted-late': ': already received',
      waived: ': no longer asked for',
      'not-sent': ': optional, and its date (',
    },
    fr: {
      pending: ', pour le ',
      overdue: ' : en retard depuis le ',
      submitted: ' : envoi déjà reçu',
      'submitted-late': ' : envoi déjà reçu',
      waived: ' : demande levée',
      'not-sent': ' : envoi facultatif, dont la date (',
    },
  } as const;
  for (const language of ['en', 'fr'] as const) {
    const recorded = findLetter('onboarding', `in ${language}`, (letter) => letter.to.language === language);
    for (const [status, phrase] of Object.entries(expected[language])) {
      it(`words a ${status} task in ${language}`, () => {
        const [first, ...rest] = recorded.message.tasks;
        const task = { ...first!, status: status as DeliverableStatusView['status'] };
        const letter = { ...recorded, message: { ...recorded.message, tasks: [task, ...rest] } };
        const { rendered, view } = renderLetter(letter, renderer);
        const name = (view as unknown as { tasks: Array<{ Name: string }> }).tasks.find((t) => t.Name)!;
        const line = rendered.text.split('\n').find((candidate) => candidate.startsWith(`- ${name.Name}`));
        // French puts a no-break space before a colon.
        const typeset = phrase.replace(/ :/, '\u00a0:');
        expect(line).toContain(typeset);
        expect(rendered.html).toContain(`${name.Name}${typeset}`.replaceAll("'", '&#x27;'));
      });
    }
  }
});
