/**
 * A round's page on the staff dashboard: the delegation × deliverable matrix, the timeline with each
 * invitation's current SEQUENCE, the warnings on the round's current dates, the message log (what the round keeps:
 * letter counts and each reader whose letter failed), the feedback answers summarised, the exports, and
 * the actions. Every value is escaped where it is placed; every form carries its CSRF token.
 */
import { DateTime } from 'luxon';
import { zoneCityIn } from '../../../activities/time-format';
import { countryName } from '../../../domain/countries';
import { DUE_HOUR } from '../../../domain/due-dates';
import { SCHEDULED_EVENTS } from '../../../domain/plan-types';
import { agreedWith, statusName } from '../../../activities/vocabulary';
import type { DeliverableProgress, RoundProgress } from '../../../workflows/messages';
import type { ProgressView } from '../../round-service';
import { isRunning } from '../../round-stop';
import { lateRequests } from '../../late-requests';
import { asSentence, stopNotice } from './stopped';
import { eventCalledOff } from '../called-off';
import { changedDueDates, type ChangedDueDate } from '../changed-due-dates';
import type { LetterLogEntry } from '../../../workflows/messages';
import { FEEDBACK_WORDS, JSR_TOOLS, feedbackRows, readFeedbackReference } from '../feedback';
import { escapeHtml, eventWhen, layout, referenceHtml, staffQuery, tableBox, when } from './pages';
import { STAFF_ACTIONS, staffWords, type StaffAction, type StaffLanguage, type StaffWords } from './words';
import type { Form } from './action-form';

export interface RoundPageOptions {
  /** Every letter of the round with its reader and outcome. */
  letters?: LetterLogEntry[];
  zone: string;
  csrf: string;
  language?: StaffLanguage;
  /** The outcome of the action just taken (post/redirect/get). */
  done?: string;
  /** After a reschedule: the deliverables it made due in the past, by id (shown only if the round has them overdue). */
  pastDue?: string[];
  /** The round's calendar, to subscribe to (https:// and webcal://). */
  feedUrl?: string;
}

/** Owners as columns (delegations in the round's order, then the Secretariat), deliverable keys as rows. */
export function roundPage(progress: ProgressView, options: RoundPageOptions): string {
  const { zone, csrf } = options;
  const language = options.language ?? 'en';
  const words = staffWords(language);
  const base = `/staff/rounds/${encodeURIComponent(progress.roundId)}`;
  // The redirect after an action names it (`extend: accepted`); any other text in the link is not shown.
  const action = STAFF_ACTIONS.find((name) => options.done === `${name}: accepted`);
  const done = action ? `<p class="notice" role="status">${escapeHtml(words.accepted(action))}</p>` : '';
  const lateName = (id: string) => {
    const key = progress.deliverables.find((d) => d.id === id)?.key;
    return key ? words.deliverableOption(id, key) : id;
  };
  // Right after a move, what it left due before its request, with the fix at hand in the forms below.
  const late = action === 'reschedule' && isRunning(progress) ? lateRequests(progress) : [];
  const lateNotice =
    late.length > 0
      ? `<div class="notice" role="status"><ul>${late
          .map((l) => `<li>${escapeHtml(words.lateRequest(lateName(l.deliverable), when(l.dueAt, zone, language), words.phaseName(l.phase), when(l.requestedAt, zone, language)))}</li>`)
          .join('')}</ul></div>`
      : '';
  const past =
    action === 'reschedule' && isRunning(progress)
      ? progress.deliverables.filter((deliverable) => deliverable.status === 'overdue' && options.pastDue?.includes(deliverable.id))
      : [];
  const pastNotice =
    past.length > 0
      ? `<div class="notice" role="status"><ul>${past.map((d) => `<li>${escapeHtml(words.pastDue(d.id, when(d.dueAt, zone, language)))}</li>`).join('')}</ul></div>`
      : '';
  // A replayed round stopped from outside still says "running": Temporal's word is the true one.
  const status = progress.stopped ? words.stopStatus[progress.stopped.status] : words.runStatus(progress.status);
  const body = [
    done,
    lateNotice,
    pastNotice,
    progress.stopped ? stopNotice(progress.stopped, zone, language) : '',
    `<p>${words.phase} <strong>${escapeHtml(words.phaseName(progress.phase))}</strong> ${words.phaseSince} ${escapeHtml(when(progress.phaseSince, zone, language))}${words.semicolon} ${words.status.toLowerCase()} ${escapeHtml(status)}.${
      progress.status === 'cancelled' && progress.cancelledReason
        ? ` ${words.reason}${words.colon} ${escapeHtml(asSentence(progress.cancelledReason))}`
        : ''
    }</p>`,
    matrix(progress, zone, language, words, changedDueDates(options.letters ?? [], progress.deliverables)),
    timeline(progress, zone, language, words, options.letters ?? []),
    delegationsTable(progress, language, words),
    progress.warnings.length > 0
      ? // The round file's checks write their warnings in English: marked so, a screen reader on a French page reads them as English.
        `<h2>${words.warnings}</h2><ul>${progress.warnings.map((w) => `<li lang="en">${escapeHtml(w.path)}: ${escapeHtml(w.message)}</li>`).join('')}</ul>`
      : '',
    messageLog(progress, zone, language, words, options.letters ?? []),
    feedbackSummary(progress, language, words),
    `<h2>${words.exports}</h2><ul><li><a href="${base}/matrix.csv${staffQuery('UTC', language)}">${words.matrixCsv}</a></li><li><a href="${base}/feedback.csv${staffQuery('UTC', language)}">${words.feedbackCsv}</a></li><li><a href="${base}/letters.csv${staffQuery('UTC', language)}">${words.lettersCsv}</a></li><li><a href="${base}/feed.ics${staffQuery('UTC', language)}">${words.staffFeed}</a></li>${
      options.feedUrl
        ? `<li>${words.subscribe} <a href="${escapeHtml(options.feedUrl.replace(/^https?:/, 'webcal:'))}">webcal</a> · <code>${escapeHtml(options.feedUrl)}</code></li>`
        : ''
    }</ul>`,
    isRunning(progress) ? actionForms(progress, { csrf, zone, language, words }) : '',
  ];
  return layout(
    progress.title ? `${progress.title} (${progress.roundId})` : progress.roundId,
    body.join('\n'),
    { signedIn: { csrf }, language, zone },
  );
}

function matrix(
  progress: RoundProgress,
  zone: string,
  language: StaffLanguage,
  words: StaffWords,
  changed: ReadonlyMap<string, ChangedDueDate>,
): string {
  // The round's order, whatever falls due first: a file may set a host-only deadline before every other.
  const present = new Set(progress.deliverables.map((d) => d.owner));
  const countries = progress.delegations.map((d) => d.country).filter((country) => present.has(country));
  const owners = [...countries, ...[...present].filter((owner) => !countries.includes(owner))].sort(
    (a, b) => Number(a === 'secretariat') - Number(b === 'secretariat'),
  );
  const keys = [...new Set(progress.deliverables.map((d) => d.key))];
  // A cancelled round expects nothing more: what was still open reads as the participants' pages have it, not as owed.
  const calledOff = (d: DeliverableProgress) =>
    progress.status === 'cancelled' && (d.status === 'pending' || d.status === 'overdue' || d.status === 'not-sent');
  const cell = (owed: DeliverableProgress[]) =>
    owed
      .map((d) => {
        if (calledOff(d))
          return `<div class="called-off"><strong>${escapeHtml(agreedWith(words.noLongerDue, d.key, language))}</strong>${d.participant ? `<br><small>${escapeHtml(d.participant)}</small>` : ''}<br>${words.due} ${escapeHtml(when(d.dueAt, zone, language))}</div>`;
        const who = d.participant ? `<br><small>${escapeHtml(d.participant)}</small>` : '';
        const reminder = d.nextReminder
          ? `<br><small>${words.nextReminder} ${escapeHtml(when(d.nextReminder.at, zone, language))}</small>`
          : '';
        const submitted = d.submittedAt
          ? `<br>${words.received} ${escapeHtml(when(d.submittedAt, zone, language))}${d.submittedBy ? ` ${words.from} ${escapeHtml(d.submittedBy)}` : ''}`
          : '';
        const reference = !d.reference
          ? ''
          : readFeedbackReference(d.reference)
            ? `<br><small>${words.feedbackInSummary}</small>`
            : `<br>${referenceHtml(d.reference)}`;
        const waived = d.waivedReason ? `<br><small>${escapeHtml(d.waivedReason)}</small>` : '';
        const status = language === 'en' ? d.status : statusName(d.status, language, d.key);
        // Said in words beside the date, as the participants' page says it: staff checking a date against
        // the plan or a letter would otherwise take the new one for a mistake.
        const change = changed.get(d.id);
        const newDate = change ? `<br><small class="changed-date">${escapeHtml(change.movedWith ? words.dateMovedWith(change.movedWith) : words.dateExtended)}</small>` : '';
        return `<div class="${escapeHtml(d.status)}"><strong>${escapeHtml(status)}</strong>${who}<br>${words.due} ${escapeHtml(when(d.dueAt, zone, language))}${newDate}${reminder}${submitted}${reference}${waived}</div>`;
      })
      .join('');
  const rows = keys.map((key) => {
    const cells = owners.map((owner) => {
      const owed = progress.deliverables.filter((d) => d.key === key && d.owner === owner);
      return owed.length > 0 ? `<td>${cell(owed)}</td>` : '<td><small>—</small></td>';
    });
    return `<tr><th scope="row">${keyLabel(words.deliverableLabel(key), key, words)}</th>${cells.join('')}</tr>`;
  });
  return tableBox(
    words.whoOwesWhat,
    `<table><caption>${words.whoOwesWhat} (${words.timesIn.toLowerCase()} ${escapeHtml(zone)})</caption><thead><tr><th scope="col">${words.deliverable}</th>${owners.map((o) => `<th scope="col">${o === 'secretariat' ? words.secretariatColumn : escapeHtml(o)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`,
  );
}

/**
 * A row's name where the page names keys in its own words (French): the key follows, small, as `jsrx`,
 * the CSV exports and the action forms name it.
 */
function keyLabel(label: string, key: string, words: StaffWords): string {
  return words.namesKeys ? `${escapeHtml(label)}<br><small>${escapeHtml(key)}</small>` : escapeHtml(label);
}

/**
 * Who is in the round now, replacements included: the matrix names delegations by code only, and the
 * replacement form asks for the address of who left, which the page otherwise showed nowhere.
 */
function delegationsTable(progress: RoundProgress, language: StaffLanguage, words: StaffWords): string {
  const people = (list: Array<{ name: string; email: string }>) =>
    list.length === 0 ? '—' : list.map((person) => `${escapeHtml(person.name)} <small>${escapeHtml(person.email)}</small>`).join('<br>');
  const rows = progress.delegations.map(
    (d) =>
      `<tr><th scope="row">${escapeHtml(d.country)} ${escapeHtml(countryName(d.country, language))}${d.host ? ` <small>(${words.host})</small>` : ''}</th><td>${people(d.participants)}</td><td>${people(d.coordinatingAgency)}</td><td>${escapeHtml(zoneCityIn(d.timezone, language))}, ${escapeHtml(words.languageName[d.language])}</td></tr>`,
  );
  return `<h2>${words.delegations}</h2>${tableBox(
    words.delegations,
    `<table><thead><tr><th scope="col">${words.delegation}</th><th scope="col">${words.participants}</th><th scope="col">${words.coordinatingAgency}</th><th scope="col">${words.zoneAndLanguage}</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
  )}`;
}

function timeline(
  progress: RoundProgress,
  zone: string,
  language: StaffLanguage,
  words: StaffWords,
  letters: LetterLogEntry[],
): string {
  if (progress.events.length === 0) return `<h2>${words.timeline}</h2><p>${words.none}</p>`;
  // The first invitation goes out at SEQUENCE 0, and the round reads 0 for one not sent yet as well:
  // the invitation letters (about `vc1#0`) tell the launch's invitations from the visit's still to come.
  const invited = new Set(letters.filter((letter) => letter.kind === 'invitation').map((letter) => letter.about.split('#')[0]));
  const rows = progress.events.map((event) => {
    // A visit is whole days of the host's calendar: one cell with its dates, not two instants at the host's midnight.
    const dates = event.allDay
      ? `<td colspan="2">${escapeHtml(eventWhen(event, zone, language))}</td>`
      : `<td>${escapeHtml(when(event.start, zone, language))}</td><td>${escapeHtml(when(event.end, zone, language))}</td>`;
    const sequence = event.sequence > 0 || invited.has(event.id) ? String(event.sequence) : `0 (${words.notSentYet})`;
    const calledOff = eventCalledOff(event, progress) ? `<br><small>${words.calledOff}</small>` : '';
    return `<tr><th scope="row">${keyLabel(words.eventLabel(event), event.id, words)}${calledOff}</th>${dates}<td>${sequence}</td></tr>`;
  });
  return `<h2>${words.timeline}</h2>${tableBox(
    words.timeline,
    `<table><caption>${words.sequence}${words.colon} ${words.sequenceNote}</caption><thead><tr><th scope="col">${words.event}</th><th scope="col">${words.start}</th><th scope="col">${words.end}</th><th scope="col">${words.sequence}</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
  )}`;
}

function messageLog(
  progress: RoundProgress,
  zone: string,
  language: StaffLanguage,
  words: StaffWords,
  letters: LetterLogEntry[],
): string {
  const { delivered, inFlight, failed } = progress.letters;
  // Delivered letters are the many: the page lists the others, the CSV export every one.
  const open = letters.filter((letter) => letter.outcome !== 'delivered');
  const rows = open.map(
    (letter) =>
      `<tr><td>${escapeHtml(letter.to)}</td><td>${escapeHtml(words.letterKind(letter.kind))} ${escapeHtml(letter.about)}</td><td>${escapeHtml(when(letter.decidedAt, zone, language))}</td><td class="o-${letter.outcome}">${escapeHtml(words.outcome[letter.outcome])}</td><td>${escapeHtml(letter.reason ?? '')}</td></tr>`,
  );
  return [
    `<h2>${words.messages}</h2>`,
    `<p>${escapeHtml(words.lettersLine(delivered, inFlight, failed))}</p>`,
    rows.length > 0
      ? tableBox(
          words.messages,
          `<table><thead><tr><th scope="col">${words.reader}</th><th scope="col">${words.about}</th><th scope="col">${words.at}</th><th scope="col">${words.outcomeHeading}</th><th scope="col">${words.reason}</th></tr></thead><tbody>${rows.join('')}</tbody></table>`,
        )
      : `<p>${words.noFailures}</p>`,
  ].join('');
}

function feedbackSummary(progress: RoundProgress, language: StaffLanguage, words: StaffWords): string {
  const owed = progress.deliverables.filter(
    (d) => d.key === 'exchange-feedback' && d.status !== 'waived',
  ).length;
  const rows = feedbackRows(progress);
  const heading = `<h2>${words.feedback}</h2>`;
  if (rows.length === 0) return `${heading}<p>${words.feedbackNone}</p>`;
  const average = (values: number[]) => (values.reduce((sum, v) => sum + v, 0) / values.length).toFixed(1);
  const tools = JSR_TOOLS.map(
    (tool) =>
      `<tr><th scope="row">${escapeHtml(FEEDBACK_WORDS[language].tools[tool])}</th><td>${average(rows.map((row) => row.tools[tool].rating))}</td></tr>`,
  );
  const atHome = rows
    .map(
      (row) =>
        `<li>${escapeHtml(row.delegation)}, ${escapeHtml(row.participant)}${words.colon} ${escapeHtml(row.atHome)}</li>`,
    )
    .join('');
  return [
    heading,
    `<p>${escapeHtml(words.feedbackCount(rows.length, owed))}</p>`,
    tableBox(
      words.feedback,
      `<table><thead><tr><th scope="col">${words.tool}</th><th scope="col">${words.averageOf5}</th></tr></thead><tbody><tr><th scope="row">${words.usefulness}</th><td>${average(rows.map((row) => row.usefulness))}</td></tr>${tools.join('')}</tbody></table>`,
    ),
    `<p>${escapeHtml(FEEDBACK_WORDS[language].atHome)}</p><ul>${atHome}</ul>`,
  ].join('');
}

function actionForms(
  progress: RoundProgress,
  context: { csrf: string; zone: string; language: StaffLanguage; words: StaffWords },
): string {
  const forms = actionFormsByName(progress, context, {});
  return [`<h2>${context.words.actions}</h2>`, ...STAFF_ACTIONS.map((name) => forms[name] ?? '')].join('\n');
}

/**
 * The form of an action the round or the page refused, filled in with what the viewer typed: the refusal
 * page shows it under the reason, so a long reason or a mistyped address is corrected, not typed again.
 * Empty when the round no longer offers that form (nothing open to waive, say).
 */
export function refusedActionForm(
  progress: RoundProgress,
  context: { csrf: string; zone: string; language?: StaffLanguage },
  typed: Form,
): string {
  const language = context.language ?? 'en';
  const name = STAFF_ACTIONS.find((action) => action === typed.action);
  if (!name || !isRunning(progress)) return '';
  return actionFormsByName(progress, { ...context, language, words: staffWords(language) }, typed)[name] ?? '';
}

function actionFormsByName(
  progress: RoundProgress,
  context: { csrf: string; zone: string; language: StaffLanguage; words: StaffWords },
  typed: Form,
): Partial<Record<StaffAction, string>> {
  const { csrf, zone, language, words } = context;
  // What the viewer typed, for the refused form only (`typed` names its action): every other form starts empty.
  const value = (action: StaffAction, field: string) => {
    const given = typed.action === action ? typed[field] : undefined;
    return given === undefined ? '' : ` value="${escapeHtml(given)}"`;
  };
  const option = (action: StaffAction, field: string, optionValue: string, text = optionValue) =>
    `<option value="${escapeHtml(optionValue)}"${typed.action === action && typed[field] === optionValue ? ' selected' : ''}>${escapeHtml(text)}</option>`;
  const open = progress.deliverables.filter((d) => d.status === 'pending' || d.status === 'overdue' || d.status === 'not-sent');
  const form = (action: StaffAction, legend: string, fields: string) =>
    `<form class="action" method="post" action="/staff/rounds/${encodeURIComponent(progress.roundId)}/actions"><fieldset><legend>${legend}</legend>
<input type="hidden" name="_csrf" value="${escapeHtml(csrf)}"><input type="hidden" name="action" value="${action}"><input type="hidden" name="tz" value="${escapeHtml(zone)}"><input type="hidden" name="lang" value="${language}">${fields}
<button type="submit">${legend}</button></fieldset></form>`;
  const deliverable = (action: StaffAction) =>
    `<label for="${action}-deliverable">${words.deliverable}</label> <select id="${action}-deliverable" name="deliverable" required>${open.map((d) => option(action, 'deliverable', d.id, words.deliverableOption(d.id, d.key))).join('')}</select>`;
  const reason = (action: StaffAction, required = true) =>
    `<label for="${action}-reason">${words.reason}</label> <input id="${action}-reason" name="reason"${required ? ' required' : ''} maxlength="2000"${value(action, 'reason')}>`;
  const forms: Partial<Record<StaffAction, string>> = {
    reschedule: form(
      'reschedule',
      words.reschedule,
      `<label for="reschedule-event">${words.event}</label> <select id="reschedule-event" name="event">${SCHEDULED_EVENTS.map((e) => option('reschedule', 'event', e, words.namesKeys ? `${words.eventLabel({ id: e })} (${e})` : e)).join('')}</select>
<label for="reschedule-start">${words.newStart}</label> <input id="reschedule-start" name="start" required placeholder="${escapeHtml(words.newStartExample)}"${value('reschedule', 'start')}>
<label for="reschedule-end">${words.visitLastDay}</label> <input id="reschedule-end" name="end" placeholder="2027-04-30"${value('reschedule', 'end')}> ${reason('reschedule', false)}`,
    ),
    cancel: form('cancel', words.cancel, reason('cancel')),
  };
  // Handed in by email or on paper, or one of the Secretariat's own (VC notes, logistics): recorded here.
  if (open.length > 0) {
    forms.submit = form(
      'submit',
      words.submit,
      `${deliverable('submit')} <label for="submit-by">${words.submittedBy}</label> <input id="submit-by" name="by" type="email" required${value('submit', 'by')}> <label for="submit-reference">${words.reference}</label> <input id="submit-reference" name="reference" required maxlength="2048" placeholder="https://…"${value('submit', 'reference')}>`,
    );
    forms.waive = form('waive', words.waive, `${deliverable('waive')} ${reason('waive')}`);
    forms.extend = form(
      'extend',
      words.extend,
      `${deliverable('extend')} <label for="extend-due">${words.newDueDate}</label> <input id="extend-due" name="dueAt" required placeholder="2027-03-18" aria-describedby="extend-due-help"${value('extend', 'dueAt')}> <small id="extend-due-help">${escapeHtml(words.dueDateHelp(hostCity(progress, language), otherDays(progress, language)))}</small> ${reason('extend')}`,
    );
  }
  if (progress.delegations.length > 0)
    forms.replace = form(
      'replace',
      words.replace,
      `<label for="replace-delegation">${words.delegation}</label> <select id="replace-delegation" name="country" required>${progress.delegations.map((d) => option('replace', 'country', d.country)).join('')}</select>
<label for="replace-leaving">${words.leaving}</label> <input id="replace-leaving" name="leaving" type="email" required${value('replace', 'leaving')}>
<label for="replace-name">${words.newcomerName}</label> <input id="replace-name" name="name" required maxlength="200"${value('replace', 'name')}>
<label for="replace-email">${words.newcomerEmail}</label> <input id="replace-email" name="email" type="email" required${value('replace', 'email')}>`,
    );
  return forms;
}

/** Where a due date given as a day falls: the host's zone (domain/plan.ts), named by its city in the page's language. */
function hostCity(progress: RoundProgress, language: StaffLanguage): string {
  const host = progress.delegations.find((delegation) => delegation.host) ?? progress.delegations[0];
  return host ? zoneCityIn(host.timezone, language) : 'UTC';
}

/**
 * The delegations for whom 17:00 at the host's is another day: a date typed for Kiribati's documents
 * falls due, on a Kenyan host's clock, at 01:00 the next day in Kiritimati. Read on the launch day (a
 * summer-time hour may move the line by one).
 */
function otherDays(progress: RoundProgress, language: StaffLanguage): { nextDay: string[]; dayBefore: string[] } {
  const host = progress.delegations.find((delegation) => delegation.host) ?? progress.delegations[0];
  const due = DateTime.fromISO(progress.launchedAt, { zone: host?.timezone ?? 'UTC' }).set({ hour: DUE_HOUR, minute: 0, second: 0, millisecond: 0 });
  const day = due.toISODate() ?? '';
  const elsewhere = (compare: (other: string) => boolean) =>
    progress.delegations
      .filter((delegation) => compare(due.setZone(delegation.timezone).toISODate() ?? day))
      .map((delegation) => `${zoneCityIn(delegation.timezone, language)} (${delegation.country})`);
  return { nextDay: elsewhere((other) => other > day), dayBefore: elsewhere((other) => other < day) };
}
