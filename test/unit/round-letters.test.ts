/**
 * The fault tests' count (test/harness/round-letters.ts) can fail: a letter a round delivered that no
 * mailbox holds is missing, a second copy is a duplicate, a letter no round logged is unexpected. The
 * Message-IDs are the worker's own (activities/message-id.ts), parsed from raw mail as the SMTP server does.
 */
import { simpleParser } from 'mailparser';
import { letterDigest, messageId } from '../../activities/message-id';
import type { Message, MessageKind } from '../../workflows/dispatch';
import { countLetters, type LoggedLetter } from '../harness/round-letters';
import type { Received } from '../harness/loopback-smtp';

const roundId = 'count-1';
const runId = 'run-1';

function logged(kind: MessageKind, about: string, to: string): LoggedLetter {
  return {
    kind,
    about,
    to,
    decidedAt: '2027-01-10T09:00:00Z',
    outcome: 'delivered',
    roundId,
    key: `${to} ${letterDigest({ roundId, runId, kind, about, to })}`,
  };
}

async function received(letter: LoggedLetter): Promise<Received> {
  const round = { roundId, runId } as Message['round'];
  const id = messageId({ round, kind: letter.kind, about: letter.about }, letter.to, 'secretariat@jsr.example');
  const raw = Buffer.from(`Message-ID: ${id}\r\nTo: ${letter.to}\r\nSubject: x\r\n\r\nbody\r\n`);
  return { envelopeTo: [letter.to], raw, mail: await simpleParser(raw) };
}

describe("counting letters against the rounds' logs", () => {
  const welcome = logged('welcome', 'welcome', 'amina@example.td');
  const invitation = logged('invitation', 'vc1', 'amina@example.td');
  const other = logged('welcome', 'welcome', 'john@example.ke');

  it('finds every delivered letter in its reader’s mailbox by Message-ID', async () => {
    const count = countLetters([welcome, invitation], [await received(welcome), await received(invitation)], 1);
    expect(count).toMatchObject({ delivered: 2, received: 2, distinct: 2, readers: 1, missing: [], unexpected: [], duplicates: [] });
  });

  it('reports a letter missing, a second copy as a duplicate, and a letter no round logged as unexpected', async () => {
    const count = countLetters(
      [welcome, invitation],
      [await received(welcome), await received(welcome), await received(other)],
      1,
    );
    expect(count.missing).toEqual([invitation]);
    expect(count.duplicates).toHaveLength(1);
    expect(count.unexpected).toHaveLength(1);
    expect(count.distinct).toBe(1);
  });
});
