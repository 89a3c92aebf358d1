import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pciDssReport } from '../definitions/pci-dss.report.ts';
import { createTemplateEngine } from '../templates/engine.ts';
import { pdfText } from '../../test/helpers/pdf-text.ts';
import { SEED_PERIOD, seedContext, seededStore } from '../testing/seed.ts';
import { renderHtml } from './html.ts';
import { MAX_PRINTABLE_HTML_BYTES, PdfUnavailableError, printPdf } from './pdf.ts';

/** The page as a file, as generation leaves it in the report's directory. */
function htmlFile(html: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'rl-pdf-')), 'report.html');
  writeFileSync(path, html);
  return path;
}

describe('pdf renderer', () => {
  it('prints the report HTML into a real PDF whose text holds the findings', { timeout: 60_000 }, async () => {
    const store = await seededStore();
    const model = await pciDssReport.collect(seedContext(store), pciDssReport.params.parse(SEED_PERIOD));
    await store.close();
    const pdf = await printPdf(htmlFile(renderHtml(pciDssReport, model, createTemplateEngine())), '/usr/bin/chromium');
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe('%PDF-');
    // Narrow table cells wrap words, so compare without whitespace.
    const text = (await pdfText(pdf)).replace(/\s+/g, '');
    expect(text).toContain('PCIDSSv4.0.1change-controlandintegrityevidence');
    expect(text).toContain('Firewall[100allowhttps]');
    expect(model.evidence.findings).toHaveLength(10);
    for (const finding of model.evidence.findings) expect(text).toContain(`${finding.id}${finding.label.replace(/\s+/g, '')}`);
  });

  it('fails with a clear message where Chromium is absent', async () => {
    await expect(printPdf(htmlFile('<p>x</p>'), '/nonexistent/chromium')).rejects.toThrow(new PdfUnavailableError('[reports:pdf] no Chromium at /nonexistent/chromium (set reports.chromiumPath); HTML, CSV and JSON are available'));
  });

  it('refuses a page too large to print, saying how large it is', async () => {
    const path = htmlFile(`<p>${'x'.repeat(MAX_PRINTABLE_HTML_BYTES)}</p>`);
    await expect(printPdf(path, '/usr/bin/chromium')).rejects.toThrow(
      new PdfUnavailableError(
        "[reports:pdf] this report's HTML is 24.0 MB, more than the 24.0 MB Chromium can print; HTML, CSV and JSON are available (narrow the period or the environments for a printable report)",
      ),
    );
  });
});
