import { describe, expect, it } from 'vitest';
import { alertRoutingSchema, effectiveRouting, RouteTree } from './alert-routing.ts';

const receivers = new Set(['chat', 'oncall']);
const configured = { route: RouteTree.parse({ receivers: ['chat'] }), inhibitRules: [] };
const stored = { route: RouteTree.parse({ receivers: ['oncall'] }), inhibitRules: [{ source: { kind: 'node_missing' }, target: { kind: 'run_failed' }, equal: ['node'] }] };
const changed = { changedAt: '2026-12-01T10:00:00.000Z', changedBy: { id: 'tok_a', name: 'alice' } };

describe('effectiveRouting', () => {
  it('is config at revision 0 when nothing was written', () => {
    expect(effectiveRouting({ revision: 0 }, configured, receivers)).toEqual({ source: 'config', revision: 0, routing: configured });
  });

  it('is the stored document, with who and when, when one was written', () => {
    expect(effectiveRouting({ revision: 4, routing: stored, ...changed }, configured, receivers)).toEqual({ source: 'api', revision: 4, ...changed, routing: stored });
  });

  it('is config again after a reset, at the reset revision', () => {
    expect(effectiveRouting({ revision: 5, ...changed }, configured, receivers)).toEqual({ source: 'config', revision: 5, ...changed, routing: configured });
  });

  it('falls back to config, saying why, when the stored tree names a receiver config no longer has', () => {
    const effective = effectiveRouting({ revision: 6, routing: stored, ...changed }, configured, new Set(['chat']));
    expect(effective).toMatchObject({ source: 'config', revision: 6, routing: configured });
    expect(effective.problem).toMatch(/^the tree written through the API is not used \(route\.receivers: unknown receiver 'oncall' \(alerts\.receivers has chat\)\)/);
  });

  it('reads a document stored before inhibit rules existed as having none', () => {
    expect(effectiveRouting({ revision: 1, routing: { route: stored.route } as never, ...changed }, configured, receivers).routing).toEqual({ route: stored.route, inhibitRules: [] });
  });
});

describe('alertRoutingSchema', () => {
  it('fills in the defaults alerts.route has, so a stored tree reads like a configured one', () => {
    expect(alertRoutingSchema(receivers).parse({ route: { routes: [{ match: { kind: 'run_failed' }, receivers: ['oncall'] }] } })).toEqual({
      route: { receivers: [], repeatIntervalMs: 14_400_000, groupWaitMs: 0, groupIntervalMs: 300_000, routes: [{ match: { kind: 'run_failed' }, receivers: ['oncall'], continue: false, routes: [] }] },
      inhibitRules: [],
    });
  });
});
