// What every report definition must do, run against the seeded store with a fixed clock:
// accept its example parameters, collect the same model twice, render HTML, CSV and JSON
// from it, and never claim compliance.
import { strFromU8, unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../store/types.ts';
import { renderCsvZip } from '../renderers/csv.ts';
import { renderHtml } from '../renderers/html.ts';
import { createTemplateEngine } from '../templates/engine.ts';
import type { ReportDefinition, ReportModel } from '../types.ts';
import { seedContext, seededStore } from './seed.ts';

export function reportContract<P, M extends ReportModel, S extends ReportModel>(definition: ReportDefinition<P, M, S>, example: unknown, extra?: (model: () => M) => void): void {
  describe(`report contract: ${definition.id}`, () => {
    let store: Store;
    let model: M;
    beforeEach(async () => {
      store = await seededStore();
      model = await definition.collect(seedContext(store), definition.params.parse(example));
    });
    afterEach(() => store.close());

    it('states what it is, for whom, over which period, and the parameters to regenerate it', () => {
      expect(model.meta).toMatchObject({ definition: definition.id, title: definition.title, tenant: 'acme', templateVersion: definition.templateVersion, productVersion: '0.1.0' });
      expect(definition.params.parse(model.meta.params)).toEqual(model.meta.params);
    });

    it('collects the same model from the same data', async () => {
      expect(await definition.collect(seedContext(store), definition.params.parse(example))).toEqual(model);
    });

    it('renders HTML with its charts as inline SVG and never claims compliance', () => {
      const html = renderHtml(definition, model, createTemplateEngine());
      expect(html).toMatch(/^<!doctype html>/);
      expect(html.match(/<svg/g)?.length).toBe(definition.charts(model).length);
      expect(html.toLowerCase()).not.toMatch(/\bcompliant\b|\bcompliance (is|was) (met|achieved)\b/);
    });

    it('writes one CSV per table, each with a header row', async () => {
      const files = unzipSync(await renderCsvZip(definition.tables(model)));
      expect(Object.keys(files).sort()).toEqual(definition.tables(model).map((t) => `${t.name}.csv`).sort());
      for (const table of definition.tables(model)) {
        const text = strFromU8(files[`${table.name}.csv`]!);
        expect(text.split('\n').filter(Boolean)).toHaveLength(table.rows.length === 0 ? 0 : table.rows.length + 1);
      }
    });

    extra?.(() => model);
  });
}
