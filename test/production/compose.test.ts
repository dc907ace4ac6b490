/**
 * docker-compose.yml cannot run here (no Docker engine), so it is read: each service's image, host ports
 * and dependencies must be what README.md § Production lists, the Temporal services must point at the
 * database the compose file creates, and the JSR Exchange services must get only settings the worker's
 * configuration module knows, reaching the frontend the file defines.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SearchAttributeType } from '@temporalio/common';
import { parse } from 'yaml';
import { configSchema } from '../../worker/config';
import { ROUND_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { WORKER_NODE_FLAGS } from '../../worker/node-flags';

const root = path.resolve(__dirname, '..', '..');

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  entrypoint?: string[] | string;
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: string[] | Record<string, { condition: string }>;
  deploy?: { replicas?: number };
  volumes?: string[];
}

const compose = parse(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};
const services = compose.services;

interface ReadmeRow {
  names: string[];
  image: string;
  ports: string[];
  waitsFor: string[];
}

/** The services table of README.md § Production, between its two marker comments. */
function readmeServices(): ReadmeRow[] {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const table = /<!-- compose-services[^>]*-->\n([\s\S]*?)<!-- \/compose-services -->/.exec(readme)?.[1];
  if (!table) throw new Error('README.md has no compose-services table');
  const code = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1]!);
  return table
    .trim()
    .split('\n')
    .slice(2)
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    )
    .map(([names = '', image = '', ports = '', waitsFor = '']) => ({
      names: code(names),
      image: image.startsWith('built from') ? 'build' : (code(image)[0] ?? ''),
      ports: code(ports),
      // "the history and matching hosts" names services by their role: expanded below.
      waitsFor:
        waitsFor === 'the history and matching hosts'
          ? ['temporal-history-1', 'temporal-history-2', 'temporal-matching']
          : code(waitsFor),
    }));
}

const dependencies = (service: ComposeService) =>
  Array.isArray(service.depends_on) ? service.depends_on : Object.keys(service.depends_on ?? {});
const hostPorts = (service: ComposeService) =>
  (service.ports ?? []).map((mapping) => mapping.split(':').slice(-2)[0]!);

describe('docker-compose.yml is the topology README.md describes', () => {
  const rows = readmeServices();

  it('has exactly the services the README lists', () => {
    expect(Object.keys(services).sort()).toEqual(rows.flatMap((row) => row.names).sort());
  });

  it.each(readmeServices().flatMap((row) => row.names.map((name) => [name, row] as const)))(
    '%s: image, host ports and dependencies as the README says',
    (name, row) => {
      const service = services[name]!;
      expect(service.image ?? (service.build ? 'build' : undefined)).toBe(row.image);
      expect(hostPorts(service)).toEqual(row.ports);
      // Published ports listen on loopback only: a reverse proxy or a VPN decides who reaches them.
      for (const mapping of service.ports ?? []) expect(mapping).toMatch(/^127\.0\.0\.1:/);
      expect(dependencies(service).sort()).toEqual([...row.waitsFor].sort());
    },
  );

  it('points every Temporal service at the PostgreSQL the file creates, with the project dynamic config', () => {
    const database = services.postgresql!.environment!;
    const temporal = Object.entries(services).filter(([, service]) =>
      service.image?.startsWith('temporalio/server:'),
    );
    expect(temporal.map(([name]) => name).sort()).toEqual([
      'temporal-frontend',
      'temporal-history-1',
      'temporal-history-2',
      'temporal-matching',
      'temporal-worker',
    ]);
    for (const [, service] of temporal) {
      expect(service.environment).toMatchObject({
        DB: 'postgres12',
        POSTGRES_SEEDS: 'postgresql',
        DB_PORT: '5432',
        POSTGRES_USER: database.POSTGRES_USER,
        POSTGRES_PWD: database.POSTGRES_PASSWORD,
        DYNAMIC_CONFIG_FILE_PATH: '/etc/temporal/config/dynamicconfig/jsr-exchange.yaml',
      });
      expect(service.volumes).toContain('./deploy/dynamicconfig:/etc/temporal/config/dynamicconfig:ro');
    }
    // Every history host shares the same shard count: it is fixed for the life of the database.
    expect(new Set(temporal.map(([, service]) => service.environment!.NUM_HISTORY_SHARDS)).size).toBe(1);
    // Two history hosts, so one can die and its shards move to the other.
    expect(temporal.filter(([, service]) => service.environment!.SERVICES === 'history')).toHaveLength(2);
  });

  it('applies both embedded schemas, and registers the namespace and the round search attributes', () => {
    const schema = [services['temporal-schema']!.entrypoint].flat().join('\n');
    expect(schema).toContain('postgresql/v12/temporal');
    expect(schema).toContain('postgresql/v12/visibility');
    expect(services['temporal-schema']!.environment).toMatchObject({
      SQL_PLUGIN: 'postgres12',
      SQL_HOST: 'postgresql',
    });
    const setup = [services['temporal-setup']!.entrypoint].flat().join('\n');
    expect(setup).toContain('temporal operator namespace create -n default');
    const registered = /for name in ([\w ]+); do/.exec(setup)?.[1]?.split(' ');
    expect(registered?.sort()).toEqual(ROUND_SEARCH_ATTRIBUTES.map((key) => key.name).sort());
    expect(setup).toContain('--type Keyword');
    expect(ROUND_SEARCH_ATTRIBUTES.every((key) => key.type === SearchAttributeType.KEYWORD)).toBe(true);
  });

  it('runs two stateless workers and the web service from the built image, with settings the worker knows', () => {
    const known = Object.keys(configSchema.shape);
    const { worker, web } = services as Record<'worker' | 'web', ComposeService>;
    // The worker's node flags, as every other way of starting it passes them.
    expect(worker.command).toEqual(['node', ...WORKER_NODE_FLAGS, 'dist/worker/main.js']);
    expect(worker.deploy?.replicas).toBe(2);
    expect(web.command).toEqual(['node', 'dist/client/web/main.js']);
    for (const service of [worker, web]) {
      for (const variable of Object.keys(service.environment ?? {})) expect(known).toContain(variable);
      expect(service.environment).toMatchObject({
        TEMPORAL_ADDRESS: 'temporal-frontend:7233',
        TEMPORAL_NAMESPACE: 'default',
        TEMPORAL_TASK_QUEUE: 'jsr-exchange',
      });
    }
    // Staging mail goes to Mailpit unless SMTP_URL names a relay.
    expect(worker.environment!.SMTP_URL).toBe('${SMTP_URL:-smtp://mailpit:1025}');
    // Stateless: no volume a second replica would have to share.
    expect(worker.volumes).toBeUndefined();
    expect(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8')).not.toContain('JSRX_SENT_RECORD_DIR');
    // Links the workers sign must open on the web service: one secret, given to all, never generated per container.
    expect(worker.environment!.JSRX_LINK_SECRET).toMatch(/^\$\{JSRX_LINK_SECRET:\?/);
    expect(web.environment!.JSRX_LINK_SECRET).toBe(worker.environment!.JSRX_LINK_SECRET);
    expect(web.environment).toMatchObject({ JSRX_WEB_HOST: '0.0.0.0' });
    expect(web.environment!.JSRX_STAFF_PASSWORD).toMatch(/^\$\{JSRX_STAFF_PASSWORD:\?/);
  });

  it('builds the image the README describes: production dependencies, dist/ and the templates', () => {
    const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8');
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(runtime).toContain('npm install --omit=dev');
    expect(runtime).toContain('COPY --from=build /app/dist dist');
    expect(runtime).toContain('COPY templates templates');
    expect(runtime).toContain(`CMD ${JSON.stringify(['node', ...WORKER_NODE_FLAGS, 'dist/worker/main.js'])}`.replaceAll('","', '", "'));
    const scripts = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.worker).toBe(`node ${WORKER_NODE_FLAGS.join(' ')} -r @swc-node/register worker/main.ts`);
    expect(runtime).not.toContain('swc-node');
  });
});
