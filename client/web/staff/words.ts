/**
 * The dashboard's words in English and French, one dictionary. The viewer chooses with `?lang=fr` (kept
 * in links and forms); without it the browser's Accept-Language decides, and English is the default.
 * Values from the round (ids, names, reasons, SMTP replies) are shown as the round holds them.
 */
import { capitalise, deliverableName, eventName, eventNameWithArticle } from '../../../activities/vocabulary';
import type { DeliverableKey } from '../../../domain/plan-types';
import type { MessageKind } from '../../../workflows/dispatch';
import { runStatusWords, type StopStatus } from '../../round-stop';

export type StaffLanguage = 'en' | 'fr';

const EN = {
  signInTitle: 'Staff sign-in',
  password: 'Password',
  signIn: 'Sign in',
  wrongPassword: 'Wrong password.',
  signInDisabled: 'Sign-in is disabled: the service has no JSRX_STAFF_PASSWORD.',
  rounds: 'Rounds',
  staffNavigation: 'Staff',
  /** After each page's title in the browser's tab and history. */
  siteName: 'JSR Exchange staff',
  signOut: 'Sign out',
  noRounds: 'No rounds on this service yet.',
  timesIn: 'Times in',
  round: 'Round',
  phase: 'Phase',
  status: 'Status',
  nextEvent: 'Next event',
  overdue: 'Overdue',
  /** In the list, for a round that could not be asked. */
  unavailable: { 'not-found': 'not found', 'no-answer': 'no answer from the round' } as Record<'not-found' | 'no-answer', string>,
  phaseSince: 'since',
  /** French sets a space before a colon and a semicolon. */
  colon: ':',
  semicolon: ';',
  whoOwesWhat: 'Who owes what',
  deliverable: 'Deliverable',
  /** The matrix's column of the Secretariat's own deliverables: English keeps the owner's id, as in `secretariat/vc1-notes`. */
  secretariatColumn: 'secretariat',
  due: 'due',
  nextReminder: 'next reminder',
  /** Beside a due date a change set (client/web/changed-due-dates.ts): an extension, or a move with its event. */
  dateExtended: 'new date: extended',
  dateMovedWith: (event: string): string => `new date: moved with ${event}`,
  /** An item still open when the round was cancelled, and an event it called off. */
  noLongerDue: 'no longer due',
  calledOff: 'called off',
  received: 'received',
  from: 'from',
  timeline: 'Timeline',
  event: 'Event',
  start: 'Start',
  end: 'End',
  sequence: 'SEQUENCE',
  sequenceNote: 'the invitations’ current SEQUENCE (0 as first sent, one more at each change)',
  notSentYet: 'not sent yet',
  warnings: 'Warnings',
  messages: 'Messages',
  lettersLine: (delivered: number, inFlight: number, failed: number) =>
    `${delivered} letters handed to the mail server, ${inFlight} still being tried, ${failed} failed.`,
  noFailures: 'Every letter so far reached its reader’s mail server.',
  outcomeHeading: 'Outcome',
  outcome: { sending: 'still being tried', delivered: 'delivered', failed: 'failed', cancelled: 'cancelled' } as Record<'sending' | 'delivered' | 'failed' | 'cancelled', string>,
  lettersCsv: 'Every letter and its outcome (CSV)',
  reader: 'Reader',
  about: 'About',
  at: 'When',
  reason: 'Reason',
  feedback: 'Feedback on the exchange',
  feedbackNone: 'No answers yet.',
  feedbackInSummary: 'answers in the feedback section',
  feedbackCount: (answered: number, owed: number) => `${answered} of ${owed} participants answered.`,
  usefulness: 'How useful the exchange was',
  averageOf5: 'average of 5',
  tool: 'Tool',
  exports: 'Exports',
  matrixCsv: 'The matrix as CSV',
  feedbackCsv: 'The feedback answers as CSV',
  staffFeed: 'The whole round as a calendar (.ics)',
  subscribe: 'Subscribe in a calendar application (the link alone opens the round’s dates: share it with staff only):',
  actions: 'Actions',
  submit: 'Record a submission',
  submittedBy: 'Handed in by (email)',
  reference: 'Link or reference',
  waive: 'Waive',
  extend: 'Extend the due date',
  newDueDate: 'New due date',
  /** `nextDay`, `dayBefore`: the places (`Kiritimati (KI)`) that read 17:00 at the host's as another day. */
  dueDateHelp: (hostCity: string, other: { nextDay: string[]; dayBefore: string[] }) =>
    `A date alone falls due at 17:00 in the host’s time (${hostCity})${[
      other.nextDay.length > 0 ? `already the next day in ${other.nextDay.join(', ')}` : '',
      other.dayBefore.length > 0 ? `still the day before in ${other.dayBefore.join(', ')}` : '',
    ]
      .filter(Boolean)
      .map((part, index) => (index === 0 ? `, which is ${part}` : ` and ${part}`))
      .join('')}; or write an exact instant, such as 2027-03-18T09:00:00Z.`,
  reschedule: 'Reschedule',
  newStart: 'New start',
  newStartExample: '2027-03-24T13:00:00Z or 2027-04-26',
  visitLastDay: 'Visit’s last day',
  replace: 'Replace a participant',
  delegation: 'Delegation',
  delegations: 'Delegations',
  host: 'host',
  participants: 'Participants',
  coordinatingAgency: 'Coordinating agency',
  zoneAndLanguage: 'Time zone, language',
  leaving: 'Who left (email)',
  newcomerName: 'Newcomer’s name',
  newcomerEmail: 'Newcomer’s email',
  cancel: 'Cancel the round',
  none: 'None.',
  back: 'Back',
  tooManyAttempts: 'Too many attempts',
  tooManyAttemptsText: 'Too many sign-in attempts from this address: wait a minute and try again.',
  formExpired: 'Form expired',
  formExpiredText: 'This form has no valid security token: open the page again and resubmit.',
  badRequest: 'Bad request',
  failure: 'Something went wrong',
  failureText: 'The dashboard could not answer: try again, or look at the service log.',
  signedOut: 'Signed out',
  signedOutText: 'Your session has ended: sign in again.',
  noSuchRound: 'No such round',
  noSuchRoundText: (roundId: string) => `No round has the id ${roundId}.`,
  notSent: 'Not sent',
  missingField: (label: string) => `“${label}” is empty: fill it in and send the form again.`,
  refused: 'The round refused it',
  /** Before the round's own words, which are English: `label` is the field they are about, when known. */
  roundAnswer: (label: string | undefined) =>
    label ? `About “${label}”, the round answered:` : 'The round answered:',
  invalidLink: 'Not a valid link',
  invalidLinkText: 'This calendar link is not valid.',
  linkExpired: 'Link expired',
  linkExpiredText: 'This round ended more than 30 days ago.',
  notFound: 'Not found',
  notFoundText: 'No such page.',
  stopStatus: { terminated: 'terminated', failed: 'failed', 'timed-out': 'timed out' } as Record<StopStatus, string>,
  /** The notice after an action the round took (`extend`, `cancel`). */
  accepted: (action: StaffAction): string => `${action}: accepted`,
  /** A run's state as the round (`running`) or Temporal (`RUNNING`, `CONTINUED_AS_NEW`) names it. */
  runStatus: (status: string): string => runStatusWords(status),
  stoppedOn: (status: string, when: string) => `Stopped: ${status} on ${when}.`,
  stoppedNote: 'Nothing more is sent or chased, and the round takes no change.',
  neverPlanned: 'The round was never planned: nothing was sent.',
  /** A reschedule left a deliverable due before its phase asks for it (client/late-requests.ts). */
  lateRequest: (id: string, due: string, phase: string, opens: string): string =>
    `${id} falls due ${due}, before it is requested when ${phase} opens (${opens}): its owners would be asked for it already late. Extend its due date or waive it below.`,
  /** A reschedule made a deliverable its owners were already asked for due in the past (client/late-requests.ts). */
  pastDue: (id: string, due: string): string =>
    `${id} is now due ${due}, which has already passed: its owners were asked for it, are told this date, and get overdue notices from now on. Give it a date ahead or waive it below.`,
  /**
   * What the plan calls by a key, as the page names it. English keeps the keys staff type into `jsrx`
   * (`prep-2`, `jsr-documents`, `vc2`); French names them in French, the key beside where it helps.
   */
  phaseName: (phase: string): string => phase,
  deliverableLabel: (key: DeliverableKey): string => key,
  /** A deliverable in the action forms' lists: its id (`GH/jsr-documents`), which the forms post. */
  deliverableOption: (id: string, _key: DeliverableKey): string => id,
  eventLabel: (event: { id: string }): string => event.id,
  letterKind: (kind: MessageKind): string => kind,
  languageName: { en: 'en', fr: 'fr' } as Record<'en' | 'fr', string>,
  /** Whether the page names keys in words of its own, and shows the key beside them. */
  namesKeys: false,
};

export type StaffWords = typeof EN;

const FR: StaffWords = {
  signInTitle: 'Connexion du personnel',
  password: 'Mot de passe',
  signIn: 'Se connecter',
  wrongPassword: 'Mot de passe incorrect.',
  signInDisabled: 'La connexion est désactivée : le service n’a pas de JSRX_STAFF_PASSWORD.',
  rounds: 'Cycles',
  staffNavigation: 'Personnel',
  siteName: 'JSR Exchange, personnel',
  signOut: 'Se déconnecter',
  noRounds: 'Aucun cycle sur ce service pour l’instant.',
  timesIn: 'Heures en',
  round: 'Cycle',
  phase: 'Phase',
  status: 'État',
  nextEvent: 'Prochain événement',
  overdue: 'En retard',
  unavailable: { 'not-found': 'introuvable', 'no-answer': 'le cycle ne répond pas' },
  phaseSince: 'depuis le',
  colon: ' :',
  semicolon: ' ;',
  whoOwesWhat: 'Qui doit quoi',
  deliverable: 'Livrable',
  secretariatColumn: 'Secrétariat',
  due: 'échéance',
  nextReminder: 'prochain rappel',
  dateExtended: 'nouvelle date : échéance repoussée',
  // The French page names the event in French, the key beside it for `jsrx`.
  dateMovedWith: (event) => `nouvelle date : déplacée avec ${eventNameWithArticle({ id: event, kind: 'video-conference' }, 'fr')} (${event})`,
  noLongerDue: 'plus attendu',
  calledOff: 'annulé',
  received: 'reçu',
  from: 'de',
  timeline: 'Calendrier',
  event: 'Événement',
  start: 'Début',
  end: 'Fin',
  sequence: 'SEQUENCE',
  sequenceNote: 'la SEQUENCE actuelle des invitations (0 au premier envoi, un de plus à chaque changement)',
  notSentYet: 'pas encore envoyée',
  warnings: 'Avertissements',
  messages: 'Messages',
  lettersLine: (delivered, inFlight, failed) =>
    `${delivered} lettres remises au serveur de courrier, ${inFlight} encore en cours d’essai, ${failed} en échec.`,
  noFailures: 'Toutes les lettres envoyées jusqu’ici ont atteint le serveur de courrier de leur destinataire.',
  outcomeHeading: 'Résultat',
  outcome: { sending: 'encore en cours d’essai', delivered: 'remise', failed: 'en échec', cancelled: 'annulée' },
  lettersCsv: 'Chaque lettre et son résultat (CSV)',
  reader: 'Destinataire',
  about: 'Objet',
  at: 'Quand',
  reason: 'Motif',
  feedback: 'Avis sur l’échange',
  feedbackNone: 'Aucune réponse pour l’instant.',
  feedbackInSummary: 'réponses dans la partie Avis',
  feedbackCount: (answered, owed) =>
    answered < 2 ? `${answered} participant sur ${owed} a répondu.` : `${answered} participants sur ${owed} ont répondu.`,
  usefulness: 'Utilité de l’échange',
  averageOf5: 'moyenne sur 5',
  tool: 'Outil',
  exports: 'Exports',
  matrixCsv: 'La matrice en CSV',
  feedbackCsv: 'Les réponses aux avis en CSV',
  staffFeed: 'Tout le cycle en calendrier (.ics)',
  subscribe: 'S’abonner dans une application de calendrier (ce lien ouvre à lui seul les dates du cycle : à ne partager qu’avec le personnel) :',
  actions: 'Actions',
  submit: 'Enregistrer une remise',
  submittedBy: 'Remis par (courriel)',
  reference: 'Lien ou référence',
  waive: 'Dispenser',
  extend: 'Repousser l’échéance',
  newDueDate: 'Nouvelle échéance',
  dueDateHelp: (hostCity, other) =>
    `Une date seule tombe à 17:00 à l’heure de l’hôte (${hostCity})${[
      // `pour`, not `à`: a city whose French name has an article would read `à Le Caire` for `au Caire`.
      other.nextDay.length > 0 ? `déjà le lendemain pour ${other.nextDay.join(', ')}` : '',
      other.dayBefore.length > 0 ? `encore la veille pour ${other.dayBefore.join(', ')}` : '',
    ]
      .filter(Boolean)
      .map((part, index) => (index === 0 ? `, soit ${part}` : ` et ${part}`))
      .join('')} ; ou indiquez un instant exact, par exemple 2027-03-18T09:00:00Z.`,
  reschedule: 'Reprogrammer',
  newStart: 'Nouveau début',
  newStartExample: '2027-03-24T13:00:00Z ou 2027-04-26',
  visitLastDay: 'Dernier jour de la visite',
  replace: 'Remplacer un participant',
  delegation: 'Délégation',
  delegations: 'Délégations',
  host: 'hôte',
  participants: 'Participants',
  coordinatingAgency: 'Agence de coordination',
  zoneAndLanguage: 'Fuseau horaire, langue',
  leaving: 'Qui est parti (courriel)',
  newcomerName: 'Nom du nouveau venu',
  newcomerEmail: 'Courriel du nouveau venu',
  cancel: 'Annuler le cycle',
  none: 'Aucun.',
  back: 'Retour',
  tooManyAttempts: 'Trop de tentatives',
  tooManyAttemptsText: 'Trop de tentatives de connexion depuis cette adresse : attendez une minute et réessayez.',
  formExpired: 'Formulaire expiré',
  formExpiredText: 'Ce formulaire n’a pas de jeton de sécurité valide : rouvrez la page et envoyez-le de nouveau.',
  badRequest: 'Requête invalide',
  failure: 'Un problème est survenu',
  failureText: 'Le tableau de bord n’a pas pu répondre : réessayez, ou consultez le journal du service.',
  signedOut: 'Déconnecté',
  signedOutText: 'Votre session a pris fin : reconnectez-vous.',
  noSuchRound: 'Cycle introuvable',
  noSuchRoundText: (roundId) => `Aucun cycle n’a l’identifiant ${roundId}.`,
  notSent: 'Non envoyé',
  missingField: (label) => `Le champ « ${label} » est vide : remplissez-le et renvoyez le formulaire.`,
  refused: 'Le cycle a refusé',
  roundAnswer: (label) =>
    label ? `Au sujet du champ « ${label} », le cycle a répondu (en anglais) :` : 'Le cycle a répondu (en anglais) :',
  invalidLink: 'Lien non valide',
  invalidLinkText: 'Ce lien de calendrier n’est pas valide.',
  linkExpired: 'Lien expiré',
  linkExpiredText: 'Ce cycle s’est terminé il y a plus de 30 jours.',
  notFound: 'Page introuvable',
  notFoundText: 'Cette page n’existe pas.',
  stopStatus: { terminated: 'interrompu', failed: 'en échec', 'timed-out': 'délai dépassé' },
  accepted: (action) => `Le cycle a accepté ${FR_ACTIONS[action]}.`,
  runStatus: (status) => {
    const words = runStatusWords(status);
    return FR_RUN_STATUS[words] ?? words;
  },
  stoppedOn: (status, when) => `Arrêté : ${status} le ${when}.`,
  stoppedNote: 'Plus rien n’est envoyé ni relancé, et le cycle n’accepte plus de changement.',
  neverPlanned: 'Le cycle n’a jamais été planifié : rien n’a été envoyé.',
  // Worded about the request and the due date, which are feminine whatever the deliverable: `les lettres …
  // arrive … demandé` did not agree with it.
  lateRequest: (id, due, phase, opens) =>
    `${id} : échéance le ${due}, avant que la demande ne parte à l’ouverture de la phase « ${phase} » (${opens}) ; ses responsables la recevraient déjà en retard. Repoussez l’échéance ou dispensez-en ses responsables ci-dessous.`,
  pastDue: (id, due) =>
    `${id} : nouvelle échéance le ${due}, date déjà passée. La demande est déjà partie : ses responsables reçoivent cette date, puis des avis de retard. Fixez une échéance à venir ou dispensez-en ses responsables ci-dessous.`,
  phaseName: (phase) => FR_PHASES[phase] ?? phase,
  deliverableLabel: (key) => capitalise(deliverableName(key, 'fr')),
  deliverableOption: (id, key) => `${capitalise(deliverableName(key, 'fr'))} (${id})`,
  // eventName reads the id alone (`vc2`, `debrief-3`); its kind is only for the article it does not add here.
  eventLabel: (event) => capitalise(eventName({ id: event.id, kind: 'video-conference' }, 'fr')),
  letterKind: (kind) => FR_LETTER_KINDS[kind],
  languageName: { en: 'anglais', fr: 'français' },
  namesKeys: true,
};

const FR_PHASES: Record<string, string> = {
  'prep-1': 'préparation 1',
  'vc-1': 'visioconférence 1',
  'prep-2': 'préparation 2',
  'vc-2': 'visioconférence 2',
  'prep-3': 'préparation 3',
  visit: 'visite',
  'post-visit': 'après la visite',
  'vc-3': 'visioconférence 3',
  'close-out': 'clôture',
  completed: 'terminé',
  cancelled: 'annulé',
};

const FR_LETTER_KINDS: Record<MessageKind, string> = {
  welcome: 'dossier d’accueil',
  invitation: 'invitation',
  'invitation-cancelled': 'annulation d’invitation',
  'event-reminder': 'rappel d’événement',
  'deliverable-request': 'demande de livrable',
  'feedback-request': 'demande d’avis',
  'deliverable-reminder': 'rappel d’échéance',
  'overdue-notice': 'avis de retard',
  escalation: 'signalement au coordinateur',
  'reminder-digest': 'rappels du jour',
  'submission-receipt': 'accusé de réception',
  'deliverable-waived': 'dispense',
  'deadline-extended': 'échéance repoussée',
  'due-dates-moved': 'échéances déplacées',
  'peer-documents': 'documents des pairs',
  'peer-documents-update': 'documents des pairs (mise à jour)',
  'aide-memoire': 'aide-mémoire',
  'visit-logistics': 'logistique de la visite',
  onboarding: 'accueil d’un nouveau participant',
  'round-cancelled': 'annulation du cycle',
  'round-completed': 'fin du cycle',
  'progress-digest': 'point hebdomadaire',
};

/** The action forms' fields by the name they post, with the word their label shows. */
const FIELD_LABELS: Record<string, keyof StaffWords> = {
  deliverable: 'deliverable',
  by: 'submittedBy',
  reference: 'reference',
  reason: 'reason',
  dueAt: 'newDueDate',
  event: 'event',
  start: 'newStart',
  end: 'visitLastDay',
  country: 'delegation',
  leaving: 'leaving',
  name: 'newcomerName',
  email: 'newcomerEmail',
};

/**
 * The label of the field a message is about: a form field's name (`dueAt`), or the path the round's
 * checks give it (`schedule.vc2.start: …`, `delegations[2].participants[0].email: …` at the start of a refusal).
 */
export function fieldLabel(words: StaffWords, field: string): string | undefined {
  // A replacement is checked as the round file it makes: the newcomer is a participant's entry there.
  const name =
    /^schedule\.\w+\.(start|end)$/.exec(field)?.[1] ??
    /^delegations\[\d+\]\.participants\[\d+\]\.(email|name)$/.exec(field)?.[1] ??
    field;
  const key = Object.hasOwn(FIELD_LABELS, name) ? FIELD_LABELS[name] : undefined;
  const label = key ? words[key] : undefined;
  return typeof label === 'string' ? label : undefined;
}

/** The dashboard's actions, as the forms post them and the notice after one names them. */
export const STAFF_ACTIONS = ['submit', 'waive', 'extend', 'reschedule', 'replace', 'cancel'] as const;
export type StaffAction = (typeof STAFF_ACTIONS)[number];

const FR_ACTIONS: Record<StaffAction, string> = {
  submit: 'la remise',
  waive: 'la dispense',
  extend: 'le report de l’échéance',
  reschedule: 'la reprogrammation',
  replace: 'le remplacement',
  cancel: 'l’annulation',
};

const FR_RUN_STATUS: Record<string, string> = {
  running: 'en cours',
  completed: 'terminé',
  cancelled: 'annulé',
  canceled: 'annulé',
  'continued as new': 'poursuivi dans une nouvelle exécution',
};

export function staffWords(language: StaffLanguage): StaffWords {
  return language === 'fr' ? FR : EN;
}

/** `?lang=` first, then the browser's first preferred language of the two, then English. */
export function staffLanguage(query: string | undefined, acceptLanguage: string | undefined): StaffLanguage {
  if (query === 'fr' || query === 'en') return query;
  const preferred = (acceptLanguage ?? '')
    .split(',')
    .map((part) => part.trim().slice(0, 2).toLowerCase())
    .find((code) => code === 'fr' || code === 'en');
  return preferred === 'fr' ? 'fr' : 'en';
}
