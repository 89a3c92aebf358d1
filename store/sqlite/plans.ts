// Planned changes: the plan itself as JSON, with the columns that listing, matching and
// expiry filter on.
import type { PlannedChange } from '../../core/planned-change.ts';
import type { PlanMatchCounts, Store } from '../types.ts';
import type { SqliteDatabase } from './database.ts';
import { newestFirst, type Row } from './paging.ts';
import { Where } from './where.ts';

const toPlan = (row: Row): PlannedChange => JSON.parse(row.body as string) as PlannedChange;

function columns(plan: PlannedChange) {
  return {
    id: plan.id,
    tenant: plan.tenant,
    state: plan.state,
    ticket: plan.ticket,
    title: plan.title,
    windowFrom: Date.parse(plan.window.from),
    windowUntil: Date.parse(plan.window.until),
    createdAt: Date.parse(plan.createdAt),
    updatedAt: Date.parse(plan.updatedAt),
    version: plan.version,
    body: JSON.stringify(plan),
  };
}

export function createPlans(db: SqliteDatabase): Store['plans'] {
  const insert = db.prepare(`INSERT INTO plans (id, tenant, state, ticket, title, window_from, window_until, created_at, updated_at, version, body)
    VALUES (@id, @tenant, @state, @ticket, @title, @windowFrom, @windowUntil, @createdAt, @updatedAt, @version, @body)`);
  const update = db.prepare(`UPDATE plans SET state = @state, ticket = @ticket, title = @title, window_from = @windowFrom,
    window_until = @windowUntil, updated_at = @updatedAt, version = @version, body = @body
    WHERE tenant = @tenant AND id = @id AND version = @version - 1`);
  const bump = db.prepare(`INSERT INTO plan_revisions (tenant, revision) VALUES (?, 1)
    ON CONFLICT (tenant) DO UPDATE SET revision = revision + 1`);
  const get = db.prepare('SELECT body FROM plans WHERE tenant = ? AND id = ?');
  const matchable = db.prepare("SELECT body FROM plans WHERE tenant = ? AND state IN ('approved', 'expired', 'revoked') AND window_until > ?");
  const revision = db.prepare('SELECT revision FROM plan_revisions WHERE tenant = ?').pluck();
  const expiring = db.prepare("SELECT body FROM plans WHERE state = 'approved' AND window_until <= ?");
  const counts = db.prepare(`SELECT plan_id AS plan, classification, count(*) AS n FROM changes
    WHERE tenant = ? AND plan_id IN (SELECT value FROM json_each(?)) GROUP BY plan_id, classification`);

  const write = (statement: 'insert' | 'update') =>
    db.transaction((plan: PlannedChange) => {
      const changed = (statement === 'insert' ? insert : update).run(columns(plan)).changes === 1;
      if (changed) bump.run(plan.tenant);
      return changed;
    });
  const insertPlan = write('insert');
  const updatePlan = write('update');

  return {
    async create(plan) {
      insertPlan.immediate(plan);
    },
    async get(tenant, id) {
      const row = get.get(tenant, id) as Row | undefined;
      return row && toPlan(row);
    },
    async update(plan) {
      return updatePlan.immediate(plan);
    },
    async list(tenant, filter, page) {
      const where = new Where().add('tenant = ?', tenant).addIf(filter.state, 'state = ?');
      return newestFirst(db, { table: 'plans', timeColumn: 'created_at', where }, page, toPlan);
    },
    async matchable(tenant, since) {
      return (matchable.all(tenant, since.getTime()) as Row[]).map(toPlan);
    },
    async revision(tenant) {
      return (revision.get(tenant) as number | undefined) ?? 0;
    },
    async expiring(now) {
      return (expiring.all(now.getTime()) as Row[]).map(toPlan);
    },
    async matchCounts(tenant, ids) {
      const result: Record<string, PlanMatchCounts> = Object.fromEntries(ids.map((id) => [id, { planned: 0, outOfWindow: 0, revokedOnly: 0 }]));
      for (const row of counts.all(tenant, JSON.stringify(ids)) as { plan: string; classification: string; n: number }[]) {
        const entry = result[row.plan]!;
        if (row.classification === 'planned') entry.planned = row.n;
        else if (row.classification === 'out_of_window') entry.outOfWindow = row.n;
        else if (row.classification === 'unplanned') entry.revokedOnly = row.n;
      }
      return result;
    },
  };
}
