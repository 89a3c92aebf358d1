// Reads a change-calendar export (CSV, one planned change per row, or JSON, an array of plans)
// into plan inputs, keeping each row's line number so rejections can say where they are.
import { parse } from 'csv-parse/sync';
import type { PlanRequestContext, PlanService } from './plan-service.ts';
import type { PlanInput } from './planned-change.ts';

/** CSV columns; list columns take several values separated by ";". */
export const IMPORT_COLUMNS = [
  'title',
  'ticket',
  'reason',
  'window_from',
  'window_until',
  'environments',
  'nodes',
  'roles',
  'tags',
  'type',
  'name',
  'name_regex',
  'property',
  'action',
  'expected_count',
] as const;

export interface ImportRow {
  /** Line of the CSV file (the header is line 1), or position in the JSON array (from 1). */
  line: number;
  input: unknown;
}

export type ImportRead = { ok: true; rows: ImportRow[] } | { ok: false; message: string };

export function readPlanImport(body: string, format: 'csv' | 'json'): ImportRead {
  return format === 'csv' ? readCsv(body) : readJson(body);
}

function readJson(body: string): ImportRead {
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch (err) {
    return { ok: false, message: `not valid JSON: ${(err as Error).message}` };
  }
  const list = Array.isArray(doc) ? doc : (doc as { plans?: unknown })?.plans;
  if (!Array.isArray(list)) return { ok: false, message: 'expected a JSON array of planned changes, or { "plans": [...] }' };
  return { ok: true, rows: list.map((input, index) => ({ line: index + 1, input })) };
}

function readCsv(body: string): ImportRead {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(body, { columns: true, info: true, skip_empty_lines: true, trim: true, bom: true });
  } catch (err) {
    return { ok: false, message: `not valid CSV: ${(err as Error).message}` };
  }
  const header = Object.keys(records[0]?.record ?? {});
  const unknown = header.filter((c) => !(IMPORT_COLUMNS as readonly string[]).includes(c));
  if (unknown.length) return { ok: false, message: `unknown columns: ${unknown.join(', ')} (known: ${IMPORT_COLUMNS.join(', ')})` };
  return { ok: true, rows: records.map(({ record, info }) => ({ line: info.lines, input: planInputFromColumns(record) })) };
}

const list = (value: string | undefined) => (value ? value.split(';').map((v) => v.trim()).filter(Boolean) : []);
const text = (value: string | undefined) => (value ? value : undefined);

/** A plan input from CSV columns (IMPORT_COLUMNS); the UI's plan form uses the same names. */
export function planInputFromColumns(row: Record<string, string>): PlanInput {
  const matcher = {
    type: text(row.type),
    name: text(row.name),
    nameRegex: text(row.name_regex),
    property: text(row.property),
    action: text(row.action),
  };
  return {
    title: row.title ?? '',
    ticket: row.ticket ?? '',
    reason: row.reason ?? '',
    window: { from: row.window_from ?? '', until: row.window_until ?? '' },
    scope: { environments: list(row.environments), nodes: list(row.nodes), roles: list(row.roles), tags: list(row.tags) },
    matchers: [Object.fromEntries(Object.entries(matcher).filter(([, v]) => v !== undefined))],
    ...(row.expected_count ? { expectedCount: Number(row.expected_count) } : {}),
  };
}

export type ImportOutcome =
  | { ok: true; imported: { line: number; id: string; ticket: string }[]; rejected: { line: number; error: string }[] }
  | { ok: false; message: string };

/** Files and submits every row on its own; says, line by line, what was imported and what not. */
export async function importPlans(plans: PlanService, ctx: PlanRequestContext, body: string, format: 'csv' | 'json'): Promise<ImportOutcome> {
  const read = readPlanImport(body, format);
  if (!read.ok) return { ok: false, message: `the import file is ${read.message}` };
  const imported: { line: number; id: string; ticket: string }[] = [];
  const rejected: { line: number; error: string }[] = [];
  for (const row of read.rows) {
    const result = await plans.create(ctx, row.input, { submit: true });
    if (result.ok) imported.push({ line: row.line, id: result.plan.id, ticket: result.plan.ticket });
    else rejected.push({ line: row.line, error: result.problem.message });
  }
  return { ok: true, imported, rejected };
}
