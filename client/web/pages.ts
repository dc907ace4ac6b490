/**
 * The HTML around every page, and the refusal pages. Handlebars in strict mode, as the emails: every
 * value is escaped (`{{…}}`, never `{{{…}}}` outside this layout), and a missing variable is an error,
 * not an empty string. A few lines of CSS, no script, no remote resource: pages open on a phone and a
 * slow line, and work without JavaScript.
 */
import Handlebars from 'handlebars';
import type { Language } from '../../domain/round-file';

export const handlebars = Handlebars.create();

export function compile<T>(source: string): (view: T) => string {
  const template = handlebars.compile(source, { strict: true });
  return (view: T) => template(view);
}

// On a phone a table's rows become blocks, one line per cell: the header row would then stand alone above
// them as a list of words, so it is kept for screen readers only, and each cell says its column before it.
const STYLE = `body{font:16px/1.45 system-ui,sans-serif;margin:0 auto;max-width:46rem;padding:.75rem;color:#1a1a1a;overflow-wrap:break-word}
h1{font-size:1.35rem}h2{font-size:1.1rem;margin-top:1.6rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.3rem;border-bottom:1px solid #e4e4e4;vertical-align:top}
.s-submitted{color:#067647}.s-submitted-late{color:#8a5a00}.s-overdue{color:#b42318;font-weight:600}.s-waived,.s-not-sent,.s-called-off{color:#555}
.notice{padding:.6rem;border:2px solid #067647;background:#ecfdf3}.refusal{padding:.6rem;border:2px solid #b42318;background:#fef3f2}
label{display:block;margin-top:.6rem;font-weight:600}input,select,textarea,button{font:inherit;max-width:100%}
input[type=url],select,textarea{width:100%;box-sizing:border-box}button{margin-top:.8rem;padding:.4rem 1rem}
@media(max-width:30rem){td,th{display:block;border:0}tr{display:block;border-bottom:1px solid #ccc;padding:.3rem 0}td:first-child{font-weight:600}
thead{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}td[data-label]::before{content:attr(data-label) " ";color:#555}}`;

const layout = compile<{ language: string; title: string; body: string }>(`<!doctype html>
<html lang="{{language}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer"><title>{{title}}</title><style>${STYLE}</style></head>
<body><main>{{{body}}}</main></body></html>`);

/** `body` is HTML a compiled (escaping) template produced. */
export function page(language: Language | 'en fr', title: string, body: string): string {
  return layout({ language: language === 'en fr' ? 'en' : language, title, body });
}

export type RefusalReason =
  | 'invalid-link'
  | 'expired-link'
  | 'unknown-round'
  | 'not-a-participant'
  | 'not-yours'
  | 'not-found'
  | 'bad-file-name'
  | 'too-large'
  | 'type-mismatch'
  | 'unsupported-type'
  | 'bad-link'
  | 'nothing-delivered'
  | 'file-and-link'
  | 'bad-form'
  | 'already-delivered'
  | 'feedback-already-sent'
  | 'waived'
  | 'round-refused'
  | 'round-closed'
  | 'too-many-requests';

const REFUSALS: Record<RefusalReason, Record<Language, string>> = {
  'invalid-link': {
    en: 'This link is not valid. Open the link from your latest email from the Secretariat, or ask the Secretariat for a new one.',
    fr: 'Ce lien n’est pas valide. Ouvrez le lien de votre dernier courriel du Secrétariat, ou demandez-lui un nouveau lien.',
  },
  'expired-link': {
    en: 'This link has expired: links stay valid until 30 days after the round ends.',
    fr: 'Ce lien a expiré : les liens restent valides jusqu’à 30 jours après la fin de l’échange.',
  },
  'unknown-round': { en: 'No round answers to this link.', fr: 'Aucun échange ne correspond à ce lien.' },
  'not-a-participant': {
    en: 'This link’s owner is no longer a participant of this delegation.',
    fr: 'La personne à qui ce lien appartient ne fait plus partie de cette délégation.',
  },
  'not-yours': {
    en: 'This deliverable is not owed by your delegation: you can only deliver your own delegation’s items.',
    fr: 'Ce livrable n’est pas dû par votre délégation : vous ne pouvez remettre que ceux de votre délégation.',
  },
  'not-found': { en: 'Nothing here.', fr: 'Rien ici.' },
  'bad-file-name': {
    en: 'The file’s name is not acceptable (folders, “..” or control characters). Rename the file and try again.',
    fr: 'Le nom du fichier n’est pas acceptable (dossiers, « .. » ou caractères de contrôle). Renommez le fichier et réessayez.',
  },
  'too-large': {
    en: 'The file is larger than the limit. Share a link to it instead, or send a smaller file.',
    fr: 'Le fichier dépasse la taille permise. Donnez plutôt un lien, ou envoyez un fichier plus petit.',
  },
  'type-mismatch': {
    en: 'The file’s content does not match its name or type. Export it again as the format it claims to be.',
    fr: 'Le contenu du fichier ne correspond pas à son nom ou à son type. Exportez-le à nouveau dans le bon format.',
  },
  'unsupported-type': {
    en: 'Only PDF, Word, Excel, PowerPoint, OpenDocument, PNG and JPEG files are accepted.',
    fr: 'Seuls les fichiers PDF, Word, Excel, PowerPoint, OpenDocument, PNG et JPEG sont acceptés.',
  },
  'bad-link': {
    en: 'The link must be a web address starting with https:// or http://.',
    fr: 'Le lien doit être une adresse web commençant par https:// ou http://.',
  },
  'nothing-delivered': {
    en: 'Choose a file or give a link.',
    fr: 'Choisissez un fichier ou donnez un lien.',
  },
  'file-and-link': {
    en: 'Give a file or a link, not both: go back, clear one of the two and send again (a note can list further links).',
    fr: 'Donnez un fichier ou un lien, pas les deux : revenez en arrière, videz l’un des deux et renvoyez (une note peut citer d’autres liens).',
  },
  'bad-form': {
    en: 'The form was incomplete or too long. Go back and try again.',
    fr: 'Le formulaire était incomplet ou trop long. Revenez en arrière et réessayez.',
  },
  'already-delivered': {
    en: 'Your delegation already delivered this item: see “What was received” on your page.',
    fr: 'Votre délégation a déjà remis ce livrable : voyez « Ce qui a été reçu » sur votre page.',
  },
  'feedback-already-sent': {
    en: 'You already sent your feedback on the exchange: thank you.',
    fr: 'Vous avez déjà envoyé votre avis sur l’échange : merci.',
  },
  waived: {
    en: 'The Secretariat waived this item: nothing more is expected for it.',
    fr: 'Le Secrétariat a dispensé votre délégation de ce livrable : rien n’est plus attendu.',
  },
  'round-refused': {
    en: 'The round did not accept this delivery:',
    fr: 'L’échange n’a pas accepté cette remise ; sa réponse (en anglais) :',
  },
  'round-closed': {
    en: 'This round is no longer running: nothing more can be delivered. Write to the Secretariat if something is missing.',
    fr: 'Cet échange n’est plus en cours : plus rien ne peut être remis. Écrivez au Secrétariat s’il manque quelque chose.',
  },
  'too-many-requests': {
    en: 'Too many requests: wait a minute and try again.',
    fr: 'Trop de requêtes : attendez une minute et réessayez.',
  },
};

const refusalBody = compile<{
  lines: Array<{ language: string; text: string }>;
  detail: string | null;
  back: { href: string; text: string } | null;
}>(
  `<h1>JSR Exchange</h1><div class="refusal">{{#each lines}}<p lang="{{language}}">{{text}}</p>{{/each}}{{#if detail}}<p lang="en">{{detail}}</p>{{/if}}</div>{{#if back}}<p><a href="{{back.href}}">← {{back.text}}</a></p>{{/if}}`,
);

/** The link back to the reader's page, named: an arrow alone reads as "left arrow" to a screen reader. */
const BACK: Record<Language, string> = { en: 'Back to your page', fr: 'Retour à votre page' };

/** Why something was refused, in the reader's language. */
export function refusalText(reason: RefusalReason, language: Language): string {
  return REFUSALS[reason][language];
}

/** The words of the link back to the reader's page. */
export function backText(language: Language): string {
  return BACK[language];
}

/**
 * A refusal page. Without a valid link the reader's language is unknown: both languages then.
 * `detail` is the round's own reason, shown escaped: its checks write English, so it is marked English, and a
 * French page says so before it (a screen reader then reads it with English sounds).
 */
export function refusalPage(
  reason: RefusalReason,
  language?: Language,
  options: { detail?: string; back?: string } = {},
): string {
  const languages: Language[] = language ? [language] : ['en', 'fr'];
  const lines = languages.map((lang) => ({ language: lang, text: REFUSALS[reason][lang] }));
  return page(
    language ?? 'en fr',
    'JSR Exchange',
    refusalBody({
      lines,
      detail: options.detail ?? null,
      back: options.back ? { href: options.back, text: languages.map((lang) => BACK[lang]).join(' / ') } : null,
    }),
  );
}
