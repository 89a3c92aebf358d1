// Chef Infra Client data-collector messages (chef/chef docs/dev/design_documents/data_collector.md):
// run_start, run_converge (message_version 1.0.0 and 1.1.0) and Automate's node_ping.
// Only the fields RunLedger reads are described; the node attribute tree passes through
// unvalidated and only a few facts are taken from it.
import { z } from 'zod';

const Text = z.union([z.string(), z.number(), z.boolean()]).transform(String);

const ChefError = z.looseObject({
  class: z.string().nullish(),
  message: z.string().nullish(),
  backtrace: z.array(z.string()).nullish(),
});

export const ChefResource = z.looseObject({
  type: Text,
  name: Text,
  id: Text.nullish(),
  result: Text.nullish(),
  status: z.string(),
  before: z.record(z.string(), z.unknown()).nullish(),
  after: z.record(z.string(), z.unknown()).nullish(),
  delta: z.string().nullish(),
  duration: z.union([z.string(), z.number()]).nullish(),
  ignore_failure: z.unknown(),
  cookbook_name: z.string().nullish(),
  recipe_name: z.string().nullish(),
  error_message: z.string().nullish(),
  error: ChefError.nullish(),
});
export type ChefResource = z.infer<typeof ChefResource>;

const NodeAttributes = z.record(z.string(), z.unknown());

export const ChefRunConverge = z.looseObject({
  message_type: z.literal('run_converge'),
  node_name: Text.pipe(z.string().min(1)),
  run_id: z.string().min(1),
  entity_uuid: z.string().nullish(),
  organization_name: z.string().nullish(),
  chef_server_fqdn: z.string().nullish(),
  start_time: z.string(),
  end_time: z.string().nullish(),
  status: z.enum(['success', 'failure']),
  resources: z.array(ChefResource),
  total_resource_count: z.number().int().nonnegative().nullish(),
  updated_resource_count: z.number().int().nonnegative().nullish(),
  run_list: z.array(z.string()).nullish(),
  policy_name: z.string().nullish(),
  policy_group: z.string().nullish(),
  error: ChefError.nullish(),
  node: z
    .looseObject({
      chef_environment: z.string().nullish(),
      automatic: NodeAttributes.nullish(),
      normal: NodeAttributes.nullish(),
    })
    .nullish(),
});
export type ChefRunConverge = z.infer<typeof ChefRunConverge>;

export const ChefRunStart = z.looseObject({
  message_type: z.literal('run_start'),
  node_name: Text.pipe(z.string().min(1)),
  run_id: z.string().min(1),
});

export const ChefNodePing = z.looseObject({
  event_type: z.literal('node_ping'),
  node_name: Text.pipe(z.string().min(1)),
});

export const ChefMessage = z.union([ChefRunConverge, ChefRunStart, ChefNodePing]);
export type ChefMessage = z.infer<typeof ChefMessage>;

export const ACCEPTED_CHEF_MESSAGES = 'message_type run_converge or run_start, or event_type node_ping';
