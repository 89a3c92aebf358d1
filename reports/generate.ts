// Generates one report: validate the parameters, collect the model, render the formats,
// then list every file with its SHA-256 in a manifest and sign it.
import type { TemplateEngine } from './templates/engine.ts';
import { renderCsvZip } from './renderers/csv.ts';
import { renderHtml } from './renderers/html.ts';
import { PdfUnavailableError, printPdf } from './renderers/pdf.ts';
import { buildManifest, type Manifest, MANIFEST_FILE, SIGNATURE_FILE, type SigningKey, signManifest } from './signing.ts';
import type { CollectContext, RenderedFile, ReportDefinition, ReportFormat, ReportModel } from './types.ts';

export interface GenerateDeps {
  ctx: CollectContext;
  engine: TemplateEngine;
  signingKey: SigningKey;
  chromiumPath: string;
}

export interface GenerateRequest {
  reportId: string;
  params: unknown;
  formats: readonly ReportFormat[];
  /** Overrides the definition's template (a user template). */
  template?: string;
  onProgress?: (percent: number, step: string) => void | Promise<void>;
}

export interface GeneratedReport {
  model: ReportModel;
  /** The rendered files, then manifest.json and manifest.sig. */
  files: RenderedFile[];
  manifest: Manifest;
  /** Formats asked for that could not be rendered here, and why. */
  unavailable: Partial<Record<ReportFormat, string>>;
}

export const FILE_TYPES: Record<ReportFormat, { suffix: string; contentType: string }> = {
  html: { suffix: '.html', contentType: 'text/html; charset=utf-8' },
  pdf: { suffix: '.pdf', contentType: 'application/pdf' },
  csv: { suffix: '.csv.zip', contentType: 'application/zip' },
  json: { suffix: '.json', contentType: 'application/json' },
};

export function fileName(reportId: string, format: ReportFormat): string {
  return `${reportId}${FILE_TYPES[format].suffix}`;
}

export async function generateReport<P, M extends ReportModel>(definition: ReportDefinition<P, M>, request: GenerateRequest, deps: GenerateDeps): Promise<GeneratedReport> {
  const progress = async (percent: number, step: string) => request.onProgress?.(percent, step);
  const params = definition.params.parse(request.params);
  await progress(5, 'collecting');
  const model = await definition.collect(deps.ctx, params);
  await progress(60, 'rendering');

  const rendered: RenderedFile[] = [];
  const unavailable: GeneratedReport['unavailable'] = {};
  const add = (format: ReportFormat, bytes: Uint8Array) => rendered.push({ name: fileName(request.reportId, format), contentType: FILE_TYPES[format].contentType, bytes });
  const html = request.formats.some((f) => f === 'html' || f === 'pdf') ? renderHtml(definition, model, deps.engine, request.template) : '';
  for (const format of request.formats) {
    if (format === 'html') add('html', Buffer.from(html));
    if (format === 'json') add('json', Buffer.from(`${JSON.stringify(model, null, 2)}\n`));
    if (format === 'csv') add('csv', renderCsvZip(definition.tables(model)));
    if (format === 'pdf') {
      await progress(75, 'printing pdf');
      try {
        add('pdf', await printPdf(html, deps.chromiumPath));
      } catch (err) {
        if (!(err instanceof PdfUnavailableError)) throw err;
        unavailable.pdf = err.message;
      }
    }
  }
  await progress(95, 'signing');
  const manifest = buildManifest(
    { reportId: request.reportId, definition: definition.id, tenant: deps.ctx.tenant, params: model.meta.params, generatedAt: model.meta.generatedAt },
    rendered,
    deps.signingKey.keyId,
  );
  const sealed = signManifest(manifest, deps.signingKey);
  const files = [
    ...rendered,
    { name: MANIFEST_FILE, contentType: 'application/json', bytes: sealed.manifest },
    { name: SIGNATURE_FILE, contentType: 'text/plain', bytes: Buffer.from(`${sealed.signature}\n`) },
  ];
  await progress(100, 'done');
  return { model, files, manifest, unavailable };
}
