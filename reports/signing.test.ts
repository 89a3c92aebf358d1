import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileArchive } from './archive.ts';
import { pciDssReport } from './definitions/pci-dss.report.ts';
import { generateReport } from './generate.ts';
import { defaultKeyPath, loadSigningKey, MANIFEST_FILE, SIGNATURE_FILE, verifyReport } from './signing.ts';
import { createTemplateEngine } from './templates/engine.ts';
import { SEED_PERIOD, seedContext, seededStore } from './testing/seed.ts';

const dataDir = () => mkdtempSync(join(tmpdir(), 'rl-sign-'));

async function generated(keyPath: string) {
  const store = await seededStore();
  try {
    const key = loadSigningKey(keyPath, true);
    const output = await createFileArchive(join(dataDir(), 'reports')).open('acme', 'rpt_test');
    const report = await generateReport(pciDssReport, { reportId: 'rpt_test', params: SEED_PERIOD, formats: ['html', 'json', 'csv'] }, {
      ctx: seedContext(store), engine: createTemplateEngine(), signingKey: key, chromiumPath: '/usr/bin/chromium', output,
    });
    const byName = new Map(report.files.map((f): [string, Uint8Array] => [f.name, readFileSync(output.path(f.name))]));
    return { key, report, byName };
  } finally {
    await store.close();
  }
}

const content = (byName: Map<string, Uint8Array>) => new Map([...byName].filter(([name]) => name !== MANIFEST_FILE && name !== SIGNATURE_FILE));

describe('report signing', () => {
  it('creates the key pair once, with the private key readable only by its owner', () => {
    const path = defaultKeyPath(dataDir());
    const first = loadSigningKey(path, true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(loadSigningKey(path, true).keyId).toBe(first.keyId);
    expect(first.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
  });

  it('lists every rendered file with its SHA-256 in the manifest, and the manifest verifies', async () => {
    const { key, report, byName } = await generated(defaultKeyPath(dataDir()));
    expect(report.manifest.files.map((f) => f.name)).toEqual(['rpt_test.html', 'rpt_test.json', 'rpt_test.csv.zip']);
    expect(report.manifest).toMatchObject({ reportId: 'rpt_test', definition: 'pci-dss', tenant: 'acme', signature: { algorithm: 'Ed25519', keyId: key.keyId } });
    const result = verifyReport(byName.get(MANIFEST_FILE)!, Buffer.from(byName.get(SIGNATURE_FILE)!).toString(), key.publicKeyPem, content(byName));
    expect(result).toMatchObject({ ok: true });
  });

  it.each([
    { name: 'one byte of a report file changed', file: 'rpt_test.html', want: /rpt_test\.html: SHA-256 .* differs/ },
    { name: 'one byte of the manifest changed', file: MANIFEST_FILE, want: /signature does not match/ },
  ])('fails when $name', async ({ file, want }) => {
    const { key, byName } = await generated(defaultKeyPath(dataDir()));
    const tampered = Uint8Array.from(byName.get(file)!);
    tampered[200] = tampered[200]! ^ 1;
    byName.set(file, tampered);
    const result = verifyReport(byName.get(MANIFEST_FILE)!, Buffer.from(byName.get(SIGNATURE_FILE)!).toString(), key.publicKeyPem, content(byName));
    expect(result).toEqual({ ok: false, reason: expect.stringMatching(want) });
  });

  it('fails against another public key', async () => {
    const { byName } = await generated(defaultKeyPath(dataDir()));
    const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(verifyReport(byName.get(MANIFEST_FILE)!, Buffer.from(byName.get(SIGNATURE_FILE)!).toString(), other, content(byName))).toMatchObject({ ok: false });
  });
});

describe('report signing key creation', () => {
  it('gives processes that create the key at the same moment one and the same key', async () => {
    const path = defaultKeyPath(dataDir());
    const script = `import { loadSigningKey } from ${JSON.stringify(new URL('./signing.ts', import.meta.url).pathname)}; console.log(loadSigningKey(${JSON.stringify(path)}, true).keyId);`;
    const ids = await Promise.all(
      Array.from({ length: 4 }, () => new Promise<string>((resolve, reject) => {
        execFile(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], (err, stdout) => (err ? reject(err) : resolve(stdout.trim())));
      })),
    );
    expect(new Set(ids)).toEqual(new Set([loadSigningKey(path, false).keyId]));
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });
});
