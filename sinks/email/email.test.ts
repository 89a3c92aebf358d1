// Against a real local SMTP server (smtp-server on 127.0.0.1:0), not a mock transport.
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleNotification } from '../sample.ts';
import { loadTemplates } from '../templates.ts';
import { contractClock } from '../testing/sink-contract.ts';
import { refusingUrl } from '../testing/fake-endpoint.ts';
import type { Notification } from '../types.ts';
import { EmailConfig } from './email.config.ts';
import { emailSink } from './email.sink.ts';

const PASSWORD = 'smtp-password-0123456789';

/** Long header lines arrive folded (RFC 5322 2.2.3). */
const unfold = (raw: string) => raw.replace(/\r\n[ \t]+/g, ' ');

interface Received {
  from: string;
  to: string[];
  raw: string;
}

describe('email sink', () => {
  const received: Received[] = [];
  let rcptCode: number | undefined;
  let port: number;
  const server = new SMTPServer({
    authMethods: ['PLAIN', 'LOGIN'],
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === 'runledger' && auth.password === PASSWORD) return callback(null, { user: 'runledger' });
      return callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(_address, _session, callback) {
      if (rcptCode) return callback(Object.assign(new Error(`scripted refusal ${rcptCode}`), { responseCode: rcptCode }));
      return callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        received.push({ from, to: session.envelope.rcptTo.map((r) => r.address), raw: unfold(Buffer.concat(chunks).toString('utf8')) });
        callback();
      });
    },
  });

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    port = (server.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const logLines: string[] = [];
  const deps = { clock: contractClock, log: pino({ level: 'trace' }, { write: (l: string) => void logLines.push(l) }), templates: loadTemplates() };
  const config = (overrides: Record<string, unknown> = {}) =>
    EmailConfig.parse({ host: '127.0.0.1', port, security: 'none', user: 'runledger', password: PASSWORD, from: 'RunLedger <runledger@example.com>', to: ['ops@example.com'], timeoutMs: 2000, ...overrides });
  const send = (n: Notification, overrides: Record<string, unknown> = {}) =>
    emailSink.create(config(overrides), deps).send(n, { deliveryId: 'd_test', attempt: 1, signal: new AbortController().signal });

  it('accepts its documented example', () => {
    process.env.SMTP_PASSWORD ??= 'example';
    expect(EmailConfig.safeParse(emailSink.example).success).toBe(true);
  });

  it('delivers the rendered subject and text to the recipients', async () => {
    rcptCode = undefined;
    const outcome = await send(sampleNotification());
    expect(outcome.kind).toBe('delivered');
    const mail = received.at(-1)!;
    expect(mail.from).toBe('runledger@example.com');
    expect(mail.to).toEqual(['ops@example.com']);
    expect(mail.raw).toContain('Subject: [WARNING] Unplanned change on web01.example.com: File[/etc/nginx/nginx.conf]');
    expect(mail.raw).toContain('X-Runledger-Dedup-Key: acme/web01.example.com/unplanned_change');
    expect(mail.raw).toContain('+worker_processes 8;');
  });

  it('threads the resolved mail to the alert it resolves', async () => {
    rcptCode = undefined;
    await send(sampleNotification());
    const firing = received.at(-1)!.raw;
    await send(sampleNotification('resolved'));
    const resolved = received.at(-1)!.raw;
    const thread = /References: (<[^>]+>)/.exec(firing)![1]!;
    expect(resolved).toContain(`In-Reply-To: ${thread}`);
    expect(resolved).toContain('Subject: [RESOLVED] Unplanned change on web01.example.com');
  });

  it.each([
    { name: 'rejects a wrong password as an auth failure', rcpt: undefined, overrides: { password: 'wrong-password-000000' }, want: { kind: 'rejected', reason: 'auth' } },
    { name: 'rejects a permanent 550 refusal without retry', rcpt: 550, overrides: {}, want: { kind: 'rejected', reason: 'client' } },
    { name: 'retries a temporary 451 refusal', rcpt: 451, overrides: {}, want: { kind: 'retry', reason: 'server' } },
  ])('$name', async ({ rcpt, overrides, want }) => {
    rcptCode = rcpt;
    const outcome = await send(sampleNotification(), overrides);
    expect(outcome).toMatchObject(want);
    expect(JSON.stringify(outcome) + logLines.join('')).not.toContain(PASSWORD);
  });

  it('retries when the SMTP server refuses the connection', async () => {
    const closedPort = Number(new URL(await refusingUrl()).port);
    expect(await send(sampleNotification(), { port: closedPort })).toMatchObject({ kind: 'retry', reason: 'network' });
  });
});
