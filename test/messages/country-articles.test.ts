import { countryPhrases } from '../../domain/country-articles';
import { createRenderer } from '../../activities/render';
import { findLetter, renderLetter } from './fixtures';

describe('a country named as a sentence needs it', () => {
  it.each([
    ['TD', 'le Tchad', 'du Tchad'],
    ['CI', 'la Côte d’Ivoire', 'de la Côte d’Ivoire'],
    ['SN', 'le Sénégal', 'du Sénégal'],
    ['UG', "l'Ouganda", "de l'Ouganda"],
    ['ET', "l'Éthiopie", "de l'Éthiopie"],
    ['KM', 'les Comores', 'des Comores'],
    ['SB', 'les Îles Salomon', 'des Îles Salomon'],
    ['MG', 'Madagascar', 'de Madagascar'],
    ['HT', 'Haïti', "d'Haïti"],
    ['HN', 'le Honduras', 'du Honduras'],
    ['GW', 'la Guinée-Bissau', 'de la Guinée-Bissau'],
    ['ZA', "l'Afrique du Sud", "de l'Afrique du Sud"],
    ['SS', 'le Soudan du Sud', 'du Soudan du Sud'],
    ['SL', 'la Sierra Leone', 'de la Sierra Leone'],
    ['MZ', 'le Mozambique', 'du Mozambique'],
    ['KH', 'le Cambodge', 'du Cambodge'],
    ['GB', 'le Royaume-Uni', 'du Royaume-Uni'],
    ['LC', 'Sainte-Lucie', 'de Sainte-Lucie'],
    ['YE', 'le Yémen', 'du Yémen'],
  ])('in French, %s is %s, and %s', (code, the, of) => {
    expect(countryPhrases(code, 'fr')).toEqual({ the, of });
  });

  it.each([
    ['KE', 'Kenya'],
    ['GM', 'the Gambia'],
    ['PH', 'the Philippines'],
    ['SB', 'the Solomon Islands'],
    ['CF', 'the Central African Republic'],
  ])('in English, %s is %s', (code, the) => {
    expect(countryPhrases(code, 'en')).toEqual({ the, of: `of ${the}` });
  });
});

describe('letters name the host and the reader’s country with their article', () => {
  const renderer = createRenderer();
  const text = (kind: 'welcome' | 'aide-memoire' | 'visit-logistics' | 'onboarding') => {
    const letter = findLetter(kind, 'in French, with Chad hosting', (candidate) => candidate.to.language === 'fr' && candidate.message.round.hostCountry === 'TD');
    const { rendered } = renderLetter(letter, renderer);
    return { text: rendered.text.replace(/\u00a0/g, ' '), subject: rendered.subject.replace(/\u00a0/g, ' '), to: letter.to };
  };

  it('the welcome invites to the JSR of Chad, the host', () => {
    expect(text('welcome').text).toContain('à une visite de la RSC du Tchad, le pays hôte, pour voir');
  });

  it('the aide-memoire names the host with its article', () => {
    const { text: body, subject } = text('aide-memoire');
    expect(subject).toContain("L'aide-mémoire de la RSC du Tchad est prêt");
    expect(body).toContain('Le pays hôte, le Tchad, a partagé');
  });

  it('the visit logistics name the visit of the JSR of Chad', () => {
    const { text: body, subject } = text('visit-logistics');
    expect(subject).toContain('pour la visite dans le pays hôte, le Tchad,');
    expect(body).toContain('la visite de la RSC du Tchad (');
  });

  it("a newcomer joins their country's delegation, named with its article", () => {
    const { text: body, to } = text('onboarding');
    expect(to.country).toBe('SN');
    expect(body).toContain('Vous rejoignez la délégation du Sénégal à la place de');
  });

  it('in English, the host keeps its bare name where it takes no article', () => {
    const letter = findLetter('welcome', 'in English, with Kenya hosting', (candidate) => candidate.to.language === 'en' && candidate.message.round.hostCountry === 'KE');
    expect(renderLetter(letter, renderer).rendered.text).toContain('visit the JSR of Kenya, to learn');
  });
});
