// Bulk import of planned changes from a change-calendar export (CSV or JSON). Every row is
// filed and submitted for approval on its own; the answer says, line by line, what was
// imported and what was rejected and why.
import type { FastifyInstance } from 'fastify';
import { IMPORT_COLUMNS, importPlans } from '../core/plan-import.ts';
import type { PlanService } from '../core/plan-service.ts';
import { HttpErrors } from '../http/errors.ts';
import { requestContext } from './planned-changes.route.ts';

const IMPORT_BODY_LIMIT = 8 * 1024 * 1024;

export async function planImportRoutes(app: FastifyInstance, deps: { plans: PlanService }): Promise<void> {
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: IMPORT_BODY_LIMIT }, (_request, body, done) => done(null, body));

  app.post('/api/v1/planned-changes/import', {
    bodyLimit: IMPORT_BODY_LIMIT,
    config: { permission: 'plans:write', accepts: ['text/csv', 'application/json'] },
    schema: {
      tags: ['planned changes'],
      summary: 'Import plans from a CSV or JSON change-calendar export; each becomes pending approval',
      description: `CSV columns: ${IMPORT_COLUMNS.join(', ')}; lists separated by ";". JSON: an array of planned changes.`,
    },
    handler: async (request) => {
      const csv = (request.headers['content-type'] ?? '').startsWith('text/csv');
      const body = csv ? (request.body as string) : JSON.stringify(request.body);
      const outcome = await importPlans(deps.plans, requestContext(request), body, csv ? 'csv' : 'json');
      if (!outcome.ok) throw new HttpErrors.PlanInvalid(outcome.message);
      return { imported: outcome.imported, rejected: outcome.rejected };
    },
  });
}
