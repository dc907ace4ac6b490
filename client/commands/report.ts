/** `jsrx report ROUND --format csv|html`: the round's progress to share with people who do not run jsrx. */
import { writeFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { createPrinter, resolveZone } from '../output';
import { upcomingEvents } from '../event-when';
import { progressCsv, progressHtml, stopSentence, type ReportInput } from '../report-formats';
import { connectFromEnv, queryProgress } from '../round-service';
import { RoundStoppedError, noDeliverablesWhy } from '../round-stop';
import { readerLanguage } from '../reader-language';
import type { Language } from '../../domain/round-file';

interface ReportOptions {
  format: 'csv' | 'html' | 'json';
  lang?: Language;
  json?: boolean;
  output?: string;
  tz?: string;
}

export function reportCommand(): Command {
  return new Command('report')
    .description('write a round’s progress as CSV (one row per deliverable) or a self-contained HTML page')
    .argument('<round>', 'the round id')
    .addOption(new Option('--format <format>', 'csv, html or json').choices(['csv', 'html', 'json']).default('csv'))
    .option('--json', 'the same as --format json')
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .option('--tz <zone>', 'IANA time zone to show times in (default: this machine’s zone)')
    .addOption(
      new Option('--lang <language>', 'the reader’s language: fr writes the CSV with semicolons after a byte-order mark, as Excel set to French opens it in columns (default: fr for a French locale in LC_ALL, LC_MESSAGES or LANG, else en)').choices(['en', 'fr']),
    )
    .addHelpText(
      'after',
      '\nThe CSV’s columns and values are the same in both languages (the staff dashboard’s exports follow the same rule); the HTML page is in English.',
    )
    .action(async (roundId: string, options: ReportOptions) => {
      const zone = resolveZone(options.tz);
      const language = readerLanguage(options.lang);
      const format = options.json ? 'json' : options.format;
      const notes = createPrinter({}, process.stderr);
      const client = await connectFromEnv();
      let text: string;
      try {
        const view = await queryProgress(client, roundId).catch((error: unknown) => {
          if (error instanceof RoundStoppedError) return error;
          throw error;
        });
        const generatedAt = new Date().toISOString();
        if (view instanceof RoundStoppedError) {
          // A round stopped before its plan (or that no worker replays) has no progress, but the operator
          // asked about it by name: say what Temporal knows, in the format asked for, and why it is all.
          const { stop, planned } = view;
          const why = noDeliverablesWhy(planned);
          const input: ReportInput = { roundId, deliverables: [], nextEvents: [], stopped: stop, noDeliverables: why, zone, generatedAt };
          text =
            format === 'html'
              ? progressHtml(input)
              : format === 'json'
                ? `${JSON.stringify({ roundId, stopped: stop, ...(planned === undefined ? {} : { planned }) }, null, 2)}\n`
                : progressCsv(input, language);
          notes.line(`${roundId}: ${stopSentence(stop, zone)} The report lists no deliverables: ${why}.`);
        } else {
          const input = { ...view, nextEvents: upcomingEvents(view), zone, generatedAt };
          text = format === 'html' ? progressHtml(input) : format === 'json' ? `${JSON.stringify(view, null, 2)}\n` : progressCsv(input, language);
          if (view.stopped) notes.line(`${roundId}: ${stopSentence(view.stopped, zone)}`);
        }
      } finally {
        await client.connection.close();
      }
      if (options.output) {
        await writeFile(options.output, text);
        notes.line(`wrote ${options.output}`);
      } else {
        process.stdout.write(text);
      }
    });
}
