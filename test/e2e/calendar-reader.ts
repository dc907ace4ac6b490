/** Reads an invitation back with ical.js (Mozilla's parser), never with the library that wrote it. */
import ICAL from 'ical.js';
import type { ParsedMail } from 'mailparser';

export interface ReadInvitation {
  method: string;
  uid: string;
  sequence: number;
  start: Date;
  summary: string;
}

export function calendarText(mail: ParsedMail): string | undefined {
  const part = mail.attachments.find((attachment) => attachment.contentType.startsWith('text/calendar'));
  return part?.content.toString('utf8');
}

export function readInvitation(mail: ParsedMail): ReadInvitation | undefined {
  const text = calendarText(mail);
  if (!text) return undefined;
  const calendar = new ICAL.Component(ICAL.parse(text));
  const event = calendar.getFirstSubcomponent('vevent');
  if (!event) return undefined;
  const start = event.getFirstPropertyValue('dtstart') as ICAL.Time;
  return {
    method: String(calendar.getFirstPropertyValue('method')),
    uid: String(event.getFirstPropertyValue('uid')),
    sequence: Number(event.getFirstPropertyValue('sequence') ?? 0),
    start: start.toJSDate(),
    summary: String(event.getFirstPropertyValue('summary')),
  };
}
