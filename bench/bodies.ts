// Request bodies for the ingest benchmark, grown from the project's own fixtures to the sizes
// the issue names: ~20 KB Puppet YAML reports and ~300 KB Chef run_converge messages. Each
// request gets its own run id, so every one is a distinct run to store.
import { readFileSync } from 'node:fs';
import yaml from 'js-yaml';
import { RUBY_SCHEMA } from '../ingest/decode/yaml.ts';

const RUN_ID = '00000000-0000-4000-8000-000000000000';

function fixture(path: string): string {
  return readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8');
}

type Doc = Record<string, unknown>;

/** A Puppet report with 24 resources, 5 of them changed files with diffs in the logs. */
export function puppetTemplate(): string {
  const report = yaml.load(fixture('puppet/2-file-changed.yaml'), { schema: RUBY_SCHEMA }) as Doc;
  const statuses = report.resource_statuses as Record<string, Doc>;
  const [fileKey, fileStatus] = Object.entries(statuses).find(([key]) => key.startsWith('File['))!;
  const logs = report.logs as Doc[];
  const diffLog = logs.find((l) => String(l.message).includes('\n+++ '))!;
  for (let i = 0; i < 16; i++) {
    const path = `/etc/app/conf.d/service-${i}.conf`;
    const changed = i < 4;
    const status: Doc = { ...structuredClone(fileStatus), title: path, resource: `File[${path}]`, changed, out_of_sync: changed };
    if (!changed) Object.assign(status, { events: [], change_count: 0, out_of_sync_count: 0 });
    statuses[`File[${path}]`] = status;
    if (changed) {
      logs.push({
        ...diffLog,
        source: `/Stage[main]/App/File[${path}]/content`,
        message: String(diffLog.message).replaceAll(fileKey.slice(5, -1), path),
      });
    }
  }
  report.transaction_uuid = RUN_ID;
  return `--- !ruby/object:Puppet::Transaction::Report\n${yaml.dump(report, { lineWidth: 80 }).replace(/^--- \n/, '')}`;
}

/** A Chef run_converge with 200 resources, 20 of them updated (a template with its delta, a
 *  package, a service in turn), and an Ohai-sized node attribute tree. */
export function chefTemplate(): string {
  const message = JSON.parse(fixture('chef/run-converge-success.json')) as Doc & { resources: Doc[]; node: { automatic: Doc } };
  const updated = message.resources.filter((r) => r.status === 'updated');
  const steady = message.resources.filter((r) => r.status !== 'updated');
  message.resources = Array.from({ length: 200 }, (_, i) => {
    const template = i % 10 === 0 ? updated[(i / 10) % updated.length]! : steady[i % steady.length]!;
    return { ...structuredClone(template), name: `resource-${i}`, id: `resource-${i}` };
  });
  message.total_resource_count = 200;
  message.updated_resource_count = message.resources.filter((r) => r.status === 'updated').length;
  message.node.automatic.packages = Object.fromEntries(
    Array.from({ length: 1800 }, (_, i) => [`package-${i}`, { version: `1.${i}.0-1`, arch: 'amd64', publisher: 'Debian' }]),
  );
  message.run_id = RUN_ID;
  message.id = RUN_ID;
  return JSON.stringify(message);
}

/** The template with the n-th run id in place of the placeholder. */
export function withRunId(template: string, n: number): Buffer {
  const id = `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
  return Buffer.from(template.replaceAll(RUN_ID, id));
}
