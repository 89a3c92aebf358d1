// Puppet::Transaction::Report as the `http` report processor (YAML) and the agent's
// report PUT (JSON) carry it, report formats 4 to 12 (puppetlabs/puppet api/schemas/report.json).
// Only the fields RunLedger reads are described; everything else passes through untouched.
import { z } from 'zod';

// Psych and Puppet's JSON keep types (a string that looks like a number is quoted), so
// fields are strings; only configuration_version is a number or a string by design.
const VersionText = z.union([z.string(), z.number()]).transform(String);

export const PuppetEvent = z.looseObject({
  property: z.string().nullish(),
  previous_value: z.unknown(),
  desired_value: z.unknown(),
  message: z.string().nullish(),
  name: z.string().nullish(),
  status: z.string().nullish(),
  corrective_change: z.boolean().nullish(),
});
export type PuppetEvent = z.infer<typeof PuppetEvent>;

export const PuppetResourceStatus = z.looseObject({
  title: z.string().nullish(),
  resource_type: z.string().nullish(),
  file: z.string().nullish(),
  line: z.number().nullish(),
  containment_path: z.array(z.string()).nullish(),
  evaluation_time: z.number().nullish(),
  failed: z.boolean().nullish(),
  changed: z.boolean().nullish(),
  out_of_sync: z.boolean().nullish(),
  skipped: z.boolean().nullish(),
  events: z.array(PuppetEvent).nullish(),
  corrective_change: z.boolean().nullish(),
});
export type PuppetResourceStatus = z.infer<typeof PuppetResourceStatus>;

export const PuppetLog = z.looseObject({
  level: z.string(),
  message: z.string().nullish(),
  source: z.string().nullish(),
});
export type PuppetLog = z.infer<typeof PuppetLog>;

const MetricRow = z.tuple([z.string(), z.unknown(), z.unknown()]).rest(z.unknown());

export const PuppetReport = z.looseObject({
  host: z.string().min(1),
  time: z.union([z.string(), z.date()]),
  transaction_uuid: z.string().min(1),
  report_format: z.number().int().min(4),
  puppet_version: z.string().nullish(),
  configuration_version: VersionText.nullish(),
  status: z.enum(['failed', 'changed', 'unchanged']),
  noop: z.boolean().nullish(),
  environment: z.string().nullish(),
  corrective_change: z.boolean().nullish(),
  logs: z.array(PuppetLog).nullish(),
  metrics: z.record(z.string(), z.looseObject({ values: z.array(MetricRow).nullish() })).nullish(),
  resource_statuses: z.record(z.string(), PuppetResourceStatus).nullish(),
});
export type PuppetReport = z.infer<typeof PuppetReport>;
