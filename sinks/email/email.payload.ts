// The mail: subject from the title template, plain-text body from the text template. The
// Message-ID threads repeats and the resolve of one alert together in mail clients.
import { createHash } from 'node:crypto';
import type { RenderedMessage } from '../templates.ts';
import type { Notification } from '../types.ts';
import type { EmailConfig } from './email.config.ts';

export interface EmailMessage {
  from: string;
  to: string[];
  subject: string;
  text: string;
  headers: Record<string, string>;
}

export function emailMessage(notification: Notification, message: RenderedMessage, config: Pick<EmailConfig, 'from' | 'to'>): EmailMessage {
  const thread = `<${createHash('sha256').update(notification.dedupKey).digest('hex').slice(0, 32)}@runledger>`;
  return {
    from: config.from,
    to: config.to,
    subject: message.title,
    text: message.text,
    headers: { 'X-RunLedger-Dedup-Key': notification.dedupKey, References: thread, ...(notification.status === 'resolved' ? { 'In-Reply-To': thread } : {}) },
  };
}
