/**
 * The one-page (or few-page) PDF that goes with a customer's data export: the profile, consents and how many
 * records of each kind are held. Persian right to left with Vazirmatn (the documents module's fonts), or English.
 */
import { createElement, type ReactElement } from 'react';
import { Document, Page, Text, View, renderToBuffer, type DocumentProps } from '@react-pdf/renderer';
import { ensurePdfFonts, PDF_FONT_FAMILY, pdfText } from '../documents/index.ts';
import type { CustomerDataExport } from '../customers/index.ts';
import { formatDate, formatDateTime } from '../../../common/jalali.ts';
import { toPersianDigits } from '../../../common/fa-normalize.ts';
import { KIND_LABELS, SUMMARY_LABELS, type Lang } from './summary-labels.ts';

const LRM = '\u200E';

function Summary({ data, counts, lang }: { data: CustomerDataExport; counts: Record<string, number>; lang: Lang }) {
  const L = SUMMARY_LABELS[lang];
  const rtl = lang === 'fa';
  const dir = { direction: rtl ? 'rtl' : 'ltr', textAlign: rtl ? 'right' : 'left' } as const;
  const row = rtl ? 'row-reverse' : 'row';
  const digits = (v: string | number) => (rtl ? toPersianDigits(String(v)) : String(v));
  const ltr = (v: string) => (rtl ? LRM + v + LRM : v);
  const c = data.customer;
  const field = (label: string, value: string) => (
    <View key={label} style={{ flexDirection: row, marginBottom: 3 }}>
      <Text style={{ ...dir, width: 90, color: '#555' }}>{label}</Text>
      <Text style={{ ...dir, flexGrow: 1, flexBasis: 0 }}>{value || L.none}</Text>
    </View>
  );
  const heading = (t: string) => <Text style={{ ...dir, fontSize: 12, fontWeight: 700, color: '#1f4e79', marginTop: 12, marginBottom: 6 }}>{t}</Text>;
  const address = c.addresses.map((a) => pdfText(Object.values(a).filter((v) => typeof v === 'string').join('، '))).join(' / ');
  const kinds = Object.entries(counts);
  return (
    <Document title={L.title} author="Mehvar" language={lang} creator="Mehvar" producer="Mehvar">
      <Page size="A4" style={{ fontFamily: PDF_FONT_FAMILY, fontSize: 10, color: '#111', padding: 32 }}>
        <Text style={{ ...dir, fontSize: 16, fontWeight: 700 }}>{L.title}</Text>
        <Text style={{ ...dir, color: '#555', marginTop: 4 }}>{`${L.exportedAt}: ${formatDateTime(data.exportedAt, lang)}`}</Text>
        {heading(L.profile)}
        {field(L.name, pdfText(c.displayName))}
        {field(L.phones, c.phones.map((p) => ltr(digits(p.number))).join('  '))}
        {field(L.emails, c.emails.map((e) => ltr(e.address)).join('  '))}
        {field(L.nationalId, c.nationalId ? ltr(digits(c.nationalId)) : '')}
        {field(L.city, pdfText([c.city, c.province].filter(Boolean).join('، ')))}
        {field(L.birthday, c.birthday ? formatDate(c.birthday, lang) : '')}
        {field(L.address, address)}
        {data.customFields.length > 0 && heading(L.customFields)}
        {data.customFields.map((f) => field(pdfText(rtl ? f.labelFa : f.labelEn), typeof f.value === 'number' ? digits(f.value) : pdfText(Array.isArray(f.value) ? f.value.join('، ') : String(f.value ?? ''))))}
        {heading(L.consents)}
        {data.consents.map((k) => field(k.channel === 'sms' ? L.sms : L.email, `${k.given ? L.given : L.notGiven}${k.at ? ` — ${formatDateTime(k.at, lang)}` : ''}`))}
        {heading(L.records)}
        <View style={{ borderWidth: 0.5, borderColor: '#999' }}>
          <View style={{ flexDirection: row, backgroundColor: '#e3f2f5' }}>
            <Text style={{ ...dir, flexGrow: 1, flexBasis: 0, padding: 4, fontWeight: 700 }}>{L.kind}</Text>
            <Text style={{ ...dir, width: 70, padding: 4, fontWeight: 700 }}>{L.count}</Text>
          </View>
          {kinds.map(([kind, n]) => (
            <View key={kind} style={{ flexDirection: row, borderTopWidth: 0.5, borderColor: '#ccc' }} wrap={false}>
              <Text style={{ ...dir, flexGrow: 1, flexBasis: 0, padding: 4 }}>{KIND_LABELS[kind]?.[lang] ?? kind}</Text>
              <Text style={{ ...dir, width: 70, padding: 4 }}>{digits(n)}</Text>
            </View>
          ))}
        </View>
        <Text style={{ ...dir, marginTop: 10, color: '#555' }}>{L.full}</Text>
      </Page>
    </Document>
  );
}

export async function renderDataSummaryPdf(data: CustomerDataExport, counts: Record<string, number>, lang: Lang): Promise<Buffer> {
  await ensurePdfFonts();
  return renderToBuffer(createElement(Summary, { data, counts, lang }) as unknown as ReactElement<DocumentProps>);
}
