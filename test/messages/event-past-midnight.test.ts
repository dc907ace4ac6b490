import { DateTime } from 'luxon';
import { createRenderer } from '../../activities/render';
import { findLetter, renderLetter } from './fixtures';

const renderer = createRenderer();

/**
 * A reader for whom the recorded video conference starts at 23:00: a zone of whole hours east of UTC
 * (`Etc/GMT-N` is UTC+N), so that the event ends on the reader's next day.
 */
function lateEveningZone(startIso: string): string {
  const hour = DateTime.fromISO(startIso, { zone: 'utc' }).hour;
  const ahead = (23 - hour + 24) % 24;
  if (ahead > 14) throw new Error(`no Etc zone puts ${startIso} at 23:00`);
  return ahead === 0 ? 'UTC' : `Etc/GMT-${ahead}`;
}

describe('an event that ends on the reader’s next day', () => {
  const letter = findLetter('invitation', 'for a video conference', (l) => l.message.invite.event.kind === 'video-conference');
  const zone = lateEveningZone(letter.message.invite.event.start);

  it('is written with the end’s date in English', () => {
    const reader = { ...letter.to, timezone: zone, language: 'en' as const };
    const { rendered, view } = renderLetter({ ...letter, to: reader }, renderer);
    const event = (view as unknown as { event: { start: { date: string }; end: { date: string } } }).event;
    expect(event.end.date).not.toBe(event.start.date);
    expect(rendered.text.replace(/\s+/g, ' ')).toContain(`${event.start.date}, 23:00 (UTC+`);
    expect(rendered.text.replace(/\s+/g, ' ')).toMatch(new RegExp(`23:00 \\(UTC\\+\\d+\\) to ${event.end.date}, 0\\d:\\d\\d \\(UTC\\+\\d+\\)`));
  });

  it('is written with the end’s date in French', () => {
    const reader = { ...letter.to, timezone: zone, language: 'fr' as const };
    const { rendered, view } = renderLetter({ ...letter, to: reader }, renderer);
    const event = (view as unknown as { event: { end: { date: string } } }).event;
    expect(rendered.text.replace(/\s+/g, ' ')).toMatch(new RegExp(`de 23:00 \\(UTC\\+\\d+\\) à 0\\d:\\d\\d \\(UTC\\+\\d+\\) le ${event.end.date} \\(`));
  });

  it('keeps one date for an event within the reader’s day', () => {
    const { rendered } = renderLetter({ ...letter, to: { ...letter.to, timezone: 'UTC', language: 'en' } }, renderer);
    expect(rendered.text.replace(/\s+/g, ' ')).toMatch(/\d{4}, \d\d:\d\d \(UTC\) to \d\d:\d\d \(UTC\) \(/);
  });
});
