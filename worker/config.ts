/**
 * The one configuration module of the service, read by the worker and by the `jsrx` CLI. Every setting
 * comes from an environment variable, validated by zod, with defaults that run on a laptop as they are:
 * a dev server on 127.0.0.1:7233 and emails written to an outbox folder instead of sent. Every piece of
 * local state (the dev server's database, the outbox) lives under JSRX_DATA_DIR unless its own variable
 * says otherwise, so one variable moves it all and `npm start` and the worker always agree.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { splitMailbox } from '../domain/email';

/** Where the running code sits: the project root from the sources, `dist/` from the production build. */
export const CODE_ROOT = path.resolve(__dirname, '..');

/**
 * The project root (the folder holding package.json), so relative folders in the environment mean the
 * same from any working directory, and the same whether the code runs from the sources or from `dist/`.
 */
export const PROJECT_ROOT = existsSync(path.join(CODE_ROOT, 'package.json')) ? CODE_ROOT : path.dirname(CODE_ROOT);

const hostPort = /^[^\s:/]+:\d{1,5}$/;

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value === '' ? undefined : value));

const durationMs = z
  .string()
  .trim()
  .regex(/^\d+(ms|s|m)?$/, 'write a duration such as 30s, 2m or 500ms')
  .transform((value) => {
    const amount = Number.parseInt(value, 10);
    if (value.endsWith('ms')) return amount;
    if (value.endsWith('m')) return amount * 60_000;
    return amount * 1000;
  });

export const configSchema = z
  .object({
    TEMPORAL_ADDRESS: z
      .string()
      .trim()
      .regex(hostPort, 'write it as host:port, for example 127.0.0.1:7233 or my-ns.a1b2c.tmprl.cloud:7233')
      .default('127.0.0.1:7233'),
    TEMPORAL_NAMESPACE: z.string().trim().min(1, 'name a namespace, for example default').default('default'),
    TEMPORAL_TASK_QUEUE: z.string().trim().min(1, 'name a task queue, for example jsr-exchange').default('jsr-exchange'),
    /** Temporal Cloud API key; turns TLS on. */
    TEMPORAL_API_KEY: optionalText,
    /** Paths to the client certificate and key, for mTLS (Temporal Cloud or a self-hosted cluster). */
    TEMPORAL_TLS_CERT: optionalText,
    TEMPORAL_TLS_KEY: optionalText,
    /** smtp://user:pass@host:587 or smtps://…:465. Unset: messages go to the outbox folder. */
    SMTP_URL: optionalText.pipe(
      z
        .string()
        .regex(/^smtps?:\/\/[^\s]+$/, 'write it as smtp://user:password@host:587 or smtps://host:465, or unset it to write emails to the outbox')
        .optional(),
    ),
    JSRX_DATA_DIR: z.string().trim().min(1).default('.data'),
    /** Unset: `outbox` in the data folder. */
    JSRX_OUTBOX_DIR: z.string().trim().min(1).optional(),
    JSRX_MAIL_FROM: z
      .string()
      .trim()
      .refine((text) => splitMailbox(text) !== undefined, 'write it as "Name <address@example.org>" or a bare address')
      .default('JSR Exchange Secretariat <secretariat@jsr-exchange.local>'),
    /** Where submission links and the progress page point. Unset: the web service's own address. */
    JSRX_PUBLIC_URL: z.string().trim().url('write a full URL, for example https://jsr-exchange.example.org').optional(),
    /** The web service (participants' pages, calendar feeds): loopback only unless told otherwise. */
    JSRX_WEB_HOST: z.string().trim().min(1).default('127.0.0.1'),
    JSRX_WEB_PORT: z.coerce.number('write a port number, for example 8080').int().min(0).max(65_535, 'write a port from 0 to 65535').default(8080),
    /** Signs the participants' links (HMAC-SHA-256). Unset: generated once into <data folder>/link-secret. */
    JSRX_LINK_SECRET: optionalText.pipe(z.string().min(32, 'use at least 32 characters (openssl rand -hex 32 writes 64)').optional()),
    /** The largest upload a participant may deliver, in bytes. */
    JSRX_UPLOAD_MAX_BYTES: z.coerce.number('write a number of bytes, for example 26214400').int().positive().default(25 * 1024 * 1024),
    /** The staff dashboard's password (the dashboard refuses every login while unset). */
    JSRX_STAFF_PASSWORD: optionalText,
    /** Page and feed reads allowed per participant link and address each minute (a leaked link must not flood the rounds). */
    JSRX_WEB_READS_PER_MINUTE: z.coerce.number('write a number, for example 120').int().positive().default(120),
    JSRX_LOG_LEVEL: z.enum(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'], 'use one of TRACE, DEBUG, INFO, WARN, ERROR').default('INFO'),
    /** `json` or `human`; unset: human lines on a terminal, JSON otherwise (worker/logger.ts). */
    JSRX_LOG_FORMAT: optionalText.pipe(z.enum(['json', 'human'], 'use json or human, or unset it (human on a terminal, else json)').optional()),
    /** The port the worker serves Prometheus metrics on (`/metrics`); unset: no metrics endpoint. */
    JSRX_METRICS_PORT: z.coerce
      .number('write a port number, for example 9464')
      .int('write a port number, for example 9464')
      .min(1, 'write a port from 1 to 65535')
      .max(65_535, 'write a port from 1 to 65535')
      .optional(),
    /** The address the metrics endpoint binds to: loopback unless told otherwise (0.0.0.0 in a container). */
    JSRX_METRICS_HOST: z.string().trim().min(1).default('127.0.0.1'),
    /** How long a stopping worker lets running activities (an SMTP send) finish. */
    JSRX_SHUTDOWN_GRACE: durationMs.default(30_000),
    /**
     * How many workflow executions a worker keeps in memory between their tasks (Temporal's sticky
     * cache). The SDK's own default grows with the heap limit (about 2,300 on a 4 GB heap), so a worker
     * serving many rounds held nearly all of them; a round waits weeks between tasks, so a small cache
     * costs a replay now and then, not speed (npm run bench.cluster: 200 rounds launched as fast with
     * 300 as with the SDK's default, 135 MB less per worker).
     *
     * Where a worker's memory goes (npm run bench.cluster, two workers; each round is six executions:
     * the round and the deliverables of the Secretariat and of each delegation):
     * - about 190 MB at start, from the production build (node, the SDK and its Rust core, the workflow
     *   bundle and its source map in the workflow thread). A worker run from the sources bundles the
     *   workflows with webpack at start and keeps about 250 MB more for its whole life.
     * - beyond that, mostly V8 heaps: the main thread's (activities, the SDK's JavaScript) and the
     *   workflow thread's, where cached executions live. Left to size themselves from the machine's
     *   memory they grew lazily (200 rounds: 613 / 669 MB peak; 1,000 rounds: over 1 GB). With the
     *   worker's heap limit (worker/node-flags.ts), 200 rounds peak at 469 / 467 MB, no slower, and
     *   1,000 rounds at 548 / 552 MB.
     * - the cache: at 1,000 rounds (~3,000 executions per worker), 1,000 instead of 300 launched 11%
     *   faster (356 s against 398 s, fewer replays) and peaked at 853 / 860 MB: a trade to make with
     *   the heap limit raised beside it.
     * - glibc's malloc arenas (`npm run bench.cluster -- --worker-env MALLOC_ARENA_MAX=2`): no gain
     *   (200 rounds without the heap limit: 719 / 722 MB with it, 613 / 669 MB without).
     */
    JSRX_MAX_CACHED_WORKFLOWS: z.coerce
      .number('write a number of workflows, for example 300')
      .int('write a whole number of workflows, for example 300')
      .min(0, 'write 0 (no cache) or more')
      .default(300),
  })
  .superRefine((env, context) => {
    if (Boolean(env.TEMPORAL_TLS_CERT) !== Boolean(env.TEMPORAL_TLS_KEY)) {
      const missing = env.TEMPORAL_TLS_CERT ? 'TEMPORAL_TLS_KEY' : 'TEMPORAL_TLS_CERT';
      context.addIssue({
        code: 'custom',
        path: [missing],
        message: 'mTLS needs both TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY: set the missing one, or unset both',
      });
    }
  });

export interface Config {
  temporal: {
    address: string;
    namespace: string;
    taskQueue: string;
    apiKey?: string;
    /** Set for mTLS: absolute paths of the client certificate and its key. */
    tlsCertPair?: { certPath: string; keyPath: string };
    /** TLS is on for an API key or a certificate pair; a local dev server speaks plain gRPC. */
    tls: boolean;
  };
  mail: {
    /** Unset: the outbox transport writes each message to `outboxDir`. */
    smtpUrl?: string;
    outboxDir: string;
    from: string;
  };
  /** JSRX_DATA_DIR, absolute: the folder local state lives in. */
  dataDir: string;
  /** The local dev server `npm start` runs: its SQLite database (kept across restarts) and its log. */
  devServer: { databaseFile: string; logFile: string };
  /** Base of every link in every email: JSRX_PUBLIC_URL, else the web service's own address. */
  publicUrl: string;
  web: {
    host: string;
    port: number;
    uploadMaxBytes: number;
    /** Uploaded files, each stored as `<sha256>` with `<sha256>.json` (original name, type) beside it. */
    uploadsDir: string;
    staffPassword?: string;
    readsPerMinute: number;
  };
  /** JSRX_LINK_SECRET when set; else read (or generated) from `linkSecretFile` by worker/link-secret.ts. */
  linkSecret?: string;
  linkSecretFile: string;
  logLevel: 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /** Unset: chosen by whether stdout is a terminal (worker/logger.ts). */
  logFormat?: 'json' | 'human';
  /** Where the worker serves Prometheus metrics (`host:port`); unset: none. */
  metricsBindAddress?: string;
  shutdownGraceMs: number;
  /** Temporal's workflow cache size per worker (JSRX_MAX_CACHED_WORKFLOWS). */
  maxCachedWorkflows: number;
}

/** A setting that does not validate; its message names each variable and how to fix it. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: Array<{ variable: string; message: string }>) {
    super(
      `the configuration in the environment is not valid:\n${problems.map((problem) => `  ${problem.variable}: ${problem.message}`).join('\n')}`,
    );
  }
}

/** Reads and validates the configuration; throws a `ConfigError` listing every bad variable at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(pickKnown(env));
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? 'environment'),
        message: `${issue.message} (got ${JSON.stringify(env[String(issue.path[0])] ?? '')})`,
      })),
    );
  }
  const settings = parsed.data;
  const resolve = (folder: string) => path.resolve(PROJECT_ROOT, folder);
  const dataDir = resolve(settings.JSRX_DATA_DIR);
  const tlsCertPair =
    settings.TEMPORAL_TLS_CERT && settings.TEMPORAL_TLS_KEY
      ? { certPath: path.resolve(settings.TEMPORAL_TLS_CERT), keyPath: path.resolve(settings.TEMPORAL_TLS_KEY) }
      : undefined;
  return {
    temporal: {
      address: settings.TEMPORAL_ADDRESS,
      namespace: settings.TEMPORAL_NAMESPACE,
      taskQueue: settings.TEMPORAL_TASK_QUEUE,
      apiKey: settings.TEMPORAL_API_KEY,
      tlsCertPair,
      tls: Boolean(settings.TEMPORAL_API_KEY || tlsCertPair),
    },
    mail: {
      smtpUrl: settings.SMTP_URL,
      outboxDir: settings.JSRX_OUTBOX_DIR ? resolve(settings.JSRX_OUTBOX_DIR) : path.join(dataDir, 'outbox'),
      from: settings.JSRX_MAIL_FROM,
    },
    dataDir,
    devServer: { databaseFile: path.join(dataDir, 'temporal', 'dev.db'), logFile: path.join(dataDir, 'temporal.log') },
    publicUrl: (settings.JSRX_PUBLIC_URL ?? `http://${reachableHost(settings.JSRX_WEB_HOST)}:${settings.JSRX_WEB_PORT}`).replace(/\/+$/, ''),
    web: {
      host: settings.JSRX_WEB_HOST,
      port: settings.JSRX_WEB_PORT,
      uploadMaxBytes: settings.JSRX_UPLOAD_MAX_BYTES,
      uploadsDir: path.join(dataDir, 'uploads'),
      staffPassword: settings.JSRX_STAFF_PASSWORD,
      readsPerMinute: settings.JSRX_WEB_READS_PER_MINUTE,
    },
    linkSecret: settings.JSRX_LINK_SECRET,
    linkSecretFile: path.join(dataDir, 'link-secret'),
    logLevel: settings.JSRX_LOG_LEVEL,
    logFormat: settings.JSRX_LOG_FORMAT,
    metricsBindAddress:
      settings.JSRX_METRICS_PORT === undefined ? undefined : `${settings.JSRX_METRICS_HOST}:${settings.JSRX_METRICS_PORT}`,
    shutdownGraceMs: settings.JSRX_SHUTDOWN_GRACE,
    maxCachedWorkflows: settings.JSRX_MAX_CACHED_WORKFLOWS,
  };
}

/** A service bound to every interface is reached, on this machine, at the loopback address. */
function reachableHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

// An empty variable (`SMTP_URL=` in a .env file) means unset, so the default applies.
function pickKnown(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  const known: Record<string, string | undefined> = {};
  for (const name of Object.keys(configSchema.shape)) {
    const value = env[name];
    known[name] = value === undefined || value.trim() === '' ? undefined : value;
  }
  return known;
}
