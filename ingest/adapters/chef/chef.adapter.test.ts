import { describe, expect, it } from 'vitest';
import { adapterContract, type Fixture, parseFixture, RECEIVED_AT, reportOf } from '../testing/adapter-contract.ts';

const json = (name: string): Fixture => ({ path: `chef/${name}.json`, syntax: 'json' });
const SUCCESS = json('run-converge-success');
const FAILURE = json('run-converge-failure');

adapterContract('chef', [SUCCESS, FAILURE]);

describe('chef adapter', () => {
  it('turns the delta into a unified diff, keeping a literal \\n that was part of the file', () => {
    const template = reportOf('chef', SUCCESS).resources.find((r) => r.type === 'template')!;
    expect(template.diff!.split('\n')).toEqual([
      '--- /etc/postgresql/16/main/postgresql.conf\t2026-11-20 08:00:01.000000000 +0000',
      '+++ /etc/postgresql/16/main/.chef-postgresql20261120-4711-abc123.conf\t2026-11-20 08:00:05.000000000 +0000',
      '@@ -1,4 +1,5 @@',
      " listen_addresses = '*'",
      '-max_connections = 100',
      '+max_connections = 300',
      ' shared_buffers = 8GB',
      "+log_line_prefix = '%m [%p]\\n'",
      ' # managed by Chef',
    ]);
    expect(template).toMatchObject({
      status: 'changed',
      path: '/etc/postgresql/16/main/postgresql.conf',
      contentChanged: true,
      desiredChecksum: `{sha256}${'2'.repeat(64)}`,
      container: 'postgresql::config',
      durationMs: 41,
    });
    expect(template.changes).toEqual([
      { property: 'checksum', before: '1'.repeat(64), after: '2'.repeat(64) },
      { property: 'mode', before: '0644', after: '0640' },
    ]);
  });

  it('takes environment, roles, tags, platform and capacity from the node, then leaves the node tree behind', () => {
    const report = reportOf('chef', SUCCESS);
    expect(report.node).toEqual({
      name: 'db01.example.com',
      id: '8f3b2c1d-7a6e-4f1a-9b2c-3d4e5f6a7b8c',
      environment: 'production',
      roles: ['database', 'postgresql::server', 'postgresql::config'],
      tags: ['pci', 'tier-1'],
      platform: { name: 'debian', version: '12.7', family: 'debian' },
      capacity: { cpuCount: 8, memoryBytes: 32780948 * 1024, diskBytes: 103081248 * 1024, diskUsedBytes: 41232100 * 1024 },
      facts: { fqdn: 'db01.example.com', ipaddress: '10.0.4.21', os: 'linux', organization: 'acme', chef_server: 'chef.example.com' },
    });
    expect(JSON.stringify(report)).not.toContain('filesystem2');
    expect(report).toMatchObject({ agent: { name: 'chef', version: '18.5.0' }, durationMs: 42_000, counts: { total: 5, changed: 3, skipped: 1, unchanged: 1 } });
  });

  it('reports a failed converge with the error, its backtrace and the failed resource', () => {
    const report = reportOf('chef', FAILURE);
    expect(report.status).toBe('failure');
    expect(report.errors[0]).toMatchObject({ class: 'Chef::Exceptions::Package', message: expect.stringContaining('no candidate') });
    expect(report.errors[0]!.backtrace).toHaveLength(2);
    const pkg = report.resources.find((r) => r.status === 'failed')!;
    expect(pkg).toMatchObject({ type: 'apt_package', title: 'postgresql-16', error: { message: 'postgresql-16 has no candidate in the apt-cache', class: 'Chef::Exceptions::Package' } });
    expect(report.counts).toMatchObject({ failed: 1, changed: 0, skipped: 2 });
  });

  it.each([
    { name: 'run_start', fixture: json('run-start'), want: { kind: 'run_start', agentRunId: '5f5f5f5f-1111-4222-8333-944444444444' } },
    { name: 'node_ping', fixture: json('node-ping'), want: { kind: 'ping' } },
  ])('turns $name into a node event', ({ fixture, want }) => {
    const result = parseFixture('chef', fixture);
    expect(result).toEqual({
      ok: true,
      item: { kind: 'node_event', event: { tenant: 'acme', node: 'db01.example.com', source: 'chef', at: RECEIVED_AT, ...want } },
    });
  });

  it('refuses other message types with a 400 that names the accepted ones', () => {
    expect(parseFixture('chef', json('action'))).toEqual({
      ok: false,
      rejection: {
        code: 'RL_INGEST_MESSAGE_TYPE',
        status: 400,
        message: "'action' messages are not accepted here; send message_type run_converge or run_start, or event_type node_ping",
      },
    });
  });
});
