/**
 * A French letter about a deliverable agrees with it: the visa letters are `attendues`, the maturity
 * ladder `attendue`, a conference's notes (`compte rendu`) `attendu`, the JSR documents `attendus`, with
 * the verb in the same number; and the weekly digest's `remis` does the same. The letters are the
 * recorded French ones, about each kind of noun in turn.
 */
import type { DeliverableKey } from '../../domain/plan-types';
import { createRenderer, defaultTemplatesDir } from '../../activities/render';
import { agreedWith, statusName } from '../../activities/vocabulary';
import { findLetter, renderLetter, type LetterOf } from './fixtures';

const renderer = createRenderer(defaultTemplatesDir());
const recordedExtension = findLetter(
  'deadline-extended',
  'in French',
  (letter) => letter.to.language === 'fr',
);

/** The recorded French extension, as if it had moved another deliverable of the same delegation. */
function extensionOf(key: DeliverableKey): LetterOf<'deadline-extended'> {
  const { message } = recordedExtension;
  return {
    ...recordedExtension,
    message: {
      ...message,
      deliverable: { ...message.deliverable, key, id: `${message.deliverable.owner}/${key}` },
    },
  };
}

describe('French letters agree with the deliverable they are about', () => {
  it.each([
    [
      'visa-invitation-letters',
      "les lettres d'invitation pour les visas",
      'étaient attendues le',
      'sont désormais attendues le',
    ],
    ['maturity-ladder', "l'échelle de maturité de la RSC", 'était attendue le', 'est désormais attendue le'],
    [
      'vc1-notes',
      'le compte rendu de la première visioconférence',
      'était attendu le',
      'est désormais attendu le',
    ],
    [
      'jsr-documents',
      'les documents nationaux de la RSC',
      'étaient attendus le',
      'sont désormais attendus le',
    ],
  ] as const)('a new due date for %s: “%s … %s … %s”', (key, theName, before, now) => {
    const { rendered } = renderLetter(extensionOf(key), renderer);
    for (const text of [rendered.text, rendered.html.replace(/<\/?strong>/g, '').replaceAll('&#x27;', "'")]) {
      expect(text).toContain(theName);
      expect(text).toContain(before);
      expect(text).toContain(now);
    }
    expect(rendered.subject).toContain(`${theName} (`);
    expect(rendered.subject).toContain(now);
  });

  it('the weekly digest writes what came in as remises, remis, remise', () => {
    const digest = findLetter(
      'progress-digest',
      'in French with deliverables',
      (letter) => letter.to.language === 'fr' && letter.message.progress.length > 0,
    );
    const submittedAt = new Date(Date.parse(digest.message.decidedAt) - 86_400_000).toISOString();
    const submitted = (key: DeliverableKey) => ({
      ...digest.message.progress[0]!,
      id: `TD/${key}`,
      key,
      owner: 'TD' as const,
      status: 'submitted' as const,
      submittedAt,
    });
    const progress = [
      submitted('visa-invitation-letters'),
      submitted('jsr-documents'),
      submitted('maturity-ladder'),
    ];
    const { rendered } = renderLetter({ ...digest, message: { ...digest.message, progress } }, renderer);

    expect(rendered.text).toContain("lettres d'invitation pour les visas (remises)");
    expect(rendered.text).toContain('documents nationaux de la RSC (remis)');
    expect(rendered.text).toContain('échelle de maturité de la RSC (remise)');
  });
});

describe('English letters agree in number', () => {
  it('says the letters were due and are now due, the ladder was and is', () => {
    const english = findLetter('deadline-extended', 'in English', (letter) => letter.to.language === 'en');
    const asKey = (key: DeliverableKey) =>
      renderLetter(
        { ...english, message: { ...english.message, deliverable: { ...english.message.deliverable, key } } },
        renderer,
      ).rendered.text;
    expect(asKey('visa-invitation-letters')).toMatch(
      /the visa invitation letters \([^)]+\) were due on .* and are now due on/,
    );
    expect(asKey('maturity-ladder')).toMatch(
      /the JSR maturity ladder \([^)]+\) was due on .* and is now due on/,
    );
  });
});

describe('a status beside a deliverable, on a page or in a feed', () => {
  it('agrees in French, and stays as written in English', () => {
    expect(statusName('waived', 'fr', 'maturity-ladder')).toBe('dispensée');
    expect(statusName('submitted-late', 'fr', 'visa-invitation-letters')).toBe('remises en retard');
    expect(statusName('submitted', 'fr', 'jsr-documents')).toBe('remis');
    expect(statusName('not-sent', 'fr', 'meeting-requests')).toBe('non transmises');
    expect(statusName('overdue', 'fr', 'visa-invitation-letters')).toBe('en retard');
    expect(agreedWith('plus attendu', 'visit-logistics', 'fr')).toBe('plus attendue');
    expect(agreedWith('non remis', 'learning-objectives', 'fr')).toBe('non remis');
    expect(agreedWith('no longer due', 'visa-invitation-letters', 'en')).toBe('no longer due');
    // Without a deliverable (a column's label) it stays as written.
    expect(statusName('waived', 'fr')).toBe('dispensé');
  });
});
