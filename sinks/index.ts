// Every sink kind, in one place: adding a sink is one folder and one line here.
import { emailSink } from './email/email.sink.ts';
import { opsgenieSink } from './opsgenie/opsgenie.sink.ts';
import { pagerDutySink } from './pagerduty/pagerduty.sink.ts';
import { slackSink } from './slack/slack.sink.ts';
import { teamsSink } from './teams/teams.sink.ts';
import type { SinkDefinition, SinkKind } from './types.ts';
import { webhookSink } from './webhook/webhook.sink.ts';

export const SINKS: Record<SinkKind, SinkDefinition<any>> = {
  slack: slackSink,
  teams: teamsSink,
  pagerduty: pagerDutySink,
  opsgenie: opsgenieSink,
  webhook: webhookSink,
  email: emailSink,
};
