import { describe, expect, it } from 'vitest';
import { adapterContract, type Fixture, fixtureBytes, parseFixture, reportOf } from '../testing/adapter-contract.ts';

const RUN: Fixture = { path: 'generic/ansible-like-run.json', syntax: 'json' };

adapterContract('generic', [RUN]);

describe('generic adapter', () => {
  it('derives counts from the resources when the tool sends none, and keeps only changes', () => {
    const report = reportOf('generic', RUN);
    expect(report.counts).toEqual({ total: 3, changed: 2, corrective: 0, failed: 0, noop: 0, skipped: 0, unchanged: 1 });
    expect(report.resources.map((r) => r.title)).toEqual(['Configure nginx', 'Restart nginx']);
  });

  it('never takes the tenant from the body', () => {
    const body = Buffer.from(JSON.stringify({ ...JSON.parse(fixtureBytes(RUN.path).toString()), tenant: 'someone-else' }));
    expect(reportOf('generic', RUN, { body }).tenant).toBe('acme');
  });

  it('answers 422 with the fields that are wrong', () => {
    const result = parseFixture('generic', RUN, { body: Buffer.from('{"schema":"runledger.run/v1","source":"generic"}') });
    expect(result).toMatchObject({ ok: false, rejection: { status: 422, code: 'RL_INGEST_NOT_A_REPORT' } });
    expect(!result.ok && result.rejection.message).toContain('runId: Invalid input: expected string, received undefined');
  });
});
