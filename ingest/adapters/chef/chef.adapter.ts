// Chef data-collector message → RunReport (run_converge) or node event (run_start, node_ping).
// The node attribute tree is read for a handful of facts and then left behind: it stays in
// the raw archive, never in the queue job.
import type { Capacity, PropertyChange, PropertyValue, Resource, RunReport } from '../../../core/run-report.ts';
import { isListed, RUN_REPORT_SCHEMA } from '../../../core/run-report.ts';
import { toIsoTime } from '../../../core/time.ts';
import { IngestError } from '../../errors.ts';
import type { Adapter, AdapterContext, AdapterOutput } from '../types.ts';
import { chefDeltaToDiff } from './chef.delta.ts';
import { ACCEPTED_CHEF_MESSAGES, ChefMessage, type ChefResource, type ChefRunConverge } from './chef.wire.ts';

const ACCEPTED_TYPES = new Set(['run_converge', 'run_start', 'node_ping']);

const FILE_TYPES = new Set(['file', 'template', 'cookbook_file', 'remote_file']);
const STATUS: Record<string, Resource['status']> = {
  updated: 'changed',
  failed: 'failed',
  skipped: 'skipped',
  unprocessed: 'skipped',
  'up-to-date': 'unchanged',
};

export const chefAdapter: Adapter<ChefMessage> = {
  source: 'chef',
  description: 'a Chef data-collector message',
  wire: ChefMessage,
  screen(document) {
    const message = document as { message_type?: unknown; event_type?: unknown; profiles?: unknown } | null;
    if (typeof message !== 'object' || message === null) return;
    const type = message.event_type ?? message.message_type ?? (message.profiles ? 'compliance report' : undefined);
    if (type !== undefined && !ACCEPTED_TYPES.has(String(type))) {
      throw new IngestError('RL_INGEST_MESSAGE_TYPE', `'${String(type)}' messages are not accepted here; send ${ACCEPTED_CHEF_MESSAGES}`);
    }
  },
  adapt(message, ctx): AdapterOutput {
    if ('event_type' in message) {
      return { kind: 'node_event', event: { tenant: ctx.tenant, node: message.node_name, source: 'chef', kind: 'ping', at: ctx.receivedAt } };
    }
    if (message.message_type === 'run_start') {
      const event = { tenant: ctx.tenant, node: message.node_name, source: 'chef' as const, kind: 'run_start' as const };
      return { kind: 'node_event', event: { ...event, at: ctx.receivedAt, agentRunId: message.run_id } };
    }
    return { kind: 'run', report: toRunReport(message, ctx) };
  },
};

function toRunReport(run: ChefRunConverge, ctx: AdapterContext): RunReport {
  const startedAt = toIsoTime(run.start_time);
  if (!startedAt) throw new IngestError('RL_INGEST_NOT_A_REPORT', `start_time: '${run.start_time}' is not a timestamp`);
  const endedAt = toIsoTime(run.end_time);
  const all = run.resources.map(toResource);
  const resources = all.filter(isListed);
  const count = (status: Resource['status']) => all.filter((r) => r.status === status).length;
  const failed = count('failed');
  const automatic = run.node?.automatic ?? {};
  const version = chefVersion(automatic);

  return {
    schema: RUN_REPORT_SCHEMA,
    tenant: ctx.tenant,
    source: 'chef',
    runId: run.run_id,
    agent: { name: 'chef', ...(version ? { version } : {}) },
    node: {
      name: run.node_name,
      ...(run.entity_uuid ? { id: run.entity_uuid } : {}),
      ...(run.node?.chef_environment ? { environment: run.node.chef_environment } : {}),
      roles: roles(run, automatic),
      tags: stringList(run.node?.normal?.tags),
      ...platform(automatic),
      ...(run.policy_name || run.policy_group
        ? { policy: { ...(run.policy_name ? { name: run.policy_name } : {}), ...(run.policy_group ? { group: run.policy_group } : {}) } }
        : {}),
      capacity: capacity(automatic),
      facts: facts(run, automatic),
    },
    startedAt,
    ...(endedAt ? { endedAt, durationMs: Date.parse(endedAt) - Date.parse(startedAt) } : {}),
    status: run.status === 'failure' ? 'failure' : failed > 0 ? 'partial' : 'success',
    noop: false,
    corrective: false,
    counts: {
      total: run.total_resource_count ?? all.length,
      changed: run.updated_resource_count ?? count('changed'),
      corrective: 0,
      failed,
      noop: 0,
      skipped: count('skipped'),
      unchanged: count('unchanged'),
    },
    resources,
    errors: run.error ? [{ message: run.error.message ?? run.error.class ?? 'run failed', ...errorDetail(run.error) }] : [],
    metrics: endedAt ? { 'time.total': (Date.parse(endedAt) - Date.parse(startedAt)) / 1000 } : {},
  };
}

function toResource(resource: ChefResource): Resource {
  const before = resource.before ?? {};
  const after = resource.after ?? {};
  const isFile = FILE_TYPES.has(resource.type);
  const checksumChanged = isFile && after.checksum != null && after.checksum !== before.checksum;
  const failed = resource.status === 'failed';
  const error = resource.error ?? (resource.error_message ? { message: resource.error_message } : undefined);
  const duration = Number(resource.duration);
  return {
    type: resource.type,
    title: resource.name,
    status: STATUS[resource.status] ?? 'unchanged',
    corrective: false,
    ...(resource.result ? { action: resource.result } : {}),
    ...(isFile ? { path: typeof after.path === 'string' ? after.path : resource.name } : {}),
    contentChanged: resource.status === 'updated' && checksumChanged,
    ...(isFile && typeof after.checksum === 'string' ? { desiredChecksum: `{sha256}${after.checksum}` } : {}),
    ...(resource.delta ? { diff: chefDeltaToDiff(resource.delta) } : {}),
    changes: resource.status === 'updated' || failed ? stateChanges(before, after) : [],
    ...(failed && error ? { error: { message: error.message ?? resource.error_message ?? 'failed', ...errorDetail(error) } } : {}),
    ...(Number.isFinite(duration) ? { durationMs: duration } : {}),
    ...(resource.cookbook_name ? { container: `${resource.cookbook_name}::${resource.recipe_name ?? 'default'}` } : {}),
  };
}

/** Every property whose before and after states differ. */
function stateChanges(before: Record<string, unknown>, after: Record<string, unknown>): PropertyChange[] {
  const changes: PropertyChange[] = [];
  for (const property of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const b = toValue(before[property]);
    const a = toValue(after[property]);
    if (JSON.stringify(a) !== JSON.stringify(b) && a !== undefined) changes.push({ property, before: b ?? null, after: a });
  }
  return changes;
}

function toValue(value: unknown): PropertyValue | undefined {
  if (value === undefined) return undefined;
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return value as PropertyValue;
  if (Array.isArray(value) && value.every((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v))) {
    return value as PropertyValue;
  }
  return JSON.stringify(value);
}

function errorDetail(error: { class?: string | null; backtrace?: string[] | null }) {
  return {
    ...(error.class ? { class: error.class } : {}),
    ...(error.backtrace?.length ? { backtrace: error.backtrace.slice(0, 200) } : {}),
  };
}

// --- facts from the node attribute tree --------------------------------------------------

type Attributes = Record<string, unknown>;

const at = (tree: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Attributes)[key] : undefined), tree);

const str = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function chefVersion(automatic: Attributes): string | undefined {
  return str(at(automatic, 'chef_packages', 'chef', 'version'));
}

/** Roles, then recipes (`cookbook::recipe`), from the expanded run list. */
function roles(run: ChefRunConverge, automatic: Attributes): string[] {
  const fromRunList = (run.run_list ?? []).map((entry) => /^role\[(.+)\]$/.exec(entry)?.[1]).filter((r): r is string => Boolean(r));
  const roleNames = stringList(automatic.roles).length ? stringList(automatic.roles) : fromRunList;
  return [...new Set([...roleNames, ...stringList(automatic.recipes)])];
}

function platform(automatic: Attributes): Pick<RunReport['node'], 'platform'> {
  const name = str(automatic.platform);
  const version = str(automatic.platform_version);
  const family = str(automatic.platform_family);
  if (!name && !version && !family) return {};
  return { platform: { ...(name ? { name } : {}), ...(version ? { version } : {}), ...(family ? { family } : {}) } };
}

/** Ohai reports sizes as "4046504kB" strings. */
function kilobytes(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number.parseInt(value, 10) : Number.NaN;
  return Number.isFinite(n) ? n * 1024 : undefined;
}

function capacity(automatic: Attributes): Capacity {
  const cpu = Number(at(automatic, 'cpu', 'total'));
  const memory = kilobytes(at(automatic, 'memory', 'total'));
  const root = (at(automatic, 'filesystem2', 'by_mountpoint', '/') ?? at(automatic, 'filesystem', 'C:')) as Attributes | undefined;
  const disk = kilobytes(root?.kb_size);
  const used = kilobytes(root?.kb_used);
  return {
    ...(Number.isInteger(cpu) && cpu > 0 ? { cpuCount: cpu } : {}),
    ...(memory !== undefined ? { memoryBytes: memory } : {}),
    ...(disk !== undefined ? { diskBytes: disk } : {}),
    ...(used !== undefined ? { diskUsedBytes: used } : {}),
  };
}

function facts(run: ChefRunConverge, automatic: Attributes): Record<string, string> {
  const entries: [string, string | undefined][] = [
    ['fqdn', str(automatic.fqdn)],
    ['ipaddress', str(automatic.ipaddress)],
    ['os', str(automatic.os)],
    ['organization', run.organization_name ?? undefined],
    ['chef_server', run.chef_server_fqdn ?? undefined],
  ];
  return Object.fromEntries(entries.filter((e): e is [string, string] => e[1] !== undefined));
}
