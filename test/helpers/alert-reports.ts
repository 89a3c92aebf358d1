// Posts a generic run report that fails (one failed Exec) or succeeds, as the alert tests need:
// each call is a new run, one second after the previous one.
import { expect } from 'vitest';
import type { TestRuntime } from './runtime.ts';

export function alertReporter(rl: () => TestRuntime, token: () => string) {
  let runCounter = 0;
  return {
    /** The start time of the last run posted. */
    lastStartedAt: () => new Date(Date.UTC(2026, 11, 1, 8, 0, runCounter)).toISOString(),
    async report(node: string, status: 'success' | 'failure', environment = 'production') {
      runCounter += 1;
      const body = {
        schema: 'runledger.run/v1',
        source: 'generic',
        runId: `run-${node}-${runCounter}`,
        agent: { name: 'ansible' },
        node: { name: node, environment },
        startedAt: new Date(Date.UTC(2026, 11, 1, 8, 0, runCounter)).toISOString(),
        status,
        resources: status === 'failure' ? [{ type: 'Exec', title: 'migrate', status: 'failed', error: { message: 'returned 1' } }] : [],
      };
      const response = await fetch(`${rl().url}/api/v1/reports`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', authorization: `Bearer ${token()}` } });
      expect(response.status).toBe(202);
      return (await response.json()) as { id: string };
    },
  };
}
