// The rate card that prices usage into invoice lines: a versioned YAML document, kept with
// the report's parameters so an invoice can be regenerated exactly.
import yaml from 'js-yaml';
import { z } from 'zod';

const Rate = z.number().nonnegative();

export const RateCard = z.strictObject({
  version: z.string().min(1).max(100).describe('Version of the rate card, printed on the invoice'),
  currency: z.string().regex(/^[A-Z]{3}$/).describe('ISO 4217 currency code'),
  rates: z.strictObject({
    nodeHour: Rate.default(0),
    run: Rate.default(0),
    ingestRequest: Rate.default(0),
    ingestGigabyte: Rate.default(0),
    changeApplied: Rate.default(0),
    storageGigabyteMonth: Rate.default(0),
  }),
});
export type RateCard = z.infer<typeof RateCard>;

export function parseRateCard(text: string): RateCard {
  return RateCard.parse(yaml.load(text, { schema: yaml.CORE_SCHEMA }));
}

/** `scope`: priced per group of nodes, or once for the whole tenant (ingest is counted per
 *  tenant: a refused request names no node). */
export const RATE_ITEMS = [
  { item: 'nodeHour', label: 'Node-hours', unit: 'h', scope: 'group' },
  { item: 'run', label: 'Runs', unit: 'run', scope: 'group' },
  { item: 'ingestRequest', label: 'Ingest requests', unit: 'request', scope: 'tenant' },
  { item: 'ingestGigabyte', label: 'Ingest volume', unit: 'GB', scope: 'tenant' },
  { item: 'changeApplied', label: 'Changes applied', unit: 'change', scope: 'group' },
  { item: 'storageGigabyteMonth', label: 'Storage', unit: 'GB-month', scope: 'group' },
] as const satisfies readonly { item: keyof RateCard['rates']; label: string; unit: string; scope: 'group' | 'tenant' }[];
