/**
 * The shape of the code base: what the shipped code (the CLI, the worker and what they load) may import.
 * Imports are read with TypeScript's own scanner (`ts.preProcessFile`: static, type-only and dynamic
 * imports, `export … from` and `require`), not a regular expression, and followed from file to file.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const root = path.resolve(__dirname, '..', '..');
const SHIPPED = ['domain', 'workflows', 'activities', 'client', 'worker'];

function sourcesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return sourcesUnder(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** `./outbox` from activities/mail-transport.ts → activities/outbox.ts; packages and Node built-ins are not ours. */
function resolveOwn(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(from), specifier);
  return [`${base}.ts`, path.join(base, 'index.ts'), base].find((candidate) => {
    try {
      return statSync(candidate).isFile();
    } catch {
      return false;
    }
  });
}

/** Every project file the shipped folders reach, with the project files each one imports. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const pending = SHIPPED.flatMap((folder) => sourcesUnder(path.join(root, folder)));
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (graph.has(file)) continue;
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const imports = importedFiles.map((reference) => resolveOwn(file!, reference.fileName)).filter((found): found is string => found !== undefined);
    graph.set(file, imports);
    pending.push(...imports.filter((imported) => imported.endsWith('.ts')));
  }
  return graph;
}

const relative = (file: string) => path.relative(root, file);

/** Strongly connected components of two or more files (or a file importing itself): Tarjan's algorithm. */
function importCycles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const lowest = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (file: string) => {
    index.set(file, index.size);
    lowest.set(file, index.get(file)!);
    stack.push(file);
    onStack.add(file);
    for (const imported of graph.get(file) ?? []) {
      if (!index.has(imported)) {
        visit(imported);
        lowest.set(file, Math.min(lowest.get(file)!, lowest.get(imported)!));
      } else if (onStack.has(imported)) {
        lowest.set(file, Math.min(lowest.get(file)!, index.get(imported)!));
      }
    }
    if (lowest.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(relative(member));
    } while (member !== file);
    if (component.length > 1 || graph.get(file)?.includes(file)) cycles.push(component.sort());
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return cycles;
}

describe('the layout of the code', () => {
  const graph = importGraph();

  it('finds the imports it is meant to judge (the scanner sees type-only and dynamic imports)', () => {
    const importsOf = (file: string) => (graph.get(path.join(root, file)) ?? []).map(relative);
    expect(importsOf('activities/outbox.ts')).toContain('activities/mail-types.ts');
    expect(importsOf('client/commands/simulate.ts')).toContain('client/simulation/rehearsal.ts');
  });

  it('would see a cycle: two files importing each other are one', () => {
    const a = path.join(root, 'a.ts');
    const b = path.join(root, 'b.ts');
    expect(importCycles(new Map([[a, [b]], [b, [a]]]))).toEqual([['a.ts', 'b.ts']]);
  });

  it('has no import cycle among the project’s own modules', () => {
    expect(importCycles(graph)).toEqual([]);
  });

  it('ships nothing from scripts/ or test/: the CLI and the worker never build servers or load test code', () => {
    const outside = [...graph]
      .flatMap(([file, imports]) => imports.map((imported) => ({ file: relative(file), imported: relative(imported) })))
      .filter(({ imported }) => !SHIPPED.some((folder) => imported.startsWith(`${folder}/`)))
      .map(({ file, imported }) => `${file} imports ${imported}`);
    expect(outside).toEqual([]);
  });

  it('gives every exported name one home: two modules never declare the same export', () => {
    const homes = new Map<string, string[]>();
    for (const file of graph.keys()) {
      for (const [, name] of readFileSync(file, 'utf8').matchAll(/^export (?:async )?(?:function|const|let|class|interface|type|enum) (\w+)/gm)) {
        homes.set(name!, [...(homes.get(name!) ?? []), relative(file)]);
      }
    }
    expect([...homes].filter(([, files]) => files.length > 1)).toEqual([]);
  });

  it('writes the email-address pattern once, beside the update checks the workflow runs', () => {
    const defining = [...graph.keys()].filter((file) => readFileSync(file, 'utf8').includes('@[^\\s@')).map(relative);
    expect(defining).toEqual(['workflows/update-limits.ts']);
  });
});
