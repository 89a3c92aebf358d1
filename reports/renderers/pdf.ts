// PDF: the report's HTML printed by headless Chromium through playwright-core. Without a
// Chromium the PDF fails with a message saying so; the other formats do not need it.
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

export class PdfUnavailableError extends Error {
  override name = 'PdfUnavailableError';
}

/** A report of a large fleet is tens of MB of HTML; Chromium needs minutes to lay it out. */
const PRINT_TIMEOUT_MS = 15 * 60_000;

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export async function printPdf(html: string, chromiumPath: string): Promise<Uint8Array> {
  if (!existsSync(chromiumPath)) {
    throw new PdfUnavailableError(`[reports:pdf] no Chromium at ${chromiumPath} (set reports.chromiumPath); HTML, CSV and JSON are available`);
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
    // The report is self-contained: nothing may be fetched while printing.
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
  } catch (err) {
    // Very large reports (tens of MB of HTML) exceed what Chromium prints; the rest stays available.
    const size = `${(Buffer.byteLength(html) / 1024 / 1024).toFixed(1)} MB of HTML`;
    throw new PdfUnavailableError(`[reports:pdf] Chromium could not print this report (${size}): ${(err as Error).message.split('\n')[0]}; HTML, CSV and JSON are available`, { cause: err });
  } finally {
    await browser.close();
  }
}
