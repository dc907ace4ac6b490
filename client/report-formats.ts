/**
 * Progress for sharing outside the CLI: CSV for a spreadsheet (one row per deliverable) and a
 * self-contained HTML page (inline styles, no scripts, no remote fonts or images: it is mailed and
 * opened on slow connections).
 */
import { stringify } from 'csv-stringify/sync';
import type { DeliverableStatusView } from '../workflows/dispatch';
import type { Language } from '../domain/round-file';
import { formatEventWhen, type EventTiming } from './event-when';
import { formatDateTime } from './output';
import { stopWords, type RoundStop } from './round-stop';
import { buildStatusMatrix, type Status } from './status-matrix';

export interface ReportInput {
  roundId: string;
  title?: string;
  /** Unknown for a round stopped before its plan was made. */
  phase?: string;
  /** How the round was stopped from outside, when it was (round-stop.ts). */
  stopped?: RoundStop;
  /** Why the round has no deliverables to show, when it has none because it stopped (noDeliverablesWhy). */
  noDeliverables?: string;
  deliverables: DeliverableStatusView[];
  nextEvents: EventTiming[];
  /** The round's delegations in its file's order, for the columns. */
  delegations?: Array<{ country: string }>;
  zone: string;
  generatedAt: string;
}

/**
 * One row per deliverable. For a French reader the cells are separated by semicolons after a byte-order
 * mark, as the staff dashboard's exports are: Excel set to French reads a comma as the decimal mark and
 * puts a comma-separated line in one cell, and without the mark it misreads UTF-8 accents. Columns and
 * values stay the same in both, so a script reads either.
 */
export function progressCsv(report: ReportInput, language: Language = 'en'): string {
  const rows = report.deliverables.map((deliverable) => [
    report.roundId,
    deliverable.owner,
    deliverable.participant ?? '',
    deliverable.key,
    deliverable.dueAt,
    formatDateTime(deliverable.dueAt, report.zone),
    deliverable.status,
    deliverable.submittedAt ?? '',
    deliverable.submittedBy ?? '',
    deliverable.reference ?? '',
    deliverable.waivedReason ?? '',
  ]);
  const csv = stringify(rows, {
    header: true,
    delimiter: language === 'fr' ? ';' : ',',
    columns: ['round', 'owner', 'participant', 'deliverable', 'due_at_utc', `due_at_${report.zone}`, 'status', 'submitted_at', 'submitted_by', 'reference', 'waived_reason'],
  });
  return language === 'fr' ? `\uFEFF${csv}` : csv;
}

const COLOURS: Record<Status, string> = {
  overdue: '#b42318',
  pending: '#6b7280',
  'submitted-late': '#b54708',
  submitted: '#067647',
  waived: '#475467',
  'not-sent': '#475467',
};

export function progressHtml(report: ReportInput): string {
  const matrix = buildStatusMatrix(
    report.deliverables,
    (report.delegations ?? []).map((delegation) => delegation.country),
  );
  const title = `${report.title ?? report.roundId}: progress`;
  const head = ['Deliverable', 'Due', ...matrix.owners].map((cell) => `<th>${escape(cell)}</th>`).join('');
  const body = matrix.rows
    .map((row) => {
      const cells = matrix.owners.map((owner) => {
        const cell = row.cells[owner];
        return cell ? `<td style="color:${COLOURS[cell.status]}">${escape(cell.label)}</td>` : '<td>—</td>';
      });
      const due = row.dueAt ? formatDateTime(row.dueAt, report.zone) : 'varies';
      return `<tr><th scope="row">${escape(row.key)}</th><td>${escape(due)}</td>${cells.join('')}</tr>`;
    })
    .join('\n');
  const upcoming = report.nextEvents.map((event) => `<li>${escape(event.id)}: ${escape(formatEventWhen(event, report.zone))}</li>`).join('');
  const counts = Object.entries(matrix.counts)
    .filter(([, count]) => count > 0)
    .map(([status, count]) => `${count} ${status}`)
    .join(' · ');
  const phase = report.phase ? `Phase: <strong>${escape(report.phase)}</strong>. ${escape(counts)}${counts ? '. ' : ''}` : '';
  const stop = report.stopped ? `<p style="color:#b42318"><strong>${escape(stopSentence(report.stopped, report.zone))}</strong> Nothing more is sent or chased for this round.</p>\n` : '';
  const deliverables = report.noDeliverables
    ? `<p>No deliverables to show: ${escape(report.noDeliverables)}.</p>`
    : `<table><thead><tr>${head}</tr></thead>
<tbody>
${body}
</tbody></table>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:1.5rem;color:#101828}
table{border-collapse:collapse;font-size:.9rem}
th,td{border:1px solid #d0d5dd;padding:.3rem .6rem;text-align:left}
thead th{background:#f2f4f7}
</style></head>
<body>
<h1>${escape(title)}</h1>
${stop}<p>${phase}Times in ${escape(report.zone)}; generated ${escape(formatDateTime(report.generatedAt, report.zone))}.</p>
${upcoming ? `<h2>Next events</h2><ul>${upcoming}</ul>` : ''}
<h2>Deliverables</h2>
${deliverables}
</body></html>
`;
}

/** `Stopped: failed on Sun 6 Dec 2026 00:40 UTC: the round cannot launch …`, ending as a sentence. */
export function stopSentence(stop: RoundStop, zone: string): string {
  const reason = stop.reason ? `: ${stop.reason.replace(/[.!?]?$/, '.')}` : '.';
  return `Stopped: ${stopWords(stop.status)} on ${formatDateTime(stop.stoppedAt, zone)}${reason}`;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] as string);
}
