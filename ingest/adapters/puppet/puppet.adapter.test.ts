import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { adapterContract, type Fixture, fixtureBytes, parseFixture, reportOf } from '../testing/adapter-contract.ts';

const yaml = (name: string): Fixture => ({ path: `puppet/${name}.yaml`, syntax: 'yaml' });
const FIXTURES = {
  created: yaml('1-file-created'),
  changed: yaml('2-file-changed'),
  changedJson: { path: 'puppet/2-file-changed.json', syntax: 'json' } as Fixture,
  handEdit: yaml('3-hand-edit-reverted'),
  execFailed: yaml('4-exec-failed'),
  noop: yaml('5-noop-pending'),
  unchanged: yaml('6-unchanged'),
};

adapterContract('puppet', Object.values(FIXTURES));

describe('puppet adapter', () => {
  const conf = '/tmp/runledger-fixture-node/files/app.conf';

  it('records a created file with the checksum of the content Puppet wants', () => {
    const [file] = reportOf('puppet', FIXTURES.created).resources;
    expect(file).toMatchObject({ type: 'File', title: conf, path: conf, status: 'changed', contentChanged: true });
    expect(file!.desiredChecksum).toMatch(/^\{sha256\}[0-9a-f]{64}$/);
  });

  it('attaches the diff that Puppet only puts in its logs to the file resource', () => {
    const report = reportOf('puppet', FIXTURES.changed);
    const file = report.resources.find((r) => r.title === conf)!;
    expect(file.diff).toMatch(/^--- \/tmp\/runledger-fixture-node\/files\/app.conf\t/);
    expect(file.diff).toContain('\n-port = 8080\n+port = 9090\n');
    expect(file.changes).toEqual([expect.objectContaining({ property: 'content', before: expect.stringMatching(/^\{sha256\}/), after: file.desiredChecksum })]);
    expect(report).toMatchObject({ status: 'success', node: { name: 'web01.example.com', environment: 'production', roles: ['App'] } });
  });

  it('reads the JSON report an agent sends exactly like the YAML of the same run', () => {
    const fromYaml = reportOf('puppet', FIXTURES.changed);
    const fromJson = reportOf('puppet', FIXTURES.changedJson);
    expect(fromJson).toEqual(fromYaml);
  });

  it('keeps puppet apply\'s corrective flag (false) for a reverted hand edit, with the diff of the edit', () => {
    const report = reportOf('puppet', FIXTURES.handEdit);
    const file = report.resources.find((r) => r.title === conf)!;
    expect(file).toMatchObject({ status: 'changed', corrective: false, contentChanged: true });
    expect(file.diff).toContain('-workers = 64 # tuned by hand\n+workers = 4');
    expect(file.desiredChecksum).toBe(reportOf('puppet', FIXTURES.changed).resources.find((r) => r.title === conf)!.desiredChecksum);
  });

  it('reports a failed exec with its error and the run as a failure', () => {
    const report = reportOf('puppet', FIXTURES.execFailed);
    expect(report.status).toBe('failure');
    expect(report.counts).toMatchObject({ failed: 1 });
    const exec = report.resources.find((r) => r.type === 'Exec')!;
    expect(exec).toMatchObject({ title: 'migrate-db', status: 'failed' });
    expect(exec.error!.message).toContain("'/bin/false' returned 1 instead of one of [0]");
    expect(exec.changes[0]).toMatchObject({ property: 'returns', before: 'notrun', after: ['0'] });
    expect(report.errors.map((e) => e.message)).toContain("'/bin/false' returned 1 instead of one of [0]");
  });

  it('reports a noop run as noop with the change it would make', () => {
    const report = reportOf('puppet', FIXTURES.noop);
    expect(report).toMatchObject({ status: 'noop', noop: true, counts: { noop: 1, changed: 0 } });
    expect(report.resources).toEqual([expect.objectContaining({ title: conf, status: 'noop' })]);
  });

  it('counts an unchanged run and lists no resources', () => {
    const report = reportOf('puppet', FIXTURES.unchanged);
    expect(report.resources).toEqual([]);
    expect(report.counts).toMatchObject({ changed: 0, failed: 0 });
    expect(report.counts.unchanged).toBe(report.counts.total);
  });

  it('accepts a gzip-encoded body and archives the compressed bytes as they came', () => {
    const gzipped = gzipSync(fixtureBytes(FIXTURES.changed.path));
    const result = parseFixture('puppet', FIXTURES.changed, { body: gzipped, contentEncoding: 'gzip' });
    expect(result.ok && result.item.kind === 'run' && result.item.run.raw).toEqual({
      contentType: 'application/x-yaml',
      size: fixtureBytes(FIXTURES.changed.path).length,
      gzipBase64: gzipped.toString('base64'),
    });
  });

  it('refuses a YAML document that is not a Puppet report, naming the missing fields', () => {
    const result = parseFixture('puppet', FIXTURES.changed, { body: Buffer.from('--- !ruby/object:Puppet::Transaction::Report\nhost: x\n') });
    expect(result).toMatchObject({ ok: false, rejection: { code: 'RL_INGEST_NOT_A_REPORT', status: 422 } });
    expect(!result.ok && result.rejection.message).toMatch(/^the body is not a Puppet run report: time: .*; transaction_uuid: /);
  });
});
