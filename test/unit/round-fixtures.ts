/** Shared by the unit tests: read and validate the example and fixture round files. */
import { join } from 'node:path';
import { readRoundFile } from '../../client/round-file-io';
import { validateRound } from '../../domain/validate';
import type { Problem, Round } from '../../domain/round-file';

export const EXAMPLES = join(__dirname, '..', '..', 'examples');
export const FIXTURES = join(__dirname, '..', 'fixtures', 'rounds');

export async function validRound(path: string): Promise<Round> {
  const result = validateRound(await readRoundFile(path));
  if (!result.ok) throw new Error(`${path} should be valid: ${JSON.stringify(result.errors)}`);
  return result.round;
}

export const paths = (problems: Problem[]): string[] => problems.map((problem) => problem.path);
