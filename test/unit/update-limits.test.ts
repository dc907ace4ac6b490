/**
 * The form of the updates a running round accepts (workflows/update-limits.ts): types, lengths,
 * address and date shapes, a video conference's length. Each refusal names the field and the limit;
 * a payload with several problems gets them all in one sentence.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROUND_LIMITS } from '../../domain/limits';
import { validateRound } from '../../domain/validate';
import {
  UPDATE_LIMITS,
  checkCancelLimits,
  checkReplaceLimits,
  checkRescheduleLimits,
  checkSubmitLimits,
  checkWaiveLimits,
} from '../../workflows/update-limits';
import { EXAMPLES, validRound } from './round-fixtures';

const chars = (length: number, prefix = '') => prefix + 'x'.repeat(length - prefix.length);
const address = (length: number) => chars(length - '@example.td'.length) + '@example.td';

const submission = {
  delegation: 'TD',
  key: 'jsr-documents',
  by: 'm.saleh@example.td',
  reference: 'https://docs.example.td/jsr/rsc.pdf',
};

describe('a submission', () => {
  it('passes with a reference of 2048 characters and is refused at 2049, or at 3000', () => {
    expect(checkSubmitLimits({ ...submission, reference: chars(2048) })).toBeUndefined();
    expect(checkSubmitLimits({ ...submission, reference: chars(2049) })).toBe(
      'reference: 2049 characters is more than the 2048 allowed: shorten it or give a link',
    );
    expect(checkSubmitLimits({ ...submission, reference: chars(3000) })).toBe(
      'reference: 3000 characters is more than the 2048 allowed: shorten it or give a link',
    );
  });

  it('takes emails of 254 characters at most, shaped like an address', () => {
    expect(checkSubmitLimits({ ...submission, by: address(254), participant: address(254) })).toBeUndefined();
    expect(checkSubmitLimits({ ...submission, by: address(255) })).toBe(
      'by: 255 characters is more than the 254 allowed: an email address has at most 254 characters (RFC 5321)',
    );
    expect(checkSubmitLimits({ ...submission, participant: 'm.saleh' })).toBe(
      'participant: "m.saleh" is not an email address: write it as name@domain',
    );
  });

  it('says every problem at once: a mistyped field, a missing one, a bad address, a blank reference', () => {
    expect(checkSubmitLimits({ delegation: 42, by: 'nobody', reference: '   ' })).toBe(
      [
        'delegation: expected a string, found number 42',
        'key: missing: give a deliverable key',
        'by: "nobody" is not an email address: write it as name@domain',
        'reference: missing: give a file reference, a link or a short note',
      ].join('; '),
    );
  });

  it('is a mapping of fields', () => {
    expect(checkSubmitLimits(null)).toBe(
      'a submission is a mapping of fields (delegation, key, by and reference), found null',
    );
    expect(checkSubmitLimits(['TD'])).toMatch(/found a list$/);
  });

  it('names a delegation and a deliverable in 64 characters at most', () => {
    expect(checkSubmitLimits({ ...submission, key: chars(64) })).toBeUndefined();
    expect(checkSubmitLimits({ ...submission, delegation: chars(65) })).toBe(
      'delegation: 65 characters is more than the 64 allowed: write a country code or secretariat',
    );
  });
});

describe('a waiver', () => {
  const waiver = { delegation: 'SN', key: 'meeting-requests', reason: 'no side meetings this time' };

  it('needs a reason of 2000 characters at most; its author is optional but an address', () => {
    expect(checkWaiveLimits({ ...waiver, reason: chars(2000) })).toBeUndefined();
    expect(checkWaiveLimits({ ...waiver, reason: chars(2001) })).toBe(
      'reason: 2001 characters is more than the 2000 allowed: shorten it, it is copied into the emails and the report',
    );
    expect(checkWaiveLimits({ ...waiver, reason: undefined })).toBe(
      'reason: missing: give a reason (kept on the round for the report)',
    );
    expect(checkWaiveLimits({ ...waiver, by: 'awa.diallo@example.org' })).toBeUndefined();
    expect(checkWaiveLimits({ ...waiver, by: 'Awa' })).toBe(
      'by: "Awa" is not an email address: write it as name@domain',
    );
  });
});

describe('a reschedule', () => {
  const vc2 = {
    event: 'vc2',
    start: '2027-03-24T13:00:00Z',
    reason: 'the steering committee meets that day',
  };
  const visit = { event: 'visit', start: '2027-04-26', end: '2027-04-30' };
  const { min, max } = UPDATE_LIMITS.durationMinutes;

  it('moves a video conference to an instant with its offset, for 15 minutes to 12 hours', () => {
    expect(checkRescheduleLimits({ ...vc2, durationMinutes: min })).toBeUndefined();
    expect(
      checkRescheduleLimits({ ...vc2, durationMinutes: max, start: '2027-03-24T14:00:00+01:00' }),
    ).toBeUndefined();
    expect(checkRescheduleLimits({ ...vc2, durationMinutes: max + 1 })).toBe(
      `durationMinutes: ${max + 1} is more than the ${max} allowed: write a number from ${min} to ${max}`,
    );
    expect(checkRescheduleLimits({ ...vc2, durationMinutes: min - 1 })).toBe(
      `durationMinutes: ${min - 1} is less than the ${min} allowed: write a number from ${min} to ${max}`,
    );
    expect(checkRescheduleLimits({ ...vc2, durationMinutes: 90.5 })).toBe(
      `durationMinutes: 90.5 is not a whole number: write a number from ${min} to ${max}`,
    );
    expect(checkRescheduleLimits({ ...vc2, durationMinutes: '90' })).toBe(
      `durationMinutes: expected a number from ${min} to ${max}, found string "90"`,
    );
    expect(checkRescheduleLimits({ ...vc2, start: '2027-03-24 13:00' })).toBe(
      'start: "2027-03-24 13:00" is not an instant with its offset: add its zone’s offset: 2027-03-24T13:00Z if that is UTC, 2027-03-24T13:00+03:00 if it is three hours ahead of UTC',
    );
    expect(checkRescheduleLimits({ ...vc2, start: 'next Tuesday' })).toBe(
      'start: "next Tuesday" is not an instant with its offset: write it as 2027-03-24T13:00:00Z (UTC) or 2027-03-24T16:00:00+03:00 (with its zone’s offset)',
    );
  });

  it('gives a video conference a join link of 2048 characters at most', () => {
    expect(
      checkRescheduleLimits({ ...vc2, joinUrl: chars(2048, 'https://meet.example.org/') }),
    ).toBeUndefined();
    expect(checkRescheduleLimits({ ...vc2, joinUrl: chars(2049, 'https://meet.example.org/') })).toBe(
      "joinUrl: 2049 characters is more than the 2048 allowed: give the meeting's short link",
    );
    expect(checkRescheduleLimits({ ...vc2, joinUrl: 'meet.example.org/vc2' })).toBe(
      'joinUrl: not a web address: write it as https://…',
    );
  });

  it('moves the visit to dates, with no duration or link', () => {
    expect(checkRescheduleLimits(visit)).toBeUndefined();
    expect(
      checkRescheduleLimits({
        ...visit,
        start: '2027-04-26T00:00:00Z',
        end: '30/04/2027',
        durationMinutes: 60,
      }),
    ).toBe(
      [
        `start: "2027-04-26T00:00:00Z" is not a date: write the visit's first day as YYYY-MM-DD, e.g. 2027-04-26`,
        `end: "30/04/2027" is not a date: write the visit's last day as YYYY-MM-DD, e.g. 2027-04-30`,
        'durationMinutes: only a video conference has a duration: leave it out for the visit',
      ].join('; '),
    );
  });

  it('names one of the four events, and keeps its reason to 2000 characters', () => {
    expect(checkRescheduleLimits({ event: 'vc4', start: '2027-03-24T13:00:00Z' })).toBe(
      'event: "vc4" is not an event of the round: use one of vc1, vc2, visit, vc3',
    );
    expect(checkRescheduleLimits({ ...vc2, end: '2027-03-25', reason: chars(2001) })).toBe(
      'end: only the visit has a last day: leave it out for vc2; reason: 2001 characters is more than the 2000 allowed: shorten it, it is copied into the emails and the report',
    );
  });
});

describe('a replacement', () => {
  const replacement = {
    delegation: 'SN',
    leaving: 'o.ndiaye@example.sn',
    newcomer: { name: 'Aminata Sow', email: 'a.sow@example.sn' },
  };

  it('takes a newcomer with a name of 200 characters and an email of 254 at most', () => {
    expect(
      checkReplaceLimits({ ...replacement, newcomer: { name: chars(200), email: address(254) } }),
    ).toBeUndefined();
    expect(checkReplaceLimits({ ...replacement, newcomer: { name: chars(201), email: 'a.sow' } })).toBe(
      'newcomer.name: 201 characters is more than the 200 allowed: shorten it; newcomer.email: "a.sow" is not an email address: write it as name@domain',
    );
    expect(checkReplaceLimits({ delegation: 'SN', leaving: 'o.ndiaye@example.sn' })).toBe(
      "newcomer: missing: give the newcomer's name and email",
    );
  });

  it('refuses a newcomer whose name holds a line break', () => {
    expect(checkReplaceLimits({ ...replacement, newcomer: { name: 'Aminata\r\nSow', email: 'a.sow@example.sn' } })).toBe(
      'newcomer.name: it holds a line break or another control character: write it on one line',
    );
  });

  it('accepts only newcomers that the round file accepts too: the same numbers, from one place', async () => {
    expect(ROUND_LIMITS.text.name).toBe(UPDATE_LIMITS.nameLength);
    expect(ROUND_LIMITS.text.email).toBe(UPDATE_LIMITS.emailLength);
    expect(ROUND_LIMITS.text.joinUrl).toBe(UPDATE_LIMITS.urlLength);
    expect(ROUND_LIMITS.numbers.durationMinutes).toEqual(UPDATE_LIMITS.durationMinutes);

    const round = await validRound(join(EXAMPLES, 'fr-2027-r1.yaml'));
    const newcomer = { name: chars(UPDATE_LIMITS.nameLength), email: address(UPDATE_LIMITS.emailLength) };
    expect(checkReplaceLimits({ ...replacement, newcomer })).toBeUndefined();
    const delegations = round.delegations.map((d) =>
      d.country !== 'SN'
        ? d
        : { ...d, participants: d.participants.map((p) => (p.email === replacement.leaving ? newcomer : p)) },
    );
    expect(validateRound({ ...round, delegations })).toMatchObject({ ok: true });
  });
});

describe('a cancellation', () => {
  it('needs a reason of 2000 characters at most', () => {
    expect(checkCancelLimits({ reason: chars(2000) })).toBeUndefined();
    expect(checkCancelLimits({ reason: ' ' })).toBe('reason: missing: give a reason (everyone receives it)');
    expect(checkCancelLimits({ reason: chars(2001) })).toMatch(
      /^reason: 2001 characters is more than the 2000 allowed/,
    );
  });
});

describe('the module the workflow bundle runs', () => {
  it('imports nothing, so neither zod, domain/ nor a Node module reaches the bundle', () => {
    const source = readFileSync(join(__dirname, '..', '..', 'workflows', 'update-limits.ts'), 'utf8');
    expect(source).not.toMatch(/^\s*import\s+(?!type\b)/m);
    expect(source).not.toMatch(/\brequire\(|\bimport\(/);
  });
});
