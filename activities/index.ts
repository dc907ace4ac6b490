/**
 * The activities, built by a factory that receives their dependencies (as in Temporal's samples), so
 * the worker wires SMTP or the outbox and tests wire a loopback server.
 *
 *   const transport = createMailTransport({ smtpUrl, outboxDir });
 *   const activities = createActivities({ transport, from, publicUrl, linkSecret });
 *   Worker.create({ activities, … });   // the workflows call deliverLetters, deliverLetter, planRound and reviseRound
 */
import { splitMailbox } from '../domain/email';
import type { MessageActivities } from '../workflows/dispatch';
import type { PlanningActivities } from '../workflows/planning';
import { createDeliverLetter, type DeliverDependencies, type Mailbox } from './deliver';
import { messageActivities } from './deliver-batch';
import { createMailTransport } from './mail-transport';
import { createPlanningActivities } from './planning';
import { createRenderer, type Renderer } from './render';

export type RoundActivities = MessageActivities & PlanningActivities;

export interface ActivityDependencies extends Omit<DeliverDependencies, 'renderer'> {
  /** Defaults to the templates of the repository, compiled once here. */
  renderer?: Renderer;
}

export function createActivities(deps: ActivityDependencies): RoundActivities {
  const renderer = deps.renderer ?? createRenderer();
  return { ...messageActivities(createDeliverLetter({ ...deps, renderer })), ...createPlanningActivities() };
}

/** The mail settings as the worker's configuration holds them (`worker/config.ts` → `config.mail`). */
export interface MessageSettings {
  smtpUrl?: string;
  outboxDir: string;
  /** `JSR Exchange Secretariat <secretariat@example.org>` or a bare address. */
  from: string;
  publicUrl: string;
  linkSecret: string;
}

/** Everything wired from settings: what the worker registers. `close()` ends the SMTP pool at shutdown. */
export function createActivitiesFromSettings(settings: MessageSettings): { activities: RoundActivities; close(): void } {
  const transport = createMailTransport({ smtpUrl: settings.smtpUrl, outboxDir: settings.outboxDir });
  const activities = createActivities({ transport, from: parseMailbox(settings.from), publicUrl: settings.publicUrl, linkSecret: settings.linkSecret });
  return { activities, close: () => transport.close() };
}

/** `Name <address>` or a bare address → `{ name, email }` (a bare address is named after the Secretariat). */
export function parseMailbox(text: string): Mailbox {
  const mailbox = splitMailbox(text);
  if (!mailbox) throw new Error(`not a mailbox: ${JSON.stringify(text)} (write "Name <address@example.org>" or a bare address)`);
  return { name: mailbox.name ?? 'JSR Exchange Secretariat', email: mailbox.email.toLowerCase() };
}

export type { Mailbox, DeliverDependencies, ComposedMessage, Clock } from './deliver';
export { BATCH_CUT_OFF, createDeliverLetters, messageActivities } from './deliver-batch';
export { composeLetter, createDeliverLetter, SMTP_TRANSIENT_ERROR, SMTP_PERMANENT_ERROR, TEMPLATE_ERROR } from './deliver';
export type { MailTransport, MailTransportConfig, OutgoingMessage } from './mail-transport';
export { createMailTransport, createSmtpTransport, classifyDeliveryError } from './mail-transport';
export type { OutboxManifestEntry } from './outbox';
export { createOutboxTransport, readOutboxManifest, MANIFEST_FILE } from './outbox';
export type { Renderer, RenderedMessage } from './render';
export { createRenderer } from './render';
export { buildCalendar } from './invitation';
export { messageId } from './message-id';
export { submissionLink, roundLink } from './links';
