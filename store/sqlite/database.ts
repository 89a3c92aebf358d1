// Opens the SQLite database: WAL so readers never wait for the writer, a busy timeout so
// the CLI and the server can share one file, and the migrations up to the current version.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MIGRATIONS } from './schema.ts';

export type SqliteDatabase = Database.Database;

export interface OpenOptions {
  /** Loading a new database that nobody else reads (benchmark data): no WAL, no fsync, a 1 GB
   *  page cache. A crash leaves a broken file; the next normal open switches back to WAL. */
  bulkLoad?: boolean;
  /** Another thread checkpoints the WAL (checkpointer.ts): this connection never does. */
  backgroundCheckpoints?: boolean;
}

/** SQLite's own checkpoint threshold, in 4 KB pages, when no checkpointer thread runs. */
export const AUTO_CHECKPOINT_PAGES = 10_000;

export function openDatabase(path: string, options: OpenOptions = {}): SqliteDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  if (options.bulkLoad) {
    // Every page is written once, to the file, rather than to the WAL and again at checkpoints.
    db.pragma('journal_mode = MEMORY');
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -1048576');
    db.pragma('temp_store = MEMORY');
    migrate(db);
    return db;
  }
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // Checkpoint (and fsync) every ~40 MB of WAL rather than every 4 MB: the writer spent a
  // third of its time in checkpoints at ingest rates (docs/performance.md).
  db.pragma(`wal_autocheckpoint = ${options.backgroundCheckpoints ? 0 : AUTO_CHECKPOINT_PAGES}`);
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = MEMORY');
  migrate(db);
  return db;
}

function migrate(db: SqliteDatabase): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(
      `[store:sqlite] database schema version ${current} is newer than this RunLedger understands (${MIGRATIONS.length}); upgrade RunLedger`,
    );
  }
  db.transaction(() => {
    for (let version = current; version < MIGRATIONS.length; version++) {
      db.exec(MIGRATIONS[version]!);
      db.pragma(`user_version = ${version + 1}`);
    }
  }).immediate();
}
