/**
 * Human names, per language, for what the plan calls by a key: deliverables, events, owners, roles.
 * Messages never show `jsr-documents` or `vc2` to an official.
 */
import type { DeliverableKey, OwnerId, PlanEvent } from '../domain/plan-types';
import type { Language } from '../domain/round-file';
import type { DeliverableStatusView } from '../workflows/dispatch';
import { countryName } from '../domain/countries';

type Names<Key extends string> = Record<Language, Record<Key, string>>;

const DELIVERABLE_NAMES: Names<DeliverableKey> = {
  en: {
    'learning-objectives': 'learning objectives',
    'vc1-notes': 'notes of the first video conference',
    'self-assessment': 'JSR self-assessment results',
    'maturity-ladder': 'JSR maturity ladder',
    'jsr-documents': 'JSR country documents',
    'vc2-notes': 'notes of the second video conference',
    'visa-invitation-letters': 'visa invitation letters',
    'host-jsr-documents': 'documents on the upcoming JSR',
    'meeting-requests': 'requests for side meetings',
    'visit-logistics': 'visit logistics (travel, hotel, per diem)',
    'visit-takeaways': 'key takeaways from the visit',
    'improvement-plan': 'JSR improvement plan',
    'leg-debrief': 'debrief of the local education group',
    'aide-memoire': 'JSR aide-memoire',
    'vc3-notes': 'notes of the third video conference',
    'exchange-feedback': 'feedback on the exchange',
    communications: 'communication on lessons learned',
  },
  fr: {
    'learning-objectives': "objectifs d'apprentissage",
    'vc1-notes': 'compte rendu de la première visioconférence',
    'self-assessment': "résultats de l'outil d'auto-évaluation de la RSC",
    'maturity-ladder': 'échelle de maturité de la RSC',
    'jsr-documents': 'documents nationaux de la RSC',
    'vc2-notes': 'compte rendu de la deuxième visioconférence',
    'visa-invitation-letters': "lettres d'invitation pour les visas",
    'host-jsr-documents': 'documents de la prochaine RSC',
    'meeting-requests': 'demandes de réunions bilatérales',
    'visit-logistics': 'logistique de la visite (voyage, hôtel, indemnités journalières)',
    'visit-takeaways': 'principaux enseignements de la visite',
    'improvement-plan': "plan d'amélioration de la RSC",
    'leg-debrief': 'restitution au groupe local des partenaires de l’éducation',
    'aide-memoire': 'aide-mémoire de la RSC',
    'vc3-notes': 'compte rendu de la troisième visioconférence',
    'exchange-feedback': "avis sur l'échange",
    communications: 'communication sur les enseignements tirés',
  },
};

/**
 * How each name above is declined, which a sentence about the deliverable must follow: French participles
 * agree with the noun (`les lettres … sont attendues`, `l'échelle … est attendue`), and English verbs
 * with its number (`the notes were due`). A French noun starting with a vowel takes `l'`.
 */
interface Grammar {
  plural: boolean;
  /** French only; English nouns have no gender to agree with. */
  feminine: boolean;
}
const singular = { plural: false, feminine: false };
const plural = { plural: true, feminine: false };
const feminine = { plural: false, feminine: true };
const femininePlural = { plural: true, feminine: true };

const DELIVERABLE_GRAMMAR: Record<Language, Record<DeliverableKey, Grammar>> = {
  en: {
    'learning-objectives': plural,
    'vc1-notes': plural,
    'self-assessment': plural,
    'maturity-ladder': singular,
    'jsr-documents': plural,
    'vc2-notes': plural,
    'visa-invitation-letters': plural,
    'host-jsr-documents': plural,
    'meeting-requests': plural,
    'visit-logistics': plural,
    'visit-takeaways': plural,
    'improvement-plan': singular,
    'leg-debrief': singular,
    'aide-memoire': singular,
    'vc3-notes': plural,
    'exchange-feedback': singular,
    communications: singular,
  },
  fr: {
    'learning-objectives': plural,
    'vc1-notes': singular,
    'self-assessment': plural,
    'maturity-ladder': feminine,
    'jsr-documents': plural,
    'vc2-notes': singular,
    'visa-invitation-letters': femininePlural,
    'host-jsr-documents': plural,
    'meeting-requests': femininePlural,
    'visit-logistics': feminine,
    'visit-takeaways': plural,
    'improvement-plan': singular,
    'leg-debrief': feminine,
    'aide-memoire': singular,
    'vc3-notes': singular,
    'exchange-feedback': singular,
    communications: feminine,
  },
};

const EVENT_NAMES: Names<'vc1' | 'vc2' | 'vc3' | 'visit'> = {
  en: {
    vc1: 'first video conference',
    vc2: 'second video conference',
    vc3: 'third video conference',
    visit: 'country visit',
  },
  fr: {
    vc1: 'première visioconférence',
    vc2: 'deuxième visioconférence',
    vc3: 'troisième visioconférence',
    visit: 'visite pays',
  },
};

const SECRETARIAT_NAME: Record<Language, string> = { en: 'the Secretariat', fr: 'le Secrétariat' };

/** `JSR country documents` / `documents nationaux de la RSC`. */
export function deliverableName(key: DeliverableKey, language: Language): string {
  return DELIVERABLE_NAMES[language][key];
}

/** `the visa invitation letters` / `les lettres d'invitation pour les visas`, `l'échelle de maturité de la RSC`. */
export function deliverableNameWithArticle(key: DeliverableKey, language: Language): string {
  const name = deliverableName(key, language);
  if (language === 'en') return `the ${name}`;
  const { plural, feminine } = DELIVERABLE_GRAMMAR.fr[key];
  if (plural) return `les ${name}`;
  if (/^[aeiouyàâéèêëîïôöûü]/i.test(name)) return `l'${name}`;
  return `${feminine ? 'la' : 'le'} ${name}`;
}

/**
 * A French participle (or status) written for a masculine singular noun, agreed with the deliverable:
 * `attendu` → `attendues` for the visa letters, `remis en retard` → `remise en retard` for the ladder,
 * `plus attendu` → `plus attendus`. The participle is the first word after a `non` or a `plus`; one
 * ending in `s` takes no second `s` in the masculine plural (`remis`).
 */
export function agreeWithDeliverable(phrase: string, key: DeliverableKey): string {
  const { plural, feminine } = DELIVERABLE_GRAMMAR.fr[key];
  const words = phrase.split(' ');
  const at = words[0] === 'non' || words[0] === 'plus' ? 1 : 0;
  const participle = words[at] ?? '';
  const ending = `${feminine ? 'e' : ''}${plural && (feminine || !participle.endsWith('s')) ? 's' : ''}`;
  words[at] = `${participle}${ending}`;
  return words.join(' ');
}

/** A status or participle as it reads beside the deliverable: agreed in French, as written in English. */
export function agreedWith(phrase: string, key: DeliverableKey, language: Language): string {
  return language === 'fr' ? agreeWithDeliverable(phrase, key) : phrase;
}

/** The words a sentence about a deliverable agrees with it: `are`, `were`, `due` / `sont`, `étaient`, `attendues`. */
export function deliverableVerbs(
  key: DeliverableKey,
  language: Language,
): { is: string; was: string; expected: string } {
  const { plural } = DELIVERABLE_GRAMMAR[language][key];
  if (language === 'en') return { is: plural ? 'are' : 'is', was: plural ? 'were' : 'was', expected: 'due' };
  return {
    is: plural ? 'sont' : 'est',
    was: plural ? 'étaient' : 'était',
    expected: agreeWithDeliverable('attendu', key),
  };
}

/** `First video conference`, `Evening debrief, day 2` / `Débriefing du soir, jour 2`. */
export function eventName(event: Pick<PlanEvent, 'id' | 'kind'>, language: Language): string {
  const debrief = /^debrief-(\d+)$/.exec(event.id);
  if (debrief)
    return language === 'fr'
      ? `débriefing du soir, jour ${debrief[1]}`
      : `evening debrief, day ${debrief[1]}`;
  const known = EVENT_NAMES[language][event.id as keyof (typeof EVENT_NAMES)['en']];
  if (known) return known;
  return event.id;
}

/** A delegation's country name, or the Secretariat. */
export function ownerName(owner: OwnerId, language: Language): string {
  return owner === 'secretariat' ? SECRETARIAT_NAME[language] : countryName(owner, language);
}

/** Sentence case for a name that opens a subject or a heading. */
export function capitalise(text: string): string {
  return text.charAt(0).toLocaleUpperCase() + text.slice(1);
}

const STATUS_NAMES: Names<DeliverableStatusView['status']> = {
  en: {
    pending: 'pending',
    overdue: 'overdue',
    submitted: 'submitted',
    'submitted-late': 'submitted late',
    waived: 'waived',
    'not-sent': 'not sent',
  },
  fr: {
    pending: 'en attente',
    overdue: 'en retard',
    submitted: 'remis',
    'submitted-late': 'remis en retard',
    waived: 'dispensé',
    'not-sent': 'non transmis',
  },
};

/** With a deliverable, a French status agrees with it (`lettres … remises`); without one it stays a column's label. */
export function statusName(
  status: DeliverableStatusView['status'],
  language: Language,
  key?: DeliverableKey,
): string {
  const name = STATUS_NAMES[language][status];
  // `en attente`, `en retard` are not participles: nothing to agree.
  return language === 'fr' && key && !name.startsWith('en ') ? agreeWithDeliverable(name, key) : name;
}

/** The event's name with its article, as a sentence uses it: `the second video conference`, `le débriefing du soir, jour 2`. */
export function eventNameWithArticle(event: Pick<PlanEvent, 'id' | 'kind'>, language: Language): string {
  const name = eventName(event, language);
  if (language === 'en') return `the ${name}`;
  // French articles follow the noun's gender: the debriefs are masculine, the conferences and the visit feminine.
  return event.kind === 'debrief' ? `le ${name}` : `la ${name}`;
}

/** `1 day`, `8 days` / `1 jour`, `8 jours`; less than a day left reads as such, never `0 days`. */
export function dayCount(days: number, language: Language): string {
  if (days < 1) return language === 'fr' ? "moins d'un jour" : 'less than a day';
  if (language === 'fr') return days === 1 ? '1 jour' : `${days} jours`;
  return days === 1 ? '1 day' : `${days} days`;
}

/**
 * How far ahead an event is, as the reader's calendar counts days: `tomorrow`, `in 2 days` / `demain`,
 * `dans 2 jours`. Two reminders of one event (eventBeforeDays [2, 1]) otherwise read the same.
 */
export function startsIn(days: number, language: Language): string {
  if (language === 'fr') return days < 1 ? "aujourd'hui" : days === 1 ? 'demain' : `dans ${days} jours`;
  return days < 1 ? 'today' : days === 1 ? 'tomorrow' : `in ${days} days`;
}

/**
 * The name a message is signed with. English emails sign with the configured sender name; French emails
 * are signed in French whatever that name is (the From header keeps it), so a francophone reader never
 * meets an English sign-off under a French letter.
 */
export function signature(senderName: string, language: Language): string {
  return language === 'fr' ? 'Le Secrétariat des échanges entre pays sur les RSC' : senderName;
}
