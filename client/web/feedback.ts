/**
 * The close-out `exchange-feedback`, answered as a short form instead of a file: how useful the exchange
 * was, each JSR tool rated with a comment, and what the participant will change at home. The answers
 * travel as the submission's reference (`feedback {json}`), so they live in the round's history like
 * every other submission, and staff read them back from the progress query (`feedbackRows`).
 */
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import type { Language } from '../../domain/round-file';
import type { RoundProgress } from '../../workflows/messages';

export const JSR_TOOLS = [
  'self-assessment-tool',
  'maturity-ladder',
  'exchange-toolbox',
  'guidelines',
] as const;
export type JsrTool = (typeof JSR_TOOLS)[number];

const rating = z.coerce.number().int().min(1).max(5);
const comment = z
  .string()
  .trim()
  .max(300)
  .transform((text) => text.replace(/[\p{Cc}\p{Cf}]+/gu, ' '));

/** The form as posted: `usefulness`, `<tool>.rating`, `<tool>.comment`, `atHome`. */
const formSchema = z.object({
  usefulness: rating,
  ...Object.fromEntries(
    JSR_TOOLS.flatMap((tool) => [
      [`${tool}.rating`, rating],
      [`${tool}.comment`, comment.optional().default('')],
    ]),
  ),
  atHome: comment.pipe(z.string().min(1)),
}) as z.ZodType<Record<string, unknown>>;

export interface FeedbackAnswers {
  usefulness: number;
  tools: Record<JsrTool, { rating: number; comment: string }>;
  atHome: string;
}

/** A field of the form by the name it posts: `usefulness`, `maturity-ladder.rating`, `guidelines.comment`, `atHome`. */
export type FeedbackField = 'usefulness' | `${JsrTool}.rating` | `${JsrTool}.comment` | 'atHome';

export const FEEDBACK_FIELDS: readonly FeedbackField[] = [
  'usefulness',
  ...JSR_TOOLS.flatMap((tool) => [`${tool}.rating`, `${tool}.comment`] as const),
  'atHome',
];

/**
 * The answers, or the fields to fix in the form's order: a refused form comes back with each one marked,
 * so a participant corrects one answer instead of typing every comment again.
 */
export function checkFeedbackForm(
  fields: Record<string, unknown>,
): { answers: FeedbackAnswers } | { problems: FeedbackField[] } {
  const parsed = formSchema.safeParse(fields);
  if (!parsed.success) {
    const named = new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? '')));
    const problems = FEEDBACK_FIELDS.filter((field) => named.has(field));
    // A form that failed on no field of its own (not an object at all) is wrong everywhere it is required.
    return { problems: problems.length > 0 ? problems : FEEDBACK_FIELDS.filter((field) => !field.endsWith('.comment')) };
  }
  const form = parsed.data;
  return { answers: {
    usefulness: form.usefulness as number,
    tools: Object.fromEntries(
      JSR_TOOLS.map((tool) => [
        tool,
        { rating: form[`${tool}.rating`] as number, comment: form[`${tool}.comment`] as string },
      ]),
    ) as FeedbackAnswers['tools'],
    atHome: form.atHome as string,
  } };
}

const PREFIX = 'feedback ';

export function feedbackReference(answers: FeedbackAnswers): string {
  return `${PREFIX}${JSON.stringify(answers)}`;
}

export function readFeedbackReference(reference: string | undefined): FeedbackAnswers | undefined {
  if (!reference?.startsWith(PREFIX)) return undefined;
  try {
    return JSON.parse(reference.slice(PREFIX.length)) as FeedbackAnswers;
  } catch {
    return undefined;
  }
}

/** One row per answered feedback of a round, for the staff summary and its CSV export. */
export function feedbackRows(
  progress: RoundProgress,
): Array<{ delegation: string; participant: string; submittedAt: string } & FeedbackAnswers> {
  return progress.deliverables.flatMap((d) => {
    const answers = d.key === 'exchange-feedback' ? readFeedbackReference(d.reference) : undefined;
    return answers
      ? [
          {
            delegation: d.owner,
            participant: d.participant ?? d.submittedBy ?? '',
            submittedAt: d.submittedAt ?? '',
            ...answers,
          },
        ]
      : [];
  });
}

export const FEEDBACK_WORDS: Record<
  Language,
  {
    title: string;
    intro: string;
    usefulness: string;
    tools: Record<JsrTool, string>;
    comment: string;
    atHome: string;
    scale: string;
    /** The first option of each rating: none chosen yet. */
    choose: string;
    send: string;
    answered: string;
    /** A refused form: what to fix in each kind of field, and the notice above it. */
    fixRating: string;
    fixComment: string;
    fixAtHome: string;
    notSent: string;
    /** The round ended before the form reached it: the answers are shown to be passed on by hand. */
    closed: string;
  }
> = {
  en: {
    title: 'Your feedback on the exchange',
    intro: 'A few questions instead of a document: answering them delivers your feedback.',
    usefulness: 'How useful was the exchange for your country’s JSR?',
    tools: {
      'self-assessment-tool': 'The JSR self-assessment tool',
      'maturity-ladder': 'The maturity ladder',
      'exchange-toolbox': 'The exchange toolbox',
      guidelines: 'The JSR guidelines',
    },
    comment: 'Comment',
    atHome: 'What will you change at home after this exchange?',
    scale: '1 not at all – 5 very',
    choose: 'Choose from 1 to 5',
    send: 'Send my feedback',
    answered: 'Feedback answered',
    fixRating: 'Choose a rating from 1 to 5.',
    fixComment: 'Shorten this comment to 300 characters at most.',
    fixAtHome: 'Write what you will change at home, in 300 characters at most.',
    notSent: 'Your feedback was not sent yet: your answers are kept below. Fix what is marked, then send again:',
    closed:
      'This round closed before your feedback reached it, so it was not recorded. Your answers are kept below as you gave them: copy them into an email to the Secretariat if you would like it to have them.',
  },
  fr: {
    title: 'Votre avis sur l’échange',
    intro: 'Quelques questions plutôt qu’un document : y répondre remet votre avis.',
    usefulness: 'L’échange a-t-il été utile pour la RSC de votre pays ?',
    tools: {
      'self-assessment-tool': 'L’outil d’auto-évaluation de la RSC',
      'maturity-ladder': 'L’échelle de maturité',
      'exchange-toolbox': 'La boîte à outils de l’échange',
      guidelines: 'Les lignes directrices de la RSC',
    },
    comment: 'Commentaire',
    atHome: 'Que changerez-vous chez vous après cet échange ?',
    scale: '1 pas du tout – 5 très',
    choose: 'Choisissez de 1 à 5',
    send: 'Envoyer mon avis',
    answered: 'Avis donné',
    fixRating: 'Choisissez une note de 1 à 5.',
    fixComment: 'Raccourcissez ce commentaire à 300 caractères au plus.',
    fixAtHome: 'Écrivez ce que vous changerez chez vous, en 300 caractères au plus.',
    notSent: 'Votre avis n’est pas encore envoyé : vos réponses sont gardées ci-dessous. Corrigez ce qui est signalé, puis renvoyez :',
    closed:
      'Cet échange s’est clos avant que votre avis ne lui parvienne : il n’a pas été enregistré. Vos réponses sont gardées ci-dessous telles que vous les avez données ; copiez-les dans un courriel au Secrétariat si vous souhaitez qu’il les reçoive.',
  },
};

/** A leading = + - @ (or a tab or return) makes a spreadsheet run the cell as a formula: quoted with a ' first. */
export function inertCell(cell: string | number): string | number {
  return typeof cell === 'string' && /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/** The answers of a round as CSV, one row per participant who answered, for the staff export. */
export function feedbackCsv(progress: RoundProgress, options: { delimiter?: ',' | ';' } = {}): string {
  const header = [
    'round',
    'delegation',
    'participant',
    'submitted_at',
    'usefulness',
    ...JSR_TOOLS.flatMap((tool) => [`${tool}_rating`, `${tool}_comment`]),
    'at_home',
  ];
  const rows = feedbackRows(progress).map((row) => [
    progress.roundId,
    row.delegation,
    row.participant,
    row.submittedAt,
    row.usefulness,
    ...JSR_TOOLS.flatMap((tool) => [row.tools[tool]?.rating ?? '', row.tools[tool]?.comment ?? '']),
    row.atHome,
  ]);
  return stringify([header, ...rows.map((row) => row.map(inertCell))], { delimiter: options.delimiter ?? ',' });
}
