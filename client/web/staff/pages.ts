/**
 * The staff dashboard's pages, server-rendered HTML that works without JavaScript: the login form, the
 * rounds list and a round's page (the delegation × deliverable matrix and the actions). Every value is
 * escaped where it is placed; every form carries its CSRF token.
 */
import { DateTime } from 'luxon';
import type { DeliverableProgress, RoundProgress } from '../../../workflows/messages';

export interface RoundRow {
  roundId: string;
  phase: string;
  status: string;
  /** The next event that has not started, if the round could be asked. */
  nextEvent?: { id: string; start: string };
  overdue?: number;
  /** Why the round could not be asked (a worker down): the list still shows it. */
  unavailable?: string;
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

export function when(iso: string | undefined, zone: string): string {
  if (!iso) return '';
  const instant = DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone);
  return instant.isValid ? instant.toFormat('ccc d LLL yyyy HH:mm ZZZZ') : iso;
}

const STYLE = `body{font-family:system-ui,sans-serif;margin:1rem auto;max-width:72rem;padding:0 1rem;color:#1d2939}
table{border-collapse:collapse;margin:1rem 0}td{overflow-wrap:anywhere}th,td{border:1px solid #d0d5dd;padding:.35rem .5rem;text-align:left;vertical-align:top}
.pending{background:#eff8ff}.overdue{background:#fef3f2;color:#912018;font-weight:600}.submitted{background:#ecfdf3}
.submitted-late{background:#fffaeb}.waived{background:#f2f4f7;color:#475467}.notice{padding:.5rem;border:1px solid #d0d5dd}
.refused{border-color:#912018;color:#912018}form.action{border:1px solid #d0d5dd;padding:.5rem;margin:.5rem 0}
label{display:inline-block;margin:.25rem .5rem .25rem 0}small{color:#475467}`;

export function layout(title: string, body: string, options: { signedIn?: { csrf: string } } = {}): string {
  const logout = options.signedIn
    ? `<form method="post" action="/staff/logout"><input type="hidden" name="_csrf" value="${escapeHtml(options.signedIn.csrf)}"><button type="submit">Sign out</button></form>`
    : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · JSR Exchange staff</title><style>${STYLE}</style></head>
<body><header><nav aria-label="Staff"><a href="/staff">Rounds</a></nav>${logout}</header><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

export function loginPage(csrf: string, problem?: string): string {
  const notice = problem ? `<p class="notice refused" role="alert">${escapeHtml(problem)}</p>` : '';
  return layout(
    'Staff sign-in',
    `${notice}<form method="post" action="/staff/login"><input type="hidden" name="_csrf" value="${escapeHtml(csrf)}">
<label for="password">Password</label> <input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button></form>`,
  );
}

export function messagePage(title: string, message: string, back?: string): string {
  const link = back ? `<p><a href="${escapeHtml(back)}">Back</a></p>` : '';
  return layout(title, `<p class="notice refused" role="alert">${escapeHtml(message)}</p>${link}`);
}

export function roundsPage(rows: RoundRow[], zone: string, csrf: string): string {
  if (rows.length === 0)
    return layout('Rounds', '<p>No rounds on this service yet.</p>', { signedIn: { csrf } });
  const lines = rows.map((row) => {
    const next = row.nextEvent
      ? `${escapeHtml(row.nextEvent.id)}, ${escapeHtml(when(row.nextEvent.start, zone))}`
      : row.unavailable
        ? ''
        : '—';
    const overdue =
      row.overdue === undefined ? `<small>${escapeHtml(row.unavailable ?? '')}</small>` : String(row.overdue);
    return `<tr><td><a href="/staff/rounds/${encodeURIComponent(row.roundId)}${zone === 'UTC' ? '' : `?tz=${encodeURIComponent(zone)}`}">${escapeHtml(row.roundId)}</a></td><td>${escapeHtml(row.phase)}</td><td>${escapeHtml(row.status.toLowerCase())}</td><td>${next}</td><td>${overdue}</td></tr>`;
  });
  return layout(
    'Rounds',
    `<table><caption>Times in ${escapeHtml(zone)}</caption><thead><tr><th scope="col">Round</th><th scope="col">Phase</th><th scope="col">Status</th><th scope="col">Next event</th><th scope="col">Overdue</th></tr></thead><tbody>${lines.join('')}</tbody></table>`,
    { signedIn: { csrf } },
  );
}

export interface RoundPageOptions {
  zone: string;
  csrf: string;
  /** The outcome of the action just taken (post/redirect/get). */
  done?: string;
}

/** Owners as columns (delegations in the round's order, then the Secretariat), deliverable keys as rows. */
export function roundPage(progress: RoundProgress, options: RoundPageOptions): string {
  const { zone, csrf } = options;
  const owners = [...new Set(progress.deliverables.map((d) => d.owner))].sort(
    (a, b) => Number(a === 'secretariat') - Number(b === 'secretariat'),
  );
  const keys = [...new Set(progress.deliverables.map((d) => d.key))];
  const cell = (owed: DeliverableProgress[]) =>
    owed
      .map((d) => {
        const who = d.participant ? `<br><small>${escapeHtml(d.participant)}</small>` : '';
        const submitted = d.submittedAt
          ? `<br>received ${escapeHtml(when(d.submittedAt, zone))}${d.submittedBy ? ` from ${escapeHtml(d.submittedBy)}` : ''}`
          : '';
        const reference = d.reference ? `<br>${referenceHtml(d.reference)}` : '';
        const waived = d.waivedReason ? `<br><small>${escapeHtml(d.waivedReason)}</small>` : '';
        const reminder = d.nextReminder
          ? `<br><small>next reminder ${escapeHtml(when(d.nextReminder.at, zone))}</small>`
          : '';
        return `<div class="${escapeHtml(d.status)}"><strong>${escapeHtml(d.status)}</strong>${who}<br>due ${escapeHtml(when(d.dueAt, zone))}${reminder}${submitted}${reference}${waived}</div>`;
      })
      .join('');
  const rows = keys.map((key) => {
    const cells = owners.map((owner) => {
      const owed = progress.deliverables.filter((d) => d.key === key && d.owner === owner);
      return owed.length > 0 ? `<td>${cell(owed)}</td>` : '<td><small>—</small></td>';
    });
    return `<tr><th scope="row">${escapeHtml(key)}</th>${cells.join('')}</tr>`;
  });
  const events = progress.nextEvents
    .map((event) => `<li>${escapeHtml(event.id)}: ${escapeHtml(when(event.start, zone))}</li>`)
    .join('');
  const warnings = progress.warnings
    .map((warning) => `<li>${escapeHtml(warning.path)}: ${escapeHtml(warning.message)}</li>`)
    .join('');
  const done = options.done ? `<p class="notice" role="status">${escapeHtml(options.done)}</p>` : '';
  const body = [
    done,
    `<p>Phase <strong>${escapeHtml(progress.phase)}</strong> since ${escapeHtml(when(progress.phaseSince, zone))}; status ${escapeHtml(progress.status)}.</p>`,
    `<table><caption>Who owes what (times in ${escapeHtml(zone)})</caption><thead><tr><th scope="col">Deliverable</th>${owners.map((o) => `<th scope="col">${escapeHtml(o)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`,
    `<h2>Next events</h2>${events ? `<ul>${events}</ul>` : '<p>None.</p>'}`,
    warnings ? `<h2>Warnings</h2><ul>${warnings}</ul>` : '',
    progress.status === 'running' ? actionForms(progress, csrf, zone) : '',
  ];
  return layout(
    progress.title ? `${progress.title} (${progress.roundId})` : progress.roundId,
    body.join('\n'),
    { signedIn: { csrf } },
  );
}

function actionForms(progress: RoundProgress, csrf: string, zone: string): string {
  const open = progress.deliverables.filter((d) => d.status === 'pending' || d.status === 'overdue');
  const options = open
    .map((d) => `<option value="${escapeHtml(d.id)}">${escapeHtml(d.id)}</option>`)
    .join('');
  const form = (action: string, legend: string, fields: string) =>
    `<form class="action" method="post" action="/staff/rounds/${encodeURIComponent(progress.roundId)}/actions"><fieldset><legend>${legend}</legend>
<input type="hidden" name="_csrf" value="${escapeHtml(csrf)}"><input type="hidden" name="action" value="${action}"><input type="hidden" name="tz" value="${escapeHtml(zone)}">${fields}
<button type="submit">${legend}</button></fieldset></form>`;
  const deliverable = (id: string) =>
    `<label for="${id}">Deliverable</label> <select id="${id}" name="deliverable" required>${options}</select>`;
  const reason = (id: string, required = true) =>
    `<label for="${id}">Reason</label> <input id="${id}" name="reason"${required ? ' required' : ''} maxlength="2000">`;
  return [
    '<h2>Actions</h2>',
    open.length > 0
      ? form('waive', 'Waive', `${deliverable('waive-deliverable')} ${reason('waive-reason')}`)
      : '',
    open.length > 0
      ? form(
          'extend',
          'Extend the due date',
          `${deliverable('extend-deliverable')} <label for="extend-due">New due date</label> <input id="extend-due" name="dueAt" required placeholder="2027-03-18"> ${reason('extend-reason')}`,
        )
      : '',
    form(
      'reschedule',
      'Reschedule',
      `<label for="reschedule-event">Event</label> <select id="reschedule-event" name="event">${['vc1', 'vc2', 'visit', 'vc3'].map((e) => `<option>${e}</option>`).join('')}</select>
<label for="reschedule-start">New start</label> <input id="reschedule-start" name="start" required placeholder="2027-03-24T13:00:00Z or 2027-04-26">
<label for="reschedule-end">Visit's last day</label> <input id="reschedule-end" name="end" placeholder="2027-04-30"> ${reason('reschedule-reason', false)}`,
    ),
    form('cancel', 'Cancel the round', reason('cancel-reason')),
  ].join('\n');
}
