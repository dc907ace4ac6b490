import type { LogEntry } from '@temporalio/worker';
import { loadConfig } from '../../worker/config';
import { chooseLogFormat, createLogger, humanLine, jsonLine } from '../../worker/logger';
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
    expect(lines[0]).toMatch(/^\d\d:\d\d sent welcome welcome → a@b\.org$/);
    expect(JSON.parse(lines[1] ?? '')).toMatchObject({ message: 'letter sent', to: 'a@b.org' });
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
