/**
 * The visit's evening debriefs are held in the host country, where the visiting delegations are that week:
 * a letter gives a debrief's time on the host's clock, named by the host's city, with the reader's home
 * time beside it when their home clock reads otherwise. The video conferences, which each reader joins
 * from home, keep the reader's own time. The calendar file carries the same absolute instant as before,
 * read back with ical.js (Mozilla's parser), and its description tells the host's time too.
 */
import { createRenderer, defaultTemplatesDir } from '../../activities/render';
import { zoneCityIn } from '../../activities/time-format';
import type { Letter } from '../../workflows/dispatch';
import { findLetter, renderLetter } from './fixtures';
import { readCalendar } from './read-calendar';

const renderer = createRenderer(defaultTemplatesDir());
const isDebriefInvitation = (letter: Letter) =>
  letter.message.kind === 'invitation' && letter.message.invite.event.kind === 'debrief';

describe('an evening debrief in a letter', () => {
  it('reads on the host’s clock for a visitor from Accra, with the home time beside it', () => {
    const letter = findLetter(
      'invitation',
      'of a debrief to a reader in Accra',
      (l) => isDebriefInvitation(l) && l.to.timezone === 'Africa/Accra',
    );
    const { rendered, calendar } = renderLetter(letter, renderer);

    expect(rendered.subject).toContain('Monday, 22 February 2027, 18:00 (Nairobi)');
    expect(rendered.text).toContain(
      'When: Monday, 22 February 2027, 18:00 (Nairobi) to 19:00 (Nairobi) (15:00 UTC to 16:00 UTC) — at home: 15:00 (Accra)',
    );
    expect(rendered.html).toContain(
      '18:00 (Nairobi) to 19:00 (Nairobi) (15:00 UTC to 16:00 UTC) — at home: 15:00 (Accra)',
    );
    const read = readCalendar(calendar!.content);
    // The same instant as the round planned it: 18:00 in Nairobi is 15:00 UTC.
    expect(read.rawStart).toBe('20270222T150000Z');
    expect(new Date(read.start).toISOString()).toBe(letter.message.invite.event.start);
    expect(read.description).toContain('18:00 (Nairobi) to 19:00 (Nairobi)');
  });

  it('reads on the host’s clock in French, with the home time beside it', () => {
    const letter = findLetter(
      'invitation',
      'of a debrief to a reader in Abidjan',
      (l) => isDebriefInvitation(l) && l.to.timezone === 'Africa/Abidjan',
    );
    const { rendered } = renderLetter(letter, renderer);

    // French sets a no-break space before a colon.
    expect(rendered.text.replaceAll('\u00a0', ' ')).toMatch(
      /Quand : \S+ \d+ février 2027, de 18:00 \(N'Djamena\) à 19:00 \(N'Djamena\) \(de 17:00 UTC à 18:00 UTC\) — chez vous : 17:00 \(Abidjan\)/,
    );
  });

  it('gives the time once to a reader on the host’s clock', () => {
    const letter = findLetter(
      'invitation',
      'of a debrief to a reader in Nairobi',
      (l) => isDebriefInvitation(l) && l.to.timezone === 'Africa/Nairobi',
    );
    const { rendered } = renderLetter(letter, renderer);

    expect(rendered.text).toContain(
      'When: Monday, 22 February 2027, 18:00 (Nairobi) to 19:00 (Nairobi) (15:00 UTC to 16:00 UTC)\n',
    );
    expect(rendered.text).not.toContain('at home');
  });

  it('names the home day too when the home clock is already on the next one, and counts the days on the host’s calendar', () => {
    const recorded = findLetter(
      'event-reminder',
      'of a debrief to a visitor',
      (l) => l.message.event.kind === 'debrief' && l.to.timezone === 'Africa/Accra',
    );
    // The same reminder, as if read in Auckland, where 18:00 in Nairobi is 04:00 the next morning.
    const letter = { ...recorded, to: { ...recorded.to, timezone: 'Pacific/Auckland' } };
    const { rendered } = renderLetter(letter, renderer);

    expect(rendered.text).toContain('starts tomorrow.');
    expect(rendered.text).toContain(
      'When: Monday, 22 February 2027, 18:00 (Nairobi) to 19:00 (Nairobi) (15:00 UTC to 16:00 UTC) — at home: Tuesday, 23 February 2027, 04:00 (Auckland)',
    );
  });

  it('leaves a video conference in the reader’s own time', () => {
    const letter = findLetter(
      'invitation',
      'of a video conference in English to a reader away from the host',
      (l) =>
        l.message.invite.event.kind === 'video-conference' &&
        l.to.language === 'en' &&
        l.to.timezone !== l.message.round.hostTimezone,
    );
    const { rendered } = renderLetter(letter, renderer);
    const city = zoneCityIn(letter.to.timezone, 'en');

    expect(rendered.text).toContain(`(${city}) to `);
    expect(rendered.text).not.toContain('at home');
  });
});
