// Bulk import of planned changes from a change-calendar export (CSV or JSON). Every row is
// filed and submitted for approval on its own; the answer says, line by line, what was
// imported and what was rejected and why.
import type { FastifyInstance } from 'fastify';
import { IMPORT_COLUMNS, readPlanImport } from '../core/plan-import.ts';
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
      const read = readPlanImport(body, csv ? 'csv' : 'json');
      if (!read.ok) throw new HttpErrors.PlanInvalid(`the import file is ${read.message}`);
      const ctx = requestContext(request);
      const imported: { line: number; id: string; ticket: string }[] = [];
      const rejected: { line: number; error: string }[] = [];
      for (const row of read.rows) {
        const result = await deps.plans.create(ctx, row.input, { submit: true });
        if (result.ok) imported.push({ line: row.line, id: result.plan.id, ticket: result.plan.ticket });
        else rejected.push({ line: row.line, error: result.problem.message });
      }
      return { imported, rejected };
    },
  });
}
