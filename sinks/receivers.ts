// The configured receivers (alerts.receivers), each with its sink created once per process.
import type { AlertsConfig } from '../core/alerts-config.ts';
import { receiverSink } from '../core/alerts-config.ts';
import { SINKS } from './index.ts';
import type { Sink, SinkDeps, SinkKind } from './types.ts';

export type Receivers = ReadonlyMap<string, { kind: SinkKind; sink: Sink }>;

export function createReceivers(alerts: Pick<AlertsConfig, 'receivers'>, deps: SinkDeps): Receivers {
  return new Map(
    alerts.receivers.map((receiver) => {
      const { kind, config } = receiverSink(receiver);
      return [receiver.name, { kind, sink: SINKS[kind].create(config, deps) }];
    }),
  );
}
