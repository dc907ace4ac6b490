/**
 * `jsrx list [--phase P] [--all-runs]`: the rounds on the service, found through the RoundPhase search
 * attribute (a visibility list query), so staff need no round id to start from. A round launched again
 * is listed once, as its newest run (the one every command acts on), unless every run is asked for.
 */
import { Command, Option } from 'commander';
import { PHASES } from '../../domain/plan-types';
import { createPrinter, createTable, formatDateTime, type CommonOptions } from '../output';
import { connectFromEnv, latestRunPerRound, listedStops, listRounds, type ListedRound } from '../round-service';
import { runStatusWords, stopWords, type RoundStop } from '../round-stop';

interface ListOptions extends CommonOptions {
  phase?: string;
  limit: string;
  allRuns?: boolean;
}

export function listCommand(): Command {
  return new Command('list')
    .description('list the rounds on the service, optionally only those in one phase')
    .addOption(new Option('--phase <phase>', 'only rounds in this phase').choices([...PHASES]))
    .option('--limit <n>', 'at most this many rounds', '100')
    .option('--all-runs', 'also the earlier runs of a round launched again, with their run ids')
    .option('--tz <zone>', 'IANA time zone to show times in (default: this machine’s zone)')
    .option('--json', 'print the rounds as JSON')
    .action(async (options: ListOptions) => {
      const printer = createPrinter(options);
      const client = await connectFromEnv();
      let rounds: Array<ListedRound & { stopped?: RoundStop }>;
      try {
        const listed = await listRounds(client, { phase: options.phase, limit: Number.parseInt(options.limit, 10) || 100 });
        const shown = options.allRuns ? listed : latestRunPerRound(listed);
        const stops = await listedStops(client, shown);
        rounds = shown.map((round) => {
          const stop = stops.get(round);
          return stop ? { ...round, stopped: stop } : round;
        });
      } finally {
        await client.connection.close();
      }
      printer.result(rounds, () => {
        if (rounds.length === 0) {
          printer.line(options.phase ? `no round is in the ${options.phase} phase` : 'no rounds on this service yet');
          return;
        }
        const table = createTable(['round', 'phase', 'community', 'host', 'status', 'launched', ...(options.allRuns ? ['run'] : [])], printer);
        for (const round of rounds) {
          const run = options.allRuns ? [round.runId] : [];
          // A stopped round says when: "terminated" alone would not tell this week's from last year's.
          const status = round.stopped
            ? `${stopWords(round.stopped.status)} ${formatDateTime(round.stopped.stoppedAt, printer.zone)}`
            : runStatusWords(round.status);
          table.push([round.roundId, round.phase ?? '', round.community ?? '', round.hostCountry ?? '', status, formatDateTime(round.startedAt, printer.zone), ...run]);
        }
        printer.line(table.toString());
        for (const round of rounds) {
          if (round.stopped?.reason) printer.line(`${round.roundId} ${stopWords(round.stopped.status)}: ${round.stopped.reason}`);
        }
      });
    });
}
