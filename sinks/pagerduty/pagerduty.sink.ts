import { postJson } from '../http.ts';
import type { SinkDefinition } from '../types.ts';
import { PagerDutyConfig, pagerDutyExample } from './pagerduty.config.ts';
import { pagerDutyPayload } from './pagerduty.payload.ts';

export const pagerDutySink: SinkDefinition<PagerDutyConfig> = {
  kind: 'pagerduty',
  config: PagerDutyConfig,
  example: pagerDutyExample,
  create(config, deps) {
    return {
      send(notification, ctx) {
        const body = JSON.stringify(pagerDutyPayload(notification, deps.templates.render(notification), config.routingKey.reveal()));
        return postJson({ url: config.url, body, timeoutMs: config.timeoutMs, signal: ctx.signal, secrets: [config.routingKey] });
      },
    };
  },
};
