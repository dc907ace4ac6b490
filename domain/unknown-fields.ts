/**
 * Fields the schema does not know. zod drops them silently, so a misspelt `venu:` or `deadline:` would
 * vanish without a word; the coordinator gets a warning naming each one instead. A warning, not an
 * error, so that a file written for a later version still loads.
 */
import type { z } from 'zod';
import type { Problem } from './round-file';

interface SchemaDef {
  type: string;
  shape?: Record<string, { _zod: { def: SchemaDef } }>;
  element?: { _zod: { def: SchemaDef } };
  innerType?: { _zod: { def: SchemaDef } };
}

export function unknownFields(schema: z.ZodType, input: unknown): Problem[] {
  const problems: Problem[] = [];
  walk((schema as unknown as { _zod: { def: SchemaDef } })._zod.def, input, '', problems);
  return problems;
}

function walk(def: SchemaDef, value: unknown, path: string, problems: Problem[]): void {
  if ((def.type === 'default' || def.type === 'optional' || def.type === 'nullable') && def.innerType) {
    walk(def.innerType._zod.def, value, path, problems);
    return;
  }
  if (def.type === 'array' && def.element && Array.isArray(value)) {
    const element = def.element._zod.def;
    value.forEach((item, i) => walk(element, item, `${path}[${i}]`, problems));
    return;
  }
  if (def.type !== 'object' || !def.shape || !value || typeof value !== 'object' || Array.isArray(value))
    return;
  const known = Object.keys(def.shape);
  for (const [key, child] of Object.entries(value)) {
    const childPath = path === '' ? key : `${path}.${key}`;
    // Own keys only: a field named `valueOf` or `constructor` is unknown, not Object.prototype's.
    const childSchema = Object.hasOwn(def.shape, key) ? def.shape[key] : undefined;
    if (childSchema) walk(childSchema._zod.def, child, childPath, problems);
    else
      problems.push({
        path: childPath,
        message: `unknown field, ignored: check its spelling (expected one of ${known.join(', ')})`,
      });
  }
}
