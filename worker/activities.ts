/**
 * The activities wired from the configuration: SMTP when SMTP_URL is set, else the outbox folder; the
 * sender and the public URL and the link secret for personal links; the planning activities.
 */
import { createActivitiesFromSettings, type RoundActivities } from '../activities';
import type { Config } from './config';
import { resolveLinkSecret } from './link-secret';

export interface WiredActivities {
  activities: RoundActivities;
  /** Ends the SMTP connection pool; call it once the worker has stopped. */
  close(): void;
}

export function createMessageActivities(config: Config): WiredActivities {
  return createActivitiesFromSettings({
    smtpUrl: config.mail.smtpUrl,
    outboxDir: config.mail.outboxDir,
    from: config.mail.from,
    publicUrl: config.publicUrl,
    linkSecret: resolveLinkSecret(config),
  });
}
