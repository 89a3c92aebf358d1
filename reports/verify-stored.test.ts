import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../core/clock.ts';
import type { Store } from '../store/types.ts';
import { SEED_PERIOD, seededStore } from './testing/seed.ts';
import { testReportService } from './testing/service.ts';

let store: Store;
const clock: Clock = { now: () => new Date('2026-11-16T08:00:00.000Z') };
beforeEach(async () => {
  store = await seededStore();
});
afterEach(() => store.close());

async function readyReport() {
  const { service, dir } = testReportService(store, clock);
  const outcome = await service.request({ tenant: 'acme', actor: 'usr_audrey', definition: 'pci-dss', params: SEED_PERIOD, formats: ['json', 'csv'] });
  if (!outcome.ok) throw new Error(outcome.problem.message);
  const id = outcome.value.id;
  return { service, id, stored: (name: string) => join(dir, 'reports', 'acme', id, name), ready: () => service.run('acme', id) };
}

const verifications = async () =>
  (await store.audit.list({ tenant: 'acme', action: 'report.verify' }, { limit: 10 })).items.map((e) => [e.actor, e.outcome, e.details]);

describe('verifying a report\'s stored files against its signed manifest', () => {
  it('says the signature is valid and lists every file of the manifest when nothing was changed, and audits the check', async () => {
    const { service, id, ready } = await readyReport();
    const record = await ready();
    const outcome = await service.verify('acme', 'usr_audrey', id, '10.1.1.1');
    expect(outcome.ok && outcome.value.ok && outcome.value.manifest.files.map((f) => [f.name, f.sha256])).toEqual(
      record.files.filter((f) => f.format !== 'manifest' && f.format !== 'signature').map((f) => [f.name, f.sha256]),
    );
    expect(await verifications()).toEqual([['usr_audrey', 'success', { keyId: service.keyId }]]);
  });

  it.each([
    { name: 'a report file was changed', tamper: (path: (n: string) => string, id: string) => writeFileSync(path(`${id}.json`), '{}'), want: /^rpt_\S+\.json: SHA-256 \w+ differs from the manifest's \w+ \(the file was changed\)$/ },
    { name: 'a report file is gone', tamper: (path: (n: string) => string, id: string) => rmSync(path(`${id}.csv.zip`)), want: /^rpt_\S+\.csv\.zip is no longer in the archive$/ },
    { name: 'the manifest was edited', tamper: (path: (n: string) => string) => writeFileSync(path('manifest.json'), '{"files":[]}\n'), want: /^the manifest signature does not match this public key/ },
    { name: 'the signature is gone', tamper: (path: (n: string) => string) => rmSync(path('manifest.sig')), want: /^the manifest or its signature of report rpt_\S+ is no longer in the archive$/ },
  ])('says it is not valid, and why, when $name', async ({ tamper, want }) => {
    const { service, id, stored, ready } = await readyReport();
    await ready();
    tamper(stored, id);
    const outcome = await service.verify('acme', 'usr_audrey', id);
    expect(outcome).toEqual({ ok: true, value: { ok: false, reason: expect.stringMatching(want) } });
    expect(await verifications()).toEqual([['usr_audrey', 'failure', { reason: (outcome as { value: { reason: string } }).value.reason }]]);
  });

  it('refuses to check a report that is not ready yet or belongs to another tenant', async () => {
    const { service, id } = await readyReport();
    expect(await service.verify('acme', 'usr_audrey', id)).toEqual({ ok: false, problem: { kind: 'not_ready', message: `report ${id} is queued (0 %)` } });
    expect(await service.verify('globex', 'usr_other', id)).toEqual({ ok: false, problem: { kind: 'not_found', message: `no report ${id}` } });
    expect(await verifications()).toEqual([]);
  });
});
