// CSV: one file per table, zipped. Cells that a spreadsheet would run as a formula are
// prefixed with an apostrophe (CSV injection).
import { stringify } from 'csv-stringify/sync';
import { strToU8, zipSync } from 'fflate';
import type { ReportTable } from '../types.ts';

const FORMULA = /^[=+\-@\t\r]/;

export function csvText(table: ReportTable): string {
  return stringify(table.rows, {
    header: true,
    cast: { string: (value) => (FORMULA.test(value) && Number.isNaN(Number(value)) ? `'${value}` : value), boolean: (value) => String(value) },
  });
}

export function renderCsvZip(tables: readonly ReportTable[]): Uint8Array {
  return zipSync(Object.fromEntries(tables.map((table) => [`${table.name}.csv`, strToU8(csvText(table))])), { level: 6, mtime: new Date('2000-01-01T00:00:00Z') });
}

