import { postJson } from '../http.ts';
import type { SinkDefinition } from '../types.ts';
import { WebhookConfig, webhookExample } from './webhook.config.ts';
import { webhookPayload } from './webhook.payload.ts';
import { SIGNATURE_HEADER, sign, TIMESTAMP_HEADER } from './webhook.sign.ts';

export const webhookSink: SinkDefinition<WebhookConfig> = {
  kind: 'webhook',
  config: WebhookConfig,
  example: webhookExample,
  create(config, deps) {
    return {
      send(notification, ctx) {
        const body = JSON.stringify(webhookPayload(notification, deps.templates.render(notification)));
        const timestamp = Math.floor(deps.clock.now().getTime() / 1000);
        return postJson({
          url: config.url,
          body,
          headers: {
            ...config.headers,
            'x-runledger-delivery': ctx.deliveryId,
            [TIMESTAMP_HEADER]: String(timestamp),
            [SIGNATURE_HEADER]: sign(config.secret.reveal(), timestamp, body),
          },
          timeoutMs: config.timeoutMs,
          signal: ctx.signal,
          secrets: [config.secret],
        });
      },
    };
  },
};
