import { postJson } from '../http.ts';
import type { SinkDefinition } from '../types.ts';
import { SlackConfig, slackExample } from './slack.config.ts';
import { slackPayload } from './slack.payload.ts';

export const slackSink: SinkDefinition<SlackConfig> = {
  kind: 'slack',
  config: SlackConfig,
  example: slackExample,
  create(config, deps) {
    return {
      send(notification, ctx) {
        const body = JSON.stringify(slackPayload(notification, deps.templates.render(notification)));
        return postJson({ url: config.url, body, timeoutMs: config.timeoutMs, signal: ctx.signal });
      },
    };
  },
};
