import { useRoundService } from '../harness/round-service';
import { jsrx, jsrxJson } from './run-jsrx';
import { copyExampleRound } from './round-copy';

describe('jsrx against a running service, when the input is wrong', () => {
  const service = useRoundService('service');

  it('says a round it does not know is unknown, and exits 2', async () => {
    const run = await jsrx(['status', 'no-such-round'], service.cliEnv);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no round with the id no-such-round');
  });

  it('refuses a deliverable id that names no deliverable before asking the round, and exits 2', async () => {
    const run = await jsrx(['submit', 'any-round', 'KE/no-such-deliverable', '--by', 'p.kamau@example.ke'], service.cliEnv);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no-such-deliverable is not a deliverable');
  });

  it('gives the round’s reason when it refuses an update, and exits 2', async () => {
    const { file, roundId } = copyExampleRound('en-2027-r1.yaml', service.scratch, 'cli-refusal');
    const launch = await jsrx(['launch', file], service.cliEnv);
    expect(launch.code).toBe(0);

    // Visa invitation letters are the host's (KE) to write, not a visiting delegation's.
    const submit = await jsrx(['submit', roundId, 'GH/visa-invitation-letters', '--by', 'k.asante@example.gh'], service.cliEnv);
    const reschedule = await jsrx(['reschedule', roundId, 'vc2', '--start', '2027-01-01T10:00:00Z'], service.cliEnv);

    expect(submit.code).toBe(2);
    expect(submit.stdout).toMatch(/submit GH\/visa-invitation-letters: refused: .+/);
    expect(reschedule.code).toBe(2);
    expect(reschedule.stdout).toMatch(/reschedule vc2: refused: .+/);

    const status = await jsrxJson<{ phase: string }>(['status', roundId], service.cliEnv);
    expect(status.code).toBe(0);
    expect(status.value.phase).toBe('prep-1');
  });

  it('refuses to launch a round id that already runs, and exits 2', async () => {
    const { file, roundId } = copyExampleRound('en-2027-r1.yaml', service.scratch, 'cli-twice');
    expect((await jsrx(['launch', file], service.cliEnv)).code).toBe(0);

    const again = await jsrx(['launch', file], service.cliEnv);

    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`round ${roundId} is already running`);
  });

  it('exits 1 with the address to check when no service answers', async () => {
    const run = await jsrx(['status', 'any-round'], { TEMPORAL_ADDRESS: '127.0.0.1:1' });

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('cannot reach the Temporal service at 127.0.0.1:1');
  });

  it('exits 2 naming the variable when the configuration is wrong', async () => {
    const run = await jsrx(['status', 'any-round'], { TEMPORAL_ADDRESS: 'nowhere' });

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('TEMPORAL_ADDRESS: write it as host:port');
  });
});
