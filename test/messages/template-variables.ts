/**
 * Collects the variable paths a handlebars template reads, by walking its AST: `{{#each tasks}}{{due}}`
 * yields `tasks` and `tasks[].due`, so two languages can be compared part by part.
 */
import Handlebars from 'handlebars';

type Node = hbs.AST.Node;

export function templateVariables(source: string): string[] {
  const found = new Set<string>();
  walk(Handlebars.parse(source), [], found);
  return [...found].sort();
}

function walk(node: Node | undefined | null, scope: string[], found: Set<string>): void {
  if (!node) return;
  switch (node.type) {
    case 'Program':
      for (const statement of (node as hbs.AST.Program).body) walk(statement, scope, found);
      return;
    case 'MustacheStatement':
    case 'SubExpression': {
      const mustache = node as hbs.AST.MustacheStatement;
      if (mustache.params.length === 0) record(mustache.path, scope, found);
      for (const param of mustache.params) record(param, scope, found);
      return;
    }
    case 'BlockStatement': {
      const block = node as hbs.AST.BlockStatement;
      const helper = (block.path as hbs.AST.PathExpression).original;
      for (const param of block.params) record(param, scope, found);
      const subject = block.params[0] as hbs.AST.PathExpression | undefined;
      // `each` and `with` change the context: paths inside are relative to the item.
      const inner =
        (helper === 'each' || helper === 'with') && subject
          ? [...scope, `${resolve(subject, scope)}${helper === 'each' ? '[]' : ''}`]
          : scope;
      walk(block.program, inner, found);
      walk(block.inverse, scope, found);
      return;
    }
    case 'PartialStatement':
    case 'PartialBlockStatement': {
      const partial = node as hbs.AST.PartialStatement & { program?: hbs.AST.Program };
      const name = (partial.name as hbs.AST.PathExpression).original;
      found.add(`> ${name}`);
      walk(partial.program, scope, found);
      return;
    }
    default:
      return;
  }
}

function record(expression: hbs.AST.Expression, scope: string[], found: Set<string>): void {
  if (expression.type === 'PathExpression') {
    const path = resolve(expression as hbs.AST.PathExpression, scope);
    if (path) found.add(path);
  } else if (expression.type === 'SubExpression') {
    walk(expression, scope, found);
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
