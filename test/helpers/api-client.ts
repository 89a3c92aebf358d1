// What end-to-end tests do with a running RunLedger: the reporturl Puppet posts to, and GETs
// on the API with a token of some role.
import { expect } from 'vitest';
import type { Role } from '../../core/roles.ts';
import type { TestRuntime } from './runtime.ts';

/** Puppet's `reporturl`, with an ingest token as the basic-auth password. */
export async function puppetReportUrl(rl: TestRuntime): Promise<string> {
  return `${rl.url.replace('http://', `http://puppet:${await rl.token('ingest')}@`)}/reports/upload`;
}

/** GET as a token of `role`; the answer must be 200. */
export function apiAs(rl: TestRuntime, role: Role): (path: string) => Promise<any> {
  return async (path) => {
    const response = await fetch(`${rl.url}${path}`, { headers: { authorization: `Bearer ${await rl.token(role)}` } });
    expect(response.status).toBe(200);
    return response.json();
  };
}
