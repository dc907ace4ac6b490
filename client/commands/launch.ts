/**
 * `jsrx launch FILE`: validate the round file, then start its round workflow on the configured service.
 * The workflow id comes from the round id, so the same round cannot run twice at once; a round id whose
 * earlier run ended (cancelled, completed) starts a new run, and the coordinator is told what became of
 * the earlier one.
 */
import { Command } from 'commander';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { loadConfig } from '../../worker/config';
import { connectClient } from '../connect';
import { InputError } from '../exit';
import { createPrinter, formatDateTime, type CommonOptions } from '../output';
import { requireValidRound } from '../round-input';
import { earlierRun, startRound } from '../round-service';
import { runStatusWords } from '../round-stop';

export function launchCommand(): Command {
  return new Command('launch')
    .description('validate a round file and start the round on the Temporal service')
    .argument('<file>', 'the round file')
    .option('--tz <zone>', 'IANA time zone to show times in (default: this machine’s zone)')
    .option('--json', 'print the started round as JSON')
    .action(async (file: string, options: CommonOptions) => {
      const printer = createPrinter(options);
      // The workflow refuses the same at launch; checking here gives the coordinator exit 2 and every problem.
      const { round, input, warnings } = await requireValidRound(file, printer, { now: new Date().toISOString() });
      const config = loadConfig();
      const client = await connectClient(config);
      try {
        const earlier = await earlierRun(client, round.id);
        const handle = await startRound(client, round, input, config.temporal.taskQueue).catch((error: unknown) => {
          if (error instanceof WorkflowExecutionAlreadyStartedError) {
            throw new InputError(`round ${round.id} is already running (workflow ${error.workflowId}); give the new round its own id, or cancel the running one first`);
          }
          throw error;
        });
        const launched = {
          roundId: round.id,
          workflowId: handle.workflowId,
          runId: handle.firstExecutionRunId,
          taskQueue: config.temporal.taskQueue,
          warnings,
          ...(earlier ? { earlierRun: earlier } : {}),
        };
        printer.result(launched, () => {
          if (earlier) {
            printer.line(
              `an earlier run of ${round.id} (run ${earlier.runId}) ${earlierRunWords(earlier.status)} on ${formatDateTime(earlier.closedAt, printer.zone)}: this is a new run, so every reader gets new invitations and new messages, and the earlier run's stay as they were`,
            );
          }
          printer.line(printer.colors.green(`launched ${round.id} (workflow ${handle.workflowId}) on ${config.temporal.address}`));
          printer.line(`vc1 ${formatDateTime(round.schedule.vc1.start, printer.zone)}; follow it with: jsrx status ${round.id}`);
        });
      } finally {
        await client.connection.close();
      }
    });
}

/** `was cancelled`, `was terminated`, `timed out`: the run's status as a sentence says it, never `timed_out`. */
function earlierRunWords(status: string): string {
  const words = runStatusWords(status);
  return words === 'timed out' ? words : `was ${words}`;
}
