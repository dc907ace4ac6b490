/** A copy of an example round under a fresh id, so every test run launches its own round on a shared server. */
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from './run-jsrx';

export function copyExampleRound(example: string, dir: string, prefix: string): { file: string; roundId: string } {
  const text = readFileSync(path.join(projectRoot, 'examples', example), 'utf8');
  const roundId = `${prefix}-${randomUUID().slice(0, 8)}`;
  const file = path.join(dir, `${roundId}.yaml`);
  writeFileSync(file, text.replace(/^id: .*$/m, `id: ${roundId}`));
  return { file, roundId };
}
