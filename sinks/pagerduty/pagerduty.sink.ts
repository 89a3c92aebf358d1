import { jsonSink } from '../json-sink.ts';
import { PagerDutyConfig, pagerDutyExample } from './pagerduty.config.ts';
import { pagerDutyPayload } from './pagerduty.payload.ts';

export const pagerDutySink = jsonSink({
  kind: 'pagerduty',
  config: PagerDutyConfig,
  example: pagerDutyExample,
  request: (notification, message, config) => ({
    url: config.url,
    body: pagerDutyPayload(notification, message, config.routingKey.reveal()),
    secrets: [config.routingKey],
  }),
});
