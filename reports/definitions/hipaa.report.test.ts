import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../store/types.ts';
import { renderHtml } from '../renderers/html.ts';
import { createTemplateEngine } from '../templates/engine.ts';
import { SEED_PERIOD, seedContext, seededStore } from '../testing/seed.ts';
import { hipaaReport } from './hipaa.report.ts';

let store: Store;
beforeEach(async () => {
  store = await seededStore();
});
afterEach(() => store.close());

describe('HIPAA Security Rule report', () => {
  it('organises the evidence under the Security Rule citations with exception counts', async () => {
    const model = await hipaaReport.collect(seedContext(store), hipaaReport.params.parse({ ...SEED_PERIOD, environments: ['production'] }));
    expect(model.controls.map((c) => [c.tag, c.evidenceCount, c.exceptionCount])).toEqual([
      ['hipaa:164.308(a)(1)(ii)(D)', 8, 5],
      ['hipaa:164.308(a)(5)(ii)(C)', 2, 2],
      ['hipaa:164.312(b)', 8, 8],
      ['hipaa:164.312(c)(1)', 1, 3],
      ['hipaa:164.312(c)(2)', 2, 1],
      ['hipaa:164.312(d)', 2, 2],
      ['hipaa:164.316(b)(2)(i)', 2192, 0],
    ]);
    const html = renderHtml(hipaaReport, model, createTemplateEngine());
    expect(html).toContain('HIPAA Security Rule (45 CFR 164 Subpart C) v2013');
    expect(html).toContain('<code>hipaa:164.308(a)(5)(ii)(C)</code>');
    expect(html.toLowerCase()).not.toMatch(/\bcompliant\b/);
  });
});
