/**
 * What the six update commands share: send one update to the round, print whether the round accepted
 * it and why not, and exit 2 on a refusal (a bad deliverable id, a date out of order, a closed round).
 */
import { EXIT_INPUT, Reported } from '../exit';
import { createPrinter, type CommonOptions } from '../output';
import { applyRoundAction, connectFromEnv, roundHandle, type RoundAction } from '../round-service';
import { lateRequestText, pastDueText } from '../late-requests';

export async function runUpdate(roundId: string, action: RoundAction, options: CommonOptions, summary: string): Promise<void> {
  const printer = createPrinter(options);
  const client = await connectFromEnv();
  try {
    const outcome = await applyRoundAction(roundHandle(client, roundId), action);
    printer.result({ roundId, ...action, ...outcome }, () => {
      if (outcome.accepted) {
        printer.line(printer.colors.green(`${roundId}: ${summary}: accepted`));
        for (const late of outcome.lateRequests ?? []) printer.line(printer.colors.yellow(`warning: ${lateRequestText(roundId, late, printer.zone)}`));
        for (const past of outcome.pastDue ?? []) printer.line(printer.colors.yellow(`warning: ${pastDueText(roundId, past, printer.zone)}`));
      } else printer.line(printer.colors.red(`${roundId}: ${summary}: refused: ${outcome.reason}`));
    });
    if (!outcome.accepted) throw new Reported(EXIT_INPUT);
  } finally {
    await client.connection.close();
  }
}
