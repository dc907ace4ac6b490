/**
 * Validation of a round file (DESIGN.md §3): the zod schema for the shape, then the rules that span
 * fields. Every problem is reported at once, each with the path of the field and how to fix it, because
 * a coordinator fixing one error per run would give up. Pure (no I/O, no clock): the client validates
 * before launching and the workflow re-validates with the same code.
 */
import { IANAZone } from 'luxon';
import type { z } from 'zod';
import {
  OVERFLOW,
  roundFileSchema,
  type Language,
  type Problem,
  type Round,
  type ValidationResult,
} from './round-file';
import { isAssignedCountryCode } from './countries';
import { EMAIL_ADDRESS } from './email';
import { normaliseEmail } from '../workflows/update-limits';
import type { Schedule } from './due-dates';
import { checkDeadlines, checkSchedule } from './schedule-rules';
import { fileDates, horizonProblems } from './horizon';
import { unknownFields } from './unknown-fields';

export { countryName } from './countries';
export { validateLaunch } from './schedule-rules';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

type Raw = Record<string, unknown>;
const record = (value: unknown): Raw =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Raw) : {};
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value.trim() : undefined);

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((out, segment) => {
    if (typeof segment === 'number') return `${out}[${segment}]`;
    return out === '' ? String(segment) : `${out}.${String(segment)}`;
  }, '');
}

export { normaliseEmail };

export function defaultLanguage(community: Round['community']): Language {
  return community === 'francophone' ? 'fr' : 'en';
}

export interface ValidateOptions {
  /**
   * The launch the round's dates count from: the moment of validation for a file about to be launched
   * (`jsrx validate`, `jsrx launch`), the recorded launch for a running round being changed. With it,
   * every date of the file must fall within two years (horizon.ts); without it, the horizon waits for
   * the plan built at launch (`validateLaunch`).
   */
  now?: string;
}

export function validateRound(input: unknown, options: ValidateOptions = {}): ValidationResult {
  const errors: Problem[] = [];
  const warnings: Problem[] = [];
  const parsed = roundFileSchema.safeParse(input);
  const issues = parsed.success ? [] : withoutEchoes(parsed.error.issues);
  errors.push(...issues.map((issue) => schemaProblem(issue, input)));
  const superseded = supersededBy(issues);

  // The rules below read the file as written, minus the lists refused for their size: what is in them is
  // not looked at, so a thousand delegations make one problem and cost nothing.
  const raw = record(superseded.emptied(input));
  const found: Problem[] = [];
  const noted: Problem[] = [];
  checkId(raw, found);
  checkPeople(raw, found);
  const hostZone = checkDelegations(raw, found, noted);
  const scheduleOk = checkSchedule(record(raw.schedule), hostZone ?? 'UTC', found);
  const context = scheduleOk && hostZone ? { schedule: raw.schedule as Schedule, hostZone } : undefined;
  checkDeadlines(record(raw.deadlines), context, found);
  if (options.now !== undefined && context) {
    const dates = fileDates(context.schedule, record(raw.deadlines), context.hostZone);
    const beyond = horizonProblems(dates, context.hostZone, options.now);
    // A deadline already refused (after the event it prepares) gets one problem, not two.
    found.push(...beyond.filter((problem) => !found.some((other) => other.path === problem.path)));
  }
  noted.push(...unknownFields(roundFileSchema, raw));
  const staff = record(raw.secretariat).staff;
  if (list(staff).length < 3) {
    noted.push({
      path: 'secretariat.staff',
      message: `${list(staff).length} staff listed: the concept note plans at least three Secretariat staff on the visit`,
    });
  }
  errors.push(...found.filter(superseded.keeps));
  warnings.push(...noted.filter(superseded.keeps));

  if (errors.length > 0 || !parsed.success) return { ok: false, errors, warnings };
  return { ok: true, round: normalise(parsed.data), warnings };
}

/**
 * zod runs a field's remaining checks after its type check failed, so `city: []` is also "too short"
 * (the list's length read as the text's): a field of the wrong type gets that one problem only.
 */
function withoutEchoes(issues: z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  const mistyped = new Set(issues.filter((issue) => issue.code === 'invalid_type').map((issue) => formatPath(issue.path)));
  return issues.filter((issue) => issue.code === 'invalid_type' || !mistyped.has(formatPath(issue.path)));
}

/**
 * What a size refusal makes moot. A list (or the `deadlines` mapping) past its ceiling is refused as a
 * whole: the rules skip its entries, and problems at the list itself (no host among a thousand
 * delegations, "1000 countries") are left out. A text past its ceiling is refused for its length alone.
 */
function supersededBy(issues: z.core.$ZodIssue[]): {
  emptied: (input: unknown) => unknown;
  keeps: (problem: Problem) => boolean;
} {
  const lists = issues
    .filter(
      (issue) =>
        (issue.code === 'too_big' && issue.origin === 'array') ||
        (issue.code === 'custom' && issue.params?.[OVERFLOW] === true),
    )
    .map((issue) => issue.path);
  const listPaths = lists.map(formatPath);
  const texts = issues
    .filter((issue) => issue.code === 'too_big' && issue.origin === 'string')
    .map((issue) => formatPath(issue.path));
  const inside = (path: string, list: string) =>
    path === list || path.startsWith(`${list}[`) || path.startsWith(`${list}.`);
  return {
    emptied: (input) => lists.reduce<unknown>((value, path) => emptyAt(value, path), input),
    keeps: (problem) =>
      !texts.includes(problem.path) && !listPaths.some((list) => inside(problem.path, list)),
  };
}

/** A copy of `value` with the list or mapping at `path` emptied; the input itself is not changed. */
function emptyAt(value: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  if (!value || typeof value !== 'object') return value;
  const [head, ...rest] = path;
  if (head === undefined) return Array.isArray(value) ? [] : {};
  const copy = (Array.isArray(value) ? [...value] : { ...value }) as Record<PropertyKey, unknown>;
  copy[head] = emptyAt(copy[head], rest);
  return copy;
}

function normalise(data: z.output<typeof roundFileSchema>): Round {
  const person = <P extends { email: string }>(p: P): P => ({ ...p, email: normaliseEmail(p.email) });
  return {
    ...data,
    secretariat: {
      coordinator: person(data.secretariat.coordinator),
      staff: data.secretariat.staff.map(person),
    },
    delegations: data.delegations.map((delegation) => ({
      ...delegation,
      country: delegation.country.toUpperCase(),
      language: delegation.language ?? defaultLanguage(data.community),
      participants: delegation.participants.map(person),
      coordinatingAgency: delegation.coordinatingAgency.map(person),
    })),
  };
}

/** The value written at a path, to tell a missing field from a mistyped one (zod issues omit the input). */
function valueAt(input: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  return path.reduce<unknown>(
    (value, segment) =>
      value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[segment] : undefined,
    input,
  );
}

function shown(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'number') return `number ${String(value)}`;
  return `${typeof value} ${JSON.stringify(value)}`;
}

function schemaProblem(issue: z.core.$ZodIssue, input: unknown): Problem {
  const path = formatPath(issue.path) || '(round file)';
  const field = String(issue.path[issue.path.length - 1] ?? 'value');
  if (issue.code === 'invalid_type') {
    const written = valueAt(input, issue.path);
    // A number that is not whole: the schema's message names the range (limits.ts).
    if (issue.expected === 'int' && typeof written === 'number') return { path, message: issue.message };
    const expected =
      issue.expected === 'object'
        ? 'a mapping of fields'
        : issue.expected === 'array'
          ? 'a list'
          : issue.expected;
    if (written === undefined && issue.path.length > 0)
      return { path, message: `missing: add ${field} (${expected})` };
    return { path, message: `expected ${expected}, found ${shown(written)}` };
  }
  if (issue.code === 'invalid_value') {
    const values = issue.values.map((v) => String(v)).join(', ');
    // zod reports a missing enum field as a wrong value: say it is missing, as for other fields.
    if (valueAt(input, issue.path) === undefined && issue.path.length > 0)
      return { path, message: `missing: add ${field} (one of ${values})` };
    return { path, message: `must be one of ${values}` };
  }
  if (issue.code === 'invalid_format' && issue.format === 'url') {
    return { path, message: 'not a web address: write it as https://…' };
  }
  if (issue.code === 'too_small' && issue.origin === 'string')
    return { path, message: `${issue.message}: fill it in` };
  return { path, message: issue.message };
}

function checkId(raw: Raw, errors: Problem[]): void {
  const id = text(raw.id);
  if (id !== undefined && !SLUG.test(id)) {
    errors.push({
      path: 'id',
      message: `"${id}" is not a slug: use lower-case letters, digits and single hyphens, e.g. fr-2027-r1`,
    });
  }
}

/** Emails are people's identity in the round (submissions, replacements), so each may appear once. */
function checkPeople(raw: Raw, errors: Problem[]): void {
  const people: Array<{ path: string; email: unknown }> = [];
  const secretariat = record(raw.secretariat);
  people.push({ path: 'secretariat.coordinator.email', email: record(secretariat.coordinator).email });
  list(secretariat.staff).forEach((p, i) =>
    people.push({ path: `secretariat.staff[${i}].email`, email: record(p).email }),
  );
  list(raw.delegations).forEach((d, i) => {
    list(record(d).participants).forEach((p, j) =>
      people.push({ path: `delegations[${i}].participants[${j}].email`, email: record(p).email }),
    );
    list(record(d).coordinatingAgency).forEach((p, j) =>
      people.push({ path: `delegations[${i}].coordinatingAgency[${j}].email`, email: record(p).email }),
    );
  });
  const firstSeen: Record<string, string> = {};
  for (const { path, email } of people) {
    if (typeof email !== 'string') continue; // the schema reports the missing or mistyped field
    const normalised = normaliseEmail(email);
    if (!EMAIL_ADDRESS.test(normalised)) {
      errors.push({ path, message: `"${email}" is not an email address: write it as name@domain` });
      continue;
    }
    const first = firstSeen[normalised];
    if (first !== undefined) {
      errors.push({
        path,
        message: `${normalised} is already used at ${first}: give each person their own address, listed once`,
      });
    } else firstSeen[normalised] = path;
  }
}

/** Returns the host's zone when there is exactly one host and its zone is known. */
function checkDelegations(raw: Raw, errors: Problem[], warnings: Problem[]): string | undefined {
  const delegations = list(raw.delegations).map(record);
  const countries: Record<string, number> = {};
  delegations.forEach((delegation, i) => {
    const country = text(delegation.country);
    if (country !== undefined) {
      if (!isAssignedCountryCode(country.toUpperCase())) {
        errors.push({
          path: `delegations[${i}].country`,
          message: `"${country}" is not an ISO 3166-1 alpha-2 country code: write it as two letters, e.g. TD or KE`,
        });
      } else if (countries[country.toUpperCase()] !== undefined) {
        errors.push({
          path: `delegations[${i}].country`,
          message: `${country} already has a delegation at delegations[${countries[country.toUpperCase()]}]: list each country once`,
        });
      } else countries[country.toUpperCase()] = i;
    }
    const zone = text(delegation.timezone);
    if (zone !== undefined && !IANAZone.isValidZone(zone)) {
      errors.push({
        path: `delegations[${i}].timezone`,
        message: `"${zone}" is not a known IANA time zone: write it as Region/City, e.g. Africa/Ndjamena`,
      });
    }
    const participants = list(delegation.participants);
    if (Array.isArray(delegation.participants) && participants.length === 0) {
      // Every request, reminder and invitation of a delegation goes to its participants: with none, its
      // deliverables would fall due and be escalated without anyone having been asked for them.
      errors.push({
        path: `delegations[${i}].participants`,
        message: 'no participant: list the officials of the delegation (the concept note plans two)',
      });
    } else if (Array.isArray(delegation.participants) && participants.length !== 2) {
      warnings.push({
        path: `delegations[${i}].participants`,
        message: `${participants.length} ${participants.length === 1 ? 'participant' : 'participants'}: the concept note plans two officials per delegation`,
      });
    }
  });
  if (Array.isArray(raw.delegations) && (delegations.length < 3 || delegations.length > 4)) {
    warnings.push({
      path: 'delegations',
      message: `${delegations.length} countries: the concept note plans 3–4 countries per round`,
    });
  }
  const hosts = delegations.flatMap((delegation, i) => (delegation.host === true ? [i] : []));
  if (Array.isArray(raw.delegations) && hosts.length === 0) {
    errors.push({
      path: 'delegations',
      message: 'no host: mark the delegation whose JSR is visited with host: true',
    });
  }
  hosts.slice(1).forEach((i) =>
    errors.push({
      path: `delegations[${i}].host`,
      message: `a second host (delegations[${hosts[0]}] already hosts): keep host: true on one delegation only`,
    }),
  );
  const host = hosts.length === 1 ? delegations[hosts[0] ?? -1] : undefined;
  if (!host) return undefined;
  const hostZone = text(host.timezone);
  return hostZone !== undefined && IANAZone.isValidZone(hostZone) ? hostZone : undefined;
}
