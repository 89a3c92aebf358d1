// The behaviour every Store backend must have. A backend's test file calls storeContract
// with a factory; the same suite runs against SQLite (real) and Elasticsearch (through
// @elastic/elasticsearch-mock), so the backends cannot drift apart.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildRun, resource } from '../../test/helpers/run-builder.ts';
import { InvalidCursorError } from '../cursor.ts';
import type { IngestedRun, Page, Store } from '../types.ts';
import { alertRoutingContract } from './alert-routing.contract.ts';
import { alertsContract } from './alerts.contract.ts';
import { plansContract } from './plans.contract.ts';
import { statsContract } from './stats.contract.ts';
import { usersContract } from './users.contract.ts';
import { reportingContract } from './reporting.contract.ts';
import { reportRecordsContract } from './report-records.contract.ts';
import { reportSchedulesContract } from './report-schedules.contract.ts';
import { ingestUsageContract } from './ingest-usage.contract.ts';

export function storeContract(name: string, createStore: () => Store | Promise<Store>): void {
  describe(`store contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await createStore();
    });
    afterEach(async () => {
      await store.close();
    });

    const write = (...runs: IngestedRun[]) => store.write({ runs, nodeEvents: [] });
    async function all<T>(fetch: (cursor?: string) => Promise<Page<T>>): Promise<T[]> {
      const items: T[] = [];
      let cursor: string | undefined;
      do {
        const page = await fetch(cursor);
        items.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return items;
    }

    describe('runs', () => {
      it('stores a run with its summary, changes, diffs and errors', async () => {
        const run = buildRun({
          status: 'failure',
          environment: 'production',
          resources: [
            { title: '/etc/app.conf', path: '/etc/app.conf', contentChanged: true, diff: '--- a\n+++ b\n-x\n+y\n', changes: [{ property: 'content', before: '{md5}a', after: '{md5}b' }] },
            { type: 'Exec', title: 'migrate', status: 'failed', error: { message: 'returned 1' } },
          ],
        });
        await write(run);
        const stored = await store.runs.get('acme', run.id);
        expect(stored).toMatchObject({
          id: run.id,
          tenant: 'acme',
          source: 'puppet',
          agentRunId: run.report.runId,
          node: 'web01',
          environment: 'production',
          status: 'failure',
          startedAt: run.report.startedAt,
          receivedAt: run.receivedAt,
          counts: run.report.counts,
          hasChanges: true,
          errors: [{ message: 'something failed' }],
          metrics: { 'time.total': 1.5 },
          nodeInfo: run.report.node,
        });
        expect(stored!.changes.map(({ id, run: r, ordinal, tenant, source, node, environment, startedAt, ...rest }) => rest)).toEqual(run.report.resources);
        expect(stored!.changes[0]).toMatchObject({ run: run.id, ordinal: 0, node: 'web01', environment: 'production', startedAt: run.report.startedAt });
      });

      it('stores a repeated report once, and a rewrite replaces its changes', async () => {
        const run = buildRun({ resources: [{ title: 'first' }, { title: 'second' }] });
        await write(run);
        await write(run);
        expect((await store.runs.list('acme', {}, { limit: 10 })).items).toHaveLength(1);
        expect((await store.changes.list('acme', {}, { limit: 10 })).items).toHaveLength(2);

        const rewritten = { ...run, report: { ...run.report, resources: [resource({ title: 'replacement' })] } };
        await write(rewritten);
        expect((await store.changes.list('acme', {}, { limit: 10 })).items.map((c) => c.title)).toEqual(['replacement']);
        expect((await store.changes.list('acme', { q: 'second' }, { limit: 10 })).items).toEqual([]);
        expect((await store.changes.list('acme', { q: 'replacement' }, { limit: 10 })).items).toHaveLength(1);

        await write(run, rewritten, run);
        expect((await store.changes.list('acme', {}, { limit: 10 })).items.map((c) => c.title).sort()).toEqual(['first', 'second']);
        expect((await store.changes.list('acme', { q: 'first' }, { limit: 10 })).items).toHaveLength(1);
      });

      it('keeps the raw body, byte for byte', async () => {
        const run = buildRun();
        await write(run);
        expect(await store.runs.raw('acme', run.id)).toEqual(run.raw);
      });

      it('filters by node, environment, status, source, time and changes', async () => {
        const runs = [
          buildRun({ node: 'a', environment: 'prod', status: 'success', startedAt: '2026-11-01T00:00:00.000Z' }),
          buildRun({ node: 'b', environment: 'prod', status: 'failure', startedAt: '2026-11-02T00:00:00.000Z' }),
          buildRun({ node: 'a', environment: 'dev', status: 'success', source: 'chef', startedAt: '2026-11-03T00:00:00.000Z', resources: [] }),
        ];
        await write(...runs);
        const ids = async (filter: Parameters<Store['runs']['list']>[1]) =>
          (await store.runs.list('acme', filter, { limit: 10 })).items.map((r) => r.id);
        const [a1, b, a2] = runs.map((r) => r.id);
        expect(await ids({})).toEqual([a2, b, a1]);
        expect(await ids({ node: 'a' })).toEqual([a2, a1]);
        expect(await ids({ environment: 'prod' })).toEqual([b, a1]);
        expect(await ids({ status: 'failure' })).toEqual([b]);
        expect(await ids({ source: 'chef' })).toEqual([a2]);
        expect(await ids({ since: new Date('2026-11-02T00:00:00Z'), until: new Date('2026-11-03T00:00:00Z') })).toEqual([b]);
        expect(await ids({ hasChanges: false })).toEqual([a2]);
        expect(await ids({ hasChanges: true })).toEqual([b, a1]);
      });

      it('pages newest first with cursors, without gaps or repeats', async () => {
        const runs = Array.from({ length: 7 }, (_, i) => buildRun({ startedAt: new Date(Date.UTC(2026, 10, 1, 0, 0, i % 3)).toISOString() }));
        await write(...runs);
        const seen = await all((cursor) => store.runs.list('acme', {}, { limit: 3, ...(cursor ? { cursor } : {}) }));
        expect(seen).toHaveLength(7);
        expect(new Set(seen.map((r) => r.id)).size).toBe(7);
        const times = seen.map((r) => r.startedAt);
        expect(times).toEqual([...times].sort().reverse());
      });

      it('refuses a cursor it did not issue', async () => {
        await expect(store.runs.list('acme', {}, { limit: 3, cursor: 'bm9wZQ' })).rejects.toThrow(InvalidCursorError);
      });
    });

    describe('changes', () => {
      it('filters by status, resource type, run and node', async () => {
        const run = buildRun({ node: 'db', resources: [{ type: 'File', title: '/etc/a' }, { type: 'Package', title: 'nginx', status: 'failed' }, { type: 'Service', title: 'nginx', status: 'noop' }] });
        await write(run, buildRun({ node: 'other' }));
        const titles = async (filter: Parameters<Store['changes']['list']>[1]) =>
          (await store.changes.list('acme', filter, { limit: 10 })).items.map((c) => `${c.type}[${c.title}]`);
        expect(await titles({ status: 'failed' })).toEqual(['Package[nginx]']);
        expect(await titles({ resourceType: 'Service' })).toEqual(['Service[nginx]']);
        expect(await titles({ run: run.id })).toHaveLength(3);
        expect(await titles({ node: 'db', status: 'noop' })).toEqual(['Service[nginx]']);
      });

      it('finds changes by words in resource names, messages and diffs', async () => {
        await write(
          buildRun({ resources: [{ title: '/etc/nginx/nginx.conf', diff: '+worker_processes auto;\n' }] }),
          buildRun({ resources: [{ type: 'Exec', title: 'migrate', status: 'failed', error: { message: 'permission denied' } }] }),
          buildRun({ resources: [{ type: 'Package', title: 'openssl', changes: [{ property: 'ensure', before: '3.0.1', after: '3.0.2', message: 'upgraded openssl' }] }] }),
        );
        const found = async (q: string) => (await store.changes.list('acme', { q }, { limit: 10 })).items.map((c) => c.title);
        expect(await found('nginx.conf')).toEqual(['/etc/nginx/nginx.conf']);
        expect(await found('worker_processes')).toEqual(['/etc/nginx/nginx.conf']);
        expect(await found('permission denied')).toEqual(['migrate']);
        expect(await found('upgr*')).toEqual(['openssl']);
        expect(await found('"unbalanced AND OR (')).toEqual([]);
        expect((await store.runs.list('acme', { q: 'openssl' }, { limit: 10 })).items).toHaveLength(1);
      });
    });

    describe('nodes', () => {
      it('keeps the latest state per node and never moves it back in time', async () => {
        const newer = buildRun({ node: 'web', status: 'failure', startedAt: '2026-11-10T00:00:00.000Z', receivedAt: '2026-11-10T00:00:01.000Z' });
        const older = buildRun({ node: 'web', status: 'success', startedAt: '2026-11-09T00:00:00.000Z', receivedAt: '2026-11-11T00:00:00.000Z' });
        await write(newer);
        await write(older);
        expect(await store.nodes.get('acme', 'web')).toMatchObject({
          name: 'web',
          lastRun: newer.id,
          lastRunAt: newer.report.startedAt,
          lastStatus: 'failure',
          lastSource: 'puppet',
          firstSeen: '2026-11-10T00:00:01.000Z',
          lastSeen: '2026-11-11T00:00:00.000Z',
          info: newer.report.node,
        });
      });

      it('settles two runs starting in the same millisecond on the greater id, whatever their order', async () => {
        const at = '2026-11-10T00:00:00.000Z';
        const [first, second] = [buildRun({ node: 'web', runId: 'a', environment: 'production', startedAt: at }), buildRun({ node: 'web', runId: 'b', environment: 'staging', startedAt: at })];
        const greater = first.id > second.id ? first : second;
        await write(greater);
        await write(greater === first ? second : first);
        expect(await store.nodes.get('acme', 'web')).toMatchObject({ lastRun: greater.id, environment: greater.report.node.environment });
      });

      it('records run_start and node_ping, creating nodes it has not seen', async () => {
        await store.write({
          runs: [],
          nodeEvents: [
            { tenant: 'acme', node: 'new', source: 'chef', kind: 'run_start', at: '2026-11-12T00:00:00.000Z', agentRunId: 'r1' },
            { tenant: 'acme', node: 'new', source: 'chef', kind: 'ping', at: '2026-11-12T00:05:00.000Z' },
          ],
        });
        expect(await store.nodes.get('acme', 'new')).toMatchObject({
          lastRunStartedAt: '2026-11-12T00:00:00.000Z',
          lastPingAt: '2026-11-12T00:05:00.000Z',
          lastSeen: '2026-11-12T00:05:00.000Z',
        });
      });

      it('lists nodes by name with filters and paging', async () => {
        await write(
          buildRun({ node: 'web-1', environment: 'prod' }),
          buildRun({ node: 'web-2', environment: 'prod', status: 'failure' }),
          buildRun({ node: 'db-1', environment: 'dev' }),
        );
        const names = async (filter: Parameters<Store['nodes']['list']>[1]) =>
          (await store.nodes.list('acme', filter, { limit: 10 })).items.map((n) => n.name);
        expect(await names({})).toEqual(['db-1', 'web-1', 'web-2']);
        expect(await names({ environment: 'prod' })).toEqual(['web-1', 'web-2']);
        expect(await names({ status: 'failure' })).toEqual(['web-2']);
        expect(await names({ q: 'web' })).toEqual(['web-1', 'web-2']);
        expect((await all((cursor) => store.nodes.list('acme', {}, { limit: 1, ...(cursor ? { cursor } : {}) }))).map((n) => n.name)).toEqual(['db-1', 'web-1', 'web-2']);
      });
    });

    it('keeps tenants apart everywhere', async () => {
      const theirs = buildRun({ tenant: 'globex', node: 'shared-name', resources: [{ title: 'secret-file' }] });
      await write(theirs, buildRun({ tenant: 'acme', node: 'mine' }));
      expect((await store.runs.list('acme', {}, { limit: 10 })).items.map((r) => r.node)).toEqual(['mine']);
      expect(await store.runs.get('acme', theirs.id)).toBeUndefined();
      expect(await store.runs.raw('acme', theirs.id)).toBeUndefined();
      expect((await store.changes.list('acme', { q: 'secret' }, { limit: 10 })).items).toEqual([]);
      expect((await store.runs.list('acme', { q: 'secret' }, { limit: 10 })).items).toEqual([]);
      expect(await store.nodes.get('acme', 'shared-name')).toBeUndefined();
      expect((await store.nodes.list('globex', {}, { limit: 10 })).items.map((n) => n.name)).toEqual(['shared-name']);
    });

    it('purges runs, their changes and raw bodies older than the cutoff', async () => {
      const old = buildRun({ startedAt: '2025-01-01T00:00:00.000Z' });
      const recent = buildRun({ startedAt: '2026-11-01T00:00:00.000Z' });
      await write(old, recent);
      expect(await store.purgeRunsBefore(new Date('2026-01-01T00:00:00Z'))).toEqual({ runs: 1, changes: 1 });
      expect(await store.runs.get('acme', old.id)).toBeUndefined();
      expect(await store.runs.raw('acme', old.id)).toBeUndefined();
      expect((await store.changes.list('acme', {}, { limit: 10 })).items.map((c) => c.run)).toEqual([recent.id]);
    });

    describe('tokens', () => {
      const token = { id: 'tok_1', tenant: 'acme', role: 'ingest' as const, name: 'fleet', prefix: 'rl_abcdefg', createdAt: '2026-11-01T00:00:00.000Z', createdBy: 'cli', hash: 'h1' };

      it('finds a token by its hash, lists it without the hash, revokes it', async () => {
        await store.tokens.create(token);
        const { hash, ...record } = token;
        expect(await store.tokens.findByHash('h1')).toEqual(record);
        expect(await store.tokens.list('acme')).toEqual([record]);
        expect(await store.tokens.list('globex')).toEqual([]);
        expect(await store.tokens.count()).toBe(1);
        expect(await store.tokens.revoke('globex', 'tok_1', '2026-11-02T00:00:00.000Z')).toBe(false);
        expect(await store.tokens.revoke('acme', 'tok_1', '2026-11-02T00:00:00.000Z')).toBe(true);
        expect(await store.tokens.revoke('acme', 'tok_1', '2026-11-03T00:00:00.000Z')).toBe(false);
        await store.tokens.touch('tok_1', '2026-11-04T00:00:00.000Z');
        expect(await store.tokens.findByHash('h1')).toEqual({ ...record, revokedAt: '2026-11-02T00:00:00.000Z', lastUsedAt: '2026-11-04T00:00:00.000Z' });
      });
    });

    describe('audit log', () => {
      it('chains entries and verifies the chain', async () => {
        const first = await store.audit.append({ actor: 'cli', action: 'token.create', outcome: 'success', tenant: 'acme', details: { role: 'admin' } });
        const second = await store.audit.append({ actor: 'anonymous', action: 'auth.failure', outcome: 'denied', sourceIp: '10.0.0.9' });
        expect(first).toMatchObject({ seq: 1, prevHash: '0'.repeat(64) });
        expect(second).toMatchObject({ seq: 2, prevHash: first.hash });
        expect(await store.audit.verify()).toEqual({ ok: true, checked: 2, head: { seq: 2, hash: second.hash } });
      });

      it('lists newest first, by tenant and action, in pages', async () => {
        for (const action of ['a', 'b', 'a']) await store.audit.append({ actor: 'x', action, outcome: 'success', tenant: 'acme' });
        await store.audit.append({ actor: 'x', action: 'a', outcome: 'success', tenant: 'globex' });
        const page = await store.audit.list({ tenant: 'acme', action: 'a' }, { limit: 1 });
        expect(page.items.map((e) => e.seq)).toEqual([3]);
        const next = await store.audit.list({ tenant: 'acme', action: 'a' }, { limit: 1, cursor: page.nextCursor! });
        expect(next.items.map((e) => e.seq)).toEqual([1]);
        expect(next.nextCursor).toBeUndefined();
      });
    });

    plansContract(() => store);
    usersContract(() => store);
    statsContract(() => store);
    alertsContract(() => store);
    alertRoutingContract(() => store);
    reportingContract(() => store);
    reportRecordsContract(() => store);
    reportSchedulesContract(() => store);
    ingestUsageContract(() => store);
  });
}
