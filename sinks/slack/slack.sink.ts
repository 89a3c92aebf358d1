import { jsonSink } from '../json-sink.ts';
import { SlackConfig, slackExample } from './slack.config.ts';
import { slackPayload } from './slack.payload.ts';

export const slackSink = jsonSink({
  kind: 'slack',
  config: SlackConfig,
  example: slackExample,
  request: (notification, message, config) => ({ url: config.url, body: slackPayload(notification, message) }),
});
