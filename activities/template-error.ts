/**
 * The error a letter's rendering raises, kept apart from the renderer so the views and the calendar
 * builder can raise it without importing the renderer (no import cycle).
 */
import type { Language } from '../domain/round-file';
import type { MessageKind } from '../workflows/dispatch';

/** The parts of a template: the three of every email, and the calendar text of an invitation. */
export type TemplatePart = 'subject' | 'text' | 'html' | 'calendar';

/**
 * A message that cannot be rendered: a template reads a variable the view lacks, or the letter lacks
 * what its kind requires. Retrying gets the same answer, so the activity raises it as a non-retryable
 * `TemplateError` (the name `PERMANENT_DELIVERY_ERRORS` lists).
 */
export class TemplateError extends Error {
  override readonly name = 'TemplateError';
  readonly kind: MessageKind;
  readonly language: Language;
  /** The view path that is missing (`deliverable.due`), when one is. */
  readonly variable: string | null;

  constructor(options: {
    kind: MessageKind;
    language: Language;
    part?: TemplatePart;
    variable?: string;
    detail: string;
  }) {
    const where = `${options.kind} in ${options.language}${options.part ? `, ${options.part} part` : ''}`;
    const what = options.variable
      ? `missing variable "${options.variable}" (${options.detail})`
      : options.detail;
    super(`cannot render ${where}: ${what}`);
    this.kind = options.kind;
    this.language = options.language;
    this.variable = options.variable ?? null;
  }
}

