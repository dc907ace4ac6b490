/**
 * The send activity: one email per reader, rendered in the reader's language and zone, with the
 * calendar part when the dispatch carries an invitation. It never sends the same message twice:
 * the sent record is read before and written right after each hand-over to the transport.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { DeliveryReport, Dispatch, MessageKind, Recipient } from '../workflows/dispatch';
import { buildCalendar, type CalendarFile } from './invitation';
import {
  classifyDeliveryError,
  copiesDelivered,
  describeDeliveryError,
  type MailTransport,
  type OutgoingMessage,
} from './mail-transport';
import { messageView, type MessageView } from './message-view';
import { messageId } from './message-id';
import type { Renderer, RenderedMessage } from './render';
import type { SentEntry, SentRecord } from './sent-record';
import { activityLog } from './activity-log';

export interface Mailbox {
  name: string;
  email: string;
}

export interface DeliverDependencies {
  transport: MailTransport;
  sentRecord: SentRecord;
  renderer: Renderer;
  /** The Secretariat sender: From of every email and ORGANIZER of every invitation. */
  from: Mailbox;
  /** Where the personal submission links point. */
  publicUrl: string;
}

/** The kinds whose email carries the calendar part of `dispatch.invite` (a reminder only names the event). */
const CALENDAR_KINDS: ReadonlySet<MessageKind> = new Set([
  'invitation',
  'invitation-cancelled',
  'round-cancelled',
]);

export const SMTP_TRANSIENT_ERROR = 'SmtpTransientError';

export interface ComposedMessage {
  message: OutgoingMessage;
  rendered: RenderedMessage;
  calendar?: CalendarFile;
}

/** Builds one reader's email without sending it (the CLI's preview and the size test use it too). */
export function composeMessage(
  dispatch: Dispatch,
  recipient: Recipient,
  deps: Pick<DeliverDependencies, 'renderer' | 'from' | 'publicUrl'>,
): ComposedMessage {
  const view: MessageView = messageView(dispatch, recipient, {
    publicUrl: deps.publicUrl,
    sender: deps.from,
  });
  const rendered = deps.renderer.render(dispatch.kind, view);
  const id = messageId(dispatch, recipient.email, deps.from.email);
  const calendar =
    dispatch.invite && CALENDAR_KINDS.has(dispatch.kind)
      ? buildCalendar({
          invite: dispatch.invite,
          organizer: deps.from,
          stampedAt: dispatch.decidedAt,
          text: {
            summary: `${view.event?.Name ?? dispatch.invite.event.id} – ${dispatch.round.title}`,
            description: [view.event?.joinUrl, rendered.text].filter(Boolean).join('\n\n'),
          },
        })
      : undefined;
  const cc = (dispatch.cc ?? []).filter((person) => person.email !== recipient.email);
  return {
    rendered,
    calendar,
    message: {
      mail: {
        from: { name: deps.from.name, address: deps.from.email },
        to: { name: recipient.name, address: recipient.email },
        cc: cc.map((person) => ({ name: person.name, address: person.email })),
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        messageId: id,
        // The workflow's time, so a rehearsal in simulated time shows the dates readers would see.
        date: new Date(dispatch.decidedAt),
        headers: { 'Content-Language': recipient.language },
        // Nodemailer adds the calendar as a `text/calendar; method=…` alternative; no other attachment
        // may travel with it, or some clients drop the invitation (DESIGN.md §6).
        ...(calendar
          ? { icalEvent: { method: calendar.method, filename: 'invitation.ics', content: calendar.content } }
          : {}),
      },
      meta: {
        sentAt: dispatch.decidedAt,
        to: recipient.email,
        cc: cc.map((person) => person.email),
        kind: dispatch.kind,
        subject: rendered.subject,
        event: dispatch.invite?.event.id ?? dispatch.event?.id,
        deliverable: dispatch.deliverable?.id,
        messageId: id,
      },
    },
  };
}

export function createDeliver(deps: DeliverDependencies): (dispatch: Dispatch) => Promise<DeliveryReport> {
  return async function deliver(dispatch) {
    const log = activityLog();
    const report: DeliveryReport = { messageIds: {}, sent: [], alreadySent: [], failed: [] };
    const transient: Array<{ email: string; reason: string }> = [];
    for (const recipient of uniqueByEmail(dispatch.recipients)) {
      const { message } = composeMessage(dispatch, recipient, deps);
      const id = message.meta.messageId;
      report.messageIds[recipient.email] = id;
      const earlier = await deps.sentRecord.find(id);
      if (earlier?.outcome === 'sent') {
        report.alreadySent.push(recipient.email);
        continue;
      }
      if (earlier?.outcome === 'failed') {
        report.failed.push({ email: recipient.email, reason: earlier.reason ?? 'refused earlier' });
        continue;
      }
      if (earlier?.outcome === 'copies-only') {
        // The Cc readers have this message already: the envelope goes to the reader alone, the headers stay.
        message.mail.envelope = { from: deps.from.email, to: [recipient.email] };
      }
      try {
        await deps.transport.send(message);
      } catch (error) {
        const reason = describeDeliveryError(error);
        if (classifyDeliveryError(error) === 'permanent') {
          log.warn('message refused permanently', {
            kind: dispatch.kind,
            about: dispatch.about,
            to: recipient.email,
            reason,
          });
          await deps.sentRecord.remember(entry(dispatch, recipient, id, 'failed', reason));
          report.failed.push({ email: recipient.email, reason });
        } else {
          log.warn('message not delivered, will retry', {
            kind: dispatch.kind,
            about: dispatch.about,
            to: recipient.email,
            reason,
          });
          if (copiesDelivered(error))
            await deps.sentRecord.remember(entry(dispatch, recipient, id, 'copies-only', reason));
          transient.push({ email: recipient.email, reason });
        }
        continue;
      }
      // Recorded right after acceptance: a crash between the two is the one window in which a retry
      // sends again, with the same Message-ID, which lets mail clients fold the duplicate.
      await deps.sentRecord.remember(entry(dispatch, recipient, id, 'sent'));
      report.sent.push(recipient.email);
      log.info('message sent', {
        kind: dispatch.kind,
        about: dispatch.about,
        to: recipient.email,
        messageId: id,
        via: deps.transport.name,
      });
    }
    if (transient.length > 0) {
      // Thrown only after every other reader had their chance; the retry skips them through the record.
      throw ApplicationFailure.retryable(
        `${transient.length} of ${dispatch.recipients.length} message(s) of ${dispatch.kind} ${dispatch.about} not delivered yet: ${transient
          .map((failure) => `${failure.email} (${failure.reason})`)
          .join('; ')}`,
        SMTP_TRANSIENT_ERROR,
        { transient, report },
      );
    }
    return report;
  };
}

function entry(
  dispatch: Dispatch,
  recipient: Recipient,
  id: string,
  outcome: SentEntry['outcome'],
  reason?: string,
): SentEntry {
  return {
    messageId: id,
    email: recipient.email,
    outcome,
    reason,
    kind: dispatch.kind,
    about: dispatch.about,
    recordedAt: new Date().toISOString(),
  };
}

// The same person listed twice (a CA rep who is also staff) gets one email, not two.
function uniqueByEmail(recipients: Recipient[]): Recipient[] {
  const seen = new Set<string>();
  return recipients.filter((recipient) => {
    const key = recipient.email.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
