/**
 * `jsrx doctor`: is this machine's configuration ready to run rounds? One line per check: the Temporal
 * service (reachable, the namespace, the round's search attributes), the mail (an SMTP server that
 * answers EHLO, or an outbox folder to write to), the data folder and the link secret. Whatever is wrong
 * comes with its fix. Exit 0 when every check passes, 1 otherwise, so a deployment script can gate on it.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { Command } from 'commander';
import nodemailer from 'nodemailer';
import { loadConfig, type Config } from '../../worker/config';
import { temporalConnectionOptions } from '../../worker/connection-options';
import { ROUND_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { EXIT_SERVICE, Reported } from '../exit';
import { createPrinter, type CommonOptions } from '../output';

export interface Check {
  name: 'temporal' | 'namespace' | 'search attributes' | 'mail' | 'data folder' | 'link secret';
  ok: boolean;
  /** What was found: the address reached, the folder written … or what is wrong. */
  detail: string;
  /** How to put it right (failed checks only). */
  fix?: string;
}

/** temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD (@temporalio/proto is a dev dependency here). */
const KEYWORD = 2;
const TIMEOUT_MS = 5000;

export async function runChecks(config: Config): Promise<Check[]> {
  return [
    ...(await temporalChecks(config)),
    await mailCheck(config),
    folderCheck('data folder', config.dataDir, 'JSRX_DATA_DIR'),
    linkSecretCheck(config),
  ];
}

async function temporalChecks(config: Config): Promise<Check[]> {
  const { address, namespace } = config.temporal;
  let connection: Connection;
  try {
    connection = await Connection.connect({
      ...temporalConnectionOptions(config),
      connectTimeout: TIMEOUT_MS,
    });
  } catch (error) {
    const skipped = `not checked: the Temporal service is unreachable`;
    return [
      {
        name: 'temporal',
        ok: false,
        detail: `cannot reach the Temporal service at ${address} (${firstLine(error)})`,
        fix: 'start one (npm start, or temporal server start-dev), or set TEMPORAL_ADDRESS to where it runs',
      },
      { name: 'namespace', ok: false, detail: skipped, fix: 'fix the temporal check first' },
      { name: 'search attributes', ok: false, detail: skipped, fix: 'fix the temporal check first' },
    ];
  }
  try {
    const checks: Check[] = [
      { name: 'temporal', ok: true, detail: `reachable at ${address}${config.temporal.tls ? ' (TLS)' : ''}` },
    ];
    try {
      await connection.workflowService.describeNamespace({ namespace });
      checks.push({ name: 'namespace', ok: true, detail: `${namespace} exists` });
    } catch (error) {
      checks.push({
        name: 'namespace',
        ok: false,
        detail: `${namespace} is not a namespace of this service (${firstLine(error)})`,
        fix: `create it (temporal operator namespace create --namespace ${namespace}), or set TEMPORAL_NAMESPACE to an existing one`,
      });
      checks.push({
        name: 'search attributes',
        ok: false,
        detail: 'not checked: no namespace',
        fix: 'fix the namespace check first',
      });
      return checks;
    }
    checks.push(await searchAttributeCheck(connection, namespace));
    return checks;
  } finally {
    await connection.close();
  }
}

/** `jsrx list` and the dashboard find rounds by these attributes; a round cannot start without them. */
async function searchAttributeCheck(connection: Connection, namespace: string): Promise<Check> {
  let registered: Record<string, unknown>;
  try {
    const response = await connection.operatorService.listSearchAttributes({ namespace });
    registered = (response.customAttributes ?? {}) as Record<string, unknown>;
  } catch (error) {
    return {
      name: 'search attributes',
      ok: false,
      detail: `cannot list the search attributes of ${namespace} (${firstLine(error)})`,
      fix: 'give this identity access to the operator service, or check the attributes in the Temporal UI',
    };
  }
  const missing = ROUND_SEARCH_ATTRIBUTES.filter((key) => registered[key.name] === undefined).map(
    (key) => key.name,
  );
  const mistyped = ROUND_SEARCH_ATTRIBUTES.filter(
    (key) => registered[key.name] !== undefined && registered[key.name] !== KEYWORD,
  ).map((key) => key.name);
  if (missing.length === 0 && mistyped.length === 0) {
    return {
      name: 'search attributes',
      ok: true,
      detail: `${ROUND_SEARCH_ATTRIBUTES.map((key) => key.name).join(', ')} registered`,
    };
  }
  const problems = [
    ...(missing.length > 0 ? [`${missing.join(', ')} not registered in ${namespace}`] : []),
    ...(mistyped.length > 0 ? [`${mistyped.join(', ')} registered with another type than Keyword`] : []),
  ];
  const create = [...missing, ...mistyped].map((name) => `--name ${name} --type Keyword`).join(' ');
  return {
    name: 'search attributes',
    ok: false,
    detail: problems.join('; '),
    fix: `temporal operator search-attribute create --namespace ${namespace} ${create}${mistyped.length > 0 ? ' (remove the mistyped ones first)' : ''}`,
  };
}

async function mailCheck(config: Config): Promise<Check> {
  const { smtpUrl, outboxDir } = config.mail;
  if (!smtpUrl) {
    const outbox = folderCheck('mail', outboxDir, 'JSRX_OUTBOX_DIR');
    return outbox.ok
      ? { ...outbox, detail: `no SMTP_URL: emails are written to ${outboxDir} (writable)` }
      : outbox;
  }
  const url = new URL(smtpUrl);
  const where = `${url.protocol}//${url.host}`;
  const transporter = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
  } as unknown as Parameters<typeof nodemailer.createTransport>[0]);
  try {
    await transporter.verify();
    return {
      name: 'mail',
      ok: true,
      detail: `the SMTP server at ${where} answers EHLO${url.username ? ' and accepts the login' : ''}`,
    };
  } catch (error) {
    return {
      name: 'mail',
      ok: false,
      detail: `the SMTP server at ${where} does not answer (${firstLine(error)})`,
      fix: 'check SMTP_URL (host, port, user and password), or unset it to write emails to the outbox folder',
    };
  } finally {
    transporter.close();
  }
}

/** A folder the service writes to: created if needed, then a file written and removed in it. */
function folderCheck(name: 'data folder' | 'mail', folder: string, variable: string): Check {
  const probe = path.join(folder, `.jsrx-doctor-${randomUUID()}`);
  try {
    mkdirSync(folder, { recursive: true });
    writeFileSync(probe, 'ok');
    rmSync(probe);
    return { name, ok: true, detail: `${folder} is writable` };
  } catch (error) {
    return {
      name,
      ok: false,
      detail: `cannot write to ${folder} (${firstLine(error)})`,
      fix: `give this user write access to ${folder}, or set ${variable} to a folder it can write`,
    };
  }
}

function linkSecretCheck(config: Config): Check {
  if (config.linkSecret) return { name: 'link secret', ok: true, detail: 'from JSRX_LINK_SECRET' };
  const file = config.linkSecretFile;
  try {
    const secret = readFileSync(file, 'utf8').trim();
    if (!secret) {
      return {
        name: 'link secret',
        ok: false,
        detail: `${file} is empty`,
        fix: 'delete it to have a new secret generated at the next start (links already sent stop working), or set JSRX_LINK_SECRET',
      };
    }
    return { name: 'link secret', ok: true, detail: `read from ${file}` };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      return {
        name: 'link secret',
        ok: false,
        detail: `cannot read ${file} (${firstLine(error)})`,
        fix: `give this user read access to ${file}, or set JSRX_LINK_SECRET (the same on every machine)`,
      };
    }
    // Generated on the worker's first start (the data folder check says whether it can be written).
    return { name: 'link secret', ok: true, detail: `none yet: generated into ${file} on the first start` };
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

export function doctorCommand(): Command {
  return new Command('doctor')
    .description(
      'check the configured Temporal service, namespace, search attributes, mail, data folder and link secret',
    )
    .option('--json', 'print the checks as JSON')
    .action(async (options: CommonOptions) => {
      const printer = createPrinter(options);
      const checks = await runChecks(loadConfig());
      const ok = checks.every((check) => check.ok);
      printer.result({ ok, checks }, () => {
        const { green, red } = printer.colors;
        for (const check of checks) {
          if (check.ok) printer.line(`${green('ok  ')} ${check.name}: ${check.detail}`);
          else printer.line(`${red('FAIL')} ${check.name}: ${check.detail}; fix: ${check.fix ?? ''}`);
        }
      });
      if (!ok) throw new Reported(EXIT_SERVICE);
    });
}
