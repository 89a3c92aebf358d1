// `runledger token create|list|revoke`: talks to the store directly, so it works whether or
// not the server runs. The new token is always the last line printed.
import type { Command } from 'commander';
import type { Config } from '../../core/config.ts';
import { CLI_ACTOR, type Role } from '../../core/roles.ts';
import { issueToken, revokeToken } from '../../core/tokens.ts';
import { openStore } from '../../store/index.ts';

export function tokenCommands(token: Command, config: () => Config, roles: Role[]): void {
  token
    .command('create')
    .description('Create a token; prints it once, as the last line')
    .requiredOption('--tenant <tenant>', 'the tenant the token is scoped to')
    .requiredOption('--role <role>', `one of: ${roles.join(', ')}`)
    .option('--name <name>', 'what the token is for', 'cli')
    .action(async (options: { tenant: string; role: string; name: string }) => {
      if (!roles.includes(options.role as Role)) throw new Error(`--role must be one of: ${roles.join(', ')} (got '${options.role}')`);
      const store = openStore(config());
      try {
        const { token: secret, record } = await issueToken(store, { tenant: options.tenant, role: options.role as Role, name: options.name, actor: CLI_ACTOR });
        console.log(`Created token ${record.id} (tenant ${record.tenant}, role ${record.role}). It is shown only now:`);
        console.log(secret);
      } finally {
        await store.close();
      }
    });

  token
    .command('list')
    .description("List a tenant's tokens (never the secrets)")
    .requiredOption('--tenant <tenant>')
    .action(async (options: { tenant: string }) => {
      const store = openStore(config());
      try {
        for (const t of await store.tokens.list(options.tenant)) {
          console.log([t.id, t.role, t.name, `${t.prefix}…`, t.createdAt, t.revokedAt ? `revoked ${t.revokedAt}` : 'active'].join('\t'));
        }
      } finally {
        await store.close();
      }
    });

  token
    .command('revoke')
    .description('Revoke a token by id')
    .requiredOption('--tenant <tenant>')
    .argument('<id>')
    .action(async (id: string, options: { tenant: string }) => {
      const store = openStore(config());
      try {
        if (!(await revokeToken(store, { tenant: options.tenant, id, actor: CLI_ACTOR }))) {
          throw new Error(`no active token ${id} in tenant ${options.tenant}`);
        }
        console.log(`Revoked ${id}`);
      } finally {
        await store.close();
      }
    });
}
