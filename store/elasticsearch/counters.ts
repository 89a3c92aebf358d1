// Per-tenant counters (the plan revision): read, add one, write back under if_seq_no, and
// read again when another process got there first.
import { collection } from './collection.ts';
import type { EsContext } from './context.ts';

interface CounterDoc {
  tenant: string;
  name: string;
  value: number;
}

export function createCounters(es: EsContext, name: string) {
  const counters = collection<CounterDoc>(es, 'counters');
  const id = (tenant: string) => `${name}:${tenant}`;
  return {
    async value(tenant: string): Promise<number> {
      return (await counters.get(id(tenant)))?.doc.value ?? 0;
    },
    async bump(tenant: string): Promise<number> {
      for (;;) {
        const found = await counters.get(id(tenant));
        const value = (found?.doc.value ?? 0) + 1;
        const doc = { tenant, name, value };
        const written = found ? await counters.put(id(tenant), doc, found.version, { visible: false }) : await counters.create(id(tenant), doc, { visible: false });
        if (written) return value;
      }
    },
  };
}
