/**
 * The letters counters (activities/letter-metrics.ts) as the send activity records them into its
 * context's metric meter: sent, retried (a 4xx) and failed (a 5xx), each labelled with the letter's kind.
 */
import type { MetricMeter, MetricTags } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { createDeliverLetter } from '../../activities/deliver';
import type { MailTransport } from '../../activities/mail-transport';
import { closeLoopbackMail, openLoopbackMail, type LoopbackSmtp } from '../harness/loopback-smtp';
import { LINK_SECRET, PUBLIC_URL, SECRETARIAT, plainRenderer, readers, receiptFor } from './letters';

/** A meter that remembers every addition, as `name{kind}` → total. */
function recordingMeter(): { meter: MetricMeter; totals: Record<string, number> } {
  const totals: Record<string, number> = {};
  const meter = {
    createCounter: (name: string) => ({
      add(value: number, tags: MetricTags = {}) {
        const key = `${name}{${String(tags.kind)}}`;
        totals[key] = (totals[key] ?? 0) + value;
      },
    }),
  } as unknown as MetricMeter;
  return { meter, totals };
}

let smtp: LoopbackSmtp;
let transport: MailTransport;
beforeEach(async () => ({ smtp, transport } = await openLoopbackMail()));
afterEach(() => closeLoopbackMail({ smtp, transport }));

it('a sent letter, a retried attempt and a refused letter each count once, under the letter’s kind', async () => {
  const { meter, totals } = recordingMeter();
  const activity = new MockActivityEnvironment(
    {},
    { metricMeter: meter, logger: new DefaultLogger('ERROR', () => undefined) },
  );
  const deliver = createDeliverLetter({
    transport,
    renderer: plainRenderer,
    from: SECRETARIAT,
    publicUrl: PUBLIC_URL,
    linkSecret: LINK_SECRET,
  });

  await activity.run(deliver, receiptFor(readers.asante));
  smtp.refuse(readers.kamau.email, 451);
  await expect(activity.run(deliver, receiptFor(readers.kamau))).rejects.toMatchObject({
    type: 'SmtpTransientError',
  });
  smtp.refuse(readers.kamau.email, 550);
  await expect(activity.run(deliver, receiptFor(readers.kamau))).rejects.toMatchObject({
    nonRetryable: true,
  });

  expect(totals).toEqual({
    'jsrx_letters_sent{submission-receipt}': 1,
    'jsrx_letters_retried{submission-receipt}': 1,
    'jsrx_letters_failed{submission-receipt}': 1,
  });
});

it('outside an activity (the CLI’s preview) nothing is counted and nothing fails', async () => {
  const deliver = createDeliverLetter({
    transport,
    renderer: plainRenderer,
    from: SECRETARIAT,
    publicUrl: PUBLIC_URL,
    linkSecret: LINK_SECRET,
  });
  await expect(deliver(receiptFor(readers.asante))).resolves.toMatchObject({ messageId: expect.any(String) });
});
