// The one way sinks talk HTTP: POST JSON with a deadline, then classify the answer. Sinks
// never retry or sleep; they return an outcome and the delivery processor decides.
import { z } from 'zod';
import type { DeliveryOutcome, FailureReason } from './types.ts';
import { redactUrl, type Secret } from './secret.ts';

export interface PostRequest {
  url: string | Secret;
  body: string;
  headers?: Record<string, string>;
  timeoutMs: number;
  signal: AbortSignal;
  /** Values that must never appear in an outcome's detail (they may be echoed by a service). */
  secrets?: readonly Secret[];
}

const EXCERPT_CHARS = 300;

export async function postJson(request: PostRequest): Promise<DeliveryOutcome> {
  const url = typeof request.url === 'string' ? request.url : request.url.reveal();
  const where = redactUrl(url);
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const scrub = (text: string) => scrubSecrets(text, [...(request.secrets ?? []), ...(typeof request.url === 'string' ? [] : [request.url])]);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...request.headers },
      body: request.body,
      signal: AbortSignal.any([timeout, request.signal]),
      redirect: 'manual',
    });
  } catch (err) {
    if (timeout.aborted) return { kind: 'retry', reason: 'timeout', detail: `no answer from ${where} within ${request.timeoutMs} ms` };
    if (request.signal.aborted) return { kind: 'retry', reason: 'timeout', detail: `delivery to ${where} was cancelled` };
    const cause = (err as { cause?: { code?: string } }).cause;
    return { kind: 'retry', reason: 'network', detail: scrub(`cannot reach ${where}: ${cause?.code ?? (err as Error).message}`) };
  }
  const text = await response.text().catch(() => '');
  const excerpt = scrub(text.slice(0, EXCERPT_CHARS));
  return classifyStatus(response.status, response.headers.get('retry-after'), `HTTP ${response.status} from ${where}${excerpt ? `: ${excerpt}` : ''}`, text);
}

/** Maps an HTTP status to an outcome: 408, 429 and 5xx are worth retrying; other 4xx are not. */
export function classifyStatus(status: number, retryAfter: string | null, detail: string, body = ''): DeliveryOutcome {
  if (status >= 200 && status < 300) return { kind: 'delivered', status, ...remoteId(body) };
  const afterMs = parseRetryAfter(retryAfter);
  const retry = (reason: FailureReason): DeliveryOutcome => ({ kind: 'retry', reason, detail, status, ...(afterMs !== undefined ? { afterMs } : {}) });
  if (status === 408) return retry('timeout');
  if (status === 429) return retry('rate_limited');
  if (status >= 500) return retry('server');
  const reason: FailureReason = status === 401 || status === 403 ? 'auth' : 'client';
  return { kind: 'rejected', reason, detail, status };
}

/** Retry-After is either seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Services answer with an id (PagerDuty dedup_key, Opsgenie requestId); kept for the log. */
function remoteId(body: string): { remoteId?: string } {
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    const id = parsed.dedup_key ?? parsed.requestId ?? parsed.id;
    return typeof id === 'string' ? { remoteId: id } : {};
  } catch {
    return {};
  }
}

export function scrubSecrets(text: string, secrets: readonly Secret[]): string {
  let out = text;
  for (const value of secrets.flatMap((secret) => secretParts(secret.reveal()))) out = out.split(value).join('[redacted]');
  return out;
}

/** A URL secret leaks through any of its tokens (path segments, query values, password). */
function secretParts(value: string): string[] {
  const parts = [value];
  if (URL.canParse(value)) {
    const url = new URL(value);
    parts.push(...url.pathname.split('/'), ...url.searchParams.values(), url.password);
  }
  return parts.filter((part) => part.length >= MIN_SECRET_PART);
}

/** Shorter pieces of a URL ("services", "v2") are structure, not secret. */
const MIN_SECRET_PART = 12;

/** Every sink's deadline for one request. */
export const TimeoutMs = z.number().int().min(100).max(120_000).default(10_000).describe('Deadline of one delivery request');
