/**
 * `jsrx extend` against a running round on the dev server: the due date moves (a day falls at 17:00 host
 * time) and `status --json` shows it; a date after the event the deliverable prepares is refused with the
 * field named, exit 2, and the date stays.
 */
import { useRoundService } from '../harness/round-service';
import type { RoundProgress } from '../../workflows/messages';
import { jsrx, jsrxJson } from './run-jsrx';
import { copyExampleRound } from './round-copy';

describe('jsrx extend', () => {
  const service = useRoundService('extend');

  it('moves one deliverable’s due date, and refuses one after the event it prepares naming the field, exit 2', async () => {
    // The anglophone example: Kenya hosts (UTC+3), vc2 on 2027-03-23T11:00Z, documents due on the 13th.
    const { file, roundId } = copyExampleRound('en-2027-r1.yaml', service.scratch, 'cli-extend');
    expect((await jsrx(['launch', file], service.cliEnv)).code).toBe(0);

    const extend = await jsrx(
      [
        'extend',
        roundId,
        'GH/jsr-documents',
        '--due',
        '2027-03-18',
        '--reason',
        'the report is validated on the 17th',
      ],
      service.cliEnv,
    );
    const tooLate = await jsrxJson<{ accepted: boolean; reason: string }>(
      ['extend', roundId, 'GH/jsr-documents', '--due', '2027-03-24', '--reason', 'later still'],
      service.cliEnv,
    );
    const missingReason = await jsrx(['extend', roundId, 'GH/jsr-documents', '--due', '2027-03-18'], service.cliEnv);

    expect(extend.code).toBe(0);
    expect(extend.stdout).toContain(`${roundId}: extend GH/jsr-documents to 2027-03-18: accepted`);
    expect(tooLate.code).toBe(2);
    expect(tooLate.value).toMatchObject({
      accepted: false,
      reason: expect.stringMatching(/^dueAt: due 2027-03-24T14:00:00.000Z, after vc2/),
    });
    expect(missingReason.code).toBe(2);
    expect(missingReason.stderr).toContain("required option '--reason <text>' not specified");

    const status = await jsrxJson<RoundProgress>(['status', roundId], service.cliEnv);
    const due = (id: string) => status.value.deliverables.find((d) => d.id === id)?.dueAt;
    expect(due('GH/jsr-documents')).toBe('2027-03-18T14:00:00.000Z');
    expect(due('KE/jsr-documents')).toBe('2027-03-13T11:00:00.000Z');
  });
});
