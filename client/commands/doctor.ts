/**
 * `jsrx doctor`: what an operator runs first when something is off. Checks, in order, the settings in
 * the environment, the Temporal service, the namespace, the round's search attributes, whether a worker
 * polls the task queue, the mail transport (SMTP answers, or the outbox folder is writable) and the data
 * folder, and says for each what is wrong and how to fix it. Exit 0 when nothing failed (warnings
 * allowed), 1 otherwise.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { Connection } from '@temporalio/client';
import nodemailer from 'nodemailer';
import { ConfigError, loadConfig, type Config } from '../../worker/config';
import { temporalConnectionOptions } from '../../worker/connection-options';
import { ROUND_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { Reported, EXIT_SERVICE } from '../exit';
import { createPrinter, type CommonOptions } from '../output';

export interface DoctorCheck {
  check: string;
  status: 'ok' | 'warn' | 'fail';
  detail: string;
  /** What to do about a warning or a failure. */
  fix?: string;
}

// gRPC status codes the checks tell apart.
const NOT_FOUND = 5;
const PERMISSION_DENIED = 7;
// temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD
const KEYWORD = 2;
// temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW
const WORKFLOW_TASK_QUEUE = 1;

const codeOf = (error: unknown) => (error as { code?: number }).code;
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export async function runDoctor(env: NodeJS.ProcessEnv = process.env): Promise<DoctorCheck[]> {
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return [
      {
        check: 'settings',
        status: 'fail',
        detail: error.message,
        fix: 'fix the variables named above (README § Configuration)',
      },
    ];
  }
  const checks: DoctorCheck[] = [
    { check: 'settings', status: 'ok', detail: 'every variable in the environment is valid' },
  ];
  checks.push(...(await temporalChecks(config)));
  checks.push(await mailCheck(config));
  checks.push(dataFolderCheck(config.dataDir));
  return checks;
}

async function temporalChecks(config: Config): Promise<DoctorCheck[]> {
  const { address, namespace, taskQueue } = config.temporal;
  let connection: Connection;
  try {
    connection = await Connection.connect({ ...temporalConnectionOptions(config), connectTimeout: '5s' });
  } catch (error) {
    return [
      {
        check: 'temporal service',
        status: 'fail',
        detail: `cannot reach ${address}: ${messageOf(error)}`,
        fix: 'start one (npm start or npm run cluster), or set TEMPORAL_ADDRESS (and TEMPORAL_API_KEY or TEMPORAL_TLS_CERT/KEY for Temporal Cloud)',
      },
    ];
  }
  const checks: DoctorCheck[] = [];
  try {
    const info = await connection.workflowService.getSystemInfo({});
    checks.push({
      check: 'temporal service',
      status: 'ok',
      detail: `${address} answers (server ${info.serverVersion || 'version not given'})`,
    });

    try {
      await connection.workflowService.describeNamespace({ namespace });
      checks.push({ check: 'namespace', status: 'ok', detail: `${namespace} exists` });
    } catch (error) {
      checks.push({
        check: 'namespace',
        status: 'fail',
        detail:
          codeOf(error) === NOT_FOUND
            ? `${namespace} does not exist on ${address}`
            : `cannot describe ${namespace}: ${messageOf(error)}`,
        fix: `create it (temporal operator namespace create -n ${namespace}), or set TEMPORAL_NAMESPACE`,
      });
      return checks;
    }

    try {
      const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
      const wrong = ROUND_SEARCH_ATTRIBUTES.filter((key) => customAttributes?.[key.name] !== KEYWORD).map(
        (key) => key.name,
      );
      checks.push(
        wrong.length
          ? {
              check: 'search attributes',
              status: 'fail',
              detail: `missing or not Keyword: ${wrong.join(', ')} (rounds cannot be launched or listed by phase)`,
              fix: wrong
                .map(
                  (name) =>
                    `temporal operator search-attribute create -n ${namespace} --name ${name} --type Keyword`,
                )
                .join('; '),
            }
          : {
              check: 'search attributes',
              status: 'ok',
              detail: `${ROUND_SEARCH_ATTRIBUTES.map((key) => key.name).join(', ')} (Keyword)`,
            },
      );
    } catch (error) {
      // Temporal Cloud keeps the operator service to its own control plane: say what could not be seen.
      checks.push({
        check: 'search attributes',
        status: 'warn',
        detail: `cannot list them${codeOf(error) === PERMISSION_DENIED ? ' (permission denied, as on Temporal Cloud)' : ''}: ${messageOf(error)}`,
        fix: 'check in the Cloud UI or with tcld that RoundPhase, Community and HostCountry exist as Keyword',
      });
    }

    try {
      const { pollers } = await connection.workflowService.describeTaskQueue({
        namespace,
        taskQueue: { name: taskQueue },
        taskQueueType: WORKFLOW_TASK_QUEUE,
      });
      checks.push(
        pollers?.length
          ? {
              check: 'workers',
              status: 'ok',
              detail: `${pollers.length} worker${pollers.length === 1 ? '' : 's'} polling ${taskQueue}: ${pollers.map((poller) => poller.identity).join(', ')}`,
            }
          : {
              check: 'workers',
              status: 'warn',
              detail: `no worker has polled ${taskQueue} lately: rounds will wait`,
              fix: 'start one (npm run worker, or node dist/worker/main.js), or check TEMPORAL_TASK_QUEUE',
            },
      );
    } catch (error) {
      checks.push({
        check: 'workers',
        status: 'warn',
        detail: `cannot describe the task queue ${taskQueue}: ${messageOf(error)}`,
      });
    }
  } catch (error) {
    checks.push({
      check: 'temporal service',
      status: 'fail',
      detail: `${address} accepted the connection but not the call: ${messageOf(error)}`,
      fix: 'check the address, the namespace and the credentials',
    });
  } finally {
    await connection.close();
  }
  return checks;
}

async function mailCheck(config: Config): Promise<DoctorCheck> {
  if (!config.mail.smtpUrl) {
    const problem = writableProblem(config.mail.outboxDir);
    return problem
      ? {
          check: 'mail',
          status: 'fail',
          detail: `the outbox ${config.mail.outboxDir} is not writable: ${problem}`,
          fix: 'fix its permissions or set JSRX_OUTBOX_DIR; set SMTP_URL to send for real',
        }
      : {
          check: 'mail',
          status: 'warn',
          detail: `no SMTP_URL: emails are written to ${config.mail.outboxDir}, nobody receives them`,
          fix: 'set SMTP_URL to send them',
        };
  }
  const host = new URL(config.mail.smtpUrl).host;
  const transport = nodemailer.createTransport({
    url: config.mail.smtpUrl,
    connectionTimeout: 5000,
    greetingTimeout: 5000,
    socketTimeout: 5000,
  });
  try {
    await transport.verify();
    return { check: 'mail', status: 'ok', detail: `the SMTP server ${host} answers and accepts the login` };
  } catch (error) {
    return {
      check: 'mail',
      status: 'fail',
      detail: `the SMTP server ${host} does not answer or refuses the login: ${messageOf(error)}`,
      fix: 'check SMTP_URL (host, port, user and password)',
    };
  } finally {
    transport.close();
  }
}

function dataFolderCheck(dataDir: string): DoctorCheck {
  const problem = writableProblem(dataDir);
  return problem
    ? {
        check: 'data folder',
        status: 'fail',
        detail: `${dataDir} is not writable: ${problem}`,
        fix: 'fix its permissions or set JSRX_DATA_DIR',
      }
    : { check: 'data folder', status: 'ok', detail: `${dataDir} is writable` };
}

function writableProblem(folder: string): string | undefined {
  const probe = path.join(folder, `.doctor-${randomUUID()}`);
  try {
    mkdirSync(folder, { recursive: true });
    writeFileSync(probe, '');
    return undefined;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? messageOf(error);
  } finally {
    try {
      rmSync(probe, { force: true });
    } catch {
      // the folder was never there (a file in the way): nothing to clean up
    }
  }
}

export function doctorCommand(): Command {
  return new Command('doctor')
    .description(
      'check the configured Temporal service, namespace, search attributes, workers, mail and data folder, and say what is wrong',
    )
    .option('--json', 'print the checks as JSON')
    .action(async (options: CommonOptions) => {
      const printer = createPrinter(options);
      const checks = await runDoctor();
      printer.result(checks, () => {
        const { green, yellow, red, dim } = printer.colors;
        const mark = { ok: green('ok  '), warn: yellow('warn'), fail: red('FAIL') };
        for (const check of checks) {
          printer.line(`${mark[check.status]} ${check.check}: ${check.detail}`);
          if (check.fix && check.status !== 'ok') printer.line(dim(`     → ${check.fix}`));
        }
      });
      if (checks.some((check) => check.status === 'fail')) throw new Reported(EXIT_SERVICE);
    });
}
