import type { LogEntry } from '@temporalio/worker';
import { loadConfig } from '../../worker/config';
import { chooseLogFormat, createLogger, humanLine, jsonLine, webLogStream } from '../../worker/logger';
import { LETTER_EVENTS } from '../../activities/deliver';

const at = (iso: string) => BigInt(Date.parse(iso)) * 1_000_000n;
const activityMeta = {
  sdkComponent: 'activity',
  workflowId: 'round/en-2027-r1',
  activityType: 'deliverLetter',
  attempt: 1,
  taskQueue: 'jsr-exchange',
};
const entry = (
  message: string,
  meta: Record<string, unknown>,
  level: LogEntry['level'] = 'INFO',
): LogEntry => ({
  level,
  message,
  meta: { ...activityMeta, ...meta },
  timestampNanos: at('2027-02-16T14:02:31Z'),
});

describe('log lines for a person at the terminal', () => {
  it('a sent letter is one line: the time, the kind and what it is about, and its reader', () => {
    const line = humanLine(
      entry(LETTER_EVENTS.sent, {
        kind: 'invitation',
        about: 'vc1#0',
        to: 'm.saleh@example.td',
        messageId: '<x@y>',
        via: 'smtp',
      }),
      'UTC',
    );
    expect(line).toBe('14:02 sent invitation vc1#0 → m.saleh@example.td');
  });

  it('a letter refused for good says FAILED and why; one tried again says retrying', () => {
    const letter = {
      kind: 'deliverable-reminder',
      about: 'TD/jsr-documents#before-7',
      to: 'f.abakar@example.td',
    };
    expect(
      humanLine(
        entry(LETTER_EVENTS.refused, { ...letter, reason: '550 mailbox unknown' }, 'WARN'),
        'UTC',
      ),
    ).toBe(
      '14:02 FAILED deliverable-reminder TD/jsr-documents#before-7 → f.abakar@example.td: 550 mailbox unknown (not retried; the round records it)',
    );
    expect(
      humanLine(
        entry(
          LETTER_EVENTS.deferred,
          { ...letter, reason: '421 try later' },
          'WARN',
        ),
        'UTC',
      ),
    ).toBe(
      '14:02 retrying deliverable-reminder TD/jsr-documents#before-7 → f.abakar@example.td: 421 try later',
    );
  });

  it('any other event keeps its own fields but not the SDK’s, and warnings say so', () => {
    const started = humanLine(
      {
        level: 'INFO',
        message: 'worker started',
        meta: { address: '127.0.0.1:7233', taskQueue: 'jsr-exchange' },
        timestampNanos: at('2027-02-16T09:05:00Z'),
      },
      'UTC',
    );
    expect(started).toBe('09:05 worker started (address=127.0.0.1:7233)');
    const failed = humanLine(entry('Activity failed', { error: new Error('boom') }, 'WARN'), 'UTC');
    expect(failed).toMatch(/^14:02 WARN Activity failed \(error=\{"name":"Error","message":"boom"/);
  });

  it('a letter whose subject is its kind names it once', () => {
    const sent = (kind: string, about: string) =>
      humanLine(entry(LETTER_EVENTS.sent, { kind, about, to: 'a@b.org' }), 'UTC');
    expect(sent('welcome', 'welcome')).toBe('14:02 sent welcome → a@b.org');
    expect(sent('round-completed', 'completed')).toBe('14:02 sent round-completed → a@b.org');
    expect(sent('submission-receipt', 'KE/vc1-notes')).toBe('14:02 sent submission-receipt KE/vc1-notes → a@b.org');
  });

  it('webpack’s build report stays off the terminal, whole in JSON; a failed build is still shown', () => {
    const report = [
      'asset workflow-bundle-efe14707280c5021afa3.js 1.92 MiB [emitted] [immutable] (name: main)',
      'modules by path ./workflows/ 113 KiB',
      'webpack 5.112.2 compiled successfully in 868 ms',
    ].join('\n');
    const at0 = at('2027-02-16T09:05:00Z');
    expect(humanLine({ level: 'INFO', message: report, meta: {}, timestampNanos: at0 }, 'UTC')).toBeUndefined();
    expect(humanLine({ level: 'ERROR', message: report, meta: {}, timestampNanos: at0 }, 'UTC')).toContain('ERROR asset');
    const lines: string[] = [];
    createLogger('INFO', 'human', (line) => lines.push(line)).info(report);
    createLogger('INFO', 'human', (line) => lines.push(line)).info('Workflow bundle created', { size: '1.92MB' });
    createLogger('INFO', 'json', (line) => lines.push(line)).info(report);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\d\d:\d\d Workflow bundle created \(size=1\.92MB\)$/);
    expect((JSON.parse(lines[1]!) as { message: string }).message).toBe(report);
  });

  it('the time is the reader’s local clock', () => {
    expect(
      humanLine(entry(LETTER_EVENTS.sent, { kind: 'welcome', about: 'welcome', to: 'a@b.org' }), 'Africa/Nairobi'),
    ).toMatch(/^17:02 /);
  });

  it('machines keep one JSON object per line with every field', () => {
    const parsed = JSON.parse(
      jsonLine(entry(LETTER_EVENTS.sent, { kind: 'welcome', about: 'welcome', to: 'a@b.org' })),
    ) as Record<string, unknown>;
    expect(parsed).toMatchObject({
      time: '2027-02-16T14:02:31.000Z',
      level: 'INFO',
      message: 'letter sent',
      workflowId: 'round/en-2027-r1',
      to: 'a@b.org',
    });
  });
});

describe('which form the worker writes', () => {
  it('human lines on a terminal, JSON in a pipe or a file, and JSRX_LOG_FORMAT decides when set', () => {
    expect(chooseLogFormat(undefined, true)).toBe('human');
    expect(chooseLogFormat(undefined, false)).toBe('json');
    expect(chooseLogFormat(undefined, undefined)).toBe('json');
    expect(chooseLogFormat(loadConfig({ JSRX_LOG_FORMAT: 'json' }).logFormat, true)).toBe('json');
    expect(chooseLogFormat(loadConfig({ JSRX_LOG_FORMAT: 'human' }).logFormat, false)).toBe('human');
    expect(chooseLogFormat(loadConfig({ JSRX_LOG_FORMAT: '' }).logFormat, true)).toBe('human');
    expect(() => loadConfig({ JSRX_LOG_FORMAT: 'xml' })).toThrow(/JSRX_LOG_FORMAT: use json or human/);
  });

  it('the logger writes the chosen form', () => {
    const lines: string[] = [];
    createLogger('INFO', 'human', (line) => lines.push(line)).info('letter sent', {
      kind: 'welcome',
      about: 'welcome',
      to: 'a@b.org',
    });
    createLogger('INFO', 'json', (line) => lines.push(line)).info('letter sent', {
      kind: 'welcome',
      about: 'welcome',
      to: 'a@b.org',
    });
    expect(lines[0]).toMatch(/^\d\d:\d\d sent welcome → a@b\.org$/);
    expect(JSON.parse(lines[1] ?? '')).toMatchObject({ message: 'letter sent', to: 'a@b.org' });
  });
});

describe('the web service’s records', () => {
  const pino = (record: Record<string, unknown>) =>
    JSON.stringify({ pid: 1, hostname: 'vm', time: Date.parse('2027-02-16T14:02:31Z'), ...record });
  const written = (format: 'human' | 'json', chunk: string) => {
    const lines: string[] = [];
    webLogStream(format, (line) => lines.push(line)).write(chunk);
    return lines;
  };

  it('read as short lines on a terminal: problems say so, fastify’s own listening line is left to the service', () => {
    const chunk = [
      pino({ level: 30, msg: 'Server listening at http://127.0.0.1:8080' }),
      pino({ level: 30, msg: 'delivery stored' }),
      pino({ level: 50, msg: 'request failed', err: { type: 'Error', message: 'round unreachable', stack: 'Error: …' } }),
      '',
    ].join('\n');
    const lines = written('human', chunk);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\d\d:\d\d web: delivery stored$/);
    expect(lines[1]).toMatch(/^\d\d:\d\d web: ERROR request failed: round unreachable$/);
  });

  it('stay pino’s JSON, one record per line, for machines', () => {
    const record = pino({ level: 30, msg: 'Server listening at http://127.0.0.1:8080' });
    expect(written('json', `${record}\n`)).toEqual([record]);
  });
});

describe('the metrics setting', () => {
  it('is off unless JSRX_METRICS_PORT is set, on loopback unless JSRX_METRICS_HOST says otherwise', () => {
    expect(loadConfig({}).metricsBindAddress).toBeUndefined();
    expect(loadConfig({ JSRX_METRICS_PORT: '9464' }).metricsBindAddress).toBe('127.0.0.1:9464');
    expect(loadConfig({ JSRX_METRICS_PORT: '9464', JSRX_METRICS_HOST: '0.0.0.0' }).metricsBindAddress).toBe(
      '0.0.0.0:9464',
    );
    expect(() => loadConfig({ JSRX_METRICS_PORT: '99999' })).toThrow(
      /JSRX_METRICS_PORT: write a port from 1 to 65535/,
    );
  });
});
