/** `jsrx submit ROUND DELIVERABLE`: record a deliverable handed in (by email, on paper …) on a delegation's behalf. */
import { Command } from 'commander';
import type { CommonOptions } from '../output';
import { runUpdate } from './update-runner';

interface SubmitOptions extends CommonOptions {
  by: string;
  reference: string;
}

export function submitCommand(): Command {
  return new Command('submit')
    .description('record a deliverable as submitted')
    .argument('<round>', 'the round id')
    .argument('<deliverable>', 'the deliverable id, as jsrx status --json shows it (KE/jsr-documents)')
    .requiredOption('--by <email>', 'who submitted it')
    .option('--reference <text>', 'where the document is: a link, a file reference or a short note', 'recorded by the Secretariat')
    .option('--json', 'print the outcome as JSON')
    .action((roundId: string, deliverable: string, options: SubmitOptions) =>
      runUpdate(roundId, { action: 'submit', deliverable, by: options.by, reference: options.reference }, options, `submit ${deliverable}`),
    );
}
