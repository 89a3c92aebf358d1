// `runledger store migrate` as a user runs it: a separate process, configured by a file, with
// the Elasticsearch API key in the environment, talking HTTP to a local receiver that answers
// as Elasticsearch does (acknowledged: true, X-Elastic-Product header).
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { writeConfig } from '../helpers/processes.ts';

const exec = promisify(execFile);
const BIN = new URL('../../bin/runledger.js', import.meta.url).pathname;

describe('runledger store migrate', () => {
  it('puts the ILM policy and every index template over HTTP, authenticated with the key from the environment', async () => {
    const received: { method: string; url: string; headers: IncomingHttpHeaders; body: any }[] = [];
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        received.push({ method: request.method!, url: request.url!, headers: request.headers, body: body ? JSON.parse(body) : undefined });
        response.writeHead(200, { 'content-type': 'application/json', 'x-elastic-product': 'Elasticsearch' });
        response.end(JSON.stringify({ acknowledged: true }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const dir = mkdtempSync(join(tmpdir(), 'rl-store-cli-'));
      const config = writeConfig(dir, {
        dataDir: dir,
        store: { type: 'elasticsearch', nodes: [`http://127.0.0.1:${port}`], auth: { apiKey: { env: 'RUNLEDGER_ES_API_KEY' } }, indexPrefix: 'fleet' },
      });
      const { stdout } = await exec(process.execPath, [BIN, 'store', 'migrate'], { env: { ...process.env, RUNLEDGER_CONFIG: config, RUNLEDGER_ES_API_KEY: 'a2V5OnNlY3JldA==' } });
      expect(stdout.trim().split('\n')).toEqual([
        'elasticsearch: lifecycle policy fleet-history installed',
        'elasticsearch: index templates fleet-runs, fleet-changes, fleet-raw, fleet-nodes, fleet-plans, fleet-tokens, fleet-audit, fleet-counters, fleet-users, fleet-alerts, fleet-firing_alerts, fleet-silences, fleet-deliveries, fleet-dead_letters, fleet-reports, fleet-alert_routing, fleet-report_schedules, fleet-ingest_usage installed',
      ]);
      const puts = received.filter((r) => r.method === 'PUT').map((r) => r.url.split('?')[0]);
      expect(puts.slice(0, 19)).toEqual([
        '/_ilm/policy/fleet-history',
        ...['runs', 'changes', 'raw', 'nodes', 'plans', 'tokens', 'audit', 'counters', 'users', 'alerts', 'firing_alerts', 'silences', 'deliveries', 'dead_letters', 'reports', 'alert_routing', 'report_schedules', 'ingest_usage'].map((kind) => `/_index_template/fleet-${kind}`),
      ]);
      expect(new Set(received.map((r) => r.headers.authorization))).toEqual(new Set(['ApiKey a2V5OnNlY3JldA==']));
      expect(received[1]!.body).toMatchObject({ index_patterns: ['fleet-runs-*'], template: { mappings: { dynamic: 'strict' } } });
      expect(stdout).not.toContain('a2V5OnNlY3JldA==');
    } finally {
      server.close();
    }
  });
});
