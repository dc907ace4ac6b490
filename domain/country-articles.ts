/**
 * A country's name as a sentence needs it: with its article ("the host country, the Gambia"; "le pays
 * hôte, le Tchad") and after "of" ("the JSR of Kenya"; "la RSC du Tchad", "de la Côte d'Ivoire").
 *
 * French gives almost every country an article whose gender follows the name: feminine when its first
 * word ends in "e" (la Zambie, la Guinée-Bissau, la Corée du Sud), masculine otherwise (le Tchad, le Soudan
 * du Sud), elided before a vowel (l'Ouganda), plural for archipelagos and unions (les Comores), and none
 * for most island states and city-states (Madagascar, Haïti, Maurice). The exceptions are listed by
 * code. English needs "the" for a handful of names only.
 */
import { countryName } from './countries';
import { remembered } from './remembered';
import type { Language } from './round-file';

export interface CountryPhrases {
  /** `the Gambia`, `Kenya`; `la Zambie`, `l'Ouganda`, `les Comores`, `Madagascar`. */
  the: string;
  /** `of the Gambia`, `of Kenya`; `de la Zambie`, `du Tchad`, `des Comores`, `de Madagascar`. */
  of: string;
}

const ENGLISH_WITH_THE = new Set(['BS', 'CF', 'DO', 'GB', 'GM', 'KM', 'MH', 'MV', 'NL', 'PH', 'SB', 'SC', 'US', 'AE']);

/** Besides every name that starts with Saint- or Sainte-. */
const FRENCH_WITHOUT_ARTICLE = new Set([
  'AG', 'AI', 'AW', 'BH', 'CU', 'CW', 'CY', 'DJ', 'GG', 'GI', 'GU', 'HK', 'HT', 'IL', 'JE', 'KI', 'MC', 'MG',
  'MO', 'MS', 'MT', 'MU', 'NR', 'NU', 'OM', 'PR', 'RE', 'SG', 'ST', 'TK', 'TO', 'TT', 'TV', 'TW', 'WF', 'WS',
  'YT',
]);
/** Besides every name that starts with Îles. */
const FRENCH_PLURAL = new Set(['AE', 'AS', 'BM', 'BQ', 'BS', 'FJ', 'KM', 'MV', 'NL', 'PH', 'PS', 'PW', 'SC', 'TF', 'US']);
/** Names that start with a silent "h" and elide ("d'Haïti"); every other "h" is aspirated (le Honduras). */
const FRENCH_SILENT_H = new Set(['HT']);
/** Masculine although the first word ends in "e". */
const FRENCH_MASCULINE = new Set(['BZ', 'GB', 'IO', 'KH', 'MX', 'MZ', 'SR', 'ZW']);
/** Feminine although the first word does not end in "e". */
const FRENCH_FEMININE = new Set(['SL']);

export const countryPhrases: (code: string, language: Language) => CountryPhrases = remembered((code, language) => {
  const name = countryName(code, language);
  return language === 'fr' ? frenchPhrases(code, name) : englishPhrases(code, name);
});

function englishPhrases(code: string, name: string): CountryPhrases {
  const the = ENGLISH_WITH_THE.has(code) || /\bIslands$/.test(name) ? `the ${name}` : name;
  return { the, of: `of ${the}` };
}

function frenchPhrases(code: string, name: string): CountryPhrases {
  const vowel = /^[AEIOUÉÈÊÎÏÔÛÜ]/i.test(name) || FRENCH_SILENT_H.has(code);
  if (FRENCH_WITHOUT_ARTICLE.has(code) || /^Saint(e)?-/.test(name)) return { the: name, of: vowel ? `d'${name}` : `de ${name}` };
  if (FRENCH_PLURAL.has(code) || /^Îles\b/.test(name)) return { the: `les ${name}`, of: `des ${name}` };
  if (vowel) return { the: `l'${name}`, of: `de l'${name}` };
  const firstWord = name.split(/[\s-]/)[0] ?? name;
  const feminine = FRENCH_FEMININE.has(code) || (!FRENCH_MASCULINE.has(code) && /e$/.test(firstWord));
  return feminine ? { the: `la ${name}`, of: `de la ${name}` } : { the: `le ${name}`, of: `du ${name}` };
}
