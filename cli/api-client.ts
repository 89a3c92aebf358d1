// A small client for commands that act as a person through the HTTP API (planned changes):
// the token says who acts, so four eyes and the audit trail hold for the command line too.
import type { Command } from 'commander';

export interface ApiClientOptions {
  url: string;
  token: string;
}

export class ApiError extends Error {
  override name = 'ApiError';
}

export function apiClient({ url, token }: ApiClientOptions) {
  return async function call<T>(method: string, path: string, body?: { json: unknown } | { text: string; type: string }, extraHeaders: Record<string, string> = {}): Promise<T> {
    const headers: Record<string, string> = { ...extraHeaders, authorization: `Bearer ${token}` };
    let payload: string | undefined;
    if (body && 'json' in body) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body.json);
    } else if (body) {
      headers['content-type'] = body.type;
      payload = body.text;
    }
    let response: Response;
    try {
      response = await fetch(new URL(path, url), { method, headers, ...(payload !== undefined ? { body: payload } : {}) });
    } catch (err) {
      throw new ApiError(`cannot reach RunLedger at ${url} (${(err as Error).cause ?? (err as Error).message}); is it running? (--url, RUNLEDGER_URL)`);
    }
    const reply = (await response.json().catch(() => ({}))) as T & { code?: string; message?: string };
    if (!response.ok) throw new ApiError(`${response.status} ${reply.code ?? ''}: ${reply.message ?? response.statusText}`);
    return reply;
  };
}

/** Adds --url and --token to a command group and returns a client for its subcommands. */
export function connectedClient(group: Command, port: () => number, roleHint: string) {
  group
    .option('--url <url>', 'RunLedger base URL (default: $RUNLEDGER_URL, else http://127.0.0.1:<port>)')
    .option('--token <token>', `your token, with the ${roleHint} role (default: $RUNLEDGER_TOKEN)`);
  return () => {
    const options = group.opts<{ url?: string; token?: string }>();
    const token = options.token ?? process.env.RUNLEDGER_TOKEN;
    if (!token) throw new Error(`a token is needed: --token or RUNLEDGER_TOKEN (create one with: runledger token create --role ${roleHint.split(' ')[0]})`);
    return apiClient({ url: options.url ?? process.env.RUNLEDGER_URL ?? `http://127.0.0.1:${port()}`, token });
  };
}
