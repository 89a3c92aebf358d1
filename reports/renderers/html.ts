// HTML: the definition's template over its model, with the charts inlined as SVG. The same
// HTML is printed to PDF, so what an auditor reads on screen and on paper is one document.
import type { HashedFile } from '../hashed-file.ts';
import type { TemplateEngine } from '../templates/engine.ts';
import type { ReportDefinition, ReportModel } from '../types.ts';
import { chartSvg } from './charts.ts';

type Definition<M extends ReportModel> = Pick<ReportDefinition<unknown, M>, 'charts' | 'template'>;

function context<M extends ReportModel>(definition: Definition<M>, model: M): object {
  return { ...model, charts: definition.charts(model).map((chart) => ({ title: chart.title, svg: chartSvg(chart) })) };
}

/** The whole page as one string: for models held in memory. */
export function renderHtml<M extends ReportModel>(definition: Definition<M>, model: M, engine: TemplateEngine, template = definition.template): string {
  return engine.render(template, context(definition, model));
}

/** The page written to `out` piece by piece, its long lists streamed. */
export async function writeHtml<M extends ReportModel>(definition: Definition<M>, model: M, engine: TemplateEngine, out: HashedFile, template = definition.template): Promise<void> {
  for await (const piece of engine.renderStreamed(template, context(definition, model))) await out.write(piece);
}
