// The canonical run report: the one shape every adapter produces and every later stage
// (classify, persist, alert, report) consumes. Versioned by `schema` so that stored
// reports and queued jobs stay readable when the shape grows.
import { z } from 'zod';

export const RUN_REPORT_SCHEMA = 'runledger.run/v1';

export const SOURCES = ['puppet', 'chef', 'salt', 'ansible', 'generic'] as const;
export type Source = (typeof SOURCES)[number];

/** success: converged; failure: the agent says the run failed; partial: completed, but
 *  some resources failed (Chef `ignore_failure`); noop: nothing applied, changes only predicted. */
export const RUN_STATUSES = ['success', 'failure', 'partial', 'noop'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** corrective: the agent reverted drift (a hand edit) and says so; noop: would change. */
export const RESOURCE_STATUSES = ['changed', 'corrective', 'failed', 'noop', 'skipped', 'unchanged'] as const;
export type ResourceStatus = (typeof RESOURCE_STATUSES)[number];

const Scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
/** A property value as the agent reported it: a scalar or a list of scalars. */
export const PropertyValue = z.union([Scalar, z.array(Scalar)]);
export type PropertyValue = z.infer<typeof PropertyValue>;

const IsoTime = z.iso.datetime({ offset: true });

export const PropertyChange = z.object({
  property: z.string().min(1).max(512),
  before: PropertyValue.optional(),
  after: PropertyValue.optional(),
  message: z.string().max(65_536).optional(),
});
export type PropertyChange = z.infer<typeof PropertyChange>;

export const ResourceError = z.object({
  message: z.string().max(65_536),
  class: z.string().max(512).optional(),
  backtrace: z.array(z.string().max(4096)).max(200).optional(),
});
export type ResourceError = z.infer<typeof ResourceError>;

export const Resource = z.object({
  type: z.string().min(1).max(256).describe('Resource type as the agent names it: File, template, pkg, ansible.builtin.copy'),
  title: z.string().min(1).max(4096).describe('Puppet title, Chef name, Salt id or Ansible task'),
  status: z.enum(RESOURCE_STATUSES),
  corrective: z.boolean().default(false).describe('The agent flagged this change as a reverted hand edit'),
  action: z.string().max(256).optional().describe('Chef action, Salt function'),
  path: z.string().max(4096).optional().describe('Path of the managed file or template'),
  contentChanged: z.boolean().default(false),
  desiredChecksum: z.string().max(256).optional().describe('Checksum of the content the agent wants the file to have'),
  diff: z.string().max(4_194_304).optional().describe('Unified diff with real newlines'),
  changes: z.array(PropertyChange).max(10_000).default([]),
  error: ResourceError.optional(),
  durationMs: z.number().nonnegative().optional(),
  container: z.string().max(1024).optional().describe('Class, cookbook::recipe, sls or play the resource belongs to'),
  file: z.string().max(4096).optional(),
  line: z.number().int().optional(),
});
export type Resource = z.infer<typeof Resource>;

export const RunError = z.object({
  message: z.string().max(65_536),
  source: z.string().max(4096).optional(),
  class: z.string().max(512).optional(),
  backtrace: z.array(z.string().max(4096)).max(200).optional(),
});
export type RunError = z.infer<typeof RunError>;

/** Numbers that capacity and billing reports need, where the agent sends them. */
export const Capacity = z.object({
  cpuCount: z.number().int().nonnegative().optional(),
  memoryBytes: z.number().nonnegative().optional(),
  diskBytes: z.number().nonnegative().optional(),
  diskUsedBytes: z.number().nonnegative().optional(),
});
export type Capacity = z.infer<typeof Capacity>;

export const NodeInfo = z.object({
  name: z.string().min(1).max(512),
  id: z.string().max(512).optional().describe('Stable node id (Chef entity_uuid)'),
  environment: z.string().max(256).optional(),
  roles: z.array(z.string().max(512)).max(2000).default([]).describe('Roles, classes or run-list entries'),
  tags: z.array(z.string().max(512)).max(2000).default([]),
  platform: z
    .object({ name: z.string().max(256).optional(), version: z.string().max(256).optional(), family: z.string().max(256).optional() })
    .optional(),
  policy: z.object({ name: z.string().max(256).optional(), group: z.string().max(256).optional() }).optional(),
  capacity: Capacity.default({}),
  facts: z.record(z.string().max(256), Scalar).default({}).describe('Other scalar facts worth keeping, e.g. fqdn, ipaddress'),
});
export type NodeInfo = z.infer<typeof NodeInfo>;

export const Counts = z.object({
  total: z.number().int().nonnegative(),
  changed: z.number().int().nonnegative(),
  corrective: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  noop: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  unchanged: z.number().int().nonnegative(),
});
export type Counts = z.infer<typeof Counts>;

const runReportFields = {
  schema: z.literal(RUN_REPORT_SCHEMA),
  source: z.enum(SOURCES),
  runId: z.string().min(1).max(256),
  agent: z.object({ name: z.string().max(128), version: z.string().max(128).optional() }),
  node: NodeInfo,
  startedAt: IsoTime,
  endedAt: IsoTime.optional(),
  durationMs: z.number().nonnegative().optional(),
  status: z.enum(RUN_STATUSES),
  noop: z.boolean().default(false),
  corrective: z.boolean().default(false),
  configVersion: z.string().max(512).optional(),
  counts: Counts,
  resources: z.array(Resource).max(100_000).describe('Changed, corrective, failed and noop resources; skipped and unchanged ones are only counted'),
  errors: z.array(RunError).max(10_000).default([]),
  metrics: z.record(z.string().max(256), z.number()).default({}).describe('Durations in seconds and counts, e.g. time.total'),
};

/** What a tool posts to /api/v1/reports. The tenant is never taken from the body, and
 *  counts may be left out: they are then derived from the resources. */
export const RunReportInput = z.object({ ...runReportFields, counts: Counts.optional() });
export type RunReportInput = z.input<typeof RunReportInput>;

export const RunReport = z.object({ ...runReportFields, tenant: z.string().min(1).max(128) });
export type RunReport = z.infer<typeof RunReport>;

/** How a resource is named across runs of a node: `Type[title]`, as Puppet writes it. */
export function resourceKey(resource: Pick<Resource, 'type' | 'title'>): string {
  return `${resource.type}[${resource.title}]`;
}

/** Statuses worth listing resource by resource; skipped and unchanged ones are only counted. */
const LISTED: ReadonlySet<ResourceStatus> = new Set(['changed', 'corrective', 'failed', 'noop']);

export function isListed(resource: Pick<Resource, 'status'>): boolean {
  return LISTED.has(resource.status);
}

/** Counts of every resource of a run, for adapters whose agent sends no totals.
 *  `changed` includes `corrective`, as Puppet and Chef count them. */
export function countResources(resources: readonly Pick<Resource, 'status'>[]): Counts {
  const counts: Counts = { total: resources.length, changed: 0, corrective: 0, failed: 0, noop: 0, skipped: 0, unchanged: 0 };
  for (const { status } of resources) {
    counts[status] += 1;
    if (status === 'corrective') counts.changed += 1;
  }
  return counts;
}
