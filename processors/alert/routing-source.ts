// The routing document the alerts processor works with: re-read from the Store only when its
// revision moved (one cheap read per job), so a tree written through the API reaches every
// worker process at its next job, without a restart.
import type { Logger } from 'pino';
import { type AlertRouting, type EffectiveRouting, effectiveRouting } from '../../core/alert-routing.ts';
import type { Store } from '../../store/types.ts';

export interface RoutingSource {
  current(): Promise<EffectiveRouting>;
}

export function storedRoutingSource(store: Store, configured: AlertRouting, receivers: readonly string[], log: Pick<Logger, 'info' | 'warn'>): RoutingSource {
  const names = new Set(receivers);
  let cached: EffectiveRouting | undefined;
  return {
    async current() {
      const revision = await store.alertRouting.revision();
      if (cached?.revision === revision) return cached;
      cached = effectiveRouting(await store.alertRouting.read(), configured, names);
      if (cached.problem) log.warn({ revision: cached.revision }, `[alerts] ${cached.problem}`);
      else log.info({ revision: cached.revision, source: cached.source }, 'alert routing tree loaded');
      return cached;
    },
  };
}
