// A process refuses to start on an Elasticsearch cluster that `runledger store migrate` has not
// prepared for this version, with a message saying what to do, and starts once it has.
import { describe, expect, it } from 'vitest';
import { createContext } from '../../store/elasticsearch/context.ts';
import { migrate } from '../../store/elasticsearch/migrate.ts';
import { emulatedStore } from '../../store/elasticsearch/testing/emulated-store.ts';
import { startTestRuntime } from '../helpers/runtime.ts';

describe('start-up on Elasticsearch', () => {
  it('refuses to start before migrate, naming the command, and starts after it', async () => {
    const { store, client, config } = await emulatedStore({ migrated: false });
    await expect(startTestRuntime({}, ['worker'], store)).rejects.toThrow(
      /Elasticsearch has no RunLedger index templates for rl-runs, .*: run `runledger store migrate` once before starting/,
    );
    await migrate(createContext(config, client));
    // The same store: a failed check is not remembered, so the migrated cluster is accepted.
    const rl = await startTestRuntime({}, ['worker'], store);
    expect(rl.runtime.store.backend).toBe('elasticsearch');
    await rl.close();
  });
});
