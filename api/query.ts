// Query-string pieces shared by the list endpoints: paging and time windows.
import { z } from 'zod';
import { CLASSIFICATIONS } from '../core/classification.ts';
import { RESOURCE_STATUSES, RUN_STATUSES, SOURCES } from '../core/run-report.ts';

const MAX_PAGE = 500;

export const Paging = {
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(50).describe(`Items per page, at most ${MAX_PAGE}`),
  cursor: z.string().max(512).optional().describe('The nextCursor of the previous page'),
};

const Flag = z.enum(['true', 'false']).transform((v) => v === 'true');

export const RunFilters = {
  node: z.string().max(512).optional(),
  environment: z.string().max(256).optional(),
  status: z.enum(RUN_STATUSES).optional(),
  source: z.enum(SOURCES).optional(),
  since: z.coerce.date().optional().describe('ISO time, inclusive'),
  until: z.coerce.date().optional().describe('ISO time, exclusive'),
  q: z.string().min(1).max(512).optional().describe('Full-text search over resource names, messages and diffs'),
};

export const RunsQuery = z.strictObject({ ...RunFilters, hasChanges: Flag.optional(), ...Paging });
export const ChangesQuery = z.strictObject({
  ...RunFilters,
  status: z.enum(RESOURCE_STATUSES).optional().describe('Status of the resource change'),
  resourceType: z.string().max(256).optional(),
  run: z.string().max(64).optional(),
  classification: z.enum(CLASSIFICATIONS).optional().describe('How the change was classified when processed'),
  plan: z.string().max(64).optional().describe('Changes matched to this planned change'),
  ...Paging,
});
export const NodesQuery = z.strictObject({
  environment: z.string().max(256).optional(),
  status: z.enum(RUN_STATUSES).optional().describe('Status of the last run'),
  q: z.string().min(1).max(512).optional().describe('Name prefix'),
  ...Paging,
});

/** Splits validated query values into the store's filter and page request. */
export function splitPaging<Q extends { limit: number; cursor?: string | undefined }>(query: Q) {
  const { limit, cursor, ...filter } = query;
  return { filter, page: { limit, ...(cursor ? { cursor } : {}) } };
}
