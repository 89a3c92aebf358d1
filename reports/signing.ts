// Seals generated reports: a manifest lists every file with its SHA-256, and an Ed25519
// signature (node:crypto) covers the manifest's exact bytes. The key pair is created on
// first use under the data directory (private key mode 0600) unless a key file is configured.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, randomBytes, sign, verify } from 'node:crypto';
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const MANIFEST_FILE = 'manifest.json';
export const SIGNATURE_FILE = 'manifest.sig';

export interface ManifestFile {
  name: string;
  sha256: string;
  bytes: number;
}

export interface Manifest {
  schema: 'runledger.report-manifest/v1';
  reportId: string;
  definition: string;
  tenant: string;
  params: Record<string, unknown>;
  generatedAt: string;
  files: ManifestFile[];
  signature: { algorithm: 'Ed25519'; keyId: string };
}

export interface SigningKey {
  privateKey: KeyObject;
  publicKeyPem: string;
  keyId: string;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** SHA-256 of the public key (SPKI DER): names the key in manifests. */
export function keyIdOf(publicKey: KeyObject): string {
  return sha256Hex(publicKey.export({ type: 'spki', format: 'der' })).slice(0, 32);
}

export function defaultKeyPath(dataDir: string): string {
  return join(dataDir, 'keys', 'report-signing.pem');
}

/** Loads the Ed25519 private key at `path`, creating it (0600) when `create` and absent. */
export function loadSigningKey(path: string, create: boolean): SigningKey {
  if (!existsSync(path)) {
    if (!create) throw new Error(`[reports:signing] no signing key at ${path}`);
    const { privateKey } = generateKeyPairSync('ed25519');
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    // Processes starting together may each create one: the key is written aside and linked into
    // place (atomic, never over an existing key), so every process reads the one complete key.
    const aside = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(aside, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    chmodSync(aside, 0o600);
    try {
      linkSync(aside, path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      unlinkSync(aside);
    }
  }
  const privateKey = createPrivateKey(readFileSync(path));
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`[reports:signing] ${path} is not an Ed25519 private key`);
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), keyId: keyIdOf(publicKey) };
}

/** `files`: each with the SHA-256 and size taken as it was written. */
export function buildManifest(fields: Omit<Manifest, 'schema' | 'files' | 'signature'>, files: readonly ManifestFile[], keyId: string): Manifest {
  return {
    schema: 'runledger.report-manifest/v1',
    ...fields,
    files: files.map((f) => ({ name: f.name, sha256: f.sha256, bytes: f.bytes })),
    signature: { algorithm: 'Ed25519', keyId },
  };
}

/** The manifest file's bytes and their detached signature (base64). */
export function signManifest(manifest: Manifest, key: SigningKey): { manifest: Uint8Array; signature: string } {
  const bytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
  return { manifest: bytes, signature: sign(null, bytes, key.privateKey).toString('base64') };
}

export type VerifyResult = { ok: true; manifest: Manifest } | { ok: false; reason: string };

/** Checks the signature over the manifest bytes, then each given file against the manifest. */
export function verifyReport(
  manifestBytes: Uint8Array,
  signature: string,
  publicKeyPem: string,
  files: ReadonlyMap<string, Uint8Array>,
): VerifyResult {
  return verifyDigests(manifestBytes, signature, publicKeyPem, new Map([...files].map(([name, bytes]) => [name, sha256Hex(bytes)])));
}

/** The same check with each file's SHA-256 (hex) taken by the caller, e.g. while streaming a large file. */
export function verifyDigests(manifestBytes: Uint8Array, signature: string, publicKeyPem: string, digests: ReadonlyMap<string, string>): VerifyResult {
  const publicKey = createPublicKey(publicKeyPem);
  if (!verify(null, manifestBytes, publicKey, Buffer.from(signature.trim(), 'base64'))) {
    return { ok: false, reason: 'the manifest signature does not match this public key (manifest altered or signed by another key)' };
  }
  const manifest = JSON.parse(Buffer.from(manifestBytes).toString('utf8')) as Manifest;
  if (digests.size === 0) return { ok: false, reason: 'no report file to check against the manifest' };
  for (const [name, actual] of digests) {
    const listed = manifest.files.find((f) => f.name === name);
    if (!listed) return { ok: false, reason: `${name} is not listed in the manifest` };
    if (actual !== listed.sha256) return { ok: false, reason: `${name}: SHA-256 ${actual} differs from the manifest's ${listed.sha256} (the file was changed)` };
  }
  return { ok: true, manifest };
}
