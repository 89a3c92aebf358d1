// `runledger user create|disable`: web UI accounts, straight in the store (works without the
// server). The password is read from stdin (piped) or asked for without echo; never an argument,
// so it stays out of shell history and process lists.
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import type { Command } from 'commander';
import type { Config } from '../../core/config.ts';
import { CLI_ACTOR, type Role } from '../../core/roles.ts';
import { createUser, disableUser } from '../../core/users.ts';
import { openStore } from '../../store/index.ts';

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  }
  process.stderr.write('Password: ');
  const muted = new Writable({ write: (_chunk, _encoding, done) => done() });
  const prompt = createInterface({ input: process.stdin, output: muted, terminal: true });
  const password = await new Promise<string>((resolve) => prompt.question('', resolve));
  prompt.close();
  process.stderr.write('\n');
  return password;
}

export function userCommands(user: Command, config: () => Config, roles: Role[]): void {
  user
    .command('create')
    .description('Create a web UI account; the password comes from stdin or a prompt')
    .requiredOption('--tenant <tenant>', 'the tenant the user belongs to')
    .requiredOption('--role <role>', `one of: ${roles.join(', ')}`)
    .requiredOption('--name <name>', 'the sign-in name (unique across tenants)')
    .action(async (options: { tenant: string; role: string; name: string }) => {
      if (!roles.includes(options.role as Role)) throw new Error(`--role must be one of: ${roles.join(', ')} (got '${options.role}')`);
      const password = await readPassword();
      const store = openStore(config());
      try {
        const result = await createUser(store, { tenant: options.tenant, role: options.role as Role, name: options.name, password, actor: CLI_ACTOR });
        if (!result.ok) throw new Error(result.message);
        console.log(`Created user ${result.user.name} (${result.user.id}, tenant ${result.user.tenant}, role ${result.user.role})`);
      } finally {
        await store.close();
      }
    });

  user
    .command('disable')
    .description('Disable a user by id; their sessions end at the next request')
    .requiredOption('--tenant <tenant>')
    .argument('<id>')
    .action(async (id: string, options: { tenant: string }) => {
      const store = openStore(config());
      try {
        if (!(await disableUser(store, { tenant: options.tenant, id, actor: CLI_ACTOR }))) throw new Error(`no enabled user ${id} in tenant ${options.tenant}`);
        console.log(`Disabled ${id}`);
      } finally {
        await store.close();
      }
    });
}
