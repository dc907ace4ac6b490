import { readFileSync } from 'node:fs';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '..', '..');
const read = (file: string) => readFileSync(path.join(repoRoot, file), 'utf8');

describe('the README is the truth about how to set up and test', () => {
  it('names the same test command that CI runs', () => {
    const ciCommands = read('.ci/run')
      .split('\n')
      .filter((line) => line.startsWith('npm '));
    expect(ciCommands).toEqual(['npm install && npm test']);
    expect(read('README.md')).toContain('```sh\nnpm install && npm test\n```');
  });

  it('names a start command that exists in package.json', () => {
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    expect(read('README.md')).toContain('```sh\nnpm install && npm start\n```');
    expect(scripts.start).toContain('scripts/start-local.ts');
    expect(scripts.test).toContain('typecheck');
    expect(scripts.test).toContain('lint');
  });
});
