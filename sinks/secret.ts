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

/** A secret written in the config file, or `{ env: NAME }` to read it from the environment. */
export const SecretValue = z
  .union([z.string().min(1), z.strictObject({ env: z.string().regex(/^[A-Z_][A-Z0-9_]*$/).describe('Environment variable holding the secret') })])
  .transform((value, ctx) => {
    const text = typeof value === 'string' ? value : process.env[value.env];
    if (!text) {
      ctx.addIssue({ code: 'custom', message: `environment variable ${(value as { env: string }).env} is not set` });
      return z.NEVER;
    }
    return new Secret(text);
  });

/** A URL that carries a secret (Slack, Teams, webhook): validated, then wrapped. */
export const SecretUrl = z.url({ protocol: /^https?$/ }).transform((url) => new Secret(url));

/** Only scheme and host of a URL: enough to say where a request went without its token. */
export function redactUrl(url: string): string {
  try {
    const { protocol, host } = new URL(url);
    return `${protocol}//${host}/${REDACTED}`;
  } catch {
    return REDACTED;
  }
}
