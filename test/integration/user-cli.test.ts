// `runledger user create` as an operator runs it: a separate process, the password on stdin.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { authenticateUser } from '../../core/users.ts';
import { createSqliteStore } from '../../store/sqlite/sqlite.store.ts';

const BIN = new URL('../../bin/runledger.js', import.meta.url).pathname;

function runledger(env: Record<string, string>, stdin: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin!.end(stdin);
  });
}

describe('runledger user create', () => {
  it('creates an account whose password, read from stdin, signs in and is never printed', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rl-user-cli-'));
    const env = { RUNLEDGER_DATA_DIR: dataDir };
    const created = await runledger(env, 'a long enough password\n', 'user', 'create', '--tenant', 'acme', '--role', 'approver', '--name', 'alice');
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^Created user alice \(usr_[\w-]{12}, tenant acme, role approver\)\n$/);
    expect(created.stdout + created.stderr).not.toContain('long enough');
    const store = createSqliteStore({ path: join(dataDir, 'runledger.db') });
    try {
      expect(await authenticateUser(store, 'alice', 'a long enough password')).toMatchObject({ tenant: 'acme', role: 'approver', name: 'alice', createdBy: 'cli' });
    } finally {
      await store.close();
    }
    const again = await runledger(env, 'another long password\n', 'user', 'create', '--tenant', 'acme', '--role', 'viewer', '--name', 'alice');
    expect(again).toMatchObject({ code: 1, stderr: 'the name alice is taken\n' });
  });
});
