/**
 * `jsrx launch FILE`: validate the round file, then start its round workflow on the configured service.
 * The workflow id comes from the round id, so the same round cannot run twice.
 */
import { Command } from 'commander';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { loadConfig } from '../../worker/config';
import { connectClient } from '../connect';
import { InputError } from '../exit';
import { createPrinter, formatInstant, type CommonOptions } from '../output';
import { requireValidRound } from '../round-input';
import { startRound } from '../round-service';

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
        const handle = await startRound(client, round, input, config.temporal.taskQueue).catch((error: unknown) => {
          if (error instanceof WorkflowExecutionAlreadyStartedError) {
            throw new InputError(`round ${round.id} is already running (workflow ${error.workflowId}); give the new round its own id, or cancel the running one first`);
          }
          throw error;
        });
        const launched = { roundId: round.id, workflowId: handle.workflowId, runId: handle.firstExecutionRunId, taskQueue: config.temporal.taskQueue, warnings };
        printer.result(launched, () => {
          printer.line(printer.colors.green(`launched ${round.id} (workflow ${handle.workflowId}) on ${config.temporal.address}`));
          printer.line(`vc1 ${formatInstant(round.schedule.vc1.start, printer.zone)}; follow it with: jsrx status ${round.id}`);
        });
      } finally {
        await client.connection.close();
      }
    });
}
