// Keyset paging over a table ordered newest first by a time column and then by id.
import { decodeCursor, encodeCursor } from '../cursor.ts';
import type { Page, PageRequest } from '../types.ts';
import type { SqliteDatabase } from './database.ts';
import type { Where } from './where.ts';

export type Row = Record<string, unknown>;

export function newestFirst<T>(
  db: SqliteDatabase,
  query: { table: string; timeColumn: string; where: Where },
  page: PageRequest,
  toItem: (row: Row) => T,
): Page<T> {
  const { table, timeColumn, where } = query;
  if (page.cursor) {
    const [at, id] = decodeCursor(page.cursor, ['number', 'string'] as const);
    where.add(`(${timeColumn}, id) < (?, ?)`, at, id);
  }
  const rows = db
    .prepare(`SELECT * FROM ${table} WHERE ${where} ORDER BY ${timeColumn} DESC, id DESC LIMIT ?`)
    .all(...where.params, page.limit + 1) as Row[];
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  return {
    items: items.map(toItem),
    ...(rows.length > page.limit && last ? { nextCursor: encodeCursor([last[timeColumn] as number, last.id as string]) } : {}),
  };
}
