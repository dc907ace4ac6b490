import { createRenderer } from '../../activities/render';
import { findLetter, renderLetter } from './fixtures';

const renderer = createRenderer();
const flat = (text: string) => text.replace(/\s+/g, ' ');

describe('the countries of a round, named in a sentence', () => {
  const letter = findLetter('welcome', 'of a round of more than two countries', (l) => l.message.round.countries.length > 2);

  it('end with "and" in English and "et" in French', () => {
    const english = renderLetter({ ...letter, to: { ...letter.to, language: 'en' } }, renderer);
    expect(flat(english.rendered.text)).toMatch(/between (\p{L}[\p{L} -]*, )+\p{L}[\p{L} -]* and \p{L}[\p{L} -]*\. /u);
    const french = renderLetter({ ...letter, to: { ...letter.to, language: 'fr' } }, renderer);
    expect(flat(french.rendered.text)).toMatch(/entre les pays suivants : (\p{L}[\p{L} -]*, )+\p{L}[\p{L} -]* et \p{L}[\p{L} -]*\. /u);
  });
});
