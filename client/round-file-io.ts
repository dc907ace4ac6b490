/**
 * Reading a round file from disk: YAML (the usual case) or JSON, to an unknown value that
 * `validateRound` then checks. Syntax errors name the file, line and column, because the coordinator
 * fixes them in an editor.
 *
 * YAML is read with the `yaml` package's default YAML 1.2 core schema, on purpose: it keeps
 * `2027-04-19` and `2027-02-10T13:00:00Z` as strings (the YAML 1.1 schema would make them timestamps)
 * and keeps the country code `NO` a string rather than `false`.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parseDocument } from 'yaml';

export class RoundFileError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
    this.name = 'RoundFileError';
  }
}

export async function readRoundFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new RoundFileError(`${path}: no such file: check the path of the round file`, path);
    if (code === 'EISDIR')
      throw new RoundFileError(`${path}: is a directory: give the path of a .yaml or .json round file`, path);
    throw new RoundFileError(`${path}: cannot read the file (${(error as Error).message})`, path);
  }
  return extname(path).toLowerCase() === '.json' ? parseJson(text, path) : parseYaml(text, path);
}

function parseYaml(text: string, path: string): unknown {
  const document = parseDocument(text, { prettyErrors: true });
  const [first] = document.errors;
  if (first) {
    const position = first.linePos?.[0];
    const where = position ? `${path}:${position.line}:${position.col}` : path;
    // The first line of a pretty error is the message; the rest is an excerpt with a caret.
    const summary = (first.message.split('\n')[0] ?? first.message).replace(
      / at line \d+, column \d+:?$/,
      '',
    );
    const more =
      document.errors.length > 1 ? ` (and ${document.errors.length - 1} more YAML error(s) after it)` : '';
    throw new RoundFileError(
      `${where}: YAML syntax error: ${summary}${more}`,
      path,
      position?.line,
      position?.col,
    );
  }
  return document.toJS();
}

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    // V8 names the offending token but (in Node 20) not always its position, so find the shortest
    // prefix that is broken for a reason other than ending early; a round file is small enough.
    const offset = firstBrokenOffset(text);
    const reason = (error as Error).message
      .replace(/,? (?:"|\.\.\.).*$/s, '')
      .replace(/ in JSON at position \d+.*$/s, '');
    const before = text.slice(0, offset).split('\n');
    const line = before.length;
    const column = (before[before.length - 1]?.length ?? 0) + 1;
    throw new RoundFileError(`${path}:${line}:${column}: JSON syntax error: ${reason}`, path, line, column);
  }
}

/** The offset of the character where JSON parsing fails for good (binary search over prefixes). */
function firstBrokenOffset(text: string): number {
  const broken = (length: number): boolean => {
    try {
      JSON.parse(text.slice(0, length));
      return false;
    } catch (error) {
      // A prefix that merely stops early fails at its own end ("end of JSON input", or "at position <length>").
      const message = (error as Error).message;
      const at = /at position (\d+)/.exec(message);
      return !/end of JSON input/.test(message) && !(at && Number(at[1]) >= length);
    }
  };
  let low = 0;
  let high = text.length;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (broken(middle)) high = middle;
    else low = middle + 1;
  }
  return Math.max(0, low - 1);
}
