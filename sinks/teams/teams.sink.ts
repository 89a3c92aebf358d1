import { postJson } from '../http.ts';
import type { SinkDefinition } from '../types.ts';
import { TeamsConfig, teamsExample } from './teams.config.ts';
import { teamsPayload } from './teams.payload.ts';

export const teamsSink: SinkDefinition<TeamsConfig> = {
  kind: 'teams',
  config: TeamsConfig,
  example: teamsExample,
  create(config, deps) {
    return {
      send(notification, ctx) {
        const body = JSON.stringify(teamsPayload(notification, deps.templates.render(notification)));
        return postJson({ url: config.url, body, timeoutMs: config.timeoutMs, signal: ctx.signal });
      },
    };
  },
};
