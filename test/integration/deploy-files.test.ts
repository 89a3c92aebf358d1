// The reference deployment under deploy/ is configuration a user copies: it must load.
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config.ts';

const file = (path: string) => readFileSync(new URL(`../../deploy/${path}`, import.meta.url), 'utf8');

describe('reference deployment', () => {
  it('has a systemd configuration that loads, with the Elasticsearch key from the environment', () => {
    const config = loadConfig({ file: new URL('../../deploy/runledger.yaml', import.meta.url).pathname, env: { RUNLEDGER_ES_API_KEY: 'k' } });
    expect(config.store).toMatchObject({ type: 'elasticsearch', shards: 3, replicas: 1, auth: { apiKey: { env: 'RUNLEDGER_ES_API_KEY' } } });
    expect(config.cluster).toEqual({ schedulerLockTtlMs: 15000, jobLockMs: 30000, stalledCheckMs: 30000 });
  });

  it('has Kubernetes manifests whose ConfigMap loads and whose pods run each role from it', () => {
    const docs = yaml.loadAll(file('kubernetes/config.yaml')) as { kind: string; data?: Record<string, string> }[];
    const dir = mkdtempSync(join(tmpdir(), 'rl-deploy-'));
    writeFileSync(join(dir, 'runledger.yaml'), docs.find((d) => d.kind === 'ConfigMap')!.data!['runledger.yaml']!);
    expect(loadConfig({ file: join(dir, 'runledger.yaml'), env: {} }).store).toMatchObject({ type: 'elasticsearch', auth: { apiKey: { file: '/var/run/secrets/runledger-es/api-key' } } });

    type Deployment = { kind: string; metadata: { name: string }; spec: { replicas: number; template: { spec: { containers: { args: string[] }[] } } } };
    const deployments = (yaml.loadAll(file('kubernetes/runledger.yaml')) as Deployment[]).filter((d) => d.kind === 'Deployment');
    expect(deployments.map((d) => [d.metadata.name, d.spec.replicas, d.spec.template.spec.containers[0]!.args])).toEqual([
      ['runledger-ingest', 2, ['start', '--role', 'ingest']],
      ['runledger-worker', 2, ['start', '--role', 'worker']],
      ['runledger-scheduler', 2, ['start', '--role', 'scheduler']],
    ]);
    const job = yaml.load(file('kubernetes/migrate-job.yaml')) as { spec: { template: { spec: { containers: { args: string[] }[] } } } };
    expect(job.spec.template.spec.containers[0]!.args).toEqual(['store', 'migrate']);
  });

  it('has a systemd template unit that starts the role it is instantiated for', () => {
    expect(file('systemd/runledger@.service')).toContain('ExecStart=/usr/bin/node /opt/runledger/bin/runledger.js start --role %i');
    expect(file('systemd/runledger-migrate.service')).toContain('ExecStart=/usr/bin/node /opt/runledger/bin/runledger.js store migrate');
  });
});
