import { createRenderer } from '../../activities/render';
import { findLetter, renderLetter } from './fixtures';

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
