// `runledger report verify FILE`: checks a downloaded report against its signed manifest.
import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { Config } from '../../core/config.ts';
import { defaultKeyPath, loadSigningKey } from '../../reports/signing.ts';
import { verifyDownload } from '../../reports/verify-download.ts';

interface VerifyFlags {
  key?: string;
  manifest?: string;
  signature?: string;
}

/** The public key from --key (PEM, as GET /api/v1/reports/signing-key serves it), else this installation's own key. */
function publicKey(flags: VerifyFlags, config: () => Config): string {
  if (flags.key) return createPublicKey(readFileSync(flags.key)).export({ type: 'spki', format: 'pem' }).toString();
  const cfg = config();
  return loadSigningKey(cfg.reports.signingKeyPath ?? defaultKeyPath(cfg.dataDir), false).publicKeyPem;
}

export function reportCommands(report: Command, config: () => Config): void {
  report
    .command('verify')
    .description('Check a downloaded report (bundle zip, or one file with manifest.json and manifest.sig beside it); exits 1 and says why when it fails')
    .argument('<file>', 'the downloaded file')
    .option('--key <pem>', 'public key file (default: this installation\'s signing key)')
    .option('--manifest <file>', 'manifest.json for a single file (default: next to it)')
    .option('--signature <file>', 'manifest.sig for a single file (default: next to it)')
    .action((file: string, flags: VerifyFlags) => {
      const result = verifyDownload(file, { publicKeyPem: publicKey(flags, config), ...(flags.manifest ? { manifest: flags.manifest } : {}), ...(flags.signature ? { signature: flags.signature } : {}) });
      if (result.ok) {
        const { manifest } = result;
        console.log(`verified: report ${manifest.reportId} (${manifest.definition}, tenant ${manifest.tenant}, generated ${manifest.generatedAt}), signed by key ${manifest.signature.keyId}`);
      } else {
        console.error(`NOT verified: ${result.reason}`);
        process.exitCode = 1;
      }
    });
}
