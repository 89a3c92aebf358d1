// `runledger audit verify|list`.
import type { Command } from 'commander';
import type { Config } from '../../core/config.ts';
import { openStore } from '../../store/index.ts';

export function auditCommands(audit: Command, config: () => Config): void {
  audit
    .command('verify')
    .description('Walk the hash chain; exits 1 and names the first broken entry if any was edited or deleted')
    .action(async () => {
      const store = openStore(config());
      try {
        const result = await store.audit.verify();
        if (result.ok) {
          console.log(`audit log intact: ${result.checked} entries${result.head ? `, head #${result.head.seq} ${result.head.hash}` : ''}`);
        } else {
          console.error(`audit log BROKEN at entry #${result.firstBroken!.seq}: ${result.firstBroken!.reason} (${result.checked} entries before it are intact)`);
          process.exitCode = 1;
        }
      } finally {
        await store.close();
      }
    });

  audit
    .command('list')
    .description('Print audit entries, newest first, as JSON lines')
    .option('--tenant <tenant>')
    .option('--action <action>')
    .option('--limit <n>', 'how many', '50')
    .action(async (options: { tenant?: string; action?: string; limit: string }) => {
      const store = openStore(config());
      try {
        const filter = { ...(options.tenant ? { tenant: options.tenant } : {}), ...(options.action ? { action: options.action } : {}) };
        const page = await store.audit.list(filter, { limit: Number(options.limit) });
        for (const entry of page.items) console.log(JSON.stringify(entry));
      } finally {
        await store.close();
      }
    });
}
