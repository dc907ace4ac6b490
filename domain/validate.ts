/**
 * Validation of a round file (DESIGN.md §3): the zod schema for the shape, then the rules that span
 * fields. Every problem is reported at once, each with the path of the field and how to fix it, because
 * a coordinator fixing one error per run would give up. Pure (no I/O, no clock): the client validates
 * before launching and the workflow re-validates with the same code.
 */
import { IANAZone } from 'luxon';
import type { z } from 'zod';
import {
  roundFileSchema,
  type Language,
  type Problem,
  type Round,
  type ValidationResult,
} from './round-file';
import { isAssignedCountryCode } from './countries';
import { EMAIL_ADDRESS } from './email';
import type { Schedule } from './due-dates';
import { checkDeadlines, checkSchedule } from './schedule-rules';
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

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function defaultLanguage(community: Round['community']): Language {
  return community === 'francophone' ? 'fr' : 'en';
}

export function validateRound(input: unknown): ValidationResult {
  const errors: Problem[] = [];
  const warnings: Problem[] = [];
  const parsed = roundFileSchema.safeParse(input);
  if (!parsed.success) errors.push(...parsed.error.issues.map((issue) => schemaProblem(issue, input)));

  const raw = record(input);
  checkId(raw, errors);
  checkPeople(raw, errors);
  const hostZone = checkDelegations(raw, errors, warnings);
  const scheduleOk = checkSchedule(record(raw.schedule), hostZone ?? 'UTC', errors);
  checkDeadlines(
    record(raw.deadlines),
    scheduleOk && hostZone ? { schedule: raw.schedule as Schedule, hostZone } : undefined,
    errors,
  );
  warnings.push(...unknownFields(roundFileSchema, input));
  const staff = record(raw.secretariat).staff;
  if (list(staff).length < 3) {
    warnings.push({
      path: 'secretariat.staff',
      message: `${list(staff).length} staff listed: the concept note plans at least three Secretariat staff on the visit`,
    });
  }

  if (errors.length > 0 || !parsed.success) return { ok: false, errors, warnings };
  return { ok: true, round: normalise(parsed.data), warnings };
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
  return `${typeof value} ${JSON.stringify(value)}`;
}

function schemaProblem(issue: z.core.$ZodIssue, input: unknown): Problem {
  const path = formatPath(issue.path) || '(round file)';
  const field = String(issue.path[issue.path.length - 1] ?? 'value');
  if (issue.code === 'invalid_type') {
    const written = valueAt(input, issue.path);
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
    return { path, message: `must be one of ${issue.values.map((v) => String(v)).join(', ')}` };
  }
  if (issue.code === 'invalid_format' && issue.format === 'url') {
    return { path, message: 'not a web address: write it as https://…' };
  }
  if (issue.code === 'too_small') return { path, message: `${issue.message}: fill it in` };
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
    if (Array.isArray(delegation.participants) && participants.length !== 2) {
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
