import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildPlan } from '../test/helpers/plan-builder.ts';
import { buildPlanIndex, type ChangeToMatch } from './plan-index.ts';

const change = (spec: Partial<ChangeToMatch> = {}): ChangeToMatch => ({
  type: 'File',
  title: '/etc/app.conf',
  properties: ['content'],
  node: { name: 'web01.example.com', environment: 'production', roles: ['Web'], tags: ['pci'] },
  at: Date.parse('2026-11-20T12:00:00Z'),
  ...spec,
});

const matched = (plans: ReturnType<typeof buildPlan>[], c: ChangeToMatch) =>
  buildPlanIndex(plans)
    .match(c)
    .map((m) => `${m.plan.ticket}${m.inWindow ? '' : ' (outside window)'}`)
    .sort();

describe('plan index', () => {
  it.each([
    { name: 'an exact path, type in any case', matcher: { type: 'file', name: '/etc/app.conf' }, want: true },
    { name: 'a glob over a directory', matcher: { type: 'File', name: '/etc/**' }, want: true },
    { name: 'a glob that does not cover the path', matcher: { type: 'File', name: '/opt/**' }, want: false },
    { name: 'a regular expression', matcher: { type: 'File', nameRegex: '^/etc/.*\\.conf$' }, want: true },
    { name: 'a type alone', matcher: { type: 'File' }, want: true },
    { name: 'another type', matcher: { type: 'Package', name: '/etc/app.conf' }, want: false },
    { name: 'a name alone, any type', matcher: { name: '/etc/app.conf' }, want: true },
    { name: 'the touched property', matcher: { type: 'File', property: 'content' }, want: true },
    { name: 'a property not touched', matcher: { type: 'File', property: 'mode' }, want: false },
    { name: 'an action the change did not take', matcher: { type: 'File', action: 'delete' }, want: false },
  ])('matches $name: $want', ({ matcher, want }) => {
    const plan = buildPlan({ input: { matchers: [matcher] } });
    expect(matched([plan], change())).toEqual(want ? [plan.ticket] : []);
  });

  it.each([
    { name: 'environment', scope: { environments: ['production'] }, want: true },
    { name: 'other environment', scope: { environments: ['staging'] }, want: false },
    { name: 'node glob, any case', scope: { nodes: ['WEB*.example.com'] }, want: true },
    { name: 'exact node', scope: { nodes: ['web01.example.com'] }, want: true },
    { name: 'other node', scope: { nodes: ['db01.example.com'] }, want: false },
    { name: 'role the node has', scope: { roles: ['Db', 'Web'] }, want: true },
    { name: 'role it lacks', scope: { roles: ['Db'] }, want: false },
    { name: 'tag', scope: { tags: ['pci'] }, want: true },
    { name: 'every list must hit', scope: { environments: ['production'], tags: ['hipaa'] }, want: false },
  ])('scopes by $name: $want', ({ scope, want }) => {
    const plan = buildPlan({ input: { scope } });
    expect(matched([plan], change())).toEqual(want ? [plan.ticket] : []);
  });

  it.each([
    { name: 'at the first instant of the window', at: '2026-11-20T00:00:00.000Z', inWindow: true },
    { name: 'one millisecond before it', at: '2026-11-19T23:59:59.999Z', inWindow: false },
    { name: 'one millisecond before its end', at: '2026-11-20T23:59:59.999Z', inWindow: true },
    { name: 'at its end (exclusive)', at: '2026-11-21T00:00:00.000Z', inWindow: false },
  ])('puts a change $name inWindow=$inWindow', ({ at, inWindow }) => {
    const [m] = buildPlanIndex([buildPlan()]).match(change({ at: Date.parse(at) }));
    expect(m?.inWindow).toBe(inWindow);
  });

  it('returns every overlapping plan once, even when several of its matchers hit', () => {
    const a = buildPlan({ input: { matchers: [{ type: 'File', name: '/etc/app.conf' }, { type: 'File', name: '/etc/*' }] } });
    const b = buildPlan({ input: { matchers: [{ name: '/etc/app.conf' }], window: { from: '2026-12-01T00:00:00Z', until: '2026-12-02T00:00:00Z' } } });
    expect(matched([a, b], change())).toEqual([a.ticket, `${b.ticket} (outside window)`].sort());
  });

  it('finds across many plans exactly what each plan finds on its own (property)', () => {
    const names = ['/etc/a.conf', '/etc/b.conf', '/opt/x', 'nginx', 'openssl'];
    const arbMatcher = fc.record(
      {
        type: fc.constantFrom('File', 'file', 'Package'),
        name: fc.constantFrom(...names, '/etc/*', '/etc/**', '*ssl', 'n*'),
        property: fc.constantFrom('content', 'ensure'),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        fc.array(fc.array(arbMatcher, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 30 }),
        fc.constantFrom('File', 'Package'),
        fc.constantFrom(...names),
        fc.constantFrom('content', 'ensure'),
        (matcherSets, type, title, property) => {
          const plans = matcherSets.map((matchers) => buildPlan({ input: { matchers } }));
          const c = change({ type, title, properties: [property] });
          const oneByOne = plans.filter((p) => buildPlanIndex([p]).match(c).length > 0).map((p) => p.id).sort();
          expect(buildPlanIndex(plans).match(c).map((m) => m.plan.id).sort()).toEqual(oneByOne);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('plan index, pattern filing', () => {
  it.each([
    { name: 'a directory glob, for the directory itself', glob: '/etc/nginx/**', title: '/etc/nginx', want: true },
    { name: 'a directory glob, deep below', glob: '/etc/nginx/**', title: '/etc/nginx/sites/a.conf', want: true },
    { name: 'a glob in a name', glob: '/etc/svc1*', title: '/etc/svc12', want: true },
    { name: 'a glob without a slash', glob: 'pkg-*', title: 'pkg-7', want: true },
    { name: 'a glob starting with **', glob: '**/app.conf', title: '/srv/x/app.conf', want: true },
    { name: 'a regex with a literal directory', regex: '^/opt/svc\\.d/[a-z]+\\.ini$', title: '/opt/svc.d/app.ini', want: true },
    { name: 'a regex whose last literal is optional', regex: '^/opt/x?', title: '/opt/', want: true },
    { name: 'a regex without anchor', regex: 'app\\.ini$', title: '/any/where/app.ini', want: true },
  ])('finds $name', ({ glob, regex, title, want }) => {
    const plan = buildPlan({ input: { matchers: [{ type: 'File', ...(glob ? { name: glob } : { nameRegex: regex }) }] } });
    expect(matched([plan], change({ title }))).toEqual(want ? [plan.ticket] : []);
  });
});
