// Approved plans for the benchmarks, the same every time: what a change calendar of
// services, packages and node groups looks like (bench:classify, bench:ingest --plans).
import { type PlannedChange, PlanInput } from '../core/planned-change.ts';

// A deterministic generator, so every run of the benchmark sees the same data.
let seed = 42;
export const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
export const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

export const ENVIRONMENTS = ['production', 'staging', 'dev'];
export const services = Array.from({ length: 400 }, (_, i) => `svc${i}`);
export const packages = Array.from({ length: 300 }, (_, i) => `pkg-${i}`);

/** The i-th plan: 70 % one exact file, 15 % a directory glob, 10 % a package, 4 % a regex, 1 % any
 *  change of a type; scoped to an environment or a node glob; approved for `window`. */
export function benchPlan(i: number, window: { from: string; until: string }, tenant: string): PlannedChange {
  const kind = random();
  const service = pick(services);
  const matcher =
    kind < 0.7
      ? { type: pick(['File', 'template']), name: `/etc/${service}/conf.d/${Math.floor(random() * 50)}.conf`, property: 'content' }
      : kind < 0.85
        ? { type: 'File', name: `/etc/${service}/**` }
        : kind < 0.95
          ? { type: 'Package', name: pick(packages) }
          : kind < 0.99
            ? { type: 'File', nameRegex: `^/opt/${service}/[a-z]+\\.ini$` }
            : { type: 'Service' };
  const scope = random() < 0.5 ? { environments: [pick(ENVIRONMENTS)] } : { nodes: [`${pick(['web', 'db', 'cache'])}-${Math.floor(random() * 100)}*`] };
  return {
    ...PlanInput.parse({ title: `plan ${i}`, ticket: `CHG${i}`, window, scope, matchers: [matcher] }),
    id: `pc_${i}`,
    tenant,
    state: 'approved',
    requester: { id: 'a', name: 'a' },
    approver: { id: 'b', name: 'b' },
    createdAt: window.from,
    updatedAt: window.from,
    version: 2,
  };
}

