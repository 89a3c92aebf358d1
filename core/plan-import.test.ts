import { describe, expect, it } from 'vitest';
import { parsePlanInput } from './plan-service.ts';
import { readPlanImport } from './plan-import.ts';

const CSV = [
  'title,ticket,window_from,window_until,environments,nodes,type,name,property,expected_count',
  'Rotate TLS cert,CHG1,2026-11-20T00:00:00Z,2026-11-21T00:00:00Z,production;staging,web-*,File,/etc/ssl/site.pem,content,12',
  'No window,CHG2,,,production,,File,/etc/motd,,',
  'Upgrade openssl,CHG3,2026-11-20T00:00:00Z,2026-11-22T00:00:00Z,,,Package,openssl,ensure,',
].join('\n');

describe('plan import', () => {
  it('reads each CSV row into a plan, keeping its line, and validation names what a bad line lacks', () => {
    const read = readPlanImport(CSV, 'csv');
    expect(read.ok && read.rows.map((r) => r.line)).toEqual([2, 3, 4]);
    const [first, second] = read.ok ? read.rows : [];
    expect(parsePlanInput(first!.input)).toMatchObject({
      ok: true,
      value: {
        title: 'Rotate TLS cert',
        scope: { environments: ['production', 'staging'], nodes: ['web-*'], roles: [], tags: [] },
        matchers: [{ type: 'File', name: '/etc/ssl/site.pem', property: 'content' }],
        expectedCount: 12,
      },
    });
    expect(parsePlanInput(second!.input)).toMatchObject({ ok: false, message: expect.stringContaining('window.from: Invalid ISO datetime') });
  });

  it('refuses a file with columns it does not know, naming them', () => {
    expect(readPlanImport('title,tikcet\nx,y\n', 'csv')).toEqual({ ok: false, message: expect.stringContaining('unknown columns: tikcet') });
  });

  it('reads a JSON array or { plans: [...] }, numbering entries from 1', () => {
    expect(readPlanImport('[{"title":"a"},{"title":"b"}]', 'json')).toEqual({ ok: true, rows: [{ line: 1, input: { title: 'a' } }, { line: 2, input: { title: 'b' } }] });
    expect(readPlanImport('{"plans":[{"title":"a"}]}', 'json')).toEqual({ ok: true, rows: [{ line: 1, input: { title: 'a' } }] });
    expect(readPlanImport('{"x":1}', 'json')).toEqual({ ok: false, message: 'expected a JSON array of planned changes, or { "plans": [...] }' });
  });
});
