// HTML: the definition's template over its model, with the charts inlined as SVG. The same
// HTML is printed to PDF, so what an auditor reads on screen and on paper is one document.
import type { TemplateEngine } from '../templates/engine.ts';
import type { ReportDefinition, ReportModel } from '../types.ts';
import { chartSvg } from './charts.ts';

export function renderHtml<M extends ReportModel>(definition: ReportDefinition<unknown, M>, model: M, engine: TemplateEngine, template = definition.template): string {
  const charts = definition.charts(model).map((chart) => ({ title: chart.title, svg: chartSvg(chart) }));
  return engine.render(template, { ...model, charts });
}
