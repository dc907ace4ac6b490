/**
 * Renders a message kind for one reader with handlebars: `templates/<language>/<kind>.yaml` holds the
 * subject, the plain-text body, the HTML body and, for an invitation or its cancellation, the calendar
 * entry's description; `_partials.yaml` the greeting, sign-off and HTML shell of that language. Bodies
 * are never assembled by string concatenation.
 *
 * Rendering is strict: a template never prints an empty string where a value was expected.
 * - Handlebars' `strict` option makes a written-out path (`{{deliverable.due}}`) throw when its key is
 *   not in the view, but it checks the key, not the value: `{ due: undefined }` or `{ due: null }` still
 *   prints nothing. So every written-out path goes through a `required` helper that throws on
 *   null/undefined, and the view is checked for `undefined` before rendering (views say `null` for absent).
 * - `strict` does not reach helper arguments: `{{#if reasn}}` (a typo) or `{{#each itmes}}` is quietly
 *   false or empty, and `{{#if a.b}}` with no `a` is a bare TypeError. (`assumeObjects` is the part of
 *   `strict` that drops the existence checks on the way down a path: a missing parent becomes a
 *   TypeError, a missing key still prints nothing, so it adds no safety of its own.) We mark every
 *   argument path strict in the parsed template, as handlebars itself does for a helper's name, so a
 *   tested path must exist in the view: an optional part is present as `null`, `false` or `[]`, and
 *   `{{#if}}` tests its value. (The `lookup` helper would be the lenient way round; we want the opposite.)
 * A failure is a `TemplateError` naming the kind, the language and the variable.
 */
import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { parse as parseYaml } from 'yaml';
import { MESSAGE_KINDS, type MessageKind } from '../workflows/dispatch';
import { LANGUAGES, type Language } from '../domain/round-file';
import type { ViewOf } from './message-view';

export const TEMPLATE_PARTS = ['subject', 'text', 'html'] as const;
/** The kinds whose email carries a calendar file: their templates also write the event's DESCRIPTION. */
export const CALENDAR_KINDS = [
  'invitation',
  'invitation-cancelled',
] as const satisfies readonly MessageKind[];
export type CalendarKind = (typeof CALENDAR_KINDS)[number];
export type { TemplatePart } from './template-error';
export type TemplateSource = Record<(typeof TEMPLATE_PARTS)[number], string> & { calendar?: string };

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
  /** The calendar entry's DESCRIPTION, for the calendar kinds only. */
  calendar?: string;
}

export { TemplateError } from './template-error';
import { TemplateError, type TemplatePart } from './template-error';

export function partsOf(kind: MessageKind): TemplatePart[] {
  return (CALENDAR_KINDS as readonly MessageKind[]).includes(kind)
    ? [...TEMPLATE_PARTS, 'calendar']
    : [...TEMPLATE_PARTS];
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

/** The parts of one template, as written. */
export function readTemplateSource(
  templatesDir: string,
  language: Language,
  kind: MessageKind,
): TemplateSource {
  const file = templateFile(templatesDir, language, kind);
  const parsed = parseYaml(fs.readFileSync(file, 'utf8')) as Partial<Record<TemplatePart, unknown>> | null;
  const source: Partial<Record<TemplatePart, string>> = {};
  for (const part of partsOf(kind)) {
    const value = parsed?.[part];
    if (typeof value !== 'string' || value.trim() === '') throw new Error(`${file}: the ${part} is missing`);
    source[part] = value;
  }
  return source as TemplateSource;
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

export interface Renderer {
  render<K extends MessageKind>(kind: K, view: ViewOf<K>): RenderedMessage;
}

/** A compiled part, with the paths it reads by their position, to name the one a strict lookup missed. */
interface CompiledPart {
  template: HandlebarsTemplateDelegate<object>;
  paths: Map<string, string>;
}

const REQUIRED_HELPER = 'required';

/** Thrown by the `required` helper: the path is in the view but has no value. */
class MissingValue extends Error {
  constructor(readonly variable: string) {
    super(`"${variable}" has no value`);
  }
}

export interface RendererOptions {
  /**
   * The languages compiled at once, so a missing or malformed template fails at worker start (every
   * language, the default). Any other is compiled at its first letter: a rehearsal of an English round
   * need not compile the French templates.
   */
  languages?: readonly Language[];
}

/** Compiles every template of each language once. */
export function createRenderer(templatesDir: string = defaultTemplatesDir(), options: RendererOptions = {}): Renderer {
  const compiled = {} as Partial<Record<Language, Record<MessageKind, Partial<Record<TemplatePart, CompiledPart>>>>>;
  const partialPaths = {} as Partial<Record<Language, Array<Map<string, string>>>>;
  const compileLanguage = (language: Language) => {
    // Plain-text parts are not HTML-escaped (a reader would see `&#x27;`); partials are compiled for each
    // flavour, since a precompiled partial keeps the escaping it was compiled with.
    const plain = environment({ strict: true, noEscape: true, knownHelpers: { [REQUIRED_HELPER]: true } });
    const html = environment({ strict: true, knownHelpers: { [REQUIRED_HELPER]: true } });
    const paths: Array<Map<string, string>> = [];
    for (const [name, source] of Object.entries(readPartials(templatesDir, language))) {
      for (const flavour of [plain, html]) {
        const part = flavour.compilePart(source);
        flavour.handlebars.registerPartial(name, part.template);
        paths.push(part.paths);
      }
    }
    const byKind = {} as Record<MessageKind, Partial<Record<TemplatePart, CompiledPart>>>;
    for (const kind of MESSAGE_KINDS) {
      const source = readTemplateSource(templatesDir, language, kind);
      byKind[kind] = {};
      for (const part of partsOf(kind)) {
        const text = part === 'subject' ? source.subject.trim() : source[part]!;
        byKind[kind][part] = (part === 'html' ? html : plain).compilePart(text);
      }
    }
    partialPaths[language] = paths;
    return (compiled[language] = byKind);
  };
  for (const language of options.languages ?? LANGUAGES) compileLanguage(language);

  return {
    render(kind, view) {
      const { language } = view;
      if (view.kind !== kind)
        throw new TemplateError({ kind, language, detail: `the view is of ${view.kind}` });
      const absent = firstUndefined(view);
      if (absent)
        throw new TemplateError({ kind, language, variable: absent, detail: 'the view has no value for it' });
      const templates = compiled[language] ?? compileLanguage(language);
      const run = (part: TemplatePart): string => {
        const target = templates[kind][part]!;
        try {
          return frenchSpacing(target.template(view), language);
        } catch (error) {
          throw describeFailure(error, { kind, language, part }, [target.paths, ...partialPaths[language]!]);
        }
      };
      const rendered: RenderedMessage = {
        subject: run('subject')
          .replace(/[ \t\r\n]+/g, ' ')
          .trim(),
        text: tidyText(run('text')),
        html: run('html'),
      };
      if (templates[kind].calendar) rendered.calendar = tidyText(run('calendar'));
      return rendered;
    },
  };
}

function environment(options: CompileOptions) {
  const handlebars = Handlebars.create();
  handlebars.registerHelper(REQUIRED_HELPER, (value: unknown, variable: string) => {
    if (value === null || value === undefined) throw new MissingValue(variable);
    return value;
  });
  return {
    handlebars,
    compilePart(source: string): CompiledPart {
      const { program, paths } = strictProgram(source);
      // Compiled to JavaScript here, not at the first letter as `compile` would: a worker (or a rehearsal,
      // while its server starts) pays for it before any letter waits on it.
      const spec: unknown = handlebars.precompile(program, options);
      const template = handlebars.template<object>(new Function(`return ${String(spec)};`)() as ReturnType<typeof Handlebars.precompile>);
      return { template, paths };
    },
  };
}

type Node = hbs.AST.Node & Record<string, unknown>;
type StrictPath = hbs.AST.PathExpression & { strict?: boolean };

/**
 * Parses a template and makes it strict beyond handlebars' `strict`: every written-out path goes through
 * the `required` helper (`{{x.y}}` → `{{required x.y "x.y"}}`, escaping unchanged), and every path
 * given to a helper (`#if`, `#each`, `#with`, `#unless`) is looked up strictly, as the compiler does
 * for a helper's own name. Returns the paths by position, for error messages.
 */
function strictProgram(source: string): { program: hbs.AST.Program; paths: Map<string, string> } {
  const program = Handlebars.parse(source);
  const paths = new Map<string, string>();
  const strictPath = (expression: hbs.AST.Expression) => {
    if (expression.type !== 'PathExpression') return;
    const pathExpression = expression as StrictPath;
    if (pathExpression.data || pathExpression.parts.length === 0) return;
    pathExpression.strict = true;
    paths.set(`${pathExpression.loc.start.line}:${pathExpression.loc.start.column}`, pathExpression.original);
  };
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    const current = node as Node;
    if (current.type === 'MustacheStatement') {
      const mustache = current as unknown as hbs.AST.MustacheStatement;
      const written = mustache.path as StrictPath;
      if (
        mustache.params.length === 0 &&
        !mustache.hash &&
        written.type === 'PathExpression' &&
        !written.data
      ) {
        const literal: hbs.AST.StringLiteral = {
          type: 'StringLiteral',
          value: written.original,
          original: written.original,
          loc: written.loc,
        };
        mustache.params = [written, literal];
        mustache.path = {
          ...written,
          original: REQUIRED_HELPER,
          parts: [REQUIRED_HELPER],
          head: REQUIRED_HELPER,
          depth: 0,
        } as hbs.AST.PathExpression;
      }
    }
    for (const param of (current.params as hbs.AST.Expression[] | undefined) ?? []) strictPath(param);
    for (const [key, value] of Object.entries(current)) if (key !== 'loc' && key !== 'path') visit(value);
  };
  visit(program);
  return { program, paths };
}

/** Names the missing variable: handlebars' strict error gives the terminal name and its position. */
function describeFailure(
  error: unknown,
  where: { kind: MessageKind; language: Language; part: TemplatePart },
  sources: Array<Map<string, string>>,
): TemplateError {
  if (error instanceof TemplateError) return error;
  if (error instanceof MissingValue)
    return new TemplateError({ ...where, variable: error.variable, detail: 'the view has no value for it' });
  const failure = error as Error & { lineNumber?: number; column?: number };
  const strict = /^"([^"]+)" not defined in/.exec(failure.message);
  if (strict) {
    const name = strict[1]!;
    const at = `${failure.lineNumber}:${failure.column}`;
    const variable =
      sources.map((paths) => paths.get(at)).find((found) => found?.split('.').at(-1) === name) ?? name;
    return new TemplateError({ ...where, variable, detail: 'the view does not have it' });
  }
  return new TemplateError({ ...where, detail: failure.message });
}

/** The first path whose value is `undefined`: a view says `null` for what a letter does not carry. */
function firstUndefined(value: unknown, at = ''): string | null {
  if (value === undefined) return at || '(view)';
  if (value === null || typeof value !== 'object') return null;
  const entries = Array.isArray(value)
    ? value.map((item, index) => [`${index}`, item] as const)
    : Object.entries(value);
  for (const [key, item] of entries) {
    const found = firstUndefined(item, at ? `${at}.${key}` : key);
    if (found) return found;
  }
  return null;
}

/**
 * French puts a space before `:` `;` `?` `!` and inside « »; a no-break one keeps the sign from
 * wrapping alone onto the next line. U+00A0 rather than the narrow U+202F that print uses: every mail
 * client's fonts have it, and the old phones some readers use may not draw the narrow one.
 */
function frenchSpacing(text: string, language: Language): string {
  if (language !== 'fr') return text;
  return text.replace(/ ([:;?!»])/g, '\u00a0$1').replace(/« /g, '«\u00a0');
}

// Conditional blocks leave runs of blank lines; one blank line between paragraphs reads better.
function tidyText(text: string): string {
  return `${text
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}
