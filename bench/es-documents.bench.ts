// What one run costs in Elasticsearch documents: parses the ingest benchmark's bodies (a 23 KB
// Puppet YAML report, a 210 KB Chef run_converge) exactly as ingest does, builds the documents
// the Elasticsearch backend writes, and prints their JSON sizes per index. These are _source
// bytes before Elasticsearch's own compression and index structures (docs/deploy.md).
//   npm run bench:es-documents
import { changeDocs, rawDoc, runDoc } from '../store/elasticsearch/documents.ts';
import { applyRun } from '../store/elasticsearch/node-state.ts';
import { parseReport } from '../ingest/parse/parse-report.ts';
import { chefTemplate, puppetTemplate, withRunId } from './bodies.ts';

const limits = { maxDecompressedBytes: 64 * 1024 * 1024, yamlMaxDepth: 64, yamlMaxAliases: 100, jsonMaxDepth: 64 };
const bytes = (doc: unknown) => Buffer.byteLength(JSON.stringify(doc));

for (const [name, adapter, syntax, template] of [
  ['Puppet YAML', 'puppet', 'yaml', puppetTemplate()],
  ['Chef run_converge', 'chef', 'json', chefTemplate()],
] as const) {
  const body = withRunId(template, 1);
  const parsed = parseReport({ adapter, syntax, contentType: syntax === 'yaml' ? 'application/x-yaml' : 'application/json', body, tenant: 'bench', receivedAt: new Date().toISOString(), limits });
  if (!parsed.ok || parsed.item.kind !== 'run') throw new Error(`${name}: the benchmark body did not parse`);
  const run = parsed.item.run;
  const changes = changeDocs(run);
  const sizes = {
    runs: bytes(runDoc(run, changes, new Date().toISOString())),
    changes: changes.reduce((n, doc) => n + bytes(doc), 0),
    raw: bytes(rawDoc(run)),
    nodes: bytes(applyRun(undefined, run)),
  };
  const total = sizes.runs + sizes.changes + sizes.raw;
  console.log(`${name}: body ${(body.length / 1024).toFixed(1)} KB, ${changes.length} change documents;` +
    ` runs ${(sizes.runs / 1024).toFixed(1)} KB, changes ${(sizes.changes / 1024).toFixed(1)} KB, raw ${(sizes.raw / 1024).toFixed(1)} KB` +
    ` = ${(total / 1024).toFixed(1)} KB per run; node state ${(sizes.nodes / 1024).toFixed(1)} KB per node`);
}
