/**
 * The dashboard's words in English and French, one dictionary. The viewer chooses with `?lang=fr` (kept
 * in links and forms); without it the browser's Accept-Language decides, and English is the default.
 * Values from the round (ids, names, reasons, SMTP replies) are shown as the round holds them.
 */
export type StaffLanguage = 'en' | 'fr';

const EN = {
  signInTitle: 'Staff sign-in',
  password: 'Password',
  signIn: 'Sign in',
  wrongPassword: 'Wrong password.',
  signInDisabled: 'Sign-in is disabled: the service has no JSRX_STAFF_PASSWORD.',
  rounds: 'Rounds',
  signOut: 'Sign out',
  noRounds: 'No rounds on this service yet.',
  timesIn: 'Times in',
  round: 'Round',
  phase: 'Phase',
  status: 'Status',
  nextEvent: 'Next event',
  overdue: 'Overdue',
  phaseSince: 'since',
  whoOwesWhat: 'Who owes what',
  deliverable: 'Deliverable',
  due: 'due',
  nextReminder: 'next reminder',
  received: 'received',
  from: 'from',
  timeline: 'Timeline',
  event: 'Event',
  start: 'Start',
  end: 'End',
  sequence: 'SEQUENCE',
  sequenceNote: 'the invitations’ current SEQUENCE (0: not sent yet)',
  warnings: 'Warnings',
  messages: 'Messages',
  lettersLine: (delivered: number, inFlight: number, failed: number) =>
    `${delivered} letters handed to the mail server, ${inFlight} still being tried, ${failed} failed.`,
  messagesNote:
    'The round keeps counts and every reader whose letter failed, not a log of each letter: readers not listed below got theirs or are still being tried.',
  noFailures: 'No reader’s letter failed.',
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
  waive: 'Waive',
  extend: 'Extend the due date',
  newDueDate: 'New due date',
  reschedule: 'Reschedule',
  newStart: 'New start',
  visitLastDay: 'Visit’s last day',
  replace: 'Replace a participant',
  delegation: 'Delegation',
  leaving: 'Who left (email)',
  newcomerName: 'Newcomer’s name',
  newcomerEmail: 'Newcomer’s email',
  cancel: 'Cancel the round',
  none: 'None.',
};

export type StaffWords = typeof EN;

const FR: StaffWords = {
  signInTitle: 'Connexion du personnel',
  password: 'Mot de passe',
  signIn: 'Se connecter',
  wrongPassword: 'Mot de passe incorrect.',
  signInDisabled: 'La connexion est désactivée : le service n’a pas de JSRX_STAFF_PASSWORD.',
  rounds: 'Cycles',
  signOut: 'Se déconnecter',
  noRounds: 'Aucun cycle sur ce service pour l’instant.',
  timesIn: 'Heures en',
  round: 'Cycle',
  phase: 'Phase',
  status: 'État',
  nextEvent: 'Prochain événement',
  overdue: 'En retard',
  phaseSince: 'depuis le',
  whoOwesWhat: 'Qui doit quoi',
  deliverable: 'Livrable',
  due: 'échéance',
  nextReminder: 'prochain rappel',
  received: 'reçu',
  from: 'de',
  timeline: 'Calendrier',
  event: 'Événement',
  start: 'Début',
  end: 'Fin',
  sequence: 'SEQUENCE',
  sequenceNote: 'la SEQUENCE actuelle des invitations (0 : pas encore envoyée)',
  warnings: 'Avertissements',
  messages: 'Messages',
  lettersLine: (delivered, inFlight, failed) =>
    `${delivered} lettres remises au serveur de courrier, ${inFlight} encore en cours d’essai, ${failed} en échec.`,
  messagesNote:
    'Le cycle garde des comptes et chaque destinataire dont la lettre a échoué, pas un journal de chaque lettre : les destinataires absents de la liste ci-dessous ont reçu la leur ou sont encore en cours d’essai.',
  noFailures: 'Aucune lettre en échec.',
  reader: 'Destinataire',
  about: 'Objet',
  at: 'Quand',
  reason: 'Motif',
  feedback: 'Avis sur l’échange',
  feedbackNone: 'Aucune réponse pour l’instant.',
  feedbackInSummary: 'réponses dans la partie Avis',
  feedbackCount: (answered, owed) => `${answered} participants sur ${owed} ont répondu.`,
  usefulness: 'Utilité de l’échange',
  averageOf5: 'moyenne sur 5',
  tool: 'Outil',
  exports: 'Exports',
  matrixCsv: 'La matrice en CSV',
  feedbackCsv: 'Les réponses aux avis en CSV',
  staffFeed: 'Tout le cycle en calendrier (.ics)',
  subscribe: 'S’abonner dans une application de calendrier (ce lien ouvre à lui seul les dates du cycle : à ne partager qu’avec le personnel) :',
  actions: 'Actions',
  waive: 'Dispenser',
  extend: 'Repousser l’échéance',
  newDueDate: 'Nouvelle échéance',
  reschedule: 'Reprogrammer',
  newStart: 'Nouveau début',
  visitLastDay: 'Dernier jour de la visite',
  replace: 'Remplacer un participant',
  delegation: 'Délégation',
  leaving: 'Qui est parti (courriel)',
  newcomerName: 'Nom du nouveau venu',
  newcomerEmail: 'Courriel du nouveau venu',
  cancel: 'Annuler le cycle',
  none: 'Aucun.',
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
