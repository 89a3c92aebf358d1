// Email over SMTP (nodemailer). The password is the secret.
import { z } from 'zod';
import { TimeoutMs } from '../http.ts';
import { SecretValue } from '../secret.ts';

export const EmailConfig = z.strictObject({
  host: z.string().min(1).describe('SMTP server'),
  port: z.number().int().min(1).max(65535).default(587).describe('SMTP port (587 submission, 465 implicit TLS, 25 relay)'),
  security: z.enum(['starttls', 'tls', 'none']).default('starttls').describe('starttls: upgrade when offered; tls: implicit TLS (port 465); none: plain (local relays only)'),
  user: z.string().min(1).optional().describe('SMTP user, when the server wants authentication'),
  password: SecretValue.optional().describe('SMTP password, or { env: NAME }'),
  from: z.string().min(3).describe('Sender address, e.g. "RunLedger <runledger@example.com>"'),
  to: z.array(z.string().min(3)).min(1).describe('Recipients'),
  timeoutMs: TimeoutMs,
});
export type EmailConfig = z.infer<typeof EmailConfig>;

export const emailExample = {
  host: 'smtp.example.com',
  user: 'runledger',
  password: { env: 'SMTP_PASSWORD' },
  from: 'RunLedger <runledger@example.com>',
  to: ['ops@example.com'],
};
