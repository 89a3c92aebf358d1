// The latest-state document per node, folded in TypeScript from what a batch says about it.
// Same rules as every backend: first/last seen widen, the last run only moves forward in
// start time (ties to the greater run id), run_start and ping times only increase.
import type { IngestedRun, NodeEvent, NodeRecord } from '../types.ts';
import { keyedId } from './collection.ts';

export type NodeDoc = NodeRecord;

const iso = (at: string) => new Date(at).toISOString();
const min = (a: string, b: string) => (a < b ? a : b);
const max = (a: string | undefined, b: string) => (a !== undefined && a > b ? a : b);

/** Document id of a node: tenant and name may hold any character. */
export const nodeDocId = (tenant: string, name: string): string => keyedId(tenant, name);

function seen(node: NodeDoc | undefined, fresh: NodeDoc, at: string): NodeDoc {
  return node ? { ...node, firstSeen: min(node.firstSeen, at), lastSeen: max(node.lastSeen, at) } : fresh;
}

export function applyRun(node: NodeDoc | undefined, run: IngestedRun): NodeDoc {
  const { report } = run;
  const receivedAt = iso(run.receivedAt);
  const startedAt = iso(report.startedAt);
  const environment = report.node.environment;
  const fresh: NodeDoc = { tenant: report.tenant, name: report.node.name, ...(environment !== undefined ? { environment } : {}), firstSeen: receivedAt, lastSeen: receivedAt, info: report.node };
  const updated = seen(node, fresh, receivedAt);
  // Two runs starting in the same millisecond: the greater id wins, whatever the arrival order.
  if (updated.lastRunAt !== undefined && (updated.lastRunAt > startedAt || (updated.lastRunAt === startedAt && updated.lastRun! > run.id))) return updated;
  const { environment: _previous, ...rest } = updated;
  return {
    ...rest,
    ...(environment !== undefined ? { environment } : {}),
    lastRun: run.id,
    lastRunAt: startedAt,
    lastStatus: report.status,
    lastSource: report.source,
    info: report.node,
  };
}

export function applyEvent(node: NodeDoc | undefined, event: NodeEvent): NodeDoc {
  const at = iso(event.at);
  const fresh: NodeDoc = { tenant: event.tenant, name: event.node, firstSeen: at, lastSeen: at, info: { name: event.node, roles: [], tags: [], capacity: {}, facts: {} } };
  const updated = seen(node, fresh, at);
  return event.kind === 'ping' ? { ...updated, lastPingAt: max(updated.lastPingAt, at) } : { ...updated, lastRunStartedAt: max(updated.lastRunStartedAt, at) };
}

export type NodeChange = { kind: 'run'; run: IngestedRun } | { kind: 'event'; event: NodeEvent };

export const nodeOf = (change: NodeChange) =>
  change.kind === 'run' ? { tenant: change.run.report.tenant, name: change.run.report.node.name } : { tenant: change.event.tenant, name: change.event.node };

export function fold(node: NodeDoc | undefined, changes: readonly NodeChange[]): NodeDoc {
  let state = node;
  for (const change of changes) state = change.kind === 'run' ? applyRun(state, change.run) : applyEvent(state, change.event);
  return state!;
}
