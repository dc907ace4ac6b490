/**
 * A participant's page: in their language and time zone, what their delegation owes (due date, status),
 * what was received (who, when, what), the round's timeline, their calendar feed, and the form to
 * deliver a file or a link with a note. Server-rendered, no script: the form posts and the page comes back.
 */
import { countryName } from '../../domain/countries';
import { catalogueEntry } from '../../domain/deliverables';
import { PHASES, type Phase } from '../../domain/plan-types';
import type { Language } from '../../domain/round-file';
import type { DeliverableProgress, LetterLogEntry } from '../../workflows/messages';
import { changedDueDates } from './changed-due-dates';
import * as timeFormat from '../../activities/time-format';
import { agreedWith, capitalise, deliverableName, eventName, eventNameWithArticle, statusName } from '../../activities/vocabulary';
import type { ProgressView } from '../round-service';
import { isRunning } from '../round-stop';
import { backText, compile, page, refusalText, type RefusalReason } from './pages';
import { eventCalledOff } from './called-off';
import { eventsFor, type Visitor } from './tokens';
import { FEEDBACK_WORDS, readFeedbackReference } from './feedback';
import { FEEDBACK_FORM, feedbackFormView, type FeedbackFormView } from './feedback-form';

// The dates a page shows are formatted once per process: activities/time-format.ts remembers them.
const { formatInstant, formatDueDate, formatCalendarDate } = timeFormat;

const WORDS = {
  en: {
    hello: 'Hello',
    delegation: 'Delegation',
    join: 'join',
    willNotTakePlace: 'will not take place',
    atHome: 'at home',
    noLongerDue: 'no longer due',
    notDelivered: 'not delivered',
    extended: 'new date: the Secretariat extended it',
    movedWith: 'new date: moved with {event}',
    // French sets a space before a colon.
    colon: ':',
    owes: 'What your delegation owes',
    item: 'Deliverable',
    due: 'Due',
    status: 'Status',
    received: 'What was received',
    nothingReceived: 'Nothing yet.',
    by: 'by',
    timeline: 'The round’s timeline',
    deliver: 'Deliver',
    which: 'Which deliverable',
    file: 'A file (PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG; at most {size})',
    link: 'or a link',
    note: 'A note (optional)',
    optional: 'optional',
    send: 'Send',
    fileAgain: 'Choose your file again ({name}): a page cannot keep a file for you, and it was not kept.',
    noteKept: 'Your note, to copy',
    nothingOwed: 'Your delegation has nothing left to deliver.',
    receipt: 'Received, thank you:',
    calendar: 'Your calendar',
    calendarHelp:
      'Subscribe to keep the round’s events and your due dates in your calendar; changes show at the next refresh.',
    // The links said 'webcal' and 'https': names of protocols, not of what they do for the reader.
    subscribe: 'Subscribe in your calendar application (webcal)',
    download: 'Download the calendar file (.ics)',
    validUntil: 'This personal link works until',
    keep: 'Keep it to yourself: it lets anyone who has it deliver for you.',
    cancelled:
      'This round was cancelled: its events still ahead will not take place, and nothing more is expected from your delegation.',
    completed:
      'This round is over, thank you for taking part: nothing more is expected from your delegation.',
    reason: 'Reason:',
    closed: 'Deliveries are closed.',
    stopped:
      'This round was stopped on {when} ({status}): no more messages or reminders will come from it, and nothing more can be delivered.',
    terminated: 'terminated',
    failed: 'failed',
    'timed-out': 'timed out',
  },
  fr: {
    hello: 'Bonjour',
    delegation: 'Délégation',
    join: 'rejoindre',
    willNotTakePlace: 'n’aura pas lieu',
    atHome: 'chez vous',
    noLongerDue: 'plus attendu',
    notDelivered: 'non remis',
    extended: 'nouvelle date : le Secrétariat a repoussé l’échéance',
    movedWith: 'nouvelle date : déplacée avec {event}',
    colon: ' :',
    owes: 'Ce que votre délégation doit remettre',
    item: 'Livrable',
    due: 'Échéance',
    status: 'État',
    received: 'Ce qui a été reçu',
    nothingReceived: 'Rien pour l’instant.',
    by: 'par',
    timeline: 'Le calendrier de l’échange',
    deliver: 'Remettre',
    which: 'Quel livrable',
    file: 'Un fichier (PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG ; {size} au plus)',
    link: 'ou un lien',
    note: 'Une note (facultatif)',
    optional: 'facultatif',
    send: 'Envoyer',
    fileAgain: 'Choisissez à nouveau votre fichier ({name}) : une page ne peut pas le garder pour vous, et il n’a pas été conservé.',
    noteKept: 'Votre note, à copier',
    nothingOwed: 'Votre délégation n’a plus rien à remettre.',
    receipt: 'Bien reçu, merci :',
    calendar: 'Votre agenda',
    calendarHelp:
      'Abonnez-vous pour garder les événements de l’échange et vos échéances dans votre agenda ; les changements apparaissent à la prochaine actualisation.',
    subscribe: 'S’abonner dans votre application d’agenda (webcal)',
    download: 'Télécharger le fichier d’agenda (.ics)',
    validUntil: 'Ce lien personnel fonctionne jusqu’au',
    keep: 'Gardez-le pour vous : il permet à quiconque l’a de remettre à votre place.',
    cancelled:
      'Cet échange a été annulé : ses événements à venir n’auront pas lieu et votre délégation n’a plus rien à remettre.',
    completed:
      'Cet échange est terminé, merci de votre participation : votre délégation n’a plus rien à remettre.',
    reason: 'Motif :',
    closed: 'Les remises sont closes.',
    stopped:
      'Cet échange a été arrêté le {when} ({status}) : aucun message ni rappel n’en viendra plus, et plus rien ne peut être remis.',
    terminated: 'interrompu',
    failed: 'en échec',
    'timed-out': 'délai dépassé',
  },
} satisfies Record<Language, Record<string, string>>;

interface Reference {
  href: string | null;
  text: string;
  note: string | null;
}

/** What a delegation can still hand in while the round runs. */
const OPEN_STATUSES: ReadonlyArray<DeliverableProgress['status']> = ['pending', 'overdue', 'not-sent'];

/** The delivery form, empty on the page, or filled with what the reader sent when it was refused. */
interface DeliveryFormView {
  words: (typeof WORDS)['en'];
  action: string;
  fileLabel: string;
  open: Array<{ id: string; name: string; selected: boolean }>;
  link: string;
  note: string;
  /** The file the refused delivery carried: a browser will not let a page choose it again. */
  fileAgain: string | null;
}

/** What the reader typed into a delivery the service refused. */
export interface TypedDelivery {
  deliverable?: string;
  link?: string;
  note?: string;
  fileName?: string;
}

// Shared by the page and the refusal of a delivery, which gives the form back as it was sent: the form
// works without script, so without this a refused delivery lost the note and the link typed into it.
const DELIVERY_FORM = `<form method="post" action="{{action}}" enctype="multipart/form-data">
<label for="deliverable">{{words.which}}</label><select id="deliverable" name="deliverable" required>{{#each open}}<option value="{{id}}"{{#if selected}} selected{{/if}}>{{name}}</option>{{/each}}</select>
<label for="file">{{fileLabel}}</label>{{#if fileAgain}}<p id="file-again" class="refusal">{{fileAgain}}</p>{{/if}}<input id="file" type="file" name="file" accept=".pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.odp,.png,.jpg,.jpeg"{{#if fileAgain}} aria-describedby="file-again"{{/if}}>
<label for="link">{{words.link}}</label><input id="link" type="url" name="link" placeholder="https://" maxlength="1500" value="{{link}}">
<label for="note">{{words.note}}</label><textarea id="note" name="note" rows="3" maxlength="500">{{note}}</textarea>
<button type="submit">{{words.send}}</button></form>`;

interface PageView {
  words: (typeof WORDS)['en'];
  title: string;
  name: string;
  country: string;
  receipt: { name: string; at: string } | null;
  /** Why nothing can be delivered any more, when the round is no longer running. */
  over: { text: string; reason: string | null } | null;
  /** `changed`: why the date is not the one first planned; `waivedReason`: the Secretariat's, for an item it waived. */
  owed: Array<{ name: string; due: string; changed: string | null; status: string; statusClass: string; waivedReason: string | null }>;
  received: Array<{ name: string; by: string; at: string; reference: Reference }>;
  /** `calledOff`: cancelled with the round before it ended (the feed marks it CANCELLED); one held before stays as it was. */
  events: Array<{ name: string; when: string; atHome: string | null; calledOff: boolean }>;
  delivery: DeliveryFormView | null;
  feedback: FeedbackFormView | null;
  feedUrl: string;
  webcalUrl: string;
  validUntil: string;
}

const render = compile<PageView>(`<h1>{{title}}</h1>
<p>{{words.hello}} {{name}} — {{words.delegation}}{{words.colon}} {{country}}</p>
{{#if over}}<p class="notice" role="status">{{over.text}}{{#if over.reason}} {{words.reason}} {{over.reason}}{{/if}}</p>{{/if}}
{{#if receipt}}<p class="notice" role="status">{{words.receipt}} <strong>{{receipt.name}}</strong>, {{receipt.at}}</p>{{/if}}
<h2>{{words.owes}}</h2>
<table><thead><tr><th>{{words.item}}</th><th>{{words.due}}</th><th>{{words.status}}</th></tr></thead><tbody>
{{#each owed}}<tr><td>{{name}}</td><td data-label="{{../words.due}}{{../words.colon}}">{{due}}{{#if changed}}<br><small>{{changed}}</small>{{/if}}</td><td class="s-{{statusClass}}" data-label="{{../words.status}}{{../words.colon}}">{{status}}{{#if waivedReason}}<br><small>{{../words.reason}} {{waivedReason}}</small>{{/if}}</td></tr>{{/each}}
</tbody></table>
<h2>{{words.deliver}}</h2>
{{#if delivery}}{{#with delivery}}${DELIVERY_FORM}{{/with}}{{else}}{{#unless feedback}}<p>{{#if over}}{{words.closed}}{{else}}{{words.nothingOwed}}{{/if}}</p>{{/unless}}{{/if}}
{{#if feedback}}<h2>{{feedback.words.title}}</h2><p>{{feedback.words.intro}} ({{feedback.words.scale}})</p>
{{#with feedback}}${FEEDBACK_FORM}{{/with}}{{/if}}
<h2>{{words.received}}</h2>
{{#if received.length}}<ul>{{#each received}}<li><strong>{{name}}</strong> — {{../words.by}} {{by}}, {{at}}{{../words.colon}} {{#if reference.href}}<a href="{{reference.href}}" rel="noopener noreferrer">{{reference.text}}</a>{{else}}{{reference.text}}{{/if}}{{#if reference.note}} — {{reference.note}}{{/if}}</li>{{/each}}</ul>{{else}}<p>{{words.nothingReceived}}</p>{{/if}}
<h2>{{words.timeline}}</h2>
<ul>{{#each events}}<li>{{name}}{{../words.colon}} {{when}}{{#if atHome}} — {{../words.atHome}}{{../words.colon}} {{atHome}}{{/if}}{{#if place}} — {{place}}{{/if}}{{#if calledOff}} — {{../words.willNotTakePlace}}{{else}}{{#if joinUrl}} — <a href="{{joinUrl}}" rel="noopener noreferrer" aria-label="{{../words.join}} — {{name}}">{{../words.join}}</a>{{/if}}{{/if}}</li>{{/each}}</ul>
<h2>{{words.calendar}}</h2>
<p>{{words.calendarHelp}}</p><p><a href="{{webcalUrl}}">{{words.subscribe}}</a> · <a href="{{feedUrl}}">{{words.download}}</a></p>
<p><small>{{words.validUntil}} {{validUntil}}. {{words.keep}}</small></p>`);

export interface ParticipantPageOptions {
  visitor: Visitor;
  token: string;
  publicUrl: string;
  uploadMaxBytes: number;
  /** The deliverable id just received, to confirm at the top of the page. */
  receivedId?: string;
  /** The round's own letters, which tell the due dates a change set (changed-due-dates.ts). */
  roundLetters?: LetterLogEntry[];
}

export function participantPage(options: ParticipantPageOptions): string {
  const { visitor, token, publicUrl } = options;
  const { progress, delegation, participant } = visitor;
  const language: Language = participant.language;
  const zone = participant.timezone;
  const words = WORDS[language];
  const mine = ownDeliverables(progress.deliverables, delegation.country, participant.email);
  const named = (d: DeliverableProgress) => capitalise(deliverableName(d.key, language));
  // An optional item (side meetings) is never overdue: the list must not read it as a requirement.
  const owedName = (d: DeliverableProgress) => `${named(d)}${isOptional(d) ? ` (${words.optional})` : ''}`;
  const when = (iso: string) => {
    const at = formatInstant(iso, zone, language);
    return `${at.date}, ${at.time}`;
  };
  const open = isRunning(progress) ? mine.filter((d) => OPEN_STATUSES.includes(d.status)) : [];
  const justReceived = mine.find((d) => d.id === options.receivedId && d.submittedAt);
  const feedUrl = `${publicUrl}/feeds/${token}.ics`;
  const changed = changedDueDates(options.roundLetters ?? [], mine);
  // A date the Secretariat changed reads as such: a reader who noted the first one would otherwise miss the move.
  const changeText = (d: DeliverableProgress): string | null => {
    const change = changed.get(d.id);
    if (!change || !OPEN_STATUSES.includes(d.status)) return null;
    return change.movedWith
      ? words.movedWith.replace('{event}', eventNameWithArticle({ id: change.movedWith, kind: 'video-conference' }, language))
      : words.extended;
  };
  return page(
    language,
    progress.title,
    render({
      words,
      title: progress.title,
      name: participant.name,
      country: countryName(delegation.country, language),
      // A cancelled, finished or stopped round lists what was owed, but must not read as "all delivered".
      over: overNotice(progress, words, when),
      receipt: justReceived
        ? { name: named(justReceived), at: when(justReceived.submittedAt as string) }
        : null,
      // A cancelled round expects nothing more: what was still open no longer reads as awaited.
      owed: mine.map((d) => {
        const status = readerStatus(d, progress, language);
        return {
          name: owedName(d),
          due: formatDueDate(d.dueAt, zone, language),
          changed: changeText(d),
          status: status.text,
          statusClass: status.className,
          waivedReason: d.status === 'waived' ? (d.waivedReason ?? null) : null,
        };
      }),
      received: mine
        .filter((d) => d.submittedAt)
        .map((d) => ({
          name: named(d),
          by: d.submittedBy ?? '',
          at: when(d.submittedAt as string),
          reference: readFeedbackReference(d.reference)
            ? { href: null, text: FEEDBACK_WORDS[language].answered, note: null }
            : readReference(d.reference ?? ''),
        })),
      events: eventsFor(visitor)
        .sort((a, b) => a.start.localeCompare(b.start))
        .map((event) => ({
          name: capitalise(eventName(event, language)),
          // An evening debrief is held at the visit, where the reader will be that week: on the host's clock, as
          // the visit's days are, with the home time beside it (as letters give it, activities/view-parts.ts).
          // On the home clock alone, the first one could read as the day before the visit began.
          when: event.allDay
            ? dayRange(event.allDay.firstDay, event.allDay.lastDay, language)
            : event.kind === 'debrief'
              ? whenIn(event.start, event.timezone, language)
              : when(event.start),
          atHome: event.kind === 'debrief' ? homeTime(event, zone, language) : null,
          place: [event.venue, event.city].filter(Boolean).join(', ') || null,
          // Only a web address becomes a link, as with the references readers deliver.
          joinUrl: event.joinUrl ? (safeUrl(event.joinUrl)?.href ?? null) : null,
          calledOff: eventCalledOff(event, progress),
        })),
      delivery: deliveryForm(options),
      feedback: open.some((d) => d.key === 'exchange-feedback') && feedbackAsked(progress.phase)
        ? feedbackFormView(language, `/p/${token}/feedback`)
        : null,
      feedUrl,
      webcalUrl: feedUrl.replace(/^https?:/, 'webcal:'),
      validUntil: formatDueDate(visitor.validUntil, zone, language),
    }),
  );
}

/**
 * A deliverable's status as its delegation reads it, on the page and in the calendar feed alike. A round
 * that no longer runs expects nothing more, as its notice says: what was still open is no longer due (the
 * round was cancelled) or was not delivered (it ended or was stopped), not pending or overdue.
 */
export function readerStatus(
  d: DeliverableProgress,
  progress: Pick<ProgressView, 'status' | 'stopped'>,
  language: Language,
): { text: string; className: string } {
  // French agrees each with the deliverable: `lettres … dispensées`, `échelle … plus attendue`.
  if (isRunning(progress) || !OPEN_STATUSES.includes(d.status))
    return { text: statusName(d.status, language, d.key), className: d.status };
  return progress.status === 'cancelled'
    ? { text: agreedWith(WORDS[language].noLongerDue, d.key, language), className: 'called-off' }
    : { text: agreedWith(WORDS[language].notDelivered, d.key, language), className: 'not-sent' };
}

/** An item the delegation may leave out (side meetings): readers are told so wherever it is listed. */
export function isOptional(d: Pick<DeliverableProgress, 'key'>): boolean {
  return catalogueEntry(d.key).optional;
}

/** `optional` / `facultatif`. */
export function optionalWord(language: Language): string {
  return WORDS[language].optional;
}

/** The delivery form with what the reader can still deliver, filled with `typed`; null when nothing is open. */
function deliveryForm(options: ParticipantPageOptions, typed: TypedDelivery = {}): DeliveryFormView | null {
  const { visitor, token } = options;
  const { progress, delegation, participant } = visitor;
  const language = participant.language;
  const zone = participant.timezone;
  const words = WORDS[language];
  const open = isRunning(progress)
    ? ownDeliverables(progress.deliverables, delegation.country, participant.email).filter(
        (d) => OPEN_STATUSES.includes(d.status) && d.key !== 'exchange-feedback',
      )
    : [];
  if (open.length === 0) return null;
  const optional = (d: DeliverableProgress) => (isOptional(d) ? ` (${words.optional})` : '');
  return {
    words,
    action: `/p/${token}`,
    fileLabel: words.file.replace('{size}', sizeText(options.uploadMaxBytes, language)),
    open: open.map((d) => ({
      id: d.id,
      name: `${capitalise(deliverableName(d.key, language))}${optional(d)} (${formatDueDate(d.dueAt, zone, language)})`,
      selected: d.id === typed.deliverable,
    })),
    link: typed.link ?? '',
    note: typed.note ?? '',
    fileAgain: typed.fileName ? words.fileAgain.replace('{name}', typed.fileName) : null,
  };
}

const refusedRender = compile<{
  title: string;
  refusal: string;
  detail: string | null;
  delivery: DeliveryFormView | null;
  /** The note, when no form can take it back (the round closed meanwhile, nothing left open). */
  noteKept: { label: string; note: string } | null;
  back: { href: string; text: string };
  words: (typeof WORDS)['en'];
}>(`<h1>{{title}}</h1>
<div class="refusal" role="alert"><p>{{refusal}}</p>{{#if detail}}<p lang="en">{{detail}}</p>{{/if}}</div>
{{#if delivery}}<h2>{{words.deliver}}</h2>{{#with delivery}}${DELIVERY_FORM}{{/with}}{{/if}}
{{#if noteKept}}<label for="note">{{noteKept.label}}</label><textarea id="note" rows="3" readonly>{{noteKept.note}}</textarea>{{/if}}
<p><a href="{{back.href}}">← {{back.text}}</a></p>`);

/**
 * A delivery the service or the round refused: why, then the form again with what the reader sent
 * (their choice, link and note; a file must be chosen again), so that nothing typed is lost on the way back.
 */
export function deliveryRefusedPage(
  options: ParticipantPageOptions & { reason: RefusalReason; detail?: string; typed: TypedDelivery },
): string {
  const { visitor, token, reason, typed } = options;
  const { progress, participant } = visitor;
  const language = participant.language;
  const words = WORDS[language];
  // The round said it is over, though the progress read a moment before still had it running.
  const delivery = reason === 'round-closed' ? null : deliveryForm(options, typed);
  const note = typed.note?.trim() ? typed.note : null;
  return page(
    language,
    progress.title,
    refusedRender({
      title: progress.title,
      refusal: refusalText(reason, language),
      detail: options.detail ?? null,
      delivery,
      noteKept: !delivery && note ? { label: words.noteKept, note } : null,
      back: { href: `/p/${token}`, text: backText(language) },
      words,
    }),
  );
}

function overNotice(
  progress: ProgressView,
  words: (typeof WORDS)['en'],
  when: (iso: string) => string,
): PageView['over'] {
  const { stopped } = progress;
  if (stopped)
    return {
      text: words.stopped.replace('{when}', when(stopped.stoppedAt)).replace('{status}', words[stopped.status]),
      // A terminate reason is the Secretariat's sentence; a failure's message is the service's, not for readers.
      reason: stopped.status === 'terminated' ? (stopped.reason ?? null) : null,
    };
  if (progress.status === 'running') return null;
  return {
    text: progress.status === 'cancelled' ? words.cancelled : words.completed,
    reason: progress.status === 'cancelled' ? (progress.cancelledReason ?? null) : null,
  };
}

/** `lundi 19 avril 2027, 18:00 (Kiritimati)`: an instant on one clock, named by its city. */
function whenIn(iso: string, zone: string, language: Language): string {
  const at = formatInstant(iso, zone, language);
  return `${at.date}, ${at.time}`;
}

/** The debrief's start on the reader's home clock, when it reads otherwise than on the host's. */
function homeTime(event: { start: string; timezone: string }, zone: string, language: Language): string | null {
  const there = formatInstant(event.start, event.timezone, language);
  const here = formatInstant(event.start, zone, language);
  if (there.date === here.date && there.time.slice(0, 5) === here.time.slice(0, 5)) return null;
  return `${here.date}, ${here.time}`;
}

/** A visit's days; a one-day visit reads as that day, not `Monday 5 April – Monday 5 April`. */
function dayRange(firstDay: string, lastDay: string, language: Language): string {
  const first = formatCalendarDate(firstDay, language);
  return firstDay === lastDay ? first : `${first} – ${formatCalendarDate(lastDay, language)}`;
}

/** `25 MB` / `25 Mo`, or kilobytes under one megabyte. */
function sizeText(bytes: number, language: Language): string {
  const mega = bytes >= 1024 * 1024;
  const amount = Math.floor(mega ? bytes / (1024 * 1024) : bytes / 1024);
  return `${amount} ${mega ? (language === 'fr' ? 'Mo' : 'MB') : language === 'fr' ? 'ko' : 'KB'}`;
}

/** The delegation's deliverables, with of the per-participant ones (feedback) only the reader's own. */
export function ownDeliverables(
  deliverables: DeliverableProgress[],
  country: string,
  email: string,
): DeliverableProgress[] {
  return deliverables.filter(
    (d) =>
      d.owner === country &&
      (d.participant === undefined || d.participant.toLowerCase() === email.toLowerCase()),
  );
}

/** A reference as this service writes it (`<url> — <note>`), or as a coordinator typed it in jsrx. */
export function readReference(reference: string): Reference {
  const [first = '', ...rest] = reference.split(' — ');
  const note = rest.join(' — ') || null;
  const url = safeUrl(first);
  if (!url) return { href: null, text: reference, note: null };
  const fileName = /^\/files\/[0-9a-f]{64}\/([^/]+)$/.exec(url.pathname)?.[1];
  return { href: url.href, text: fileName ? decodeURIComponent(fileName) : url.href, note };
}

/** Only web addresses become links: a `javascript:` or `data:` reference stays text. */
export function safeUrl(text: string): URL | undefined {
  try {
    const url = new URL(text.trim());
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** The feedback is about the whole exchange: its form waits for the phase that asks for it (after VC3). */
function feedbackAsked(phase: Phase): boolean {
  return PHASES.indexOf(phase) >= PHASES.indexOf(catalogueEntry('exchange-feedback').phase);
}
