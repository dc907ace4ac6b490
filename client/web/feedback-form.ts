/**
 * The close-out feedback form, on the participant's page and on the page that gives it back when the
 * service or the round refused it. The form works without script, so a refusal is a new page: it carries
 * every answer as it was typed (each rating chosen, each comment, what will change at home) and marks the
 * fields to fix, each with its own message, listed above the form with a link to each.
 */
import type { Language } from '../../domain/round-file';
import { FEEDBACK_FIELDS, FEEDBACK_WORDS, JSR_TOOLS, type FeedbackField } from './feedback';
import { backText, compile, page, refusalText, type RefusalReason } from './pages';

type Words = (typeof FEEDBACK_WORDS)['en'];

interface RatingView {
  options: Array<{ value: number; selected: boolean }>;
  error: string | null;
}

export interface FeedbackFormView {
  words: Words;
  action: string;
  usefulness: RatingView;
  tools: Array<{ field: string; name: string; rating: RatingView; comment: string; commentError: string | null }>;
  atHome: { text: string; error: string | null };
  /** False once the round has closed: a Send button would only be refused again. */
  sendable: boolean;
}

// Each rating opens on an empty 'choose' option: opening on 1 sent the lowest mark for every question a reader
// passed over, and `required` could not stop it.
export const FEEDBACK_FORM = `<form method="post" action="{{action}}">
<label for="usefulness">{{words.usefulness}}</label>{{#if usefulness.error}}<p id="usefulness-error" class="refusal">{{usefulness.error}}</p>{{/if}}<select id="usefulness" name="usefulness" required{{#if usefulness.error}} aria-invalid="true" aria-describedby="usefulness-error"{{/if}}><option value="">{{words.choose}}</option>{{#each usefulness.options}}<option{{#if selected}} selected{{/if}}>{{value}}</option>{{/each}}</select>
{{#each tools}}<fieldset><legend>{{name}}</legend>{{#if rating.error}}<p id="{{field}}-rating-error" class="refusal">{{rating.error}}</p>{{/if}}<select id="{{field}}-rating" name="{{field}}.rating" aria-label="{{name}}" required{{#if rating.error}} aria-invalid="true" aria-describedby="{{field}}-rating-error"{{/if}}><option value="">{{../words.choose}}</option>{{#each rating.options}}<option{{#if selected}} selected{{/if}}>{{value}}</option>{{/each}}</select>
<label for="{{field}}-comment">{{../words.comment}}</label>{{#if commentError}}<p id="{{field}}-comment-error" class="refusal">{{commentError}}</p>{{/if}}<input id="{{field}}-comment" name="{{field}}.comment" maxlength="300" value="{{comment}}"{{#if commentError}} aria-invalid="true" aria-describedby="{{field}}-comment-error"{{/if}}></fieldset>{{/each}}
<label for="atHome">{{words.atHome}}</label>{{#if atHome.error}}<p id="atHome-error" class="refusal">{{atHome.error}}</p>{{/if}}<textarea id="atHome" name="atHome" rows="3" maxlength="300" required{{#if atHome.error}} aria-invalid="true" aria-describedby="atHome-error"{{/if}}>{{atHome.text}}</textarea>
{{#if sendable}}<button type="submit">{{words.send}}</button>{{/if}}</form>`;

/** The form, empty, or filled with what the reader typed and marked where `problems` say. */
export function feedbackFormView(
  language: Language,
  action: string,
  typed: Record<string, unknown> = {},
  problems: readonly FeedbackField[] = [],
  sendable = true,
): FeedbackFormView {
  const words = FEEDBACK_WORDS[language];
  const text = (field: string) => (typeof typed[field] === 'string' ? (typed[field] as string) : '');
  const rating = (field: FeedbackField): RatingView => ({
    options: [1, 2, 3, 4, 5].map((value) => ({ value, selected: text(field).trim() === String(value) })),
    error: problems.includes(field) ? words.fixRating : null,
  });
  return {
    words,
    action,
    usefulness: rating('usefulness'),
    tools: JSR_TOOLS.map((tool) => ({
      field: tool,
      name: words.tools[tool],
      rating: rating(`${tool}.rating`),
      comment: text(`${tool}.comment`),
      commentError: problems.includes(`${tool}.comment`) ? words.fixComment : null,
    })),
    atHome: { text: text('atHome'), error: problems.includes('atHome') ? words.fixAtHome : null },
    sendable,
  };
}

/** The id of a field's control on the form, for the links of the list of what to fix. */
function controlId(field: FeedbackField): string {
  return field.replace('.', '-');
}

/** The question a field belongs to, as the form words it. */
function fieldName(field: FeedbackField, words: Words): string {
  if (field === 'usefulness') return words.usefulness;
  if (field === 'atHome') return words.atHome;
  const [tool, part] = field.split('.') as [keyof Words['tools'], string];
  return part === 'comment' ? `${words.tools[tool]} — ${words.comment}` : words.tools[tool];
}

const refusedRender = compile<{
  title: string;
  heading: string;
  notSent: string | null;
  fix: Array<{ href: string; name: string }>;
  refusal: string | null;
  detail: string | null;
  form: FeedbackFormView;
  back: { href: string; text: string };
}>(`<h1>{{title}}</h1>
<div class="refusal" role="alert">{{#if refusal}}<p>{{refusal}}</p>{{#if detail}}<p lang="en">{{detail}}</p>{{/if}}{{/if}}{{#if notSent}}<p>{{notSent}}</p><ul>{{#each fix}}<li><a href="{{href}}">{{name}}</a></li>{{/each}}</ul>{{/if}}</div>
<h2>{{heading}}</h2>
{{#with form}}${FEEDBACK_FORM}{{/with}}
<p><a href="{{back.href}}">← {{back.text}}</a></p>`);

/**
 * The feedback form given back: the fields to fix (`problems`), or the round's refusal (`reason`, with the
 * round's English `detail`), above the form with every answer as it was sent. A round that has closed
 * (`round-closed`) takes nothing more: its form keeps the answers, to be copied, and has no Send button.
 */
export function feedbackRefusedPage(options: {
  language: Language;
  title: string;
  token: string;
  typed: Record<string, unknown>;
  problems?: readonly FeedbackField[];
  reason?: RefusalReason;
  detail?: string;
}): string {
  const { language, token } = options;
  const words = FEEDBACK_WORDS[language];
  const problems = FEEDBACK_FIELDS.filter((field) => options.problems?.includes(field));
  const closed = options.reason === 'round-closed';
  return page(
    language,
    options.title,
    refusedRender({
      title: options.title,
      heading: words.title,
      notSent: problems.length > 0 ? words.notSent : null,
      fix: problems.map((field) => ({ href: `#${controlId(field)}`, name: fieldName(field, words) })),
      // The general 'nothing more can be delivered' would not say what became of these answers.
      refusal: closed ? words.closed : options.reason ? refusalText(options.reason, language) : null,
      detail: options.detail ?? null,
      form: feedbackFormView(language, `/p/${token}/feedback`, options.typed, problems, !closed),
      back: { href: `/p/${token}`, text: backText(language) },
    }),
  );
}
