import { useRoundService } from '../harness/round-service';
import type { RoundProgress } from '../../workflows/messages';
import { jsrx, jsrxJson } from '../cli/run-jsrx';
import { copyExampleRound } from '../cli/round-copy';
import { readInvitation } from './calendar-reader';
import type { Received } from '../harness/loopback-smtp';

const COORDINATOR = 'grace.wanjiru@example.org';
const KENYAN = 'p.kamau@example.ke';
const GHANAIAN = 'k.asante@example.gh';

const invitationFor = (email: string, eventId: string, method = 'REQUEST') => (message: Received) => {
  const invitation = readInvitation(message.mail);
  return message.envelopeTo.includes(email) && invitation?.method === method && invitation.uid.startsWith(`${eventId}.`);
};

describe('a round run by a coordinator with jsrx, its emails received over SMTP', () => {
  const service = useRoundService('e2e', { smtp: true });

  it('launches, welcomes and invites, records a submission, moves VC2, is listed by phase, and is cancelled', async () => {
    const testStarted = Date.now();
    const { file, roundId } = copyExampleRound('en-2027-r1.yaml', service.scratch, 'e2e');

    // Launch: everyone is welcomed and invited to the three video conferences, one email each.
    const launch = await jsrx(['launch', file], service.cliEnv);
    expect(launch.code).toBe(0);
    expect(launch.stdout).toContain(`launched ${roundId}`);
    const welcomes = await service.smtp.waitFor((message) => message.envelopeTo.includes(KENYAN) && !readInvitation(message.mail) && /welcome/i.test(message.mail.subject ?? ''));
    expect(welcomes[0]?.mail.text).toContain('Anglophone JSR exchange 2027');
    const coordinatorWelcome = await service.smtp.waitFor((message) => message.envelopeTo.includes(COORDINATOR) && /welcome/i.test(message.mail.subject ?? ''));
    // One email per reader: never a shared To or Bcc list.
    expect([...welcomes, ...coordinatorWelcome].map((message) => message.envelopeTo.length)).toEqual([1, 1]);
    for (const eventId of ['vc1', 'vc2', 'vc3']) {
      const [invitation] = await service.smtp.waitFor(invitationFor(KENYAN, eventId));
      expect(readInvitation(invitation!.mail)).toMatchObject({ method: 'REQUEST', sequence: 0 });
    }
    const [firstVc2] = await service.smtp.waitFor(invitationFor(GHANAIAN, 'vc2'));
    expect(readInvitation(firstVc2!.mail)?.start.toISOString()).toBe('2027-03-23T11:00:00.000Z');

    // A submission recorded through the CLI shows in the progress.
    const submit = await jsrx(['submit', roundId, 'KE/learning-objectives', '--by', KENYAN, '--reference', 'https://docs.example.ke/objectives.pdf'], service.cliEnv);
    expect(submit.code).toBe(0);
    expect(submit.stdout).toContain('submit KE/learning-objectives: accepted');
    const afterSubmit = await jsrxJson<RoundProgress>(['status', roundId], service.cliEnv);
    expect(afterSubmit.code).toBe(0);
    expect(afterSubmit.value.deliverables.find((deliverable) => deliverable.id === 'KE/learning-objectives')).toMatchObject({
      status: 'submitted',
      submittedBy: KENYAN,
      reference: 'https://docs.example.ke/objectives.pdf',
    });
    expect(afterSubmit.value.deliverables.find((deliverable) => deliverable.id === 'GH/learning-objectives')?.status).toBe('pending');

    // VC2 moves a week: the same invitation (same UID) comes again with a higher SEQUENCE and the new time.
    const reschedule = await jsrx(['reschedule', roundId, 'vc2', '--start', '2027-03-30T11:00:00Z', '--reason', 'the host’s budget session'], service.cliEnv);
    expect(reschedule.code).toBe(0);
    const vc2Invitations = await service.smtp.waitFor(invitationFor(GHANAIAN, 'vc2'), 2);
    const moved = vc2Invitations.map((message) => readInvitation(message.mail)!).find((invitation) => invitation.sequence > 0);
    expect(moved).toMatchObject({ uid: readInvitation(firstVc2!.mail)?.uid, sequence: 1 });
    expect(moved?.start.toISOString()).toBe('2027-03-30T11:00:00.000Z');

    // Staff find the round by its phase, without its id.
    let listed: Array<{ roundId: string; phase: string; community: string; hostCountry: string }> = [];
    for (let attempt = 0; attempt < 40 && !listed.some((round) => round.roundId === roundId); attempt++) {
      listed = (await jsrxJson<typeof listed>(['list', '--phase', 'prep-1'], service.cliEnv)).value;
      if (!listed.some((round) => round.roundId === roundId)) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(listed.find((round) => round.roundId === roundId)).toMatchObject({ phase: 'prep-1', community: 'anglophone', hostCountry: 'KE' });

    // The progress to share: a CSV row per deliverable, and a page that opens offline.
    const csv = await jsrx(['report', roundId, '--format', 'csv', '--tz', 'UTC'], service.cliEnv);
    expect(csv.code).toBe(0);
    expect(csv.stdout).toMatch(new RegExp(`^${roundId},KE,,learning-objectives,.*,submitted,.*,${KENYAN},`, 'm'));
    const html = await jsrx(['report', roundId, '--format', 'html'], service.cliEnv);
    expect(html.stdout).toContain('<td style="color:#067647">submitted</td>');

    // Cancelled: invitations are withdrawn and the round says why.
    const cancel = await jsrx(['cancel', roundId, '--reason', 'the host postponed its JSR'], service.cliEnv);
    expect(cancel.code).toBe(0);
    await service.smtp.waitFor(invitationFor(KENYAN, 'vc3', 'CANCEL'));
    const afterCancel = await jsrxJson<RoundProgress>(['status', roundId], service.cliEnv);
    expect(afterCancel.value).toMatchObject({ status: 'cancelled', phase: 'cancelled', cancelledReason: 'the host postponed its JSR' });

    // Every email went to one reader, once, dated on the worker's clock when handed over (never a future instant).
    const received = [...service.smtp.received];
    expect(received.filter((message) => message.envelopeTo.length !== 1)).toEqual([]);
    const ids = received.map((message) => message.mail.messageId);
    expect(ids.filter((id, index) => ids.indexOf(id) !== index)).toEqual([]);
    const handedOver = received.map((message) => message.mail.date!.getTime());
    expect(Math.min(...handedOver)).toBeGreaterThanOrEqual(Math.floor(testStarted / 1000) * 1000);
    expect(Math.max(...handedOver)).toBeLessThanOrEqual(Date.now());
  }, 180_000);
});
