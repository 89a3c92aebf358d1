// A secret from configuration (webhook URL, routing key, password). Printing, logging or
// serialising it shows "[redacted]"; only reveal() gives the value, at the point of use.
import { inspect } from 'node:util';
import { z } from 'zod';

const REDACTED = '[redacted]';

export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return REDACTED;
  }
  toJSON(): string {
    return REDACTED;
  }
  [inspect.custom](): string {
    return REDACTED;
  }
}

const FromEnv = z.strictObject({ env: z.string().regex(/^[A-Z_][A-Z0-9_]*$/).describe('Environment variable holding the secret') });

function resolveSecret(value: string | { env: string }, ctx: z.RefinementCtx, isValid: (text: string) => boolean, what: string): Secret {
  const text = typeof value === 'string' ? value : process.env[value.env];
  if (!text) ctx.addIssue({ code: 'custom', message: `environment variable ${(value as { env: string }).env} is not set` });
  else if (!isValid(text)) ctx.addIssue({ code: 'custom', message: `must be ${what}` });
  return new Secret(text ?? '');
}

/** A secret written in the config file, or `{ env: NAME }` to read it from the environment. */
export const SecretValue = z.union([z.string().min(1), FromEnv]).transform((value, ctx) => resolveSecret(value, ctx, () => true, 'set'));

/** A URL that carries a secret (Slack, Teams, webhook), written out or `{ env: NAME }`. */
export const SecretUrl = z
  .union([z.string().min(1), FromEnv])
  .transform((value, ctx) => resolveSecret(value, ctx, (text) => URL.canParse(text) && /^https?:$/.test(new URL(text).protocol), 'an http(s) URL'));

/** Only scheme and host of a URL: enough to say where a request went without its token. */
export function redactUrl(url: string): string {
  try {
    const { protocol, host } = new URL(url);
    return `${protocol}//${host}/${REDACTED}`;
  } catch {
    return REDACTED;
  }
}
