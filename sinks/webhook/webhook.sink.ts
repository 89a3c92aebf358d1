import { jsonSink } from '../json-sink.ts';
import { WebhookConfig, webhookExample } from './webhook.config.ts';
import { webhookPayload } from './webhook.payload.ts';
import { SIGNATURE_HEADER, sign, TIMESTAMP_HEADER } from './webhook.sign.ts';

export const webhookSink = jsonSink({
  kind: 'webhook',
  config: WebhookConfig,
  example: webhookExample,
  request: (notification, message, config, { deps, ctx }) => {
    // Signed as sent: the body string is what the receiver hashes.
    const body = JSON.stringify(webhookPayload(notification, message));
    const timestamp = Math.floor(deps.clock.now().getTime() / 1000);
    return {
      url: config.url,
      body,
      headers: {
        ...config.headers,
        'x-runledger-delivery': ctx.deliveryId,
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: sign(config.secret.reveal(), timestamp, body),
      },
      secrets: [config.secret],
    };
  },
});
