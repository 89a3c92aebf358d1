// What every backend derives from a resource change: its owner, search text and history.
import { changeRecordId } from '../core/ids.ts';
import type { Resource } from '../core/run-report.ts';
import type { IngestedRun } from './types.ts';

/** Which run, position, tenant, agent and node a change belongs to. */
export function changeOwner(run: IngestedRun, ordinal: number) {
  const { report } = run;
  return { id: changeRecordId(run.id, ordinal), run: run.id, ordinal, tenant: report.tenant, source: report.source, node: report.node.name };
}

/** The agent changed it (as opposed to failing, or only predicting a change). */
export function isApplied(resource: Resource): boolean {
  return resource.status === 'changed' || resource.status === 'corrective';
}

/** The text full-text search looks at besides the title and diff: messages and errors. */
export function searchableMessages(resource: Resource): string {
  const parts = resource.changes.map((c) => c.message).filter((m): m is string => Boolean(m));
  if (resource.error) parts.push(resource.error.message);
  if (resource.path) parts.push(resource.path);
  return parts.join('\n');
}
