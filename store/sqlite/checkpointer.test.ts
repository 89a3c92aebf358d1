// The writer's connection never checkpoints; the checkpointer thread must copy the WAL into
// the database file while the store stays open.
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { buildRun } from '../../test/helpers/run-builder.ts';
import { createSqliteStore } from './sqlite.store.ts';

it('moves written pages from the WAL into the database file in the background', async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'rl-checkpoint-')), 'runledger.db');
  const store = createSqliteStore({ path });
  const emptySize = statSync(path).size;
  for (let batch = 0; batch < 20; batch++) {
    await store.write({ runs: Array.from({ length: 20 }, (_, i) => buildRun({ node: `web${i}`, runId: `r${batch}-${i}` })), nodeEvents: [] });
  }
  await expect.poll(() => statSync(path).size, { timeout: 10_000, interval: 100 }).toBeGreaterThan(emptySize);
  expect(statSync(`${path}-wal`).size).toBeGreaterThan(0);
  expect((await store.runs.list('acme', {}, { limit: 1 })).items).toHaveLength(1);
  await store.close();
});
