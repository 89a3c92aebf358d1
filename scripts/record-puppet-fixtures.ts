// Records the project's own Puppet fixtures: runs the real `puppet apply` through the
// scenarios RunLedger must understand and saves exactly what Puppet's `http` report
// processor POSTs (fixtures/puppet/*.yaml), plus one report as the JSON an agent PUTs.
//   node --import tsx scripts/record-puppet-fixtures.ts
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { puppetSandbox } from '../test/helpers/puppet.ts';

const OUT = new URL('../fixtures/puppet/', import.meta.url).pathname;
const SANDBOX = '/tmp/runledger-fixture-node';
const CERTNAME = 'web01.example.com';

const bodies: Buffer[] = [];
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    bodies.push(Buffer.concat(chunks));
    res.writeHead(200).end();
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const reporturl = `http://recorder:secret@127.0.0.1:${(server.address() as AddressInfo).port}/reports/upload`;

rmSync(SANDBOX, { recursive: true, force: true });
const puppet = puppetSandbox(SANDBOX);
const conf = join(puppet.files, 'app.conf');
const manifest = (content: string, extra = '') =>
  `class app { file { '${conf}': ensure => file, mode => '0644', content => "${content}" } }\ninclude app\n${extra}`;
const v1 = 'port = 8080\\nworkers = 4\\n';
const v2 = 'port = 9090\\nworkers = 4\\n';
const v3 = 'port = 9090\\nworkers = 8\\n';

const scenarios: [name: string, run: () => Promise<unknown>][] = [
  ['file-created', () => puppet.apply(manifest(v1), { reporturl, certname: CERTNAME })],
  ['file-changed', () => puppet.apply(manifest(v2), { reporturl, certname: CERTNAME })],
  [
    'hand-edit-reverted',
    () => {
      writeFileSync(conf, 'port = 9090\nworkers = 64 # tuned by hand\n');
      return puppet.apply(manifest(v2), { reporturl, certname: CERTNAME });
    },
  ],
  ['exec-failed', () => puppet.apply(manifest(v2, "exec { 'migrate-db': command => '/bin/false', path => '/bin:/usr/bin' }\n"), { reporturl, certname: CERTNAME })],
  ['noop-pending', () => puppet.apply(manifest(v3), { reporturl, certname: CERTNAME, noop: true })],
  ['unchanged', () => puppet.apply(manifest(v2), { reporturl, certname: CERTNAME })],
];

for (const [index, [name, run]] of scenarios.entries()) {
  const before = bodies.length;
  await run();
  if (bodies.length !== before + 1) throw new Error(`scenario ${name}: expected one report, got ${bodies.length - before}`);
  const file = join(OUT, `${index + 1}-${name}.yaml`);
  writeFileSync(file, bodies.at(-1)!);
  console.log(`recorded ${file} (${bodies.at(-1)!.length} bytes)`);
}

// The JSON form is Puppet's own serialisation of the same report object (report.to_data_hash).
const toJson = "require 'puppet'; require 'json'; print JSON.generate(YAML.unsafe_load(File.read(ARGV[0])).to_data_hash)";
const json = execFileSync('ruby', ['-e', toJson, join(OUT, '2-file-changed.yaml')]);
writeFileSync(join(OUT, '2-file-changed.json'), json);
console.log(`recorded ${join(OUT, '2-file-changed.json')} (${json.length} bytes)`);
server.close();
