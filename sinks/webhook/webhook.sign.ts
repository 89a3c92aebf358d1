// Signed webhooks, as Stripe and Slack do it: HMAC-SHA256 over `${timestamp}.${body}`, sent
// with the timestamp so receivers can refuse replays. Receivers verify with verifySignature.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-runledger-signature';
export const TIMESTAMP_HEADER = 'x-runledger-timestamp';

/** `sha256=<hex>` of HMAC-SHA256(secret, `${timestamp}.${body}`); timestamp in Unix seconds. */
export function sign(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export interface VerifyInput {
  secret: string;
  body: string;
  timestamp: string | undefined;
  signature: string | undefined;
  nowSeconds: number;
  /** Refuse messages older (or newer) than this; default 5 minutes. */
  toleranceSeconds?: number;
}

export function verifySignature(input: VerifyInput): boolean {
  const timestamp = Number(input.timestamp);
  if (!input.signature || !Number.isInteger(timestamp)) return false;
  if (Math.abs(input.nowSeconds - timestamp) > (input.toleranceSeconds ?? 300)) return false;
  const want = Buffer.from(sign(input.secret, timestamp, input.body));
  const got = Buffer.from(input.signature);
  return want.length === got.length && timingSafeEqual(want, got);
}
