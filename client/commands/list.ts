/**
 * `jsrx list [--phase P]`: the rounds on the service, found through the RoundPhase search attribute
 * (a visibility list query), so staff need no round id to start from.
 */
import { Command, Option } from 'commander';
import { PHASES } from '../../domain/plan-types';
import { createPrinter, createTable, formatDateTime, type CommonOptions } from '../output';
import { connectFromEnv, listRounds, type ListedRound } from '../round-service';

interface ListOptions extends CommonOptions {
  phase?: string;
  limit: string;
}

export function listCommand(): Command {
  return new Command('list')
    .description('list the rounds on the service, optionally only those in one phase')
    .addOption(new Option('--phase <phase>', 'only rounds in this phase').choices([...PHASES]))
    .option('--limit <n>', 'at most this many rounds', '100')
    .option('--tz <zone>', 'IANA time zone to show times in (default: this machine’s zone)')
    .option('--json', 'print the rounds as JSON')
    .action(async (options: ListOptions) => {
      const printer = createPrinter(options);
      const client = await connectFromEnv();
      let rounds: ListedRound[];
      try {
        rounds = await listRounds(client, { phase: options.phase, limit: Number.parseInt(options.limit, 10) || 100 });
      } finally {
        await client.connection.close();
      }
      printer.result(rounds, () => {
        if (rounds.length === 0) {
          printer.line(options.phase ? `no round is in the ${options.phase} phase` : 'no rounds on this service yet');
          return;
        }
        const table = createTable(['round', 'phase', 'community', 'host', 'status', 'launched'], printer);
        for (const round of rounds) {
          table.push([round.roundId, round.phase ?? '', round.community ?? '', round.hostCountry ?? '', round.status, formatDateTime(round.startedAt, printer.zone)]);
        }
        printer.line(table.toString());
      });
    });
}
