import { describe, expect, it } from 'vitest';
import { InhibitRule } from '../../core/alert-routing.ts';
import { inhibits } from './inhibit.ts';

const rule = InhibitRule.parse({ source: { kind: 'node_missing' }, target: { kind: ['run_failed', 'corrective_change'] }, equal: ['node'] });
const alert = (id: string, labels: Record<string, string>, tenant = 'acme') => ({ id, tenant, labels: { tenant, ...labels } });
const missing = alert('a_src', { kind: 'node_missing', severity: 'warning', node: 'db01', environment: 'production' });

describe('inhibits', () => {
  it.each<{ name: string; rule?: InhibitRule; source?: ReturnType<typeof alert>; target: ReturnType<typeof alert>; want: boolean }>([
    { name: 'holds back a target of the same node', target: alert('a_t', { kind: 'run_failed', node: 'db01' }), want: true },
    { name: 'matches any value of a list in the target', target: alert('a_t', { kind: 'corrective_change', node: 'db01' }), want: true },
    { name: 'leaves another node alone', target: alert('a_t', { kind: 'run_failed', node: 'db02' }), want: false },
    { name: 'leaves a kind the target does not name alone', target: alert('a_t', { kind: 'unplanned_change', node: 'db01' }), want: false },
    { name: 'needs the source to match', source: alert('a_src', { kind: 'run_failed', node: 'db01' }), target: alert('a_t', { kind: 'run_failed', node: 'db01' }), want: false },
    { name: 'never crosses tenants, even with equal labels', target: alert('a_t', { kind: 'run_failed', node: 'db01' }, 'globex'), want: false },
    { name: 'never holds back the source itself', rule: InhibitRule.parse({ source: { kind: 'node_missing' }, target: { kind: 'node_missing' } }), target: missing, want: false },
    { name: 'counts a label both lack as equal (as Alertmanager does)', rule: InhibitRule.parse({ source: { kind: 'audit_chain_broken' }, target: { kind: 'auth_failures' }, equal: ['node'] }), source: alert('a_src', { kind: 'audit_chain_broken' }), target: alert('a_t', { kind: 'auth_failures' }), want: true },
    { name: 'refuses a label only one of them has', rule: InhibitRule.parse({ source: { kind: 'node_missing' }, target: { kind: 'run_failed' }, equal: ['environment'] }), target: alert('a_t', { kind: 'run_failed', node: 'db01' }), want: false },
    { name: 'matches a node tag as routes do', rule: InhibitRule.parse({ source: { kind: 'node_missing', tags: 'pci' }, target: { kind: 'run_failed' } }), source: alert('a_src', { kind: 'node_missing', tags: 'web,pci' }), target: alert('a_t', { kind: 'run_failed', node: 'other' }), want: true },
  ])('$name', ({ rule: r = rule, source = missing, target, want }) => {
    expect(inhibits(r, source, target)).toBe(want);
  });

  it('refuses a rule without labels on either side', () => {
    expect(InhibitRule.safeParse({ source: {}, target: { kind: 'run_failed' } }).error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['source', 'name at least one label']]);
  });
});
