/**
 * The form of what a client may send to a running round: the type and the size of every field of each
 * update, checked before the round asks what the update means (is the deliverable owed, is the new
 * date still free). A refusal names the field and the limit, and lists every problem at once.
 *
 * Plain TypeScript with no imports: the workflow bundle runs this file, and Temporal's sandbox takes no
 * Node modules, zod or domain/. The round file obeys the same numbers (domain/limits.ts reads them from
 * here), so a newcomer or a moved video conference accepted here also passes the round file's
 * validation when the round is rebuilt with it.
 *
 * Dates are checked for their shape only; whether they are real days, in order and within two years
 * of the launch is decided where the plan is rebuilt (domain/reschedule.ts).
 */

export const UPDATE_LIMITS = {
  /** A person's name: the round file's people, the newcomer of a replacement. */
  nameLength: 200,
  /** RFC 5321 caps a path at 256 octets with its angle brackets, so an address at 254 characters. */
  emailLength: 254,
  /** A web address (join links); the length browsers and mail clients handle everywhere. */
  urlLength: 2048,
  /** What a submission records: a file reference, a link or a short note. */
  referenceLength: 2048,
  /** A reason or a note, copied into the emails and the report. */
  reasonLength: 2000,
  /** A delegation's country code or `secretariat`, a deliverable key, an event id. */
  codeLength: 64,
  /** An ISO date or instant (`2027-03-24T13:00:00.000+01:00` has 29 characters). */
  dateLength: 40,
  /** A video conference lasts from a quarter of an hour to half a day. */
  durationMinutes: { min: 15, max: 720 },
} as const;

/** The address shape the round file uses too: something, @, a domain with at least one dot. */
export const EMAIL_ADDRESS = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;

/** Addresses are compared and stored trimmed and in lower case, in the file and in every update. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
const LOCAL_DATE_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)$/;

/**
 * The fix for a start written without its offset. Someone who wrote `2027-03-25T13:00` meant that hour
 * somewhere: the advice repeats their own date and hour with an offset rather than an unrelated example,
 * which would read as a correction of the date. The round file's check gives the same advice.
 */
export function instantAdvice(value: string): string {
  const local = LOCAL_DATE_TIME.exec(value.trim());
  if (!local) return 'write it as 2027-03-24T13:00:00Z (UTC) or 2027-03-24T16:00:00+03:00 (with its zone’s offset)';
  const written = `${local[1]}T${local[2]}`;
  return `add its zone’s offset: ${written}Z if that is UTC, ${written}+03:00 if it is three hours ahead of UTC`;
}

/** A video conference's start: an ISO instant with its offset, as in the round file. */
const INSTANT =
  /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;
/** A visit day: an ISO calendar date. */
const DATE = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$/;
const WEB_ADDRESS = /^https?:\/\/\S+$/i;
const VIDEO_CONFERENCES = ['vc1', 'vc2', 'vc3'];

// ---------------------------------------------------------------------------------------------------
// How a limit is told, in the words the round file's validation uses too

export function tooLong(length: number, max: number, fix: string): string {
  return `${length} characters is more than the ${max} allowed: ${fix}`;
}

export function outOfRange(value: number, range: { min: number; max: number }): string {
  const write = `write a number from ${range.min} to ${range.max}`;
  if (!Number.isInteger(value)) return `${value} is not a whole number: ${write}`;
  if (value > range.max) return `${value} is more than the ${range.max} allowed: ${write}`;
  return `${value} is less than the ${range.min} allowed: ${write}`;
}

export function shown(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'number') return `number ${String(value)}`;
  return `${typeof value} ${JSON.stringify(value)}`;
}

// ---------------------------------------------------------------------------------------------------
// One check per update: undefined when the form is right, else every problem in one sentence

export function checkSubmitLimits(input: unknown): string | undefined {
  return check(input, 'a submission', 'delegation, key, by and reference', (f) => {
    f.code('delegation', true);
    f.code('key', true);
    f.email('participant', false);
    f.email('by', true);
    f.text('reference', {
      required: true,
      max: UPDATE_LIMITS.referenceLength,
      what: 'a file reference, a link or a short note',
      fix: 'shorten it or give a link',
    });
  });
}

export function checkWaiveLimits(input: unknown): string | undefined {
  return check(input, 'a waiver', 'delegation, key and reason', (f) => {
    f.code('delegation', true);
    f.code('key', true);
    f.email('participant', false);
    f.reason('reason', true, 'a reason (kept on the round for the report)');
    f.email('by', false);
  });
}

export function checkExtendLimits(input: unknown): string | undefined {
  return check(input, 'an extension', 'delegation, key, dueAt and reason', (f) => {
    f.code('delegation', true);
    f.code('key', true);
    f.email('participant', false);
    f.due('dueAt');
    f.reason('reason', true, 'a reason (the owners receive it)');
    f.email('by', false);
  });
}

export function checkRescheduleLimits(input: unknown): string | undefined {
  return check(input, 'a reschedule', 'event and start', (f) => {
    const event = f.code('event', true);
    const known = event === 'visit' || (event !== undefined && VIDEO_CONFERENCES.includes(event));
    if (event !== undefined && !known)
      f.problem('event', `"${event}" is not an event of the round: use one of vc1, vc2, visit, vc3`);
    if (event === 'visit') {
      f.date('start', true, 'first');
      f.date('end', false, 'last');
      f.absent('durationMinutes', 'only a video conference has a duration: leave it out for the visit');
      f.absent('joinUrl', 'only a video conference has a join link: leave it out for the visit');
    } else if (known) {
      f.instant('start');
      f.absent('end', `only the visit has a last day: leave it out for ${event}`);
      f.number('durationMinutes', UPDATE_LIMITS.durationMinutes);
      f.url('joinUrl');
    }
    f.reason('reason', false, 'a reason');
  });
}

export function checkReplaceLimits(input: unknown): string | undefined {
  return check(input, 'a replacement', 'delegation, leaving and newcomer', (f) => {
    f.code('delegation', true);
    f.email('leaving', true);
    const newcomer = f.mapping('newcomer', "the newcomer's name and email");
    if (newcomer) {
      newcomer.text('name', {
        required: true,
        max: UPDATE_LIMITS.nameLength,
        what: "the newcomer's name",
        fix: 'shorten it',
        oneLine: true,
      });
      newcomer.email('email', true);
    }
  });
}

export function checkCancelLimits(input: unknown): string | undefined {
  return check(input, 'a cancellation', 'reason', (f) => {
    f.reason('reason', true, 'a reason (everyone receives it)');
  });
}

// ---------------------------------------------------------------------------------------------------

/** C0 and C1 controls, DEL included: a line break in a name would split an email header or an ATTENDEE line. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;
export const ONE_LINE_FIX = 'it holds a line break or another control character: write it on one line';

interface TextRule {
  required: boolean;
  max: number;
  /** What belongs in the field, for a missing one. */
  what: string;
  /** How to fix a value that is too long. */
  fix: string;
  /** A name or a code: no line break or other control character (it goes into email headers and calendar parameters). */
  oneLine?: boolean;
}

function check(
  input: unknown,
  update: string,
  needs: string,
  rules: (fields: FieldChecks) => void,
): string | undefined {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return `${update} is a mapping of fields (${needs}), found ${shown(input)}`;
  }
  const problems: string[] = [];
  rules(new FieldChecks(input as Record<string, unknown>, '', problems));
  return problems.length > 0 ? problems.join('; ') : undefined;
}

class FieldChecks {
  constructor(
    private readonly fields: Record<string, unknown>,
    private readonly prefix: string,
    private readonly problems: string[],
  ) {}

  problem(name: string, message: string): void {
    this.problems.push(`${this.prefix}${name}: ${message}`);
  }

  /** The trimmed string, or undefined (with a problem unless it is an optional field left out). */
  text(name: string, rule: TextRule): string | undefined {
    const value = this.fields[name];
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
      if (rule.required) this.problem(name, `missing: give ${rule.what}`);
      return undefined;
    }
    if (typeof value !== 'string') {
      this.problem(name, `expected a string, found ${shown(value)}`);
      return undefined;
    }
    const trimmed = value.trim();
    if (trimmed.length > rule.max) {
      this.problem(name, tooLong(trimmed.length, rule.max, rule.fix));
      return undefined;
    }
    if (rule.oneLine && CONTROL_CHARACTER.test(trimmed)) {
      this.problem(name, ONE_LINE_FIX);
      return undefined;
    }
    return trimmed;
  }

  code(name: string, required: boolean): string | undefined {
    const what =
      name === 'delegation'
        ? 'a country code or secretariat'
        : name === 'key'
          ? 'a deliverable key'
          : 'one of vc1, vc2, visit, vc3';
    return this.text(name, { required, max: UPDATE_LIMITS.codeLength, what, fix: `write ${what}` });
  }

  email(name: string, required: boolean): void {
    const max = UPDATE_LIMITS.emailLength;
    const value = this.text(name, {
      required,
      max,
      what: 'an email address',
      fix: `an email address has at most ${max} characters (RFC 5321)`,
    });
    if (value !== undefined && !EMAIL_ADDRESS.test(value)) {
      this.problem(name, `"${value}" is not an email address: write it as name@domain`);
    }
  }

  reason(name: string, required: boolean, what: string): void {
    this.text(name, {
      required,
      max: UPDATE_LIMITS.reasonLength,
      what,
      fix: 'shorten it, it is copied into the emails and the report',
    });
  }

  url(name: string): void {
    const max = UPDATE_LIMITS.urlLength;
    const value = this.text(name, {
      required: false,
      max,
      what: 'a web address',
      fix: "give the meeting's short link",
    });
    if (value !== undefined && !WEB_ADDRESS.test(value)) {
      this.problem(name, 'not a web address: write it as https://…');
    }
  }

  instant(name: string): void {
    const value = this.text(name, {
      required: true,
      max: UPDATE_LIMITS.dateLength,
      what: 'the new start, e.g. 2027-03-24T13:00:00Z',
      fix: 'write it as 2027-03-24T13:00:00Z',
    });
    if (value !== undefined && !INSTANT.test(value)) {
      this.problem(name, `"${value}" is not an instant with its offset: ${instantAdvice(value)}`);
    }
  }

  /** A new due date: an ISO date (due at 17:00 host time) or an instant with its offset. */
  due(name: string): void {
    const what = 'the new due date, e.g. 2027-03-24 (17:00 host time) or 2027-03-24T13:00:00Z';
    const value = this.text(name, {
      required: true,
      max: UPDATE_LIMITS.dateLength,
      what,
      fix: `write ${what}`,
    });
    if (value !== undefined && !DATE.test(value) && !INSTANT.test(value))
      this.problem(name, `"${value}" is neither a date nor an instant with its offset: write ${what}`);
  }

  date(name: string, required: boolean, day: 'first' | 'last'): void {
    const example = day === 'first' ? '2027-04-26' : '2027-04-30';
    const what = `the visit's ${day} day as YYYY-MM-DD, e.g. ${example}`;
    const value = this.text(name, { required, max: UPDATE_LIMITS.dateLength, what, fix: `write ${what}` });
    if (value !== undefined && !DATE.test(value))
      this.problem(name, `"${value}" is not a date: write ${what}`);
  }

  number(name: string, range: { min: number; max: number }): void {
    const value = this.fields[name];
    if (value === undefined || value === null) return;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.problem(name, `expected a number from ${range.min} to ${range.max}, found ${shown(value)}`);
    } else if (!Number.isInteger(value) || value < range.min || value > range.max) {
      this.problem(name, outOfRange(value, range));
    }
  }

  absent(name: string, message: string): void {
    if (this.fields[name] !== undefined && this.fields[name] !== null) this.problem(name, message);
  }

  mapping(name: string, what: string): FieldChecks | undefined {
    const value = this.fields[name];
    if (value === undefined || value === null) {
      this.problem(name, `missing: give ${what}`);
      return undefined;
    }
    if (typeof value !== 'object' || Array.isArray(value)) {
      this.problem(name, `expected a mapping with ${what}, found ${shown(value)}`);
      return undefined;
    }
    return new FieldChecks(value as Record<string, unknown>, `${this.prefix}${name}.`, this.problems);
  }
}
