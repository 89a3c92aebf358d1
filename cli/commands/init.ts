// `runledger init`: creates the store; on a store without tokens, issues the first admin
// and ingest tokens and prints them (once: later runs only say that tokens exist).
import type { Config } from '../../core/config.ts';
import { CLI_ACTOR } from '../../core/roles.ts';
import { issueToken } from '../../core/tokens.ts';
import { openStore } from '../../store/index.ts';

export async function initCommand(config: Config, tenant: string): Promise<void> {
  const store = openStore(config);
  try {
    if ((await store.tokens.count()) > 0) {
      console.log(`Store ready (${store.backend}). Tokens exist already; create more with: npx runledger token create --tenant ${tenant} --role admin`);
      return;
    }
    const admin = await issueToken(store, { tenant, role: 'admin', name: 'first admin', actor: CLI_ACTOR });
    const ingest = await issueToken(store, { tenant, role: 'ingest', name: 'first ingest', actor: CLI_ACTOR });
    const port = config.port;
    console.log(
      [
        `Store created (${store.backend}). Two tokens for tenant '${tenant}', shown only now — keep them:`,
        '',
        `  admin token:   ${admin.token}`,
        `  ingest token:  ${ingest.token}`,
        '',
        'Point Puppet at RunLedger (puppet.conf, [main] or [agent]):',
        `  reports = http`,
        `  reporturl = http://runledger:${ingest.token}@<this-host>:${port}/reports/upload`,
        'Point Chef at RunLedger (client.rb):',
        `  data_collector.server_url "http://<this-host>:${port}/data-collector/v0/"`,
        `  data_collector.token "${ingest.token}"`,
        '',
      ].join('\n'),
    );
  } finally {
    await store.close();
  }
}
