// PDF: the report's HTML file printed by headless Chromium through playwright-core, loaded
// from its file:// URL (setContent would first copy the whole page through the protocol).
// Without a Chromium, or for a page too large to lay out, the PDF is unavailable with a
// message saying why; the other formats do not need it.
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

export class PdfUnavailableError extends Error {
  override name = 'PdfUnavailableError';
}

/** Chromium failed to print a 26 MB report page here (docs/performance.md); larger pages are refused up front. */
export const MAX_PRINTABLE_HTML_BYTES = 24 * 1024 * 1024;
/** A report of a large fleet is tens of MB of HTML; Chromium needs minutes to lay it out. */
const PRINT_TIMEOUT_MS = 15 * 60_000;

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export async function printPdf(htmlFile: string, chromiumPath: string): Promise<Uint8Array> {
  if (!existsSync(chromiumPath)) {
    throw new PdfUnavailableError(`[reports:pdf] no Chromium at ${chromiumPath} (set reports.chromiumPath); HTML, CSV and JSON are available`);
  }
  const { size } = await stat(htmlFile);
  if (size > MAX_PRINTABLE_HTML_BYTES) {
    throw new PdfUnavailableError(
      `[reports:pdf] this report's HTML is ${megabytes(size)}, more than the ${megabytes(MAX_PRINTABLE_HTML_BYTES)} Chromium can print; ` +
        'HTML, CSV and JSON are available (narrow the period or the environments for a printable report)',
    );
  }
  let browser;
  try {
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ARGS });
  } catch (err) {
    throw new PdfUnavailableError(`[reports:pdf] Chromium at ${chromiumPath} did not start: ${(err as Error).message.split('\n')[0]}`, { cause: err });
  }
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(PRINT_TIMEOUT_MS);
    const url = pathToFileURL(htmlFile).href;
    // The report is self-contained: nothing but the page itself may be fetched while printing.
    await page.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
    await page.goto(url, { waitUntil: 'load' });
    return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
  } catch (err) {
    throw new PdfUnavailableError(`[reports:pdf] Chromium could not print this report (${megabytes(size)} of HTML): ${(err as Error).message.split('\n')[0]}; HTML, CSV and JSON are available`, { cause: err });
  } finally {
    await browser.close();
  }
}
