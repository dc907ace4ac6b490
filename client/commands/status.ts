/** `jsrx status ROUND`: where a round stands: its phase, what comes next, and who owes what. */
import { Command } from 'commander';
import { connectFromEnv, queryProgress, type ProgressView } from '../round-service';
import { createPrinter, createTable, formatDateTime, type CommonOptions, type Printer } from '../output';
import { buildStatusMatrix, type Status } from '../status-matrix';
import { formatEventWhen, upcomingEvents } from '../event-when';
import { RoundStoppedError, noDeliverablesWhy, stopWords, type RoundStop } from '../round-stop';

export function statusCommand(): Command {
  return new Command('status')
    .description('show a round’s phase, its next events and each delegation’s deliverables')
    .argument('<round>', 'the round id, as in its file (en-2027-r1)')
    .option('--tz <zone>', 'IANA time zone to show times in (default: this machine’s zone)')
    .option('--json', 'print the progress as JSON')
    .action(async (roundId: string, options: CommonOptions) => {
      const printer = createPrinter(options);
      const client = await connectFromEnv();
      try {
        const progress = await queryProgress(client, roundId).catch((error: unknown) => {
          if (error instanceof RoundStoppedError) return error;
          throw error;
        });
        if (progress instanceof RoundStoppedError) {
          const { stop, planned } = progress;
          printer.result({ roundId, stopped: stop, ...(planned === undefined ? {} : { planned }) }, () => {
            printer.line(`${printer.colors.bold(roundId)}`);
            printStop(stop, printer);
            printer.line(noDeliverablesWhy(planned));
          });
          return;
        }
        printer.result(progress, () => printStatus(progress, printer));
      } finally {
        await client.connection.close();
      }
    });
}

export function printStatus(progress: ProgressView, printer: Printer): void {
  const { bold, dim } = printer.colors;
  const zone = printer.zone;
  printer.line(`${bold(progress.roundId)} — ${progress.title}`);
  const status = progress.stopped ? stopWords(progress.stopped.status) : progress.status;
  printer.line(`phase ${bold(progress.phase)} since ${formatDateTime(progress.phaseSince, zone)} (${status}, launched ${formatDateTime(progress.launchedAt, zone)})`);
  if (progress.stopped) printStop(progress.stopped, printer);
  if (progress.cancelledReason) printer.line(`cancelled: ${progress.cancelledReason}`);
  // A stopped round's events are not coming: its plan stopped with it.
  if (progress.nextEvents.length > 0 && !progress.stopped) {
    printer.line('next:');
    for (const event of upcomingEvents(progress).slice(0, 4)) printer.line(`  ${event.id.padEnd(10)} ${formatEventWhen(event, zone)}`);
  }
  const matrix = buildStatusMatrix(
    progress.deliverables,
    progress.delegations.map((delegation) => delegation.country),
  );
  const table = createTable(['deliverable', 'due', ...matrix.owners], printer);
  for (const row of matrix.rows) {
    table.push([
      row.key,
      row.dueAt ? formatDateTime(row.dueAt, zone) : 'varies',
      ...matrix.owners.map((owner) => {
        const cell = row.cells[owner];
        return cell ? paint(cell.status, cell.label, printer) : dim('—');
      }),
    ]);
  }
  printer.line(table.toString());
  const counts = Object.entries(matrix.counts)
    .filter(([, count]) => count > 0)
    .map(([status, count]) => paint(status as Status, `${count} ${status}`, printer));
  printer.line(`${counts.join(', ')}   ${dim(`(times in ${zone})`)}`);
  for (const failure of progress.deliveryFailures) {
    printer.line(printer.colors.red(`not delivered: ${failure.kind} ${failure.about} to ${failure.email}: ${failure.reason}`));
  }
  // As of the round's current dates (client/round-warnings.ts), not as they stood at launch.
  for (const warning of progress.warnings) printer.line(printer.colors.yellow(`warning ${warning.path}: ${warning.message}`));
}

function printStop(stop: RoundStop, printer: Printer): void {
  const reason = stop.reason ? `: ${stop.reason}` : '';
  printer.line(printer.colors.red(`stopped: ${stopWords(stop.status)} on ${formatDateTime(stop.stoppedAt, printer.zone)}${reason}`));
  printer.line(printer.colors.dim('nothing more is sent or chased for this round; launch it again to start a new run'));
}

function paint(status: Status, text: string, printer: Printer): string {
  const { red, yellow, green, dim } = printer.colors;
  switch (status) {
    case 'overdue':
      return red(text);
    case 'submitted-late':
      return yellow(text);
    case 'submitted':
      return green(text);
    case 'waived':
    case 'pending':
    case 'not-sent':
      return dim(text);
  }
}
