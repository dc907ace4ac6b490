/**
 * What a template sees: every value already written for its reader (names in their language, times in
 * their zone), so the templates only place words and never compute.
 *
 * One view per kind: a common part (reader, round, sender, link, generatedOn) and the kind's own part,
 * built from that kind's message alone (`MessageOf<K>`), so a template can only use what the workflow
 * really sends. Every key is always present: what a letter may lack is `null`, `false` or `[]`, never
 * missing or `undefined`, which is what lets the renderer treat any absent value as an error (render.ts).
 */
import type {
  DeliverableStatusView,
  Message,
  MessageKind,
  MessageOf,
  Person,
  Recipient,
  SharedDocument,
} from '../workflows/dispatch';
import type { Language } from '../domain/round-file';
import { countryName } from '../domain/countries';
import { countryPhrases } from '../domain/country-articles';
import { roundLink, submissionLink } from './links';
import { formatDueDate, formatInstant } from './time-format';
import { eventNameWithArticle, signature } from './vocabulary';
import { TemplateError } from './template-error';
import {
  countsOf,
  describeDeliverable,
  describeDocuments,
  describeEvent,
  describeItem,
  describeProgress,
  itemInstant,
  namesOf,
  sameEmail,
  sortByDue,
  timeline,
  type DeliverableView,
  type DigestItemView,
  type DocumentView,
  type EventView,
  type ProgressCounts,
  type ProgressDigestView,
  type Reading,
  type TimelineEntry,
} from './view-parts';

export type {
  DeliverableView,
  DigestItemView,
  DocumentView,
  EventView,
  ProgressCounts,
  ProgressDigestView,
  TimelineEntry,
} from './view-parts';

export interface ViewSettings {
  publicUrl: string;
  /** Signs each participant's personal link (JSRX_LINK_SECRET, or the data folder's link-secret). */
  linkSecret: string;
  sender: Person;
}

export interface CommonView<K extends MessageKind = MessageKind> {
  kind: K;
  language: Language;
  recipient: {
    name: string;
    /** The reader's delegation, or null for the Secretariat. */
    countryName: string | null;
    /** `of Kenya`, `du Sénégal`: the delegation named as a sentence needs it; null for the Secretariat. */
    countryOf: string | null;
    organization: string | null;
    isSecretariat: boolean;
  };
  round: {
    title: string;
    /** `the Gambia`, `le Tchad`: the host named with its article, for an apposition. */
    hostCountryThe: string;
    /** `of the Gambia`, `du Tchad`. */
    hostCountryOf: string;
    coordinatorName: string;
    coordinatorEmail: string;
    /** `Tchad, Côte d’Ivoire, Sénégal`, host first. */
    countries: string;
  };
  /** The sign-off, in the reader's language, and the Secretariat's address. */
  sender: { signature: string; email: string };
  /** The reader's personal submission page, or the round page for the Secretariat. */
  link: string;
  /** The day the message was decided, in the reader's zone. */
  generatedOn: string;
}

/** The part each kind adds to the common one. */
export interface KindViews {
  welcome: { events: TimelineEntry[]; tasks: DeliverableView[] };
  invitation: {
    event: EventView;
    /** A raised SEQUENCE: an earlier version of this event may be in the reader's calendar. */
    updated: boolean;
    reason: string | null;
  };
  'invitation-cancelled': {
    event: EventView;
    reason: string | null;
    /** The CANCEL names the reader alone (RFC 5546 §3.2.5): they leave the event, which goes on without them. */
    forReaderAlone: boolean;
  };
  'event-reminder': { event: EventView };
  'deliverable-request': { deliverable: DeliverableView };
  'feedback-request': { deliverable: DeliverableView };
  'deliverable-reminder': { deliverable: DeliverableView };
  'overdue-notice': { deliverable: DeliverableView };
  escalation: {
    deliverable: DeliverableView;
    /** The copy to a coordinating-agency representative; otherwise the coordinator's own letter. */
    forAgency: boolean;
    /** The other people named in Cc (the delegation's CA for the coordinator), or null. */
    copied: string | null;
    /** One of the Secretariat's own deliverables: no delegation was chased, none is named. */
    bySecretariat: boolean;
  };
  'reminder-digest': {
    /** Soonest first. */
    items: DigestItemView[];
    first: DigestItemView;
    count: number;
    /** More than one item (the workflow sends a single item as its own kind, but the subject must not say `1 reminders`). */
    several: boolean;
    /** How many items the subject leaves to the body (`and 2 others`). */
    others: number;
    /** Exactly one other: `and 1 other` / `et 1 autre`, not `others` / `autres`. */
    oneOther: boolean;
    forAgency: boolean;
  };
  'submission-receipt': { deliverable: DeliverableView };
  'deliverable-waived': { deliverable: DeliverableView };
  'deadline-extended': {
    deliverable: DeliverableView;
    /** The due day before the extension, in the reader's zone. */
    previousDue: string;
    /** None when a reschedule gave no reason. */
    reason: string | null;
    /** The moved event that carried the due date along (`the second video conference`), or null for an extension. */
    movedWith: string | null;
  };
  'due-dates-moved': {
    /** The reader's due dates the move carried along, soonest new date first. */
    moves: Array<{ deliverable: DeliverableView; previousDue: string }>;
    count: number;
    reason: string | null;
    /** `the second video conference` / `la deuxième visioconférence`. */
    movedWith: string;
  };
  'peer-documents': { documents: DocumentView[] };
  'peer-documents-update': { documents: DocumentView[] };
  'aide-memoire': { documents: DocumentView[] };
  'visit-logistics': { documents: DocumentView[]; event: EventView };
  onboarding: { events: TimelineEntry[]; tasks: DeliverableView[]; replaces: { name: string } };
  'round-cancelled': { reason: string; counts: ProgressCounts };
  'round-completed': { counts: ProgressCounts };
  'progress-digest': ProgressDigestView;
}

export type ViewOf<K extends MessageKind> = CommonView<K> & KindViews[K];
/** The view of any kind: what `messageView` returns and `renderer.render` takes. */
export type MessageView = { [K in MessageKind]: ViewOf<K> }[MessageKind];

const SECRETARIAT_ROLES: ReadonlySet<Recipient['role']> = new Set(['coordinator', 'staff']);

type Builders = { [K in MessageKind]: (message: MessageOf<K>, reading: Reading) => KindViews[K] };

const BUILDERS: Builders = {
  welcome: (message, reading) => ({
    events: timeline(message.events, reading),
    tasks: sortByDue(message.tasks).map((task) => describeDeliverable(task, reading)),
  }),
  invitation: (message, reading) => ({
    event: describeEvent(message.invite.event, reading),
    updated: message.invite.sequence > 0 && !message.firstForReader,
    reason: message.reason ?? null,
  }),
  'invitation-cancelled': (message, reading) => ({
    event: describeEvent(message.invite.event, reading),
    reason: message.reason ?? null,
    forReaderAlone:
      message.invite.attendees.length === 1 &&
      message.invite.attendees[0]!.email.toLowerCase() === reading.to.email.toLowerCase(),
  }),
  'event-reminder': (message, reading) => ({ event: describeEvent(message.event, reading) }),
  'deliverable-request': deliverableOnly,
  'feedback-request': deliverableOnly,
  'deliverable-reminder': deliverableOnly,
  'overdue-notice': deliverableOnly,
  escalation: (message, reading) => ({
    deliverable: describeDeliverable(message.deliverable, reading),
    forAgency: reading.to.role === 'coordinating-agency',
    copied: namesOf((message.cc ?? []).filter((person) => !sameEmail(person, reading.to))),
    bySecretariat: message.deliverable.owner === 'secretariat',
  }),
  'reminder-digest': (message, reading) => {
    const items = message.items
      .slice()
      .sort((a, b) => itemInstant(a).localeCompare(itemInstant(b)))
      .map((item) => describeItem(item, reading));
    const first = items[0];
    if (!first) throw new Error('a reminder digest with no items');
    return {
      items,
      first,
      count: items.length,
      several: items.length > 1,
      others: items.length - 1,
      oneOther: items.length === 2,
      forAgency: reading.to.role === 'coordinating-agency',
    };
  },
  'submission-receipt': deliverableOnly,
  'deliverable-waived': deliverableOnly,
  'deadline-extended': (message, reading) => ({
    deliverable: describeDeliverable(message.deliverable, reading),
    previousDue: formatDueDate(message.previousDueAt, reading.zone, reading.language),
    reason: message.reason || null,
    movedWith: message.movedWith ? eventNameWithArticle(message.movedWith, reading.language) : null,
  }),
  'due-dates-moved': (message, reading) => ({
    moves: message.moves.map(({ deliverable, previousDueAt }) => ({
      deliverable: describeDeliverable(deliverable, reading),
      previousDue: formatDueDate(previousDueAt, reading.zone, reading.language),
    })),
    count: message.moves.length,
    reason: message.reason || null,
    movedWith: eventNameWithArticle(message.movedWith, reading.language),
  }),
  'peer-documents': documentsOnly,
  'peer-documents-update': documentsOnly,
  'aide-memoire': documentsOnly,
  'visit-logistics': (message, reading) => ({
    documents: describeDocuments(message.documents, reading),
    event: describeEvent(message.event, reading),
  }),
  onboarding: (message, reading) => ({
    // The round hands over its whole plan; a newcomer who joins mid-round is told what is still ahead,
    // not the video conferences already held.
    events: timeline(message.events.filter((event) => event.end > reading.decidedAt), reading),
    tasks: sortByDue(message.tasks).map((task) => describeDeliverable(task, reading)),
    replaces: { name: message.replaces.name },
  }),
  'round-cancelled': (message) => ({ reason: message.reason, counts: countsOf(message.progress) }),
  'round-completed': (message) => ({ counts: countsOf(message.progress) }),
  'progress-digest': (message, reading) => describeProgress(message.progress, message.escalated, reading),
};

function deliverableOnly(message: { deliverable: DeliverableStatusView }, reading: Reading) {
  return { deliverable: describeDeliverable(message.deliverable, reading) };
}

function documentsOnly(message: { documents: SharedDocument[] }, reading: Reading) {
  return { documents: describeDocuments(message.documents, reading) };
}

/**
 * The view of one letter: its message written for its reader. A letter that cannot be described (a
 * field the contract requires is missing or malformed) throws a `TemplateError`: retrying cannot help.
 */
export function messageView(message: Message, recipient: Recipient, settings: ViewSettings): MessageView {
  const language = recipient.language;
  const reading: Reading = {
    to: recipient,
    language,
    zone: recipient.timezone,
    decidedAt: message.decidedAt,
  };
  try {
    // TypeScript cannot correlate `BUILDERS[message.kind]` with `message` itself; the table's type does.
    const build = BUILDERS[message.kind] as (message: Message, reading: Reading) => KindViews[MessageKind];
    return { ...commonView(message, recipient, settings), ...build(message, reading) } as MessageView;
  } catch (error) {
    if (error instanceof TemplateError) throw error;
    throw new TemplateError({
      kind: message.kind,
      language,
      detail: `the letter to ${recipient.email} cannot be described: ${(error as Error).message}`,
    });
  }
}

function commonView(message: Message, recipient: Recipient, settings: ViewSettings): CommonView {
  const { language } = recipient;
  const { round } = message;
  const isSecretariat = SECRETARIAT_ROLES.has(recipient.role);
  return {
    kind: message.kind,
    language,
    recipient: {
      name: recipient.name,
      countryName: recipient.country ? countryName(recipient.country, language) : null,
      countryOf: recipient.country ? countryPhrases(recipient.country, language).of : null,
      organization: recipient.organization ?? null,
      isSecretariat,
    },
    round: {
      title: round.title,
      hostCountryThe: countryPhrases(round.hostCountry, language).the,
      hostCountryOf: countryPhrases(round.hostCountry, language).of,
      coordinatorName: round.coordinator.name,
      coordinatorEmail: round.coordinator.email,
      // "between Kenya, Ghana and Zambia": a bare comma list after "between" reads as unfinished.
      countries: countryList(round.countries.map((code) => countryName(code, language)), language),
    },
    sender: { signature: signature(settings.sender.name, language), email: settings.sender.email },
    link:
      recipient.country && !isSecretariat
        ? submissionLink(settings.publicUrl, settings.linkSecret, round.roundId, recipient.country, recipient.email)
        : roundLink(settings.publicUrl, round.roundId),
    generatedOn: formatInstant(message.decidedAt, recipient.timezone, language).date,
  };
}

const COUNTRY_LISTS: Record<Language, Intl.ListFormat> = {
  en: new Intl.ListFormat('en-GB', { type: 'conjunction' }),
  fr: new Intl.ListFormat('fr-FR', { type: 'conjunction' }),
};

function countryList(names: string[], language: Language): string {
  return COUNTRY_LISTS[language].format(names);
}
