import { join } from 'node:path';
import { readRoundFile } from '../../client/round-file-io';
import { countryName, validateRound } from '../../domain/validate';
import type { Problem, ValidationResult } from '../../domain/round-file';
import { EXAMPLES, FIXTURES, paths, validRound } from './round-fixtures';

async function validateFixture(name: string): Promise<ValidationResult> {
  return validateRound(await readRoundFile(join(FIXTURES, name)));
}

function errorsOf(result: ValidationResult): Problem[] {
  if (result.ok) throw new Error('expected the round file to be rejected');
  return result.errors;
}

function messageAt(problems: Problem[], path: string): string {
  const found = problems.find((problem) => problem.path === path);
  if (!found) throw new Error(`no problem reported at ${path}; got ${paths(problems).join(', ')}`);
  return found.message;
}

describe('the example round files', () => {
  it.each(['fr-2027-r1.yaml', 'en-2027-r1.yaml'])(
    '%s is valid and follows the concept note (no warnings)',
    async (name) => {
      const result = validateRound(await readRoundFile(join(EXAMPLES, name)));
      expect(result).toMatchObject({ ok: true, warnings: [] });
    },
  );

  it('gives each delegation the language of its community when the file names none', async () => {
    const fr = await validRound(join(EXAMPLES, 'fr-2027-r1.yaml'));
    const en = await validRound(join(EXAMPLES, 'en-2027-r1.yaml'));
    expect(fr.delegations.map((d) => [d.country, d.language])).toEqual([
      ['TD', 'fr'],
      ['CI', 'fr'],
      ['SN', 'fr'],
    ]);
    expect(en.delegations.map((d) => d.language)).toEqual(['en', 'en', 'en', 'en']);
  });

  it('applies the defaults the file leaves out', async () => {
    const en = await validRound(join(EXAMPLES, 'en-2027-r1.yaml'));
    expect(en.deadlines).toEqual({});
    expect(en.reminders).toEqual({
      beforeDays: [7, 2],
      overdueEveryDays: 3,
      escalateAfterDays: 7,
      maxOverdueNotices: 5,
      eventBeforeDays: [1],
    });
    expect(en.delegations[1]).toMatchObject({ country: 'GH', host: false, coordinatingAgency: [] });
  });
});

describe('a round that departs from the concept note', () => {
  it('is accepted with one warning per departure, and its addresses and codes are normalised', async () => {
    const result = await validateFixture('warnings-only.json');
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.warnings).toEqual([
      {
        path: 'delegations[0].participants',
        message: '3 participants: the concept note plans two officials per delegation',
      },
      { path: 'delegations', message: '2 countries: the concept note plans 3–4 countries per round' },
      {
        path: 'secretariat.staff',
        message: '2 staff listed: the concept note plans at least three Secretariat staff on the visit',
      },
    ]);
    expect(result.round.secretariat.coordinator.email).toBe('grace.wanjiru@example.org');
    expect(result.round.delegations[0]?.participants[0]?.email).toBe('p.kamau@example.ke');
    // Rwanda writes in French in an anglophone round because its file says so; its code is upper-cased.
    expect(result.round.delegations[1]).toMatchObject({ country: 'RW', language: 'fr' });
  });
});

describe('a broken round file gets every problem at once, each at its path with a fix', () => {
  it('people: a malformed address, an address used twice, a missing name', async () => {
    const errors = errorsOf(await validateFixture('bad-people.yaml'));
    expect(paths(errors).sort()).toEqual(
      [
        'secretariat.coordinator.name',
        'delegations[0].participants[0].email',
        'delegations[2].participants[0].email',
        'delegations[2].coordinatingAgency[0].email',
      ].sort(),
    );
    expect(messageAt(errors, 'delegations[2].participants[0].email')).toBe(
      '"o.ndiaye.example.sn" is not an email address: write it as name@domain',
    );
    // Trimmed and lower-cased before comparing, so "  M.Saleh@Example.TD " is the same person.
    expect(messageAt(errors, 'delegations[0].participants[0].email')).toContain(
      'already used at secretariat.staff[2].email',
    );
    expect(messageAt(errors, 'secretariat.coordinator.name')).toBe('missing: add name (string)');
  });

  it('text on one line: a line break in a name or a tab in a title is refused at its path', async () => {
    const input = (await readRoundFile(join(EXAMPLES, 'en-2027-r1.yaml'))) as {
      title: string;
      delegations: Array<{ participants: Array<{ name: string }> }>;
      schedule: { visit: { venue: string } };
    };
    input.title = 'Anglophone\texchange';
    input.delegations[1]!.participants[0]!.name = 'Kwame\nBcc: everyone@example.org';
    input.schedule.visit.venue = 'Jogoo House\u0085';
    const errors = errorsOf(validateRound(input));
    expect(paths(errors).sort()).toEqual(
      ['title', 'delegations[1].participants[0].name', 'schedule.visit.venue'].sort(),
    );
    expect(messageAt(errors, 'delegations[1].participants[0].name')).toBe(
      'it holds a line break or another control character: write it on one line',
    );
  });

  it('places: an id that is not a slug, an unassigned country code, an unknown zone, two hosts', async () => {
    const errors = errorsOf(await validateFixture('bad-places.yaml'));
    expect(paths(errors)).toEqual([
      'id',
      'delegations[1].country',
      'delegations[2].timezone',
      'delegations[2].host',
    ]);
    expect(messageAt(errors, 'delegations[1].country')).toContain(
      '"XX" is not an ISO 3166-1 alpha-2 country code',
    );
    expect(messageAt(errors, 'delegations[2].timezone')).toContain(
      '"Africa/Dakkar" is not a known IANA time zone',
    );
    expect(messageAt(errors, 'delegations[2].host')).toContain('keep host: true on one delegation only');
  });

  it('schedule: an instant without its offset, a bad join link, a reversed visit, vc3 before the visit ends', async () => {
    const errors = errorsOf(await validateFixture('bad-schedule.yaml'));
    expect(paths(errors).sort()).toEqual([
      'schedule.vc1.start',
      'schedule.vc2.joinUrl',
      'schedule.vc3.start',
      'schedule.visit.end',
    ]);
    expect(messageAt(errors, 'schedule.vc1.start')).toBe(
      '"2027-02-16T11:00" is not an instant with its offset: add its zone’s offset: 2027-02-16T11:00Z if that is UTC, 2027-02-16T11:00+03:00 if it is three hours ahead of UTC',
    );
    expect(messageAt(errors, 'schedule.vc2.joinUrl')).toBe('not a web address: write it as https://…');
    expect(messageAt(errors, 'schedule.vc3.start')).toContain('vc3 must come after the visit ends');
  });

  it('deadlines: an unknown key, an unreadable offset, and due dates on the wrong side of their event', async () => {
    const errors = errorsOf(await validateFixture('bad-deadlines.yaml'));
    expect(paths(errors)).toEqual([
      'deadlines.country-report',
      'deadlines.self-assessment',
      'deadlines.jsr-documents',
      'deadlines.vc1-notes',
      'deadlines.meeting-requests',
    ]);
    expect(messageAt(errors, 'deadlines.self-assessment')).toContain('cannot read "two weeks before vc2"');
    // vc2 is 2027-03-23T11:00Z; three days later is after the meeting the documents prepare.
    expect(messageAt(errors, 'deadlines.jsr-documents')).toBe(
      'due 2027-03-26T11:00:00.000Z, after vc2 (2027-03-23T11:00:00.000Z) that it prepares: choose a due date before vc2',
    );
    // The visit opens at 00:00 Nairobi time on 2027-04-26 (21:00Z the day before); 17:00 on the 27th is too late.
    expect(messageAt(errors, 'deadlines.meeting-requests')).toBe(
      'due 2027-04-27T14:00:00.000Z, after the visit (2027-04-25T21:00:00.000Z) that it prepares: choose a due date before the visit',
    );
  });

  it('a delegation with no participant is an error: nobody would be asked for its deliverables or told of its dates', async () => {
    const input = (await readRoundFile(join(EXAMPLES, 'fr-2027-r1.yaml'))) as {
      delegations: Array<{ participants: unknown[] }>;
    };
    input.delegations[2]!.participants = [];
    const result = validateRound(input);
    expect(messageAt(errorsOf(result), 'delegations[2].participants')).toBe(
      'no participant: list the officials of the delegation (the concept note plans two)',
    );
    expect(paths(result.warnings)).not.toContain('delegations[2].participants');
  });

  it('no host is an error, reported together with the warnings', async () => {
    const result = await validateFixture('no-host-small.yaml');
    expect(errorsOf(result)).toEqual([
      { path: 'delegations', message: 'no host: mark the delegation whose JSR is visited with host: true' },
    ]);
    expect(paths(result.warnings)).toEqual([
      'delegations[0].participants',
      'delegations',
      'secretariat.staff',
    ]);
  });
});

describe('country codes', () => {
  const withCountry = async (code: string) => {
    const input = (await readRoundFile(join(EXAMPLES, 'en-2027-r1.yaml'))) as {
      delegations: Array<{ country: string }>;
    };
    const second = input.delegations[1];
    if (second) second.country = code;
    return validateRound(input);
  };

  it.each(['XX', 'ZZ', 'EU', 'UK', 'XK', 'GHA', ''])(
    'rejects %p, which is not an assigned ISO 3166-1 alpha-2 code',
    async (code) => {
      expect(paths(errorsOf(await withCountry(code)))).toContain('delegations[1].country');
    },
  );

  it('names a country in the reader language', () => {
    expect(countryName('TD', 'fr')).toBe('Tchad');
    expect(countryName('TD', 'en')).toBe('Chad');
    expect(countryName('CD', 'fr')).toBe('Congo-Kinshasa');
  });
});

describe('fields the schema does not know', () => {
  it('are kept out of the round but named in a warning, so a misspelling does not vanish', async () => {
    const input = (await readRoundFile(join(EXAMPLES, 'en-2027-r1.yaml'))) as Record<string, unknown> & {
      schedule: { visit: Record<string, unknown> };
      delegations: Array<Record<string, unknown>>;
    };
    input.deadline = { 'jsr-documents': 'vc2-14d' };
    input.schedule.visit.venu = 'Jogoo House';
    if (input.delegations[2]) input.delegations[2].timezon = 'Africa/Lusaka';
    const result = validateRound(input);
    expect(result.ok).toBe(true);
    expect(result.warnings.map((w) => w.path).sort()).toEqual([
      'deadline',
      'delegations[2].timezon',
      'schedule.visit.venu',
    ]);
    expect(result.warnings.find((w) => w.path === 'deadline')?.message).toMatch(
      /^unknown field, ignored: check its spelling \(expected one of id, title, community/,
    );
  });
});

describe('input that is not shaped like a round file', () => {
  it('says the whole file is wrong when it is not an object', () => {
    expect(errorsOf(validateRound(null))).toEqual([
      { path: '(round file)', message: 'expected a mapping of fields, found null' },
    ]);
  });

  it('tells a mistyped field from a missing one', () => {
    const errors = errorsOf(
      validateRound({
        id: 'x',
        title: 'T',
        community: 'francophone',
        secretariat: { coordinator: { name: 'A' } },
        delegations: 'TD',
      }),
    );
    expect(errors).toContainEqual({ path: 'delegations', message: 'expected a list, found string "TD"' });
    expect(errors).toContainEqual({
      path: 'secretariat.coordinator.email',
      message: 'missing: add email (string)',
    });
    expect(errors).toContainEqual({
      path: 'schedule',
      message: 'missing: add schedule (a mapping of fields)',
    });
  });
});
