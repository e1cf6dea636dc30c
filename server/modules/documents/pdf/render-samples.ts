/**
 * Writes the sample PDFs to a folder so a person can look at them (and convert them for docs/screenshots):
 *   npx tsx server/modules/documents/pdf/render-samples.ts [out-dir]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderDocumentPdf } from './render.ts';
import { sampleInvoiceFa, sampleQuoteEn, sampleQuoteFa } from './samples.ts';

const out = process.argv[2] ?? 'data/pdf-samples';
mkdirSync(out, { recursive: true });
for (const [name, input] of [['quote-fa', sampleQuoteFa()], ['invoice-fa', sampleInvoiceFa()], ['quote-en', sampleQuoteEn()]] as const) {
  const t = performance.now();
  const pdf = await renderDocumentPdf(input);
  writeFileSync(join(out, `${name}.pdf`), pdf);
  console.log(`${name}.pdf ${pdf.length} bytes in ${(performance.now() - t).toFixed(0)} ms`);
}
