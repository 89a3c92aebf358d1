// The canonical run report, published as JSON Schema for tools that post to /api/v1/reports.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { RunReportInput } from '../core/run-report.ts';

export async function schemaRoutes(app: FastifyInstance): Promise<void> {
  const schema = { $id: '/api/v1/schema/run-report', ...z.toJSONSchema(RunReportInput, { io: 'input' }) };
  app.get('/api/v1/schema/run-report', { schema: { tags: ['ingest'], summary: 'JSON Schema of the RunLedger run report' } }, async () => schema);
}
