// The `runledger` command as a user runs it: a separate process, configured by environment.
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config.ts';
import { hashToken } from '../../core/tokens.ts';
import { createSqliteStore } from '../../store/sqlite/sqlite.store.ts';
import { startRuntime } from '../../cli/runtime.ts';
import { runledger } from '../helpers/cli.ts';
import { testConfigInput } from '../helpers/runtime.ts';


const freshEnv = () => ({ RUNLEDGER_DATA_DIR: mkdtempSync(join(tmpdir(), 'rl-cli-')) });
const lastLine = (text: string) => text.trim().split('\n').at(-1)!;

describe('runledger token create', () => {
  it('prints a new token as its last line, stored only as a hash, without a running server', async () => {
    const env = freshEnv();
    const { code, stdout } = await runledger(env, 'token', 'create', '--tenant', 'acme', '--role', 'auditor', '--name', 'qsa');
    expect(code).toBe(0);
    const token = lastLine(stdout);
    expect(token).toMatch(/^rl_[A-Za-z0-9_-]{43}$/);
    const store = createSqliteStore({ path: join(env.RUNLEDGER_DATA_DIR, 'runledger.db') });
    expect(await store.tokens.findByHash(hashToken(token))).toMatchObject({ tenant: 'acme', role: 'auditor', name: 'qsa', createdBy: 'cli' });
    const db = new Database(join(env.RUNLEDGER_DATA_DIR, 'runledger.db'), { readonly: true });
    expect(JSON.stringify(db.prepare('SELECT * FROM tokens').all())).not.toContain(token);
    db.close();
    await store.close();
  });

  it('creates a token the running server accepts at once', async () => {
    const config = loadConfig({ env: { REDIS_URL: process.env.REDIS_URL }, overrides: testConfigInput() });
    const runtime = await startRuntime(config);
    try {
      const { stdout } = await runledger({ RUNLEDGER_DATA_DIR: config.dataDir }, 'token', 'create', '--tenant', 'acme', '--role', 'viewer');
      const response = await fetch(`${runtime.url}/api/v1/runs`, { headers: { authorization: `Bearer ${lastLine(stdout)}` } });
      expect(response.status).toBe(200);
    } finally {
      await runtime.close();
    }
  });

  it('refuses an unknown role, naming the allowed ones', async () => {
    const { code, stderr } = await runledger(freshEnv(), 'token', 'create', '--tenant', 'acme', '--role', 'root');
    expect(code).toBe(1);
    expect(stderr).toContain("--role must be one of: ingest, viewer, auditor, approver, admin (got 'root')");
  });
});

describe('runledger init', () => {
  it('prints an admin and an ingest token the first time only', async () => {
    const env = freshEnv();
    const first = await runledger(env, 'init');
    expect(first.stdout).toMatch(/admin token: {3}rl_\S+\n {2}ingest token: {2}rl_\S+/);
    expect(first.stdout).toContain('reporturl = http://runledger:rl_');
    const second = await runledger(env, 'init');
    expect(second.stdout).toContain('Tokens exist already');
    expect(second.stdout).not.toContain('rl_');
  });
});

describe('runledger audit verify', () => {
  it('passes on an intact log and names the first broken entry after tampering', async () => {
    const env = freshEnv();
    for (const role of ['viewer', 'admin', 'ingest']) await runledger(env, 'token', 'create', '--tenant', 'acme', '--role', role);
    const intact = await runledger(env, 'audit', 'verify');
    expect(intact).toMatchObject({ code: 0 });
    expect(intact.stdout).toMatch(/^audit log intact: 3 entries, head #3 [0-9a-f]{64}/);

    const db = new Database(join(env.RUNLEDGER_DATA_DIR, 'runledger.db'));
    db.prepare("UPDATE audit_log SET details = '{\"role\":\"viewer\"}' WHERE seq = 2").run();
    db.close();
    const broken = await runledger(env, 'audit', 'verify');
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('audit log BROKEN at entry #2: its content does not match its hash: the entry was edited (1 entries before it are intact)');
  });
});

describe('configuration errors', () => {
  it('stop the command with exit code 2 and a message naming the key and its source', async () => {
    const { code, stderr } = await runledger({ ...freshEnv(), PORT: 'eighty' }, 'token', 'list', '--tenant', 'acme');
    expect(code).toBe(2);
    expect(stderr).toContain('Invalid configuration:\n  - port: Invalid input: expected number, received string [from environment variable PORT]');
  });
});
