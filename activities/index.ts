/**
 * The message activities, built by a factory that receives their dependencies (as in Temporal's
 * samples), so the worker wires SMTP or the outbox and tests wire a loopback server.
 *
 *   const transport = createMailTransport({ smtpUrl, outboxDir });
 *   const activities = createActivities({ transport, sentRecord: createFileSentRecord(dir), from, publicUrl });
 *   Worker.create({ activities, … });   // workflows call `deliver(dispatch)` through proxyActivities
 */
import type { MessageActivities } from '../workflows/dispatch';
import { createDeliver, type DeliverDependencies, type Mailbox } from './deliver';
import { createMailTransport } from './mail-transport';
import { createRenderer, type Renderer } from './render';
import { createFileSentRecord } from './sent-record';

export interface ActivityDependencies extends Omit<DeliverDependencies, 'renderer'> {
  /** Defaults to the templates of the repository, compiled once here. */
  renderer?: Renderer;
}

export function createActivities(deps: ActivityDependencies): MessageActivities {
  const renderer = deps.renderer ?? createRenderer();
  return { deliver: createDeliver({ ...deps, renderer }) };
}

/** The mail settings as the worker's configuration holds them (`worker/config.ts` → `config.mail`). */
export interface MessageSettings {
  smtpUrl?: string;
  outboxDir: string;
  /** `JSR Exchange Secretariat <secretariat@example.org>` or a bare address. */
  from: string;
  sentRecordDir: string;
  publicUrl: string;
}

/** Everything wired from settings: what the worker registers. `close()` ends the SMTP pool at shutdown. */
export function createMessageActivitiesFromSettings(settings: MessageSettings): {
  activities: MessageActivities;
  close(): void;
} {
  const transport = createMailTransport({ smtpUrl: settings.smtpUrl, outboxDir: settings.outboxDir });
  const activities = createActivities({
    transport,
    sentRecord: createFileSentRecord(settings.sentRecordDir),
    from: parseMailbox(settings.from),
    publicUrl: settings.publicUrl,
  });
  return { activities, close: () => transport.close() };
}

/** `Name <address>` or a bare address → `{ name, email }` (a bare address is named after the Secretariat). */
export function parseMailbox(text: string): Mailbox {
  const named = /^\s*"?([^"<]*?)"?\s*<([^\s<>]+@[^\s<>]+)>\s*$/.exec(text);
  if (named) return { name: named[1]!.trim() || 'JSR Exchange Secretariat', email: named[2]!.toLowerCase() };
  const bare = text.trim();
  if (/^[^\s@<>]+@[^\s@<>]+$/.test(bare))
    return { name: 'JSR Exchange Secretariat', email: bare.toLowerCase() };
  throw new Error(
    `not a mailbox: ${JSON.stringify(text)} (write "Name <address@example.org>" or a bare address)`,
  );
}

export type { Mailbox, DeliverDependencies, ComposedMessage } from './deliver';
export { composeMessage, createDeliver, SMTP_TRANSIENT_ERROR } from './deliver';
export type { MailTransport, MailTransportConfig, OutgoingMessage } from './mail-transport';
export { createMailTransport, createSmtpTransport, classifyDeliveryError } from './mail-transport';
export type { OutboxManifestEntry } from './outbox';
export { createOutboxTransport, readOutboxManifest, MANIFEST_FILE } from './outbox';
export type { SentRecord, SentEntry } from './sent-record';
export { createFileSentRecord, createMemorySentRecord } from './sent-record';
export type { Renderer, RenderedMessage } from './render';
export { createRenderer } from './render';
export { buildCalendar } from './invitation';
export { messageId } from './message-id';
export { submissionLink, roundLink } from './links';
