// The shape every HTTP sink shares: render the templates, build the service's request from
// the notification (pure), POST it with the deadline, classify the answer.
import type { z } from 'zod';
import { postJson } from './http.ts';
import type { Secret } from './secret.ts';
import type { RenderedMessage } from './templates.ts';
import type { DeliveryContext, Notification, SinkDefinition, SinkDeps, SinkKind } from './types.ts';

export interface JsonRequest {
  url: string | Secret;
  body: unknown;
  headers?: Record<string, string>;
  /** Secrets the request carries outside its URL (keys, signing secrets). */
  secrets?: Secret[];
}

export interface JsonSinkSpec<C extends { timeoutMs: number }> {
  kind: SinkKind;
  config: z.ZodType<C, unknown>;
  example: Record<string, unknown>;
  request(notification: Notification, message: RenderedMessage, config: C, env: { deps: SinkDeps; ctx: DeliveryContext }): JsonRequest;
}

export function jsonSink<C extends { timeoutMs: number }>(spec: JsonSinkSpec<C>): SinkDefinition<C> {
  return {
    kind: spec.kind,
    config: spec.config,
    example: spec.example,
    create(config, deps) {
      return {
        send(notification, ctx) {
          const request = spec.request(notification, deps.templates.render(notification), config, { deps, ctx });
          const body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
          return postJson({ url: request.url, body, timeoutMs: config.timeoutMs, signal: ctx.signal, ...(request.headers ? { headers: request.headers } : {}), ...(request.secrets ? { secrets: request.secrets } : {}) });
        },
      };
    },
  };
}
