/**
 * Counters of letters by outcome and kind, recorded through the activity context's metric meter: the
 * Runtime's own meter, so they appear on the worker's Prometheus endpoint beside the SDK's `temporal_…`
 * series (JSRX_METRICS_PORT), and cost nothing when no endpoint is configured.
 *
 * - `jsrx_letters_sent`: handed over to the transport (SMTP accepted it, or the outbox wrote it);
 * - `jsrx_letters_retried`: an attempt the transport refused for now, which is retried;
 * - `jsrx_letters_failed`: refused for good (SMTP 5xx): the round records the failure.
 */
import { Context } from '@temporalio/activity';

export type LetterCount = 'sent' | 'retried' | 'failed';

const DESCRIPTIONS: Record<LetterCount, string> = {
  sent: 'letters handed over to the transport, by message kind',
  retried: 'delivery attempts refused for now and retried by Temporal, by message kind',
  failed: 'letters refused for good (not retried), by message kind',
};

export function countLetter(outcome: LetterCount, kind: string): void {
  let context: Context;
  try {
    context = Context.current();
  } catch {
    return; // outside an activity (the CLI's preview, unit tests): nothing to count into
  }
  context.metricMeter
    .createCounter(`jsrx_letters_${outcome}`, 'letters', DESCRIPTIONS[outcome])
    .add(1, { kind });
}
