// The cover data of a report, the same for every definition.
import type { CollectContext, ReportMeta } from './types.ts';

export function reportMeta(
  definition: { id: string; title: string; templateVersion: string },
  ctx: CollectContext,
  params: { from: string; until: string },
  framework?: { name: string; version: string },
): ReportMeta {
  return {
    definition: definition.id,
    title: definition.title,
    ...(framework ? { framework } : {}),
    tenant: ctx.tenant,
    period: { from: params.from, until: params.until },
    generatedAt: ctx.clock.now().toISOString(),
    params: { ...params },
    productVersion: ctx.productVersion,
    templateVersion: definition.templateVersion,
  };
}
