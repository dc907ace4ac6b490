/**
 * The staff dashboard's pages, server-rendered HTML that works without JavaScript: the layout, the login
 * form, the rounds list (a round's page is round-page.ts). Every value is escaped where it is placed;
 * every form carries its CSRF token.
 */
import { DateTime } from 'luxon';
import { formatHostDates, type EventTiming } from '../../event-when';
import type { RoundStop } from '../../round-stop';
import { staffWords, type StaffLanguage } from './words';

export interface RoundRow {
  roundId: string;
  phase: string;
  status: string;
  /** The next event that has not started, if the round could be asked; a visit with its host dates. */
  nextEvent?: EventTiming;
  overdue?: number;
  /** Why the round could not be asked (a worker down): the list still shows it, saying why in the viewer's language. */
  unavailable?: 'not-found' | 'no-answer';
  /** How the round stopped, when it was stopped from outside: it has no next event, and nothing is overdue any more. */
  stopped?: RoundStop;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

/**
 * A reference a browser may follow: http(s) only, so a `javascript:` reference is shown as text. A
 * delivered file reads `<url> — <note>` (client/web/delivery.ts): the link shows the file's name, the note
 * follows as text, so a long signed address does not stretch the matrix.
 */
export function referenceHtml(reference: string): string {
  const [address = '', ...note] = reference.split(' — ');
  if (!/^https?:\/\/\S+$/i.test(address)) return escapeHtml(reference);
  let label = address;
  try {
    const last = new URL(address).pathname.split('/').filter(Boolean).pop();
    if (last) label = decodeURIComponent(last);
  } catch {
    // Not a URL after all: shown whole.
  }
  const rest = note.length > 0 ? ` — ${escapeHtml(note.join(' — '))}` : '';
  return `<a href="${escapeHtml(address)}" rel="noreferrer noopener">${escapeHtml(label)}</a>${rest}`;
}

/**
 * Formatted instants, kept: luxon's named offset (`ZZZZ`) asks Intl for it on every call, about 0.3 ms, and
 * a round page shows a few hundred instants that are the same from one request to the next.
 */
const formatted = new Map<string, string>();
const FORMATTED_MAX = 20_000;

export function when(iso: string | undefined, zone: string, language: StaffLanguage = 'en'): string {
  if (!iso) return '';
  const key = `${iso}|${zone}|${language}`;
  const hit = formatted.get(key);
  if (hit !== undefined) return hit;
  // In the page's language: a French page read "échéance Mon 11 Jan 2027" before.
  const instant = DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone).setLocale(language);
  const text = instant.isValid ? instant.toFormat('ccc d LLL yyyy HH:mm ZZZZ') : iso;
  if (formatted.size >= FORMATTED_MAX) formatted.clear();
  formatted.set(key, text);
  return text;
}

/**
 * When an event takes place on a staff page: a visit as the host's dates (its instants fall at the host's
 * midnight, an hour of the evening before anywhere west of it), any other event as an instant in the viewer's zone.
 */
export function eventWhen(event: EventTiming, zone: string, language: StaffLanguage = 'en'): string {
  return event.allDay ? formatHostDates(event.allDay, language) : when(event.start, zone, language);
}

/** The dashboard's status cell of a stopped round: what, when and why, short. */
function stopCell(stop: RoundStop, zone: string, language: StaffLanguage): string {
  const words = staffWords(language);
  const reason = stop.reason ? `${words.colon} ${escapeHtml(stop.reason)}` : '';
  return `${escapeHtml(words.stopStatus[stop.status])}<br><small>${escapeHtml(when(stop.stoppedAt, zone, language))}${reason}</small>`;
}

const STYLE = `body{font-family:system-ui,sans-serif;margin:1rem auto;max-width:72rem;padding:0 1rem;color:#1d2939;overflow-wrap:break-word}
table{border-collapse:collapse;margin:0}caption{text-align:left;max-width:calc(100vw - 2rem)}.table-box{max-width:100%;overflow-x:auto;margin:1rem 0}.table-box td{min-width:7rem}td{overflow-wrap:anywhere}th,td{border:1px solid #d0d5dd;padding:.35rem .5rem;text-align:left;vertical-align:top}
.pending{background:#eff8ff}.overdue{background:#fef3f2;color:#912018;font-weight:600}.submitted{background:#ecfdf3}
.submitted-late{background:#fffaeb}.waived,.not-sent,.called-off{background:#f2f4f7;color:#475467}.notice{padding:.5rem;border:1px solid #d0d5dd}
.refused{border-color:#912018;color:#912018}form.action{border:1px solid #d0d5dd;padding:.5rem;margin:.5rem 0}
label{display:inline-block;margin:.25rem .5rem .25rem 0}small{color:#475467}
code{overflow-wrap:anywhere}input,select,button{max-width:100%}fieldset{min-width:0}header{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center}
@media(max-width:30rem){body{padding:0 .5rem}}`;

/**
 * A table in a box of its own that scrolls sideways when the table is wider than the screen (a phone,
 * the matrix of four delegations): the page itself never does. Its cells keep a readable width rather
 * than squeezing to a letter. Focusable and named, so a keyboard can scroll it and a screen reader says what it is.
 */
export function tableBox(label: string, table: string): string {
  return `<div class="table-box" role="region" tabindex="0" aria-label="${escapeHtml(label)}">${table}</div>`;
}

/** `?tz=…&lang=fr` for links that keep the viewer's zone and language; empty for UTC in English. */
export function staffQuery(zone: string, language: StaffLanguage, prefix = '?'): string {
  const parts = [
    ...(zone === 'UTC' ? [] : [`tz=${encodeURIComponent(zone)}`]),
    ...(language === 'en' ? [] : [`lang=${language}`]),
  ];
  return parts.length > 0 ? `${prefix}${parts.join('&')}` : '';
}

export function layout(
  title: string,
  body: string,
  options: { signedIn?: { csrf: string }; language?: StaffLanguage; zone?: string } = {},
): string {
  const language = options.language ?? 'en';
  const words = staffWords(language);
  const logout = options.signedIn
    ? `<form method="post" action="/staff/logout${staffQuery('UTC', language)}"><input type="hidden" name="_csrf" value="${escapeHtml(options.signedIn.csrf)}"><button type="submit">${words.signOut}</button></form>`
    : '';
  return `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · ${words.siteName}</title><style>${STYLE}</style></head>
<body><header><nav aria-label="${words.staffNavigation}"><a href="/staff${staffQuery(options.zone ?? 'UTC', language)}">${words.rounds}</a></nav>${logout}</header><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

/** `next`: the dashboard page asked for before signing in, where the form leads back to. */
export function loginPage(csrf: string, problem?: string, language: StaffLanguage = 'en', next?: string): string {
  const words = staffWords(language);
  const notice = problem ? `<p class="notice refused" role="alert">${escapeHtml(problem)}</p>` : '';
  const back = next ? `<input type="hidden" name="next" value="${escapeHtml(next)}">` : '';
  return layout(
    words.signInTitle,
    `${notice}<form method="post" action="/staff/login${staffQuery('UTC', language)}"><input type="hidden" name="_csrf" value="${escapeHtml(csrf)}">${back}
<label for="password">${words.password}</label> <input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">${words.signIn}</button></form>`,
    { language },
  );
}

/**
 * A refusal or an error, in the viewer's language; `back` is where its one link leads, `zone` the viewer's
 * zone the page's own links keep, `form` (HTML) the refused form as the viewer filled it in. `answer` is the round's refusal as it gave it, in English: marked so, so a
 * screen reader reads it with English sounds on a French page, after `message` has said what it is about.
 */
export function messagePage(
  title: string,
  message: string,
  options: { back?: string; language?: StaffLanguage; zone?: string; answer?: string; form?: string } = {},
): string {
  const language = options.language ?? 'en';
  const link = options.back
    ? `<p><a href="${escapeHtml(options.back)}">${staffWords(language).back}</a></p>`
    : '';
  const text =
    options.answer === undefined
      ? `<p class="notice refused" role="alert">${escapeHtml(message)}</p>`
      : `<div class="notice refused" role="alert"><p>${escapeHtml(message)}</p><p lang="en">${escapeHtml(options.answer)}</p></div>`;
  return layout(title, `${text}${options.form ?? ''}${link}`, { language, zone: options.zone });
}

export function roundsPage(
  rows: RoundRow[],
  zone: string,
  csrf: string,
  language: StaffLanguage = 'en',
): string {
  const words = staffWords(language);
  if (rows.length === 0)
    return layout(words.rounds, `<p>${words.noRounds}</p>`, { signedIn: { csrf }, language, zone });
  const lines = rows.map((row) => {
    const next = row.nextEvent
      ? `${escapeHtml(words.eventLabel(row.nextEvent))}, ${escapeHtml(eventWhen(row.nextEvent, zone, language))}`
      : row.unavailable
        ? ''
        : '—';
    // A cancelled round expects nothing more: its open items are no longer due, so none is overdue.
    const overdue = row.stopped || row.status === 'cancelled'
      ? '—'
      : row.overdue === undefined
        ? `<small>${row.unavailable ? escapeHtml(words.unavailable[row.unavailable]) : ''}</small>`
        : String(row.overdue);
    const status = row.stopped ? stopCell(row.stopped, zone, language) : escapeHtml(words.runStatus(row.status));
    return `<tr><td><a href="/staff/rounds/${encodeURIComponent(row.roundId)}${staffQuery(zone, language)}">${escapeHtml(row.roundId)}</a></td><td>${escapeHtml(words.phaseName(row.phase))}</td><td>${status}</td><td>${next}</td><td>${overdue}</td></tr>`;
  });
  return layout(
    words.rounds,
    tableBox(
      words.rounds,
      `<table><caption>${words.timesIn} ${escapeHtml(zone)}</caption><thead><tr><th scope="col">${words.round}</th><th scope="col">${words.phase}</th><th scope="col">${words.status}</th><th scope="col">${words.nextEvent}</th><th scope="col">${words.overdue}</th></tr></thead><tbody>${lines.join('')}</tbody></table>`,
    ),
    { signedIn: { csrf }, language, zone },
  );
}
