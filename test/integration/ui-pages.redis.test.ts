// UI pages over plain HTTP: keyset pages followed through their "Next page" links, and bad
// input answered with an HTML error page carrying the stable code, never a crash.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRun } from '../helpers/run-builder.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';
import { signInWithToken } from '../helpers/ui-session.ts';

const NODES = 120;
let rl: TestRuntime;
let cookie: string;

beforeAll(async () => {
  rl = await startTestRuntime();
  const runs = Array.from({ length: NODES }, (_, i) =>
    buildRun({ node: `page-${String(i).padStart(3, '0')}`, runId: `page-run-${i}`, startedAt: new Date(Date.UTC(2026, 10, 1, 0, i)).toISOString() }),
  );
  await rl.runtime.store.write({ runs, nodeEvents: [] });
  ({ cookie } = await signInWithToken(rl.url, await rl.token('viewer')));
});
afterAll(() => rl?.close());

async function page(path: string): Promise<{ status: number; html: string }> {
  const response = await fetch(`${rl.url}${path}`, { headers: { cookie } });
  return { status: response.status, html: await response.text() };
}

const unescape = (href: string) => href.replaceAll('&#x3D;', '=').replaceAll('&amp;', '&');
const nextLink = (html: string) => /href="([^"]+)" rel="next"/.exec(html)?.[1];
const cells = (html: string, label: string) => [...html.matchAll(new RegExp(`data-label="${label}">(?:<a [^>]*>)?([^<]*)`, 'g'))].map((m) => m[1]);

describe('web UI pages', () => {
  it.each([
    { name: 'nodes by name', path: '/ui/nodes', label: 'Node', first: 'page-000', last: 'page-119' },
    { name: 'runs newest first', path: '/ui/runs', label: 'Node', first: 'page-119', last: 'page-000' },
  ])('pages through all $name with Next page links and no repeats', async ({ path, label, first, last }) => {
    const seen: string[] = [];
    let next: string | undefined = path;
    while (next) {
      const { status, html } = await page(next);
      expect(status).toBe(200);
      seen.push(...cells(html, label).map(String));
      const href = nextLink(html);
      next = href && unescape(href);
    }
    expect({ count: seen.length, unique: new Set(seen).size, first: seen[0], last: seen.at(-1) }).toEqual({ count: NODES, unique: NODES, first, last });
  });

  it('keeps the filters on the next page link', async () => {
    const { html } = await page('/ui/runs?node=page-001&status=success&limit=1');
    expect(nextLink(html)).toBeUndefined();
    const all = await page('/ui/runs?status=success');
    expect(unescape(nextLink(all.html)!)).toMatch(/^\/ui\/runs\?status=success&cursor=[\w-]+$/);
  });

  it.each([
    { name: 'an unknown status', path: '/ui/runs?status=exploded', want: { status: 400, code: 'RL_BAD_REQUEST', text: 'status: Invalid option' } },
    { name: 'a cursor this UI did not issue', path: '/ui/nodes?cursor=bm90LWEtY3Vyc29y', want: { status: 400, code: 'RL_BAD_REQUEST', text: 'cursor is not one this API issued' } },
    { name: 'an unknown run', path: '/ui/runs/r_nope', want: { status: 404, code: 'RL_NOT_FOUND', text: 'run r_nope not found' } },
    { name: 'an unknown plan', path: '/ui/plans/pc_nope', want: { status: 404, code: 'RL_NOT_FOUND', text: 'planned change pc_nope not found' } },
  ])('answers $name with an HTML error page and its code', async ({ path, want }) => {
    const { status, html } = await page(path);
    expect({ status, code: /<code>(RL_[A-Z_]+)<\/code>/.exec(html)?.[1], mentions: html.includes(want.text) }).toEqual({ status: want.status, code: want.code, mentions: true });
  });
});
