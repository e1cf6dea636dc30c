/** The whole document: an Iranian-style quote / invoice / credit note, right to left in fa, left to right in en. */
import { Document, Page, View } from '@react-pdf/renderer';
import { Footer, Header, PartyBox, Watermark } from './blocks.tsx';
import { PDF_FONT_FAMILY } from './fonts.ts';
import { LABELS } from './labels.ts';
import { dirOf } from './layout.ts';
import { AmountInWords, LinesTable, Signatures, TextSection, Totals } from './lines-table.tsx';
import type { DocumentPdfInput } from './pdf.types.ts';

export function DocumentPdf({ input, singlePage = false }: { input: DocumentPdfInput; singlePage?: boolean }) {
  const dir = dirOf(input.locale);
  const labels = LABELS[input.locale];
  const props = { input, dir, labels };
  return (
    <Document title={`${labels.title[input.kind]} ${input.number}`} author={input.seller.name} language={input.locale} creator="Mehvar" producer="Mehvar">
      <Page size="A4" style={{ fontFamily: PDF_FONT_FAMILY, fontSize: 9, color: '#111', paddingTop: 26, paddingBottom: 50, paddingHorizontal: 28 }}>
        <Header {...props} />
        <View style={{ flexDirection: 'column' }}>
          <PartyBox {...props} title={labels.seller} party={input.seller} />
          <PartyBox {...props} title={labels.buyer} party={input.buyer} />
        </View>
        <LinesTable {...props} />
        <Totals {...props} />
        <AmountInWords {...props} />
        <TextSection {...props} title={labels.terms} text={input.terms} />
        <TextSection {...props} title={labels.notes} text={input.notes} />
        <Signatures {...props} />
        <Footer {...props} singlePage={singlePage} />
        {/* last, so it lies over the table's cell backgrounds rather than under them */}
        <Watermark {...props} />
      </Page>
    </Document>
  );
}
