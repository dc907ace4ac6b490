/**
 * Renders a message kind for one reader with handlebars: `templates/<language>/<kind>.yaml` holds the
 * subject, the plain-text body and the HTML body; `_partials.yaml` the greeting, sign-off and HTML shell
 * of that language. Bodies are never assembled by string concatenation.
 */
import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { parse as parseYaml } from 'yaml';
import { MESSAGE_KINDS, type MessageKind } from '../workflows/dispatch';
import { LANGUAGES, type Language } from '../domain/round-file';
import type { MessageView } from './message-view';

export const TEMPLATE_PARTS = ['subject', 'text', 'html'] as const;
export type TemplatePart = (typeof TEMPLATE_PARTS)[number];
export type TemplateSource = Record<TemplatePart, string>;

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
}

/** The templates folder beside activities/ (run from source) or beside dist/ (run from a build). */
export function defaultTemplatesDir(): string {
  const candidates = [
    path.resolve(__dirname, '..', 'templates'),
    path.resolve(__dirname, '..', '..', 'templates'),
  ];
  return candidates.find((folder) => fs.existsSync(path.join(folder, 'en'))) ?? candidates[0]!;
}

export function templateFile(
  templatesDir: string,
  language: Language,
  name: MessageKind | '_partials',
): string {
  return path.join(templatesDir, language, `${name}.yaml`);
}

/** The three parts of one template, as written. */
export function readTemplateSource(
  templatesDir: string,
  language: Language,
  kind: MessageKind,
): TemplateSource {
  const file = templateFile(templatesDir, language, kind);
  const parsed = parseYaml(fs.readFileSync(file, 'utf8')) as Partial<Record<TemplatePart, unknown>> | null;
  const source = {} as TemplateSource;
  for (const part of TEMPLATE_PARTS) {
    const value = parsed?.[part];
    if (typeof value !== 'string' || value.trim() === '') throw new Error(`${file}: the ${part} is missing`);
    source[part] = value;
  }
  return source;
}

export function readPartials(templatesDir: string, language: Language): Record<string, string> {
  const file = templateFile(templatesDir, language, '_partials');
  const parsed = parseYaml(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  const partials: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed)) {
    if (typeof value !== 'string') throw new Error(`${file}: partial ${name} is not text`);
    partials[name] = value;
  }
  return partials;
}

type Compiled = Record<TemplatePart, HandlebarsTemplateDelegate<MessageView>>;

export interface Renderer {
  render(kind: MessageKind, view: MessageView): RenderedMessage;
}

/** Compiles every template of every language once, so a missing or broken one fails at worker start. */
export function createRenderer(templatesDir: string = defaultTemplatesDir()): Renderer {
  const compiled = {} as Record<Language, Record<MessageKind, Compiled>>;
  for (const language of LANGUAGES) {
    // One handlebars environment per language: partials share names (greeting, layout) across languages.
    const environment = Handlebars.create();
    for (const [name, partial] of Object.entries(readPartials(templatesDir, language)))
      environment.registerPartial(name, partial);
    const byKind = {} as Record<MessageKind, Compiled>;
    for (const kind of MESSAGE_KINDS) {
      const source = readTemplateSource(templatesDir, language, kind);
      // The subject and text parts are plain text: HTML-escaping them would show `&#x27;` to the reader.
      const options = { strict: false, noEscape: true };
      byKind[kind] = {
        subject: environment.compile<MessageView>(source.subject.trim(), options),
        text: environment.compile<MessageView>(source.text, options),
        html: environment.compile<MessageView>(source.html, { strict: false }),
      };
    }
    compiled[language] = byKind;
  }
  return {
    render(kind, view) {
      const templates = compiled[view.language][kind];
      return {
        subject: templates.subject(view).replace(/\s+/g, ' ').trim(),
        text: tidyText(templates.text(view)),
        html: templates.html(view),
      };
    },
  };
}

// Conditional blocks leave runs of blank lines; one blank line between paragraphs reads better.
function tidyText(text: string): string {
  return `${text
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}
