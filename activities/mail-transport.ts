/**
 * The two ways a message leaves the activity, chosen by configuration: SMTP when `smtpUrl` is set
 * (pooled connections, one message per reader), otherwise the outbox folder.
 */
import nodemailer from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import type { MailTransport } from './mail-types';
import { createOutboxTransport } from './outbox';

export type { MailTransport, OutgoingMessage } from './mail-types';

export interface MailTransportConfig {
  /** `smtp://user:password@host:587` or `smtps://host:465`; unset: the outbox. */
  smtpUrl?: string;
  outboxDir: string;
}

export function createMailTransport(config: MailTransportConfig): MailTransport {
  return config.smtpUrl ? createSmtpTransport(config.smtpUrl) : createOutboxTransport(config.outboxDir);
}

export function createSmtpTransport(smtpUrl: string): MailTransport {
  const url = new URL(smtpUrl);
  // A pool reuses a few connections for the many one-reader messages a dispatch produces.
  url.searchParams.set('pool', 'true');
  const transporter = nodemailer.createTransport(url.toString() as unknown as SMTPPool.Options);
  return {
    name: 'smtp',
    async send(message) {
      const info = await transporter.sendMail(message.mail);
      // With a Cc, the server may refuse the reader yet accept the copy: nodemailer then resolves, listing
      // the reader under `rejected`. For us the message failed, with the reader's own reply.
      const refused = (info.rejected ?? []).map(String).map((address) => address.toLowerCase());
      if (refused.includes(message.meta.to.toLowerCase())) {
        const errors =
          (info as { rejectedErrors?: Array<Error & { recipient?: string }> }).rejectedErrors ?? [];
        const refusal =
          errors.find((error) => error.recipient?.toLowerCase() === message.meta.to.toLowerCase()) ??
          errors[0] ??
          new Error(`${message.meta.to} refused`);
        throw Object.assign(refusal, { copiesDelivered: (info.accepted ?? []).length > 0 });
      }
      return { response: String(info.response ?? '') };
    },
    close() {
      transporter.close();
    },
  };
}

export type DeliveryErrorClass = 'permanent' | 'transient';

/**
 * A 5xx reply to the message or its recipient is permanent: the address or the content is refused and
 * a retry gets the same answer. Everything else (4xx, a dropped connection, a timeout, an
 * authentication problem the operator can fix) may succeed later.
 */
export function classifyDeliveryError(error: unknown): DeliveryErrorClass {
  const failure = error as { responseCode?: number; code?: string };
  const code = failure?.responseCode;
  if (typeof code === 'number' && code >= 500 && code < 600 && failure.code !== 'EAUTH') return 'permanent';
  return 'transient';
}

/** The reader was refused but the Cc copies went out: a retry must send to the reader alone. */
export function copiesDelivered(error: unknown): boolean {
  return Boolean((error as { copiesDelivered?: boolean })?.copiesDelivered);
}

export function describeDeliveryError(error: unknown): string {
  const failure = error as { response?: string; message?: string };
  return (failure?.response ?? failure?.message ?? String(error)).trim();
}
