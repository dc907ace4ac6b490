/**
 * A calendar's text exactly as ical-generator's `toString()` writes it, at a fraction of the cost.
 *
 * ical-generator 10 folds lines (RFC 5545 §3.1: at most 75 octets, continued after CRLF and a space) by
 * encoding every character with a new `TextEncoder` to count its octets. An invitation's 2.5 KB took
 * 3 ms that way, most of what a letter cost to write; a launch writes forty invitations per round. The
 * fix (11.x) needs Node 22. Here the library still writes every property, and only the fold is ours:
 * the same octet counting, done on character codes, and checked against the library's own `foldLines`
 * (test/messages/calendar-text.test.ts).
 */
import ical, { type ICalCalendar } from 'ical-generator';

const LINE_BREAK = '\r\n';
const CALENDAR_END = 'END:VCALENDAR';
/** Octets after which the library breaks a line (the continuation's leading space is not counted). */
const FOLD_AFTER_OCTETS = 74;

/** `calendar.toString()`, byte for byte. */
export function calendarText(calendar: ICalCalendar): string {
  // Calendar-level X- properties follow the events in the library's text: not worth a second path.
  if (calendar.x().length > 0) return calendar.toString();
  const { events: _events, ...header } = calendar.toJSON();
  const frame = framing(header);
  const body = calendar
    .events()
    .map((event) => event.toString())
    .join('');
  return frame.slice(0, frame.length - CALENDAR_END.length) + foldLines(body) + CALENDAR_END;
}

const frames = new Map<string, string>();
/** Distinct calendar headers a worker or a web service writes: a few per round (method, title, language). */
const FRAMES_KEPT = 256;

/** The calendar's text without its events (short lines, so the library's fold is cheap), once per header. */
function framing(header: Omit<ReturnType<ICalCalendar['toJSON']>, 'events'>): string {
  const key = JSON.stringify(header);
  let frame = frames.get(key);
  if (frame === undefined) {
    if (frames.size >= FRAMES_KEPT) frames.clear();
    frame = ical(header).toString();
    frames.set(key, frame);
  }
  return frame;
}

/** Folds each CRLF-separated line as ical-generator does (RFC 5545 §3.1). */
export function foldLines(text: string): string {
  return text.split(LINE_BREAK).map(foldLine).join(LINE_BREAK);
}

function foldLine(line: string): string {
  let folded = '';
  let start = 0;
  let octets = 0;
  for (let index = 0; index < line.length; ) {
    const code = line.charCodeAt(index);
    let width = 1;
    let size = unitOctets(code);
    if (isHighSurrogate(code) && index + 1 < line.length) {
      // The library takes a high surrogate together with whatever follows it, paired or not.
      const next = line.charCodeAt(index + 1);
      width = 2;
      size = isLowSurrogate(next) ? 4 : size + unitOctets(next);
    }
    octets += size;
    if (octets > FOLD_AFTER_OCTETS) {
      folded += line.slice(start, index) + LINE_BREAK + ' ';
      start = index;
      octets = size;
    }
    index += width;
  }
  return start === 0 ? line : folded + line.slice(start);
}

/** UTF-8 octets of one UTF-16 unit; a surrogate alone is written as U+FFFD (three octets), as TextEncoder does. */
function unitOctets(code: number): number {
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  return 3;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
