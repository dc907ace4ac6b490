/**
 * The send activity: one letter (one message for one reader), rendered in the reader's language and
 * zone, with the calendar part when it is an invitation or its cancellation, handed to the transport.
 *
 * It keeps no record of its own: Temporal's history says which letters were delivered, one activity per
 * letter or per batch (see workflows/mailroom.ts and ./deliver-batch.ts). A 5xx is final
 * (`SmtpPermanentError`), anything else is retried for this reader only.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Letter, LetterReceipt } from '../workflows/dispatch';
import { activityLog } from './activity-log';
import { countLetter } from './letter-metrics';
import { invitationCalendar, type CalendarFile } from './invitation';
import { classifyDeliveryError, describeDeliveryError, type MailTransport, type OutgoingMessage } from './mail-transport';
import { messageId } from './message-id';
import { messageView } from './message-view';
import type { Renderer, RenderedMessage } from './render';

export interface Mailbox {
  name: string;
  email: string;
}

/** The moment a letter is handed to the transport: its Date header. */
export type Clock = () => Date;

export interface DeliverDependencies {
  transport: MailTransport;
  renderer: Renderer;
  /** The Secretariat sender: From of every email and ORGANIZER of every invitation. */
  from: Mailbox;
  /** Where the personal links point. */
  publicUrl: string;
  /** Signs the participants' personal links. */
  linkSecret: string;
  /** Wall-clock time by default; a rehearsal passes the simulated time (see the rehearsal's wiring). */
  clock?: Clock;
}

/** What the activity logs for each letter; the worker's terminal format writes each as one short line (worker/logger.ts). */
export const LETTER_EVENTS = {
  sent: 'letter sent',
  refused: 'letter refused permanently',
  deferred: 'letter not delivered yet, Temporal retries it',
} as const;

export const SMTP_TRANSIENT_ERROR = 'SmtpTransientError';
export const SMTP_PERMANENT_ERROR = 'SmtpPermanentError';
export const TEMPLATE_ERROR = 'TemplateError';

export interface ComposedMessage {
  message: OutgoingMessage;
  rendered: RenderedMessage;
  calendar?: CalendarFile;
}

/** Builds one reader's email without sending it (the size test and previews use it too). */
export function composeLetter(
  letter: Letter,
  deps: Pick<DeliverDependencies, 'renderer' | 'from' | 'publicUrl' | 'linkSecret'>,
  handedOverAt: Date,
): ComposedMessage {
  const { message, to } = letter;
  const view = messageView(message, to, { publicUrl: deps.publicUrl, linkSecret: deps.linkSecret, sender: deps.from });
  const rendered = deps.renderer.render(message.kind, view);
  const id = messageId(message, to.email, deps.from.email);
  // The calendar entry's own text (with the coordinator's reason, if any), written by the template.
  const calendar = invitationCalendar({ message, view, rendered, organizer: deps.from });
  const invite = 'invite' in message ? message.invite : undefined;
  const cc = (message.cc ?? []).filter((person) => person.email !== to.email);
  return {
    rendered,
    calendar,
    message: {
      mail: {
        from: { name: deps.from.name, address: deps.from.email },
        to: { name: to.name, address: to.email },
        cc: cc.map((person) => ({ name: person.name, address: person.email })),
        // The Cc header tells the reader who else knows; each of them gets their own letter.
        envelope: { from: deps.from.email, to: [to.email] },
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        messageId: id,
        date: handedOverAt,
        headers: { 'Content-Language': to.language },
        // Nodemailer adds the calendar as a `text/calendar; method=…` alternative; no other attachment
        // may travel with it, or some clients drop the invitation (DESIGN.md §6).
        ...(calendar ? { icalEvent: { method: calendar.method, filename: 'invitation.ics', content: calendar.content } } : {}),
      },
      meta: {
        scheduledAt: message.decidedAt,
        sentAt: handedOverAt.toISOString(),
        to: to.email,
        cc: cc.map((person) => person.email),
        kind: message.kind,
        subject: rendered.subject,
        event: invite?.event.id ?? ('event' in message ? message.event.id : undefined),
        deliverable: 'deliverable' in message ? message.deliverable.id : undefined,
        messageId: id,
      },
    },
  };
}

export function createDeliverLetter(deps: DeliverDependencies): (letter: Letter) => Promise<LetterReceipt> {
  const clock = deps.clock ?? (() => new Date());
  return async function deliverLetter(letter) {
    const log = activityLog();
    const { message, to } = letter;
    const fields = { kind: message.kind, about: message.about, to: to.email };
    let composed: ComposedMessage;
    try {
      composed = composeLetter(letter, deps, clock());
    } catch (error) {
      // A template that cannot render this letter renders it no better on the next attempt.
      throw ApplicationFailure.nonRetryable(`cannot render ${message.kind} for ${to.email}: ${(error as Error).message}`, TEMPLATE_ERROR);
    }
    // A round cancelled while this letter waited for its turn: do not hand it over.
    if (inActivity() && Context.current().cancellationSignal.aborted) throw Context.current().cancellationSignal.reason;
    try {
      await deps.transport.send(composed.message);
    } catch (error) {
      const reason = describeDeliveryError(error);
      if (classifyDeliveryError(error) === 'permanent') {
        log.warn(LETTER_EVENTS.refused, { ...fields, reason });
        countLetter('failed', message.kind);
        throw ApplicationFailure.nonRetryable(reason, SMTP_PERMANENT_ERROR);
      }
      log.warn(LETTER_EVENTS.deferred, { ...fields, reason });
      countLetter('retried', message.kind);
      // Whether the server answered for this reader (a 4xx), or was not reached at all: a batch sends on after the one, not the other.
      throw ApplicationFailure.create({ message: reason, type: SMTP_TRANSIENT_ERROR, details: [{ serverReplied: replied(error) }] });
    }
    const receipt = { messageId: composed.message.meta.messageId, handedOverAt: composed.message.meta.sentAt };
    log.info(LETTER_EVENTS.sent, { ...fields, messageId: receipt.messageId, via: deps.transport.name });
    countLetter('sent', message.kind);
    return receipt;
  };
}

function replied(error: unknown): boolean {
  return typeof (error as { responseCode?: unknown })?.responseCode === 'number';
}

function inActivity(): boolean {
  try {
    Context.current();
    return true;
  } catch {
    return false;
  }
}
