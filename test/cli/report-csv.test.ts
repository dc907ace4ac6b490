/**
 * `jsrx report` writes its CSV as the staff dashboard's exports do: for a French reader (`--lang fr`, or a
 * French locale when --lang is not given) cells are separated by semicolons after a byte-order mark, as
 * Excel set to French opens in columns; for anyone else, commas as before. Columns and values stay the
 * English file's, so a script reads either.
 */
import { useRoundService } from '../harness/round-service';
import { copyExampleRound } from './round-copy';
import { jsrx } from './run-jsrx';

const BOM = '\uFEFF';

describe('jsrx report as CSV in French', () => {
  const service = useRoundService('report-csv');
  let roundId: string;
  beforeAll(async () => {
    const copy = copyExampleRound('fr-2027-r1.yaml', service.scratch, 'cli-report-csv');
    roundId = copy.roundId;
    expect((await jsrx(['launch', copy.file], service.cliEnv)).code).toBe(0);
  });

  const report = (args: string[], locale: NodeJS.ProcessEnv = {}) =>
    jsrx(['report', roundId, '--tz', 'UTC', ...args], { ...service.cliEnv, ...locale });

  it('separates the cells with semicolons after a byte-order mark with --lang fr', async () => {
    const run = await report(['--lang', 'fr']);
    expect(run.code).toBe(0);
    expect(
      run.stdout.startsWith(`${BOM}round;owner;participant;deliverable;due_at_utc;due_at_UTC;status;`),
    ).toBe(true);
    expect(run.stdout).toMatch(
      new RegExp(`^${roundId};TD;;learning-objectives;\\d{4}-\\d\\d-\\d\\dT[^;]+;[^;]+;pending;`, 'm'),
    );
  });

  it('takes French from the locale when --lang is not given, and --lang en overrides it', async () => {
    const french = await report([], { LANG: 'fr_FR.UTF-8' });
    const overridden = await report(['--lang', 'en'], { LC_ALL: 'fr_FR.UTF-8' });
    const english = await report([], { LANG: 'en_GB.UTF-8' });

    expect(french.stdout.startsWith(`${BOM}round;owner;`)).toBe(true);
    expect(overridden.stdout.startsWith('round,owner,')).toBe(true);
    expect(english.stdout.startsWith('round,owner,')).toBe(true);
  });

  it('refuses a language it does not write, naming the option and the choices, exit 2', async () => {
    const run = await report(['--lang', 'de']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      "option '--lang <language>' argument 'de' is invalid. Allowed choices are en, fr.",
    );
  });

  it('says so in --help', async () => {
    const help = await jsrx(['report', '--help']);
    expect(help.stdout).toContain('--lang');
    expect(help.stdout).toMatch(/semicolons/);
  });
});
