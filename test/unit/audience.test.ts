import { join } from 'node:path';
import {
  caRecipients,
  delegationRecipients,
  recipientsFor,
  roundContext,
  secretariatRecipients,
} from '../../workflows/audience';
import type { Round } from '../../domain/round-file';
import { EXAMPLES, validRound } from './round-fixtures';

const emails = (recipients: Array<{ email: string }>) => recipients.map((r) => r.email);

describe('who receives what in the anglophone example (Kenya hosts Ghana, Zambia and Sierra Leone)', () => {
  let round: Round;
  beforeAll(async () => {
    round = await validRound(join(EXAMPLES, 'en-2027-r1.yaml'));
  });

  it('describes the round with the host first, scoped to its run', () => {
    expect(roundContext(round, 'run-1')).toEqual({
      roundId: 'en-2027-r1',
      runId: 'run-1',
      title: 'Anglophone JSR exchange 2027',
      community: 'anglophone',
      coordinator: { name: 'Grace Wanjiru', email: 'grace.wanjiru@example.org' },
      hostCountry: 'KE',
      hostTimezone: 'Africa/Nairobi',
      countries: ['KE', 'GH', 'ZM', 'SL'],
    });
  });

  it('invites everyone to the video conferences: participants, CA representatives, coordinator and staff, once each', () => {
    const everyone = recipientsFor(round, 'everyone');
    expect(everyone).toHaveLength(8 + 2 + 1 + 3);
    expect(new Set(emails(everyone)).size).toBe(everyone.length);
    expect(everyone.filter((r) => r.role === 'coordinating-agency').map((r) => r.organization)).toEqual([
      'GIZ',
      'FCDO',
    ]);
  });

  it('sends the evening debriefs to the visitors and the Secretariat, not to the host', () => {
    const debrief = emails(recipientsFor(round, 'debrief'));
    expect(debrief).toHaveLength(6 + 4);
    expect(debrief).not.toContain('p.kamau@example.ke');
    expect(debrief).toContain('m.kamara@example.sl');
    expect(debrief).toContain('tom.banda@example.org');
  });

  it('splits the participants into host and visiting', () => {
    expect(emails(recipientsFor(round, 'host'))).toEqual(['p.kamau@example.ke', 'm.achieng@example.ke']);
    expect(recipientsFor(round, 'visiting')).toHaveLength(6);
    expect(recipientsFor(round, 'participants')).toHaveLength(8);
    expect(emails(recipientsFor(round, 'coordinator'))).toEqual(['grace.wanjiru@example.org']);
  });

  it('writes to a delegation in its own zone, and to the Secretariat and CA in the host’s zone', () => {
    expect(delegationRecipients(round, 'ZM')).toEqual([
      {
        name: 'Mwila Phiri',
        email: 'm.phiri@example.zm',
        role: 'participant',
        country: 'ZM',
        language: 'en',
        timezone: 'Africa/Lusaka',
      },
      {
        name: 'Chanda Mulenga',
        email: 'c.mulenga@example.zm',
        role: 'participant',
        country: 'ZM',
        language: 'en',
        timezone: 'Africa/Lusaka',
      },
    ]);
    expect(caRecipients(round, 'ZM')).toEqual([
      {
        name: 'James Carter',
        email: 'j.carter@example.org',
        role: 'coordinating-agency',
        country: 'ZM',
        organization: 'FCDO',
        language: 'en',
        timezone: 'Africa/Nairobi',
      },
    ]);
    expect(caRecipients(round, 'GH')).toEqual([]);
    expect(secretariatRecipients(round).map((r) => [r.role, r.timezone])).toEqual([
      ['coordinator', 'Africa/Nairobi'],
      ['staff', 'Africa/Nairobi'],
      ['staff', 'Africa/Nairobi'],
      ['staff', 'Africa/Nairobi'],
    ]);
  });

  it('follows a replacement: the newcomer is reached, the person who left is not', () => {
    const replaced: Round = {
      ...round,
      delegations: round.delegations.map((d) =>
        d.country === 'GH'
          ? {
              ...d,
              participants: [{ name: 'Yaw Boateng', email: 'y.boateng@example.gh' }, d.participants[1]!],
            }
          : d,
      ),
    };
    expect(emails(delegationRecipients(replaced, 'GH'))).toEqual([
      'y.boateng@example.gh',
      'a.owusu@example.gh',
    ]);
    expect(emails(recipientsFor(replaced, 'everyone'))).not.toContain('k.asante@example.gh');
  });

  it('refuses a country that has no delegation in the round', () => {
    expect(() => delegationRecipients(round, 'TD')).toThrow('round en-2027-r1 has no delegation for TD');
  });
});

describe('a francophone round', () => {
  it('writes to the CA representatives and the Secretariat in French', async () => {
    const round = await validRound(join(EXAMPLES, 'fr-2027-r1.yaml'));
    expect(new Set(recipientsFor(round, 'everyone').map((r) => r.language))).toEqual(new Set(['fr']));
    expect(caRecipients(round, 'CI')[0]).toMatchObject({ language: 'fr', timezone: 'Africa/Ndjamena' });
  });
});
