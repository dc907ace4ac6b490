/**
 * `jsrx launch` warns of what `jsrx validate` warns of: the warnings read from the dated plan (a
 * conference's notes due after the step they serve) as well as those about the file itself, on stderr for
 * a person and in the result under --json, and the round still starts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { Problem } from '../../domain/round-file';
import { useRoundService } from '../harness/round-service';
import { copyExampleRound } from './round-copy';
import { jsrx, jsrxJson } from './run-jsrx';

const LATE_NOTES =
  'warning secretariat/vc1-notes: due 2027-03-25T11:00:00.000Z, after vc2 (2027-03-23T11:00:00.000Z)';

describe('jsrx launch warnings', () => {
  const service = useRoundService('launch-warnings');

  /** The anglophone example under a fresh id, with vc1's notes due two days after vc2 and two staff only. */
  function roundWithLateNotes(prefix: string): { file: string; roundId: string } {
    const copy = copyExampleRound('en-2027-r1.yaml', service.scratch, prefix);
    const round = parse(readFileSync(copy.file, 'utf8')) as {
      deadlines?: Record<string, string>;
      secretariat: { staff: unknown[] };
    };
    round.deadlines = { 'vc1-notes': 'vc2+2d' };
    round.secretariat.staff = round.secretariat.staff.slice(0, 2);
    writeFileSync(copy.file, JSON.stringify(round));
    return copy;
  }

  it('prints the date warnings validate prints, beside the file’s own, and starts the round', async () => {
    const { file, roundId } = roundWithLateNotes('cli-launch-warn');
    const validated = await jsrx(['validate', file], service.cliEnv);
    const launched = await jsrx(['launch', file], service.cliEnv);

    expect(validated.stdout).toContain(LATE_NOTES);
    expect(launched.code).toBe(0);
    expect(launched.stdout).toContain(`launched ${roundId}`);
    expect(launched.stderr).toContain(LATE_NOTES);
    expect(launched.stderr).toContain('warning secretariat.staff: 2 staff listed');
  });

  it('keeps them in the result under --json', async () => {
    const { file } = roundWithLateNotes('cli-launch-warn-json');
    const launched = await jsrxJson<{ warnings: Problem[] }>(['launch', file], service.cliEnv);

    expect(launched.code).toBe(0);
    expect(launched.value.warnings.map((warning) => warning.path)).toEqual(
      expect.arrayContaining(['secretariat.staff', 'secretariat/vc1-notes']),
    );
  });
});
