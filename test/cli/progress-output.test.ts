import type { DeliverableStatusView } from '../../workflows/dispatch';
import { progressCsv, progressHtml, type ReportInput } from '../../client/report-formats';
import { buildStatusMatrix } from '../../client/status-matrix';
import { formatEventWhen, upcomingEvents } from '../../client/event-when';

const deliverable = (id: string, status: DeliverableStatusView['status'], dueAt: string, extra: Partial<DeliverableStatusView> = {}): DeliverableStatusView => {
  const [owner = '', key = '', participant] = id.split('/');
  return { id, key: key as DeliverableStatusView['key'], owner, dueAt, status, ...(participant ? { participant } : {}), ...extra };
};

const midRound: DeliverableStatusView[] = [
  deliverable('KE/learning-objectives', 'submitted', '2027-02-13T11:00:00Z', { submittedAt: '2027-02-10T08:00:00Z', submittedBy: 'p.kamau@example.ke', reference: 'https://docs.example.ke/lo.pdf' }),
  deliverable('GH/learning-objectives', 'overdue', '2027-02-13T11:00:00Z'),
  deliverable('secretariat/vc1-notes', 'pending', '2027-02-19T11:00:00Z'),
  deliverable('KE/exchange-feedback/p.kamau@example.ke', 'submitted', '2027-06-29T11:00:00Z'),
  deliverable('KE/exchange-feedback/m.achieng@example.ke', 'pending', '2027-06-29T11:00:00Z'),
  deliverable('GH/meeting-requests', 'waived', '2027-04-12T14:00:00Z', { waivedReason: 'no side meetings "this year"' }),
];

/** RFC 4180 as a spreadsheet reads it: quoted fields, doubled quotes inside them. */
function readCsv(text: string): Array<Record<string, string>> {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted && char === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (char === '"') {
      quoted = !quoted;
    } else if (!quoted && char === ',') {
      record.push(field);
      field = '';
    } else if (!quoted && char === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else {
      field += char;
    }
  }
  const [head = [], ...rows] = records;
  return rows.map((row) => Object.fromEntries(head.map((name, column) => [name, row[column] ?? ''])));
}

describe('progress as staff read it', () => {
  it('puts each deliverable on a row and each owner in a column, the Secretariat last, folding per-participant ones', () => {
    const matrix = buildStatusMatrix(midRound);

    expect(matrix.owners).toEqual(['KE', 'GH', 'secretariat']);
    expect(matrix.rows.map((row) => row.key)).toEqual(['learning-objectives', 'vc1-notes', 'meeting-requests', 'exchange-feedback']);
    expect(matrix.rows[0]?.cells).toEqual({ KE: { status: 'submitted', label: 'submitted' }, GH: { status: 'overdue', label: 'overdue' } });
    expect(matrix.rows[3]?.cells.KE).toEqual({ status: 'pending', label: '1/2 submitted' });
    expect(matrix.counts).toEqual({ pending: 2, overdue: 1, submitted: 2, 'submitted-late': 0, waived: 1, 'not-sent': 0 });
  });

  it('orders the columns as the round file lists its delegations, not by whose item falls due first', () => {
    // A deadline for the host alone (visa letters set early) puts its item first in due order.
    const hostFirst = [deliverable('KE/visa-invitation-letters', 'pending', '2027-01-05T14:00:00Z'), ...midRound.filter((d) => d.owner !== 'KE')];
    expect(buildStatusMatrix(hostFirst, ['GH', 'KE']).owners).toEqual(['GH', 'KE', 'secretariat']);
    expect(buildStatusMatrix(hostFirst).owners).toEqual(['KE', 'GH', 'secretariat']);
  });

  const report: ReportInput = {
    roundId: 'en-2027-r1',
    title: 'Anglophone JSR exchange 2027',
    phase: 'vc-1',
    deliverables: midRound,
    nextEvents: [{ id: 'vc2', start: '2027-03-23T11:00:00Z' }],
    zone: 'Africa/Nairobi',
    generatedAt: '2027-02-17T09:00:00Z',
  };

  it('writes one CSV row per deliverable, with the due date in UTC and in the reader’s zone, quoting what needs it', () => {
    const rows = readCsv(progressCsv(report));

    expect(rows).toHaveLength(midRound.length);
    expect(rows[0]).toMatchObject({
      owner: 'KE',
      deliverable: 'learning-objectives',
      due_at_utc: '2027-02-13T11:00:00Z',
      'due_at_Africa/Nairobi': 'Sat 13 Feb 2027 14:00 GMT+3',
      status: 'submitted',
      submitted_by: 'p.kamau@example.ke',
    });
    expect(rows[5]?.waived_reason).toBe('no side meetings "this year"');
  });

  it('makes an HTML page that needs nothing from the network', () => {
    const html = progressHtml(report);

    expect(html).toContain('<h1>Anglophone JSR exchange 2027: progress</h1>');
    expect(html).toContain('<td style="color:#b42318">overdue</td>');
    expect(html).toContain('vc2: Tue 23 Mar 2027 14:00 GMT+3');
    expect(html).not.toMatch(/<script|<link|src=|url\(/i);
  });

  it('gives the visit as the host’s dates, not as the instant of the host’s midnight in the reader’s zone', () => {
    // Nairobi's midnight on Monday 26 April is 21:00 UTC on the Sunday.
    const progress = {
      nextEvents: [
        { id: 'vc2', start: '2027-03-23T11:00:00Z' },
        { id: 'visit', start: '2027-04-25T21:00:00Z' },
      ],
      events: [
        { id: 'vc2' },
        { id: 'visit', allDay: { firstDay: '2027-04-26', lastDay: '2027-04-30' } },
      ],
    };
    const upcoming = upcomingEvents(progress);
    expect(upcoming.map((event) => formatEventWhen(event, 'UTC'))).toEqual([
      'Tue 23 Mar 2027 11:00 UTC',
      'Mon 26 Apr 2027 to Fri 30 Apr 2027 (host dates)',
    ]);
    expect(formatEventWhen({ id: 'visit', start: '2027-04-25T21:00:00Z', allDay: { firstDay: '2027-04-26', lastDay: '2027-04-26' } }, 'UTC')).toBe(
      'Mon 26 Apr 2027 (host dates)',
    );
    const html = progressHtml({ ...report, nextEvents: upcoming });
    expect(html).toContain('visit: Mon 26 Apr 2027 to Fri 30 Apr 2027 (host dates)');
    expect(html).not.toContain('Sun 25 Apr');
  });
});
