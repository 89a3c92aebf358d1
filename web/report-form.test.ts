import { describe, expect, it } from 'vitest';
import { REPORT_DEFINITIONS } from '../reports/definitions/index.ts';
import { paramFields, requestFromForm } from './report-form.ts';

const PERIOD = { from: '2026-11-01T00:00', until: '2026-11-08T00:00' };

describe('report generate form', () => {
  it('offers the simple parameters of a definition as fields and names the nested ones', () => {
    expect(paramFields(REPORT_DEFINITIONS['pci-dss']!, {}).fields.map((f) => [f.name, f.kind, f.placeholder])).toEqual([
      ['p.environments', 'list', ''],
      ['p.maxGapDays', 'number', '7'],
      ['p.networkResourceTypes', 'list', 'firewall, firewallchain, firewalld_rule, firewalld_zone, ufw_rule'],
      ['p.networkPaths', 'list', '/etc/nftables*, /etc/nftables/**, /etc/iptables/**, /etc/firewalld/**, /etc/ufw/**'],
    ]);
    const billing = paramFields(REPORT_DEFINITIONS.billing!, { 'p.groupBy': 'role' });
    expect(billing.fields.map((f) => [f.name, f.kind, f.choices?.filter((c) => c.selected).map((c) => c.value)])).toEqual([
      ['p.groupBy', 'choice', ['role']],
      ['p.storageMetricPrefix', 'text', undefined],
    ]);
    expect(billing.nested).toEqual([{ name: 'rateCard', required: true }]);
  });

  it.each([
    {
      name: 'the period in UTC, lists split on commas, numbers as numbers and the checked formats',
      definition: 'pci-dss',
      form: { ...PERIOD, formats: ['html', 'pdf'], 'p.environments': 'production, pci ', 'p.maxGapDays': '3' },
      want: { ok: true, body: { definition: 'pci-dss', formats: ['html', 'pdf'], params: { from: '2026-11-01T00:00:00Z', until: '2026-11-08T00:00:00Z', environments: ['production', 'pci'], maxGapDays: 3 } } },
    },
    {
      name: 'nested parameters from the JSON field beside the simple ones',
      definition: 'billing',
      form: { ...PERIOD, formats: 'csv', 'p.groupBy': 'tag', more: '{"rateCard":{"version":"2026","currency":"EUR","rates":{}}}' },
      want: { ok: true, body: { definition: 'billing', formats: ['csv'], params: { from: '2026-11-01T00:00:00Z', until: '2026-11-08T00:00:00Z', groupBy: 'tag', rateCard: { version: '2026', currency: 'EUR', rates: {} } } } },
    },
    { name: 'a refusal when no format is checked (the API\'s rule)', definition: 'pci-dss', form: { ...PERIOD }, want: { ok: false, message: expect.stringMatching(/^formats: Too small/) } },
    { name: 'a refusal when the JSON field is no object', definition: 'billing', form: { ...PERIOD, formats: 'csv', more: '[1]' }, want: { ok: false, message: 'other parameters: not a JSON object' } },
    { name: 'a refusal when the JSON field is no JSON', definition: 'billing', form: { ...PERIOD, formats: 'csv', more: '{rateCard' }, want: { ok: false, message: expect.stringMatching(/^other parameters: not JSON/) } },
  ])('turns a form into the API request: $name', ({ definition, form, want }) => {
    expect(requestFromForm(REPORT_DEFINITIONS[definition]!, form)).toEqual(want);
  });

  it('passes a number field that is no number on as written, so the definition names the problem', () => {
    const result = requestFromForm(REPORT_DEFINITIONS['pci-dss']!, { ...PERIOD, formats: 'json', 'p.maxGapDays': 'weekly' });
    expect(result).toEqual({ ok: true, body: expect.objectContaining({ params: expect.objectContaining({ maxGapDays: 'weekly' }) }) });
  });
});
