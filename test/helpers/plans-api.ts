// Calls the HTTP API of a test runtime with a token, files four-eyes approved plans through
// it (one approver requests, another approves) and applies manifests with the real agent.
import { issueToken } from '../../core/tokens.ts';
import type { PuppetSandbox } from './puppet.ts';
import type { TestRuntime } from './runtime.ts';

export async function apiCall(rl: TestRuntime, token: string, method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${rl.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return response.json();
}

/** A plan for one file on app*.example.com in production, window relative to now. */
export async function approvedPlan(rl: TestRuntime, ticket: string, path: string, fromOffsetMs: number, untilOffsetMs: number): Promise<any> {
  const requester = (await issueToken(rl.runtime.store, { tenant: 'acme', role: 'approver', name: `${ticket}-requester`, actor: 'test' })).token;
  const approver = (await issueToken(rl.runtime.store, { tenant: 'acme', role: 'approver', name: `${ticket}-approver`, actor: 'test' })).token;
  const plan = await apiCall(rl, requester, 'POST', '/api/v1/planned-changes?submit=true', {
    title: `Change ${path}`,
    ticket,
    window: { from: new Date(Date.now() + fromOffsetMs).toISOString(), until: new Date(Date.now() + untilOffsetMs).toISOString() },
    scope: { environments: ['production'], nodes: ['app*.example.com'] },
    matchers: [{ type: 'File', name: path, property: 'content' }],
  });
  return apiCall(rl, approver, 'POST', `/api/v1/planned-changes/${plan.id}/approve`, { comment: 'CAB' });
}

/** Applies a manifest with the real agent as `node` and returns how each change of the new
 *  run was classified (title → classification), once RunLedger has processed it. */
export function applyAndClassifyAs(rl: TestRuntime, puppet: PuppetSandbox, options: { reporturl: string; viewer: string; node: string }) {
  let lastRun: string | undefined;
  return async (manifest: string): Promise<Record<string, string>> => {
    await puppet.apply(manifest, { reporturl: options.reporturl, certname: options.node });
    const run = await rl.eventually(async () => {
      const { items } = await apiCall(rl, options.viewer, 'GET', `/api/v1/runs?node=${options.node}&limit=1`);
      return items[0] && items[0].id !== lastRun ? items[0] : undefined;
    });
    lastRun = run.id;
    const detail = await apiCall(rl, options.viewer, 'GET', `/api/v1/runs/${run.id}`);
    return Object.fromEntries(detail.changes.map((c: any) => [c.title, c.classification.classification]));
  };
}
