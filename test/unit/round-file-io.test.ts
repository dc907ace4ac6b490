import { join } from 'node:path';
import { readRoundFile } from '../../client/round-file-io';
import { EXAMPLES, FIXTURES } from './round-fixtures';

describe('reading a round file', () => {
  it('keeps dates and instants as the strings written in the YAML', async () => {
    const round = (await readRoundFile(join(EXAMPLES, 'fr-2027-r1.yaml'))) as {
      schedule: Record<string, { start: unknown }>;
    };
    expect(round.schedule.visit?.start).toBe('2027-04-19');
    expect(round.schedule.vc1?.start).toBe('2027-02-10T13:00:00Z');
  });

  it('reads JSON files', async () => {
    await expect(readRoundFile(join(FIXTURES, 'warnings-only.json'))).resolves.toMatchObject({
      id: 'en-2027-pair',
    });
  });

  it('names the file, line and column of a YAML syntax error', async () => {
    const file = join(FIXTURES, 'syntax-error.yaml');
    await expect(readRoundFile(file)).rejects.toThrow(
      `${file}:5:3: YAML syntax error: Flow map in block collection must be sufficiently indented and end with a }`,
    );
  });

  it('names the file, line and column of a JSON syntax error', async () => {
    const file = join(FIXTURES, 'syntax-error.json');
    await expect(readRoundFile(file)).rejects.toThrow(
      `${file}:4:16: JSON syntax error: Unexpected token 'a'`,
    );
  });

  it('says plainly when the file is not there', async () => {
    await expect(readRoundFile(join(FIXTURES, 'no-such-round.yaml'))).rejects.toThrow(
      /no-such-round\.yaml: no such file: check the path/,
    );
  });
});
