import { useRoundService } from '../harness/round-service';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { jsrx, jsrxJson } from '../cli/run-jsrx';
import { copyExampleRound } from '../cli/round-copy';
import { readInvitation } from './calendar-reader';
import type { Received } from '../harness/loopback-smtp';
import { readRoundFile } from '../../client/round-file-io';
import { validateRound } from '../../domain/validate';
import { roundWorkflowId } from '../../workflows/ids';
import { historiesFolder } from '../workflows/round-fixture';

const isWelcome = (message: Received) => !readInvitation(message.mail) && /welcome|bienvenue/i.test(message.mail.subject ?? '');

describe('a round id launched, cancelled and launched again', () => {
  const service = useRoundService('relaunch', { smtp: true });

  it('writes to every participant again, as new mail and new calendar events, and tells the coordinator about the earlier run', async () => {
    const { file, roundId } = copyExampleRound('fr-2027-r1.yaml', service.scratch, 'relaunch');
    const parsed = validateRound(await readRoundFile(file));
    if (!parsed.ok) throw new Error('the example must be valid');
    const everyone = [
      ...parsed.round.delegations.flatMap((d) => [...d.participants, ...d.coordinatingAgency].map((p) => p.email)),
      parsed.round.secretariat.coordinator.email,
      ...parsed.round.secretariat.staff.map((s) => s.email),
    ];
    const participants = parsed.round.delegations.flatMap((d) => d.participants.map((p) => p.email));
    const invitationsTo = (email: string) => (message: Received) => message.envelopeTo.includes(email) && readInvitation(message.mail)?.method === 'REQUEST';

    expect((await jsrx(['launch', file], service.cliEnv)).code).toBe(0);
    const firstWelcomes = await service.smtp.waitFor(isWelcome, everyone.length);
    const firstInvitations = await service.smtp.waitFor(invitationsTo(participants[0]!), 3);
    expect((await jsrx(['cancel', roundId, '--reason', 'wrong dates'], service.cliEnv)).code).toBe(0);
    await service.smtp.waitFor((message) => readInvitation(message.mail)?.method === 'CANCEL', 3 * participants.length);

    const relaunch = await jsrx(['launch', file], service.cliEnv);
    expect(relaunch.code).toBe(0);
    expect(relaunch.stdout).toMatch(new RegExp(`an earlier run of ${roundId} \\(run [0-9a-f-]+\\) was cancelled`));

    // `jsrx list` shows the round once, as its new run; --all-runs both runs, told apart by their run ids.
    type Listed = Array<{ roundId: string; status: string; runId: string }>;
    const runs = async (args: string[]) => ((await jsrxJson<Listed>(['list', ...args], service.cliEnv)).value ?? []).filter((r) => r.roundId === roundId);
    let every: Listed = [];
    for (let tries = 0; tries < 50 && every.length < 2; tries++) {
      every = await runs(['--all-runs']);
      if (every.length < 2) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(every.map((r) => r.status).sort()).toEqual(['COMPLETED', 'RUNNING']);
    expect(new Set(every.map((r) => r.runId)).size).toBe(2);
    const once = await runs([]);
    expect(once.map((r) => [r.status, r.runId])).toEqual([['RUNNING', every.find((r) => r.status === 'RUNNING')!.runId]]);

    // Every reader is welcomed a second time, with a Message-ID their client has never seen.
    const welcomes = await service.smtp.waitFor(isWelcome, 2 * everyone.length);
    const again = welcomes.filter((message) => !firstWelcomes.includes(message));
    expect(again.map((message) => message.envelopeTo[0]).sort()).toEqual(everyone.slice().sort());
    const firstIds = new Set(firstWelcomes.map((message) => message.mail.messageId));
    expect(again.every((message) => message.mail.messageId && !firstIds.has(message.mail.messageId))).toBe(true);

    // And every participant is invited again, under UIDs whose last word was not a CANCEL.
    for (const email of participants) {
      const invitations = await service.smtp.waitFor(invitationsTo(email), email === participants[0] ? 6 : 6);
      const uids = invitations.map((message) => readInvitation(message.mail)?.uid);
      expect(new Set(uids).size).toBe(6);
    }
    const oldUids = new Set(firstInvitations.map((message) => readInvitation(message.mail)?.uid));
    const fresh = (await service.smtp.waitFor(invitationsTo(participants[0]!), 6)).filter((message) => !firstInvitations.includes(message));
    expect(fresh).toHaveLength(3);
    expect(fresh.every((message) => !oldUids.has(readInvitation(message.mail)?.uid))).toBe(true);
    expect(fresh.map((message) => readInvitation(message.mail)?.sequence)).toEqual([0, 0, 0]);

    // The relaunched run's history joins the baseline every later change must replay.
    const folder = historiesFolder();
    if (folder) {
      const workflowId = roundWorkflowId(roundId);
      const history = await service.env.client.workflow.getHandle(workflowId).fetchHistory();
      mkdirSync(folder, { recursive: true });
      writeFileSync(path.join(folder, 'a-relaunched-round.round.json'), `${JSON.stringify({ workflowId, history })}\n`);
    }
    expect((await jsrx(['cancel', roundId, '--reason', 'the test is over'], service.cliEnv)).code).toBe(0);
  }, 180_000);
});
