/**
 * A feedback form the service or the round refuses comes back with every answer as the participant typed
 * it, and says which field to fix, in their language: before, a plain refusal page sent them back to an
 * empty form, their comments lost.
 */
import { buildWebApp } from '../../client/web/server';
import type { RoundGateway, SubmitOutcome } from '../../client/web/round-gateway';
import { signLinkToken } from '../../domain/link-token';
import type { RoundProgress } from '../../workflows/messages';

const SECRET = 'feedback-refused-secret-0123456789abcdef0123';

function roundIn(language: 'en' | 'fr'): RoundProgress {
  return {
    roundId: 'np-2027-r1',
    title: 'Exchange round',
    status: 'running',
    phase: 'close-out',
    phaseSince: '2027-06-02T15:00:00Z',
    launchedAt: '2027-01-10T09:00:00Z',
    nextEvents: [],
    deliverables: [
      {
        id: 'NP/exchange-feedback/s.shrestha@example.np',
        key: 'exchange-feedback',
        owner: 'NP',
        participant: 's.shrestha@example.np',
        dueAt: '2027-06-16T11:14:59Z',
        status: 'pending',
        deliveryFailures: [],
      },
    ],
    deliveryFailures: [],
    letters: { delivered: 0, inFlight: 0, failed: 0 },
    warnings: [],
    escalated: [],
    runId: 'run-1',
    completesAt: '2027-07-02T22:59:59Z',
    events: [],
    community: 'anglophone',
    delegations: [
      {
        country: 'NP',
        host: false,
        timezone: 'Asia/Kathmandu',
        language,
        participants: [{ name: 'Sita Shrestha', email: 's.shrestha@example.np' }],
        coordinatingAgency: [],
      },
    ],
  };
}

const TYPED = {
  usefulness: '4',
  'self-assessment-tool.rating': '5',
  'self-assessment-tool.comment': 'Ran it with the "district" offices & it <worked>',
  'maturity-ladder.rating': '',
  'maturity-ladder.comment': 'Hard to score step 3',
  'exchange-toolbox.rating': '3',
  'exchange-toolbox.comment': '',
  'guidelines.rating': '2',
  'guidelines.comment': 'Too long',
  atHome: '   ',
};

async function post(language: 'en' | 'fr', fields: Record<string, string>, submit?: () => Promise<SubmitOutcome>, round = roundIn(language)) {
  const rounds: RoundGateway = {
    progress: async (roundId) => (roundId === round.roundId ? round : undefined),
    submit: submit ?? (async () => Promise.reject(new Error('a refused form must not reach the round'))),
  };
  const app = await buildWebApp({
    rounds,
    config: { publicUrl: 'https://jsrx.example.org', web: { uploadMaxBytes: 1024, uploadsDir: '/nonexistent' } },
    linkSecret: SECRET,
    clock: () => new Date('2027-06-05T10:00:00Z'),
  });
  try {
    const token = signLinkToken(SECRET, { roundId: round.roundId, delegation: 'NP', email: 's.shrestha@example.np' });
    const response = await app.inject({
      method: 'POST',
      url: `/p/${token}/feedback`,
      payload: new URLSearchParams(fields).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    return { status: response.statusCode, body: response.body, token };
  } finally {
    await app.close();
  }
}

/** The option chosen in the select named `name`, as the page gives it back. */
function chosen(body: string, name: string): string | undefined {
  const select = new RegExp(`<select[^>]* name="${name.replace('.', '\\.')}"[^>]*>(.*?)</select>`).exec(body)?.[1] ?? '';
  return /<option selected>(\d)<\/option>/.exec(select)?.[1];
}

describe('a feedback form with an answer missing', () => {
  it('comes back with every answer as typed, and names the rating and the question to fix', async () => {
    const { status, body, token } = await post('en', TYPED);
    expect(status).toBe(400);
    expect(body).toContain(`<form method="post" action="/p/${token}/feedback">`);
    expect(chosen(body, 'usefulness')).toBe('4');
    expect(chosen(body, 'self-assessment-tool.rating')).toBe('5');
    expect(chosen(body, 'maturity-ladder.rating')).toBeUndefined();
    expect(chosen(body, 'exchange-toolbox.rating')).toBe('3');
    expect(chosen(body, 'guidelines.rating')).toBe('2');
    expect(body).toContain('value="Ran it with the &quot;district&quot; offices &amp; it &lt;worked&gt;"');
    expect(body).toContain('value="Hard to score step 3"');
    expect(body).toContain('value="Too long"');
    // What to fix: listed above the form with a link to each field, and said beside the field itself.
    expect(body).toContain('Your feedback was not sent yet');
    expect(body).toContain('<li><a href="#maturity-ladder-rating">The maturity ladder</a></li>');
    expect(body).toContain('<li><a href="#atHome">What will you change at home after this exchange?</a></li>');
    expect(body).not.toContain('href="#usefulness"');
    expect(body).toMatch(
      /<p id="maturity-ladder-rating-error" class="refusal">Choose a rating from 1 to 5\.<\/p><select id="maturity-ladder-rating" name="maturity-ladder\.rating" aria-label="The maturity ladder" required aria-invalid="true" aria-describedby="maturity-ladder-rating-error">/,
    );
    expect(body).toContain('aria-invalid="true" aria-describedby="atHome-error">   </textarea>');
    expect(body).not.toContain('The form was incomplete or too long');
  });

  it('says it in French on a French page', async () => {
    const { status, body } = await post('fr', { ...TYPED, atHome: 'Associer les districts' });
    expect(status).toBe(400);
    expect(body).toContain('<html lang="fr">');
    expect(body).toContain('Votre avis n’est pas encore envoyé');
    expect(body).toContain('<li><a href="#maturity-ladder-rating">L’échelle de maturité</a></li>');
    expect(body).toContain('Choisissez une note de 1 à 5.');
    expect(body).toContain('>Associer les districts</textarea>');
  });
});

describe('a feedback form the round refuses', () => {
  it('comes back with every answer as typed, under the round’s answer', async () => {
    const complete = { ...TYPED, 'maturity-ladder.rating': '1', atHome: 'Invite the districts' };
    const { status, body } = await post('en', complete, async () => ({ accepted: false, reason: 'the deliverable is not open' }));
    expect(status).toBe(409);
    expect(body).toContain('<p>The round did not accept this delivery:</p><p lang="en">the deliverable is not open</p>');
    expect(chosen(body, 'maturity-ladder.rating')).toBe('1');
    expect(body).toContain('value="Hard to score step 3"');
    expect(body).toContain('>Invite the districts</textarea>');
    expect(body).not.toContain('aria-invalid');
  });
});

describe('a feedback form sent once the round has closed', () => {
  const complete = { ...TYPED, 'maturity-ladder.rating': '1', atHome: 'Invite the districts' };
  const closedMeanwhile = async (): Promise<SubmitOutcome> => ({ accepted: false, reason: 'the round is no longer running', closed: true });

  /** Every answer of `complete`, as the page gives it back. */
  function expectEveryAnswer(body: string) {
    expect(chosen(body, 'usefulness')).toBe('4');
    expect(chosen(body, 'self-assessment-tool.rating')).toBe('5');
    expect(chosen(body, 'maturity-ladder.rating')).toBe('1');
    expect(chosen(body, 'exchange-toolbox.rating')).toBe('3');
    expect(chosen(body, 'guidelines.rating')).toBe('2');
    expect(body).toContain('value="Ran it with the &quot;district&quot; offices &amp; it &lt;worked&gt;"');
    expect(body).toContain('value="Hard to score step 3"');
    expect(body).toContain('value="Too long"');
    expect(body).toContain('>Invite the districts</textarea>');
  }

  it('comes back with every answer kept, says it was not recorded and how to pass it on, and offers no Send that would be refused again', async () => {
    const { status, body, token } = await post('en', complete, closedMeanwhile);
    expect(status).toBe(409);
    expect(body).toContain('This round closed before your feedback reached it, so it was not recorded.');
    expect(body).toContain('copy them into an email to the Secretariat');
    expectEveryAnswer(body);
    expect(body).not.toContain('aria-invalid');
    expect(body).not.toContain('Send my feedback</button>');
    expect(body).toContain(`href="/p/${token}"`);
  });

  it('does the same, in French, when the page already knows the round has ended', async () => {
    const ended = { ...roundIn('fr'), status: 'completed' as const };
    const { status, body } = await post('fr', complete, undefined, ended);
    expect(status).toBe(409);
    expect(body).toContain('<html lang="fr">');
    expect(body).toContain('Cet échange s’est clos avant que votre avis ne lui parvienne : il n’a pas été enregistré.');
    expectEveryAnswer(body);
    expect(body).not.toContain('Envoyer mon avis</button>');
  });
});
