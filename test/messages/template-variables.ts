/**
 * Collects the variable paths a handlebars template reads, by walking its AST: `{{#each tasks}}{{due}}`
 * yields `tasks` and `tasks[].due`, so two languages can be compared part by part, and every path can be
 * looked up in the view of the kind that the template renders.
 */
import Handlebars from 'handlebars';

type Node = hbs.AST.Node;

/**
 * The paths a template reads. Partials appear as `> name`; given their sources, their paths are read
 * too, relative to the context the template passes them (`{{> when event}}` reads `event.start.date`).
 */
export function templateVariables(source: string, partials?: Record<string, string>): string[] {
  const found = new Set<string>();
  walk(Handlebars.parse(source), [], found, partials);
  return [...found].sort();
}

function walk(
  node: Node | undefined | null,
  scope: string[],
  found: Set<string>,
  partials: Record<string, string> | undefined,
): void {
  if (!node) return;
  switch (node.type) {
    case 'Program':
      for (const statement of (node as hbs.AST.Program).body) walk(statement, scope, found, partials);
      return;
    case 'MustacheStatement':
    case 'SubExpression': {
      const mustache = node as hbs.AST.MustacheStatement;
      if (mustache.params.length === 0) record(mustache.path, scope, found, partials);
      for (const param of mustache.params) record(param, scope, found, partials);
      return;
    }
    case 'BlockStatement': {
      const block = node as hbs.AST.BlockStatement;
      const helper = (block.path as hbs.AST.PathExpression).original;
      for (const param of block.params) record(param, scope, found, partials);
      const subject = block.params[0] as hbs.AST.PathExpression | undefined;
      // `each` and `with` change the context: paths inside are relative to the item.
      const inner =
        (helper === 'each' || helper === 'with') && subject
          ? [...scope, `${resolve(subject, scope)}${helper === 'each' ? '[]' : ''}`]
          : scope;
      walk(block.program, inner, found, partials);
      walk(block.inverse, scope, found, partials);
      return;
    }
    case 'PartialStatement':
    case 'PartialBlockStatement': {
      const partial = node as hbs.AST.PartialStatement & { program?: hbs.AST.Program };
      const name = (partial.name as hbs.AST.PathExpression).original;
      found.add(`> ${name}`);
      const context = partial.params[0] as hbs.AST.PathExpression | undefined;
      if (context) record(context, scope, found, partials);
      const body = partials?.[name];
      if (body !== undefined) {
        const inner = context ? [...scope, resolve(context, scope)] : scope;
        walk(Handlebars.parse(body), inner, found, partials);
      }
      walk(partial.program, scope, found, partials);
      return;
    }
    default:
      return;
  }
}

function record(
  expression: hbs.AST.Expression,
  scope: string[],
  found: Set<string>,
  partials: Record<string, string> | undefined,
): void {
  if (expression.type === 'PathExpression') {
    const path = resolve(expression as hbs.AST.PathExpression, scope);
    if (path) found.add(path);
  } else if (expression.type === 'SubExpression') {
    walk(expression, scope, found, partials);
  }
}

function resolve(path: hbs.AST.PathExpression, scope: string[]): string {
  if (path.data) return `@${path.original}`;
  const depth = (path as hbs.AST.PathExpression & { depth?: number }).depth ?? 0;
  const base = scope.slice(0, Math.max(0, scope.length - depth)).at(-1);
  const own = path.parts.join('.');
  if (!base) return own;
  return own ? `${base}.${own}` : base;
}

/**
 * Whether a path (`items[].Name`, `deliverable.due`, `tasks.length`) exists in at least one of the
 * sample views. `unverified` when every sample's list on the way is empty: a sample must show an item.
 */
export function pathIn(samples: unknown[], variable: string): 'found' | 'missing' | 'unverified' {
  let values = samples;
  let sawEmptyList = false;
  for (const segment of variable.split('.')) {
    const list = segment.endsWith('[]');
    const key = list ? segment.slice(0, -2) : segment;
    const next: unknown[] = [];
    for (const value of values) {
      if (value === null || typeof value !== 'object' || !(key in value)) continue;
      const child = (value as Record<string, unknown>)[key];
      if (!list) next.push(child);
      else if (Array.isArray(child)) {
        if (child.length === 0) sawEmptyList = true;
        next.push(...(child as unknown[]));
      }
    }
    if (next.length === 0) return sawEmptyList ? 'unverified' : 'missing';
    values = next;
  }
  return 'found';
}
