/**
 * The message activities wired from the configuration: SMTP when SMTP_URL is set, else the outbox
 * folder; the file record of sent Message-IDs; the sender and the public URL for submission links.
 */
import { createMessageActivitiesFromSettings } from '../activities';
import type { MessageActivities } from '../workflows/dispatch';
import type { Config } from './config';

export interface WiredActivities {
  activities: MessageActivities;
  /** Ends the SMTP connection pool; call it once the worker has stopped. */
  close(): void;
}

export function createMessageActivities(config: Config): WiredActivities {
  return createMessageActivitiesFromSettings({
    smtpUrl: config.mail.smtpUrl,
    outboxDir: config.mail.outboxDir,
    from: config.mail.from,
    sentRecordDir: config.sentRecordDir,
    publicUrl: config.publicUrl,
  });
}
