import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildRun } from '../../test/helpers/run-builder.ts';
import { storeContract } from '../testing/store-contract.ts';
import { MIGRATIONS } from './schema.ts';
import { createSqliteStore } from './sqlite.store.ts';

storeContract('sqlite', () => createSqliteStore({ path: ':memory:' }));

describe('sqlite store', () => {
  const fileStore = () => {
    const path = join(mkdtempSync(join(tmpdir(), 'rl-sqlite-')), 'runledger.db');
    return { path, store: createSqliteStore({ path }) };
  };

  it.each([
    { name: 'an edited entry', tamper: "UPDATE audit_log SET actor = 'mallory' WHERE seq = 2", want: { seq: 2, reason: 'its content does not match its hash: the entry was edited' } },
    { name: 'a deleted entry', tamper: 'DELETE FROM audit_log WHERE seq = 2', want: { seq: 3, reason: 'expected entry 2 but found 3: entries are missing' } },
    {
      name: 'a re-hashed entry',
      // Flip the first hex digit, whatever it is.
      tamper: "UPDATE audit_log SET hash = (CASE substr(hash, 1, 1) WHEN 'f' THEN 'e' ELSE 'f' END) || substr(hash, 2) WHERE seq = 2",
      want: { seq: 2, reason: 'its content does not match its hash: the entry was edited' },
    },
  ])('names the first broken audit entry after $name', async ({ tamper, want }) => {
    const { path, store } = fileStore();
    for (const actor of ['alice', 'bob', 'carol']) await store.audit.append({ actor, action: 'token.create', outcome: 'success' });
    const db = new Database(path);
    db.exec(tamper);
    db.close();
    expect(await store.audit.verify()).toMatchObject({ ok: false, firstBroken: want });
    await store.close();
  });

  it('refuses a database written by a newer RunLedger', async () => {
    const { path, store } = fileStore();
    await store.close();
    const db = new Database(path);
    db.pragma('user_version = 999');
    db.close();
    expect(() => createSqliteStore({ path })).toThrow(/schema version 999 is newer than this RunLedger understands/);
  });

  it('keeps the desired content recorded before it moved onto the change rows', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'rl-sqlite-')), 'runledger.db');
    // The schema just before the move, with one change and its desired content.
    const moved = MIGRATIONS.findIndex((m) => m.includes('DROP TABLE desired_content'));
    const db = new Database(path);
    for (const migration of MIGRATIONS.slice(0, moved)) db.exec(migration);
    db.pragma(`user_version = ${moved}`);
    db.prepare(`INSERT INTO changes (id, run, ordinal, tenant, source, node, started_at, resource_type, title, status, messages, detail)
      VALUES ('c1', 'r1', 0, 'acme', 'puppet', 'web', ?, 'File', '/etc/app.conf', 'changed', '', '{}')`).run(Date.parse('2026-11-01T00:00:00Z'));
    db.prepare("INSERT INTO desired_content VALUES ('acme', 'web', 'File[/etc/app.conf]', ?, 'r1', '{sha256}abc')").run(Date.parse('2026-11-01T00:00:00Z'));
    db.close();

    const migrated = createSqliteStore({ path });
    expect(await migrated.history.previousContent('acme', 'web', ['File[/etc/app.conf]'], '2026-11-02T00:00:00.000Z')).toEqual(
      new Map([['File[/etc/app.conf]', { checksum: '{sha256}abc', run: 'r1' }]]),
    );
    await migrated.close();
  });

  it('shares one database between processes (WAL): a second connection sees committed writes', async () => {
    const { path, store } = fileStore();
    const other = createSqliteStore({ path });
    await store.audit.append({ actor: 'a', action: 'x', outcome: 'success' });
    await other.audit.append({ actor: 'b', action: 'y', outcome: 'success' });
    expect(await store.audit.verify()).toMatchObject({ ok: true, checked: 2 });
    await other.close();
    await store.close();
  });

  it('loads in bulk mode without a WAL, and a normal open afterwards reads the same data in WAL mode', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'rl-sqlite-')), 'runledger.db');
    const loading = createSqliteStore({ path, bulkLoad: true });
    const run = buildRun({ node: 'web01', startedAt: '2026-11-02T10:00:00.000Z' });
    await loading.write({ runs: [run], nodeEvents: [] });
    await loading.close();
    const store = createSqliteStore({ path });
    expect((await store.runs.get('acme', run.id))?.id).toBe(run.id);
    expect(new Database(path, { readonly: true }).pragma('journal_mode', { simple: true })).toBe('wal');
    await store.close();
  });
});
