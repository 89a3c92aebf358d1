// Sends through nodemailer and classifies SMTP answers: 4xx replies and network trouble are
// worth retrying; 5xx replies and failed authentication are not.
import nodemailer from 'nodemailer';
import { scrubSecrets } from '../http.ts';
import type { DeliveryOutcome, SinkDefinition } from '../types.ts';
import { EmailConfig, emailExample } from './email.config.ts';
import { emailMessage } from './email.payload.ts';

interface SmtpError {
  code?: string;
  responseCode?: number;
  response?: string;
  message: string;
}

export function classifySmtpError(err: SmtpError, where: string): DeliveryOutcome {
  const detail = `SMTP ${where}: ${err.responseCode ?? err.code ?? ''} ${err.response ?? err.message}`.slice(0, 300);
  if (err.code === 'EAUTH' || err.responseCode === 535) return { kind: 'rejected', reason: 'auth', detail };
  if (err.responseCode && err.responseCode >= 500) return { kind: 'rejected', reason: 'client', detail };
  if (err.responseCode && err.responseCode >= 400) return { kind: 'retry', reason: 'server', detail };
  if (err.code === 'ETIMEDOUT') return { kind: 'retry', reason: 'timeout', detail };
  return { kind: 'retry', reason: 'network', detail };
}

export const emailSink: SinkDefinition<EmailConfig> = {
  kind: 'email',
  config: EmailConfig,
  example: emailExample,
  create(config, deps) {
    const transport = nodemailer.createTransport({
      host: config.host,
      port: config.port,
      secure: config.security === 'tls',
      ignoreTLS: config.security === 'none',
      ...(config.user && config.password ? { auth: { user: config.user, pass: config.password.reveal() } } : {}),
      connectionTimeout: config.timeoutMs,
      greetingTimeout: config.timeoutMs,
      socketTimeout: config.timeoutMs,
    });
    const where = `${config.host}:${config.port}`;
    return {
      async send(notification) {
        try {
          const info = await transport.sendMail(emailMessage(notification, deps.templates.render(notification), config));
          return { kind: 'delivered', remoteId: info.messageId };
        } catch (err) {
          const outcome = classifySmtpError(err as SmtpError, where);
          return outcome.kind === 'delivered' ? outcome : { ...outcome, detail: scrubSecrets(outcome.detail, config.password ? [config.password] : []) };
        }
      },
    };
  },
};
