// `runledger route show|set|reset`: the alert routing tree through the API with the caller's
// token (an admin of the system tenant), so every change is attributed and audited. `show`
// prints YAML that `set` takes back.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import yaml from 'js-yaml';
import type { alertRoutesView } from '../../api/alert-routes.route.ts';
import type { Config } from '../../core/config.ts';
import { connectedClient } from '../api-client.ts';

type RoutesView = ReturnType<typeof alertRoutesView>;

function describeSource(view: RoutesView): string {
  const where = view.source === 'api' ? 'written through the API' : 'from config (alerts.route)';
  const when = view.changedAt ? `, changed ${view.changedAt} by ${view.changedBy?.name ?? '?'}` : '';
  return `revision ${view.revision}: ${where}${when}`;
}

/** The routing document of a YAML (or JSON) file: { route, inhibitRules? }, as alerts.route and
 *  alerts.inhibitRules in config. */
export function readRoutingFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`cannot read ${path}: ${(err as Error).message}`);
  }
  let document: unknown;
  try {
    document = yaml.load(text);
  } catch (err) {
    throw new Error(`${path} is not valid YAML: ${(err as Error).message}`);
  }
  if (!document || typeof document !== 'object' || !('route' in document)) throw new Error(`${path}: write the tree under a top-level 'route:' key, as \`runledger route show\` prints it`);
  return document;
}

export function routeCommands(route: Command, config: () => Config): void {
  const client = connectedClient(route, () => config().port, 'admin');
  const ifMatch = (revision?: string): Record<string, string> => {
    if (revision === undefined) return {};
    if (!/^\d+$/.test(revision)) throw new Error(`--revision ${revision}: give the revision number \`runledger route show\` printed`);
    return { 'if-match': `"${revision}"` };
  };

  route
    .command('show')
    .description('Print the routing tree in effect as YAML (that `route set` takes), after a comment saying where it came from')
    .action(async () => {
      const view = await client()<RoutesView>('GET', '/api/v1/alert-routes');
      console.log(`# ${describeSource(view)}`);
      if (view.problem) console.log(`# problem: ${view.problem}`);
      process.stdout.write(yaml.dump({ route: view.route, inhibitRules: view.inhibitRules }, { noRefs: true, lineWidth: 120 }));
    });

  route
    .command('set')
    .argument('<file>', 'YAML file with the whole tree under route: and the inhibit rules under inhibitRules: (as `route show` prints them)')
    .option('--revision <n>', 'refuse (412) unless the tree is still at this revision')
    .description('Replace the whole routing tree and inhibit rules; every receiver named must be in alerts.receivers')
    .action(async (file: string, options: { revision?: string }) => {
      const view = await client()<RoutesView>('PUT', '/api/v1/alert-routes', { json: readRoutingFile(file) }, ifMatch(options.revision));
      console.log(describeSource(view));
    });

  route
    .command('reset')
    .option('--revision <n>', 'refuse (412) unless the tree is still at this revision')
    .description('Go back to the routing tree from config (alerts.route)')
    .action(async (options: { revision?: string }) => {
      console.log(describeSource(await client()<RoutesView>('DELETE', '/api/v1/alert-routes', undefined, ifMatch(options.revision))));
    });
}
