import { jsonSink } from '../json-sink.ts';
import { TeamsConfig, teamsExample } from './teams.config.ts';
import { teamsPayload } from './teams.payload.ts';

export const teamsSink = jsonSink({
  kind: 'teams',
  config: TeamsConfig,
  example: teamsExample,
  request: (notification, message, config) => ({ url: config.url, body: teamsPayload(notification, message) }),
});
