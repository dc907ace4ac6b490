/**
 * The shapes every mail transport shares. Kept apart from the transports themselves so that the module
 * choosing a transport (mail-transport.ts) and the outbox transport (outbox.ts) both depend on these and
 * never on each other.
 */
import type Mail from 'nodemailer/lib/mailer';
import type { MessageKind } from '../workflows/dispatch';

/** What the round decided about one message for one reader; the outbox writes it into its manifest. */
export interface MessageMeta {
  /** The instant the workflow decided the letter for (in a rehearsal, simulated time). */
  scheduledAt: string;
  /** When it was handed to the transport: its Date header. */
  sentAt: string;
  to: string;
  cc: string[];
  kind: MessageKind;
  subject: string;
  /** The invitation's event id, for invitations and cancellations. */
  event?: string;
  /** The deliverable id, for requests, reminders, notices and receipts. */
  deliverable?: string;
  messageId: string;
}

export interface OutgoingMessage {
  /** What nodemailer sends: one `to`, the headers, both bodies, the calendar part. */
  mail: Mail.Options;
  meta: MessageMeta;
}

export interface MailTransport {
  readonly name: 'smtp' | 'outbox';
  /** Resolves once the server (or the outbox) accepted the message; rejects with nodemailer's error otherwise. */
  send(message: OutgoingMessage): Promise<{ response: string; size?: number }>;
  close(): void;
}
