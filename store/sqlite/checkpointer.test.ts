// The writer's connection never checkpoints; the checkpointer thread must copy the WAL into
// the database file while the store stays open, so that the WAL is used again from its start.
import { copyFileSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect, it, vi } from 'vitest';
import { buildRun } from '../../test/helpers/run-builder.ts';
import { startCheckpointer } from './checkpointer.ts';
import { createSqliteStore } from './sqlite.store.ts';
import type { Store } from '../types.ts';

async function writeRuns(store: Store, batches: number, tag: string): Promise<void> {
  for (let batch = 0; batch < batches; batch++) {
    await store.write({ runs: Array.from({ length: 20 }, (_, i) => buildRun({ node: `web${i}`, runId: `${tag}${batch}-${i}` })), nodeEvents: [] });
  }
}

/** Runs in the database file alone, without its WAL: what checkpoints have copied there. */
function runsInDatabaseFile(path: string): number {
  const copy = `${path}.copy`;
  copyFileSync(path, copy);
  try {
    const db = new Database(copy, { readonly: true });
    try {
      return db.prepare('SELECT count(*) FROM runs').pluck().get() as number;
    } finally {
      db.close();
    }
  } catch {
    return -1; // copied while a checkpoint was writing: look again
  }
}

it('moves written pages from the WAL into the database file in the background, and the WAL is reused', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'rl-checkpoint-')), 'runledger.db');
  const store = createSqliteStore({ path });
  await writeRuns(store, 20, 'a');
  await expect.poll(() => runsInDatabaseFile(path), { timeout: 10_000, interval: 100 }).toBe(400);
  const walAfterFirst = statSync(`${path}-wal`).size;

  // Everything is in the file, so the next write starts the WAL over from its beginning: a
  // short round fits in what the first one left, where an unchecked WAL would grow.
  await writeRuns(store, 2, 'b');
  expect(statSync(`${path}-wal`).size).toBe(walAfterFirst);
  expect((await store.runs.list('acme', {}, { limit: 1000 })).items).toHaveLength(440);
  await store.close();
});

it('says when the thread dies, so that the store can checkpoint by itself again', async () => {
  const onFailure = vi.fn();
  const checkpointer = startCheckpointer(join(tmpdir(), 'rl-no-such-dir', 'sub', 'runledger.db'), onFailure);
  await vi.waitFor(() => expect(onFailure).toHaveBeenCalledOnce(), { timeout: 10_000 });
  await checkpointer.stop();
});
