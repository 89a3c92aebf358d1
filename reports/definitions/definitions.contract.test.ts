import { expect, it } from 'vitest';
import { reportContract } from '../testing/report-contract.ts';
import { SEED_PERIOD } from '../testing/seed.ts';
import { billingReport } from './billing.report.ts';
import { capacityReport } from './capacity.report.ts';
import { hipaaReport } from './hipaa.report.ts';
import { REPORT_DEFINITIONS } from './index.ts';
import { pciDssReport } from './pci-dss.report.ts';

const rateCard = { version: 'test', currency: 'EUR', rates: { run: 0.01 } };

it('registers every definition under its id', () => {
  expect(Object.entries(REPORT_DEFINITIONS).map(([id, d]) => [id, d.id])).toEqual([
    ['pci-dss', 'pci-dss'],
    ['hipaa', 'hipaa'],
    ['billing', 'billing'],
    ['capacity', 'capacity'],
  ]);
});

reportContract(pciDssReport, { ...SEED_PERIOD, environments: ['production'] }, (model) => {
  it('matches the reviewed golden model', async () => {
    await expect(JSON.stringify(model(), null, 2)).toMatchFileSnapshot('./__golden__/pci-dss.model.json');
  });
});
reportContract(hipaaReport, SEED_PERIOD);
reportContract(billingReport, { ...SEED_PERIOD, rateCard });
reportContract(capacityReport, SEED_PERIOD);
