// The contract every adapter keeps, checked against the project's own recorded payloads:
// the full decode → adapt → validate path accepts each one, the result is deterministic and
// matches its golden RunReport, the tenant comes from the context, and the counts agree with
// the resources. Each adapter's test calls this first, then adds its own cases.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunReport } from '../../../core/run-report.ts';
import { type ParseTask, parseReport } from '../../parse/parse-report.ts';
import type { AdapterName } from '../types.ts';

export const TEST_LIMITS = { maxDecompressedBytes: 64 << 20, yamlMaxDepth: 64, yamlMaxAliases: 100, jsonMaxDepth: 64 };
export const RECEIVED_AT = '2026-11-20T12:00:00.000Z';

export interface Fixture {
  /** Path under fixtures/. */
  path: string;
  syntax: 'yaml' | 'json';
}

export function fixtureBytes(path: string): Buffer {
  return readFileSync(new URL(`../../../fixtures/${path}`, import.meta.url));
}

export function parseFixture(adapter: AdapterName, fixture: Fixture, overrides: Partial<ParseTask> = {}) {
  return parseReport({
    adapter,
    syntax: fixture.syntax,
    contentType: fixture.syntax === 'yaml' ? 'application/x-yaml' : 'application/json',
    body: fixtureBytes(fixture.path),
    tenant: 'acme',
    receivedAt: RECEIVED_AT,
    limits: TEST_LIMITS,
    ...overrides,
  });
}

/** The RunReport a fixture becomes; fails the test when the fixture is not a run. */
export function reportOf(adapter: AdapterName, fixture: Fixture, overrides: Partial<ParseTask> = {}): RunReport {
  const result = parseFixture(adapter, fixture, overrides);
  if (!result.ok) throw new Error(`${fixture.path} rejected: ${result.rejection.message}`);
  if (result.item.kind !== 'run') throw new Error(`${fixture.path} is a ${result.item.event.kind} event, not a run`);
  return result.item.run.report;
}

export function adapterContract(adapter: AdapterName, runs: readonly Fixture[]): void {
  describe(`adapter contract: ${adapter}`, () => {
    it.each(runs.map((f) => ({ name: basename(f.path), fixture: f })))('turns $name into its golden RunReport', async ({ fixture }) => {
      const report = reportOf(adapter, fixture);
      await expect(`${JSON.stringify(report, null, 2)}\n`).toMatchFileSnapshot(
        new URL(`../../../fixtures/${fixture.path.replace(/\.(yaml|json)$/, '')}.runreport.json`, import.meta.url).pathname,
      );
    });

    it.each(runs.map((f) => ({ name: basename(f.path), fixture: f })))('adapts $name the same way every time', ({ fixture }) => {
      expect(reportOf(adapter, fixture)).toEqual(reportOf(adapter, fixture));
    });

    it.each(runs.map((f) => ({ name: basename(f.path), fixture: f })))('takes the tenant of $name from the token', ({ fixture }) => {
      expect(reportOf(adapter, fixture, { tenant: 'other-tenant' }).tenant).toBe('other-tenant');
    });

    it.each(runs.map((f) => ({ name: basename(f.path), fixture: f })))('keeps the counts of $name consistent with its resources', ({ fixture }) => {
      const report = reportOf(adapter, fixture);
      const listed = (status: string) => report.resources.filter((r) => r.status === status).length;
      expect(report.resources.every((r) => ['changed', 'corrective', 'failed', 'noop'].includes(r.status))).toBe(true);
      expect(report.counts.failed).toBe(listed('failed'));
      expect(report.counts.noop).toBe(listed('noop'));
      expect(report.counts.corrective).toBe(listed('corrective'));
      expect(report.counts.total).toBeGreaterThanOrEqual(report.resources.length);
    });
  });
}
