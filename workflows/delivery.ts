/**
 * How both workflows call the message activity: one `deliver` per message (the activity sends one email
 * per recipient itself), with a retry policy that backs off for transient SMTP trouble and gives up at
 * once on the permanent errors the activity names.
 */
import { ActivityFailure, ApplicationFailure, condition, isCancellation, proxyActivities } from '@temporalio/workflow';
import type { Dispatch, MessageActivities } from './dispatch';
import type { RecordedFailure } from './messages';

/** Error types the message activity raises with `ApplicationFailure.nonRetryable`. */
export const PERMANENT_DELIVERY_ERRORS = ['SmtpPermanentError', 'InvalidRecipientError', 'TemplateError'];

const { deliver } = proxyActivities<MessageActivities>({
  startToCloseTimeout: '2 minutes',
  retry: {
    initialInterval: '30 seconds',
    backoffCoefficient: 2,
    maximumInterval: '1 hour',
    // About a day and a half of trying: a mail server down for a weekend should not lose a reminder.
    maximumAttempts: 40,
    nonRetryableErrorTypes: PERMANENT_DELIVERY_ERRORS,
  },
});

/**
 * Sends one message and returns the recipients it could not reach. A failure never fails the round:
 * it is recorded and shown to the coordinator in the progress query.
 */
export async function send(dispatch: Dispatch, deliverableId?: string): Promise<RecordedFailure[]> {
  const recorded = (email: string, reason: string): RecordedFailure => ({
    email,
    reason,
    kind: dispatch.kind,
    about: dispatch.about,
    at: dispatch.decidedAt,
    ...(deliverableId ? { deliverableId } : {}),
  });
  if (dispatch.recipients.length === 0) return [];
  try {
    const report = await deliver(dispatch);
    return report.failed.map((failure) => recorded(failure.email, failure.reason));
  } catch (error) {
    if (isCancellation(error)) throw error;
    const cause = error instanceof ActivityFailure ? error.cause : error;
    const reason = cause instanceof ApplicationFailure || cause instanceof Error ? cause.message : String(cause);
    return dispatch.recipients.map((recipient) => recorded(recipient.email, reason));
  }
}

/** Waits until `changed` or until `inMs` have passed (one timer at a time); forever when nothing is scheduled. */
export async function wake(changed: () => boolean, inMs: number | undefined): Promise<void> {
  if (inMs === undefined) await condition(changed);
  else await condition(changed, Math.max(1, inMs));
}
