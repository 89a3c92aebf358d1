// Generates one report: validate the parameters, collect the model (long lists spooled to a
// scratch directory when the definition streams), render each format straight to its file in
// the report's archive directory, hashing as it writes, then list every file with its SHA-256
// in a manifest and sign it.
import type { ReportOutput } from './archive.ts';
import type { HashedFile } from './hashed-file.ts';
import { writeCsvZip } from './renderers/csv.ts';
import { writeHtml } from './renderers/html.ts';
import { writeJson } from './renderers/json.ts';
import { PdfUnavailableError, printPdf } from './renderers/pdf.ts';
import { createHashedFile } from './hashed-file.ts';
import { withScratch } from './row-stream.ts';
import { buildManifest, type Manifest, MANIFEST_FILE, SIGNATURE_FILE, type SigningKey, signManifest } from './signing.ts';
import type { TemplateEngine } from './templates/engine.ts';
import type { CollectContext, RenderedFile, ReportDefinition, ReportFormat, ReportModel } from './types.ts';

export interface GenerateDeps {
  ctx: CollectContext;
  engine: TemplateEngine;
  signingKey: SigningKey;
  chromiumPath: string;
  /** The report's directory in the archive: every file is written there. */
  output: ReportOutput;
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
  /** The model without its long lists (their counts only): what the caller may still need. */
  model: ReportModel;
  findings: number;
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

/** Progress (percent) when collecting starts, when rendering starts, and when signing starts. */
const COLLECTING = 5;
const RENDERING = 40;
const SIGNING = 95;

export async function generateReport<P, M extends ReportModel, S extends ReportModel>(
  definition: ReportDefinition<P, M, S>,
  request: GenerateRequest,
  deps: GenerateDeps,
): Promise<GeneratedReport> {
  const progress = async (percent: number, step: string) => request.onProgress?.(percent, step);
  // In the order asked for; the PDF last, as it is printed from the HTML.
  const formats = [...new Set(request.formats)].sort((a, b) => Number(a === 'pdf') - Number(b === 'pdf'));
  const rendering = (format: ReportFormat) => progress(RENDERING + Math.round(((SIGNING - RENDERING) * formats.indexOf(format)) / formats.length), format === 'pdf' ? 'printing pdf' : `rendering ${format}`);
  const params = definition.params.parse(request.params);
  const { output } = deps;
  return withScratch(async (scratch) => {
    await progress(COLLECTING, 'collecting');
    const collecting = (done: number) => progress(COLLECTING + Math.round((RENDERING - COLLECTING) * done), 'collecting');
    const model: M | S = definition.stream ? await definition.stream(deps.ctx, params, scratch, collecting) : await definition.collect(deps.ctx, params);

    const rendered: RenderedFile[] = [];
    const unavailable: GeneratedReport['unavailable'] = {};
    const write = async (format: ReportFormat, render: (file: HashedFile) => Promise<void>) => {
      const name = fileName(request.reportId, format);
      const file = output.create(name);
      await render(file);
      rendered.push({ name, contentType: FILE_TYPES[format].contentType, ...(await file.close()) });
    };
    const renderHtml = (file: HashedFile) => writeHtml(definition, model, deps.engine, file, request.template);
    // The PDF is printed from the HTML file: the report's own, or one in the scratch directory.
    let htmlFile: string | undefined;
    for (const format of formats) {
      await rendering(format);
      if (format === 'html') {
        await write('html', renderHtml);
        htmlFile = output.path(fileName(request.reportId, 'html'));
      }
      if (format === 'csv') await write('csv', (file) => writeCsvZip(definition.tables(model), (bytes) => file.write(bytes)));
      if (format === 'json') await write('json', (file) => writeJson(model, (text) => file.write(text)));
      if (format !== 'pdf') continue;
      if (!htmlFile) {
        htmlFile = scratch.path('print.html');
        const file = createHashedFile(htmlFile);
        await renderHtml(file);
        await file.close();
      }
      try {
        const pdf = await printPdf(htmlFile, deps.chromiumPath);
        await write('pdf', (file) => file.write(pdf));
      } catch (err) {
        if (!(err instanceof PdfUnavailableError)) throw err;
        unavailable.pdf = err.message;
      }
    }

    await progress(SIGNING, 'signing');
    const manifest = buildManifest(
      { reportId: request.reportId, definition: definition.id, tenant: deps.ctx.tenant, params: model.meta.params, generatedAt: model.meta.generatedAt },
      rendered,
      deps.signingKey.keyId,
    );
    const sealed = signManifest(manifest, deps.signingKey);
    const seal = async (name: string, contentType: string, bytes: Uint8Array) => {
      const file = output.create(name);
      await file.write(bytes);
      return { name, contentType, ...(await file.close()) };
    };
    const files = [
      ...rendered,
      await seal(MANIFEST_FILE, 'application/json', sealed.manifest),
      await seal(SIGNATURE_FILE, 'text/plain', Buffer.from(`${sealed.signature}\n`)),
    ];
    const findings = definition.findingCount(model);
    await progress(100, 'done');
    return { model, findings, files, manifest, unavailable };
  }, output.scratchDir);
}
