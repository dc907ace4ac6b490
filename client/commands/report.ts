/** `jsrx report ROUND --format csv|html`: the round's progress to share with people who do not run jsrx. */
import { writeFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { createPrinter, resolveZone } from '../output';
import { upcomingEvents } from '../event-when';
import { progressCsv, progressHtml } from '../report-formats';
import { connectFromEnv, queryProgress } from '../round-service';

interface ReportOptions {
  format: 'csv' | 'html' | 'json';
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
    .action(async (roundId: string, options: ReportOptions) => {
      const zone = resolveZone(options.tz);
      const client = await connectFromEnv();
      let text: string;
      try {
        const view = await queryProgress(client, roundId);
        const input = { ...view, nextEvents: upcomingEvents(view), zone, generatedAt: new Date().toISOString() };
        const format = options.json ? 'json' : options.format;
        text = format === 'html' ? progressHtml(input) : format === 'json' ? `${JSON.stringify(view, null, 2)}\n` : progressCsv(input);
      } finally {
        await client.connection.close();
      }
      if (options.output) {
        await writeFile(options.output, text);
        createPrinter({}, process.stderr).line(`wrote ${options.output}`);
      } else {
        process.stdout.write(text);
      }
    });
}
