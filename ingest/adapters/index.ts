// The adapters, by the name ingest routes use. Adding an agent format = one folder + one line here.
import { chefAdapter } from './chef/chef.adapter.ts';
import { genericAdapter } from './generic/generic.adapter.ts';
import { puppetAdapter } from './puppet/puppet.adapter.ts';
import type { Adapter, AdapterName } from './types.ts';

export const ADAPTERS: Record<AdapterName, Adapter<never>> = {
  puppet: puppetAdapter as Adapter<never>,
  chef: chefAdapter as Adapter<never>,
  generic: genericAdapter as Adapter<never>,
};
