import { jsonSink } from '../json-sink.ts';
import { OpsgenieConfig, opsgenieExample } from './opsgenie.config.ts';
import { opsgenieRequest } from './opsgenie.payload.ts';

export const opsgenieSink = jsonSink({
  kind: 'opsgenie',
  config: OpsgenieConfig,
  example: opsgenieExample,
  request: (notification, message, config) => {
    const { path, body } = opsgenieRequest(notification, message, config);
    return { url: `${config.url.replace(/\/+$/, '')}${path}`, body, headers: { authorization: `GenieKey ${config.apiKey.reveal()}` }, secrets: [config.apiKey] };
  },
});
