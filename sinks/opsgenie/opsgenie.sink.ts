import { postJson } from '../http.ts';
import type { SinkDefinition } from '../types.ts';
import { OpsgenieConfig, opsgenieExample } from './opsgenie.config.ts';
import { opsgenieRequest } from './opsgenie.payload.ts';

export const opsgenieSink: SinkDefinition<OpsgenieConfig> = {
  kind: 'opsgenie',
  config: OpsgenieConfig,
  example: opsgenieExample,
  create(config, deps) {
    const base = config.url.replace(/\/+$/, '');
    return {
      send(notification, ctx) {
        const request = opsgenieRequest(notification, deps.templates.render(notification), config);
        return postJson({
          url: `${base}${request.path}`,
          body: JSON.stringify(request.body),
          headers: { authorization: `GenieKey ${config.apiKey.reveal()}` },
          timeoutMs: config.timeoutMs,
          signal: ctx.signal,
          secrets: [config.apiKey],
        });
      },
    };
  },
};
