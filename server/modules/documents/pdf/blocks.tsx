/** The header, the party boxes and the page furniture (footer, page numbers, watermark) of a document PDF. */
import { Image, Text, View } from '@react-pdf/renderer';
import type { Style } from '@react-pdf/types';
import { formatDate, toJalaliString } from '../../../../common/jalali.ts';
import type { PdfLabels } from './labels.ts';
import { textStyle, tint, type Dir } from './layout.ts';
import type { DocumentPdfInput, PartyLegal, PdfTemplate } from './pdf.types.ts';
import { documentNumber, identifier, localDigits, pdfText } from './text.ts';

export type BlockProps = { input: DocumentPdfInput; dir: Dir; labels: PdfLabels };

/** Text with its direction and alignment always set (see textStyle). */
export function T(props: { dir: Dir; align?: 'start' | 'end' | 'center'; style?: Style; children: string }) {
  return <Text style={[textStyle(props.dir, props.align ?? 'start'), props.style ?? {}]}>{props.children}</Text>;
}

export function dateText(iso: string, dir: Dir): string {
  return dir.rtl ? localDigits(toJalaliString(iso), 'fa') : formatDate(iso, 'en');
}

/** Style of a Text that takes the remaining width of its row. flexBasis 0 matters: react-pdf lays a Text out once,
 * at the width it is first measured with, so a Text that grows from its natural width keeps its first alignment. */
export const GROW: Style = { flexGrow: 1, flexShrink: 1, flexBasis: 0 };

function MetaRow(props: { dir: Dir; label: string; value: string; border: string; first: boolean }) {
  const { dir } = props;
  return (
    <View style={{ flexDirection: dir.row, paddingHorizontal: 5, paddingVertical: 2.5, borderTop: props.first ? undefined : props.border }}>
      <T dir={dir} style={{ color: '#555', fontSize: 8.5, width: dir.rtl ? 62 : 58 }}>{props.label}</T>
      <T dir={dir} align="end" style={{ ...GROW, fontSize: 9, fontWeight: 700 }}>{props.value}</T>
    </View>
  );
}

export function Header({ input, dir, labels }: BlockProps) {
  const { template } = input;
  const logo = template.logo;
  const border = `0.75pt solid ${tint(template.primaryColor, 0.55)}`;
  const meta: Array<[string, string]> = [
    [labels.number, documentNumber(input.number, dir.locale)],
    [labels.issueDate, dateText(input.issueDate, dir)],
    ...(input.validUntil ? [[labels.validUntil, dateText(input.validUntil, dir)] as [string, string]] : []),
    ...(input.dueDate ? [[labels.dueDate, dateText(input.dueDate, dir)] as [string, string]] : []),
  ];
  return (
    <View style={{ flexDirection: dir.row, alignItems: 'center', paddingBottom: 6, borderBottom: `2pt solid ${template.primaryColor}` }}>
      <View style={{ flexDirection: dir.row, alignItems: 'center', width: '38%' }}>
        {logo ? (
          <Image
            src={{ data: logo.data, format: logo.mime === 'image/png' ? 'png' : 'jpg' }}
            style={{ width: 52, height: 52, objectFit: 'contain', ...(dir.rtl ? { marginLeft: 8 } : { marginRight: 8 }) }}
          />
        ) : null}
        <View style={GROW}>
          <T dir={dir} style={{ fontSize: 12.5, fontWeight: 700, color: template.primaryColor }}>{pdfText(input.seller.name)}</T>
          {template.headerText ? <T dir={dir} style={{ fontSize: 8, color: '#555', marginTop: 1 }}>{pdfText(template.headerText)}</T> : null}
        </View>
      </View>
      <View style={{ ...GROW, alignItems: 'center', paddingHorizontal: 6 }}>
        <T dir={dir} align="center" style={{ fontSize: input.kind === 'credit_note' ? 14 : 18, fontWeight: 700, color: template.primaryColor }}>
          {labels.title[input.kind]}
        </T>
        {input.status === 'paid' ? (
          <T dir={dir} align="center" style={{ marginTop: 3, fontSize: 9, fontWeight: 700, color: '#1b7f3b', border: '1pt solid #1b7f3b', borderRadius: 3, paddingHorizontal: 8, paddingVertical: 1 }}>
            {labels.status.paid}
          </T>
        ) : null}
      </View>
      <View style={{ width: '27%', border, borderRadius: 3 }}>
        {meta.map(([label, value], i) => <MetaRow key={label} dir={dir} label={label} value={value} border={border} first={i === 0} />)}
      </View>
    </View>
  );
}

type Field = { key: string; label: string; value: string; width: string };

/** The fields of a party the template shows and that have a value, in reading order. */
export function partyFields(party: PartyLegal, show: PdfTemplate['show'], labels: PdfLabels, dir: Dir): Field[] {
  const fields: Array<Field | false | undefined | ''> = [
    { key: 'name', label: labels.name, value: pdfText(party.name), width: '100%' },
    show.economicCode && party.economicCode && { key: 'economicCode', label: labels.economicCode, value: identifier(party.economicCode, dir.locale), width: '34%' },
    show.nationalId && party.nationalId && { key: 'nationalId', label: labels.nationalId, value: identifier(party.nationalId, dir.locale), width: '33%' },
    show.registrationNumber && party.registrationNumber && { key: 'registrationNumber', label: labels.registrationNumber, value: identifier(party.registrationNumber, dir.locale), width: '33%' },
    show.postalCode && party.postalCode && { key: 'postalCode', label: labels.postalCode, value: identifier(party.postalCode, dir.locale), width: '34%' },
    show.phone && party.phone && { key: 'phone', label: labels.phone, value: identifier(party.phone, dir.locale), width: '66%' },
    show.address && party.address && { key: 'address', label: labels.address, value: pdfText(party.address), width: '100%' },
  ];
  return fields.filter((f): f is Field => Boolean(f));
}

export function PartyBox(props: BlockProps & { title: string; party: PartyLegal }) {
  const { input, dir, labels, party } = props;
  const { template } = input;
  const fields = partyFields(party, template.show, labels, dir);
  return (
    <View wrap={false} style={{ marginTop: 6, border: `0.75pt solid ${tint(template.primaryColor, 0.55)}`, borderRadius: 3 }}>
      <View style={{ backgroundColor: template.accentColor, paddingHorizontal: 6, paddingVertical: 1.5, borderBottom: `0.75pt solid ${tint(template.primaryColor, 0.55)}` }}>
        <T dir={dir} style={{ fontSize: 9.5, fontWeight: 700, color: template.primaryColor }}>{props.title}</T>
      </View>
      <View style={{ flexDirection: dir.row, flexWrap: 'wrap', paddingHorizontal: 6, paddingVertical: 3 }}>
        {fields.map((f) => (
          // one Text per field, the label as an inline run: half the nodes of a label/value pair, and a long value
          // (an address) simply wraps under its label
          <Text key={f.key} style={[textStyle(dir, 'start'), { width: f.width as Style['width'], paddingVertical: 1, fontSize: 9, ...(dir.rtl ? { paddingLeft: 6 } : { paddingRight: 6 }) }]}>
            {/* the paragraph takes its direction from its first run, so the inline label must carry it too */}
            <Text style={{ direction: dir.direction, fontSize: 8.5, color: '#555' }}>{`${f.label}: `}</Text>
            {f.key === 'name' ? <Text style={{ direction: dir.direction, fontSize: 10, fontWeight: 700 }}>{f.value}</Text> : f.value}
          </Text>
        ))}
      </View>
    </View>
  );
}

/**
 * Footer text and «صفحهٔ ۱ از ۲» on every page. `singlePage` draws a fixed «صفحهٔ ۱ از ۱» instead of react-pdf's
 * render-prop page number, which costs a second layout of every page; render.ts uses it only when the result is
 * checked to have one page.
 */
export function Footer({ input, dir, labels, singlePage }: BlockProps & { singlePage: boolean }) {
  const pageStyle = [textStyle(dir, 'end'), { fontSize: 8, color: '#555', width: 90 }];
  const one = localDigits(1, dir.locale);
  return (
    <View fixed style={{ position: 'absolute', bottom: 18, left: 28, right: 28, flexDirection: dir.row, alignItems: 'flex-end', borderTop: '0.5pt solid #bbb', paddingTop: 4 }}>
      <View style={GROW}>
        {input.template.footerText ? <T dir={dir} style={{ fontSize: 8, color: '#555' }}>{pdfText(input.template.footerText)}</T> : null}
      </View>
      {singlePage ? (
        <Text style={pageStyle}>{labels.page(one, one)}</Text>
      ) : (
        <Text
          style={pageStyle}
          render={({ pageNumber, totalPages }) => labels.page(localDigits(pageNumber, dir.locale), localDigits(totalPages ?? pageNumber, dir.locale))}
        />
      )}
    </View>
  );
}

/** A large pale label across each page of a draft or cancelled document. */
export function Watermark({ input, dir, labels }: BlockProps) {
  if (input.status !== 'draft' && input.status !== 'cancelled') return null;
  const color = input.status === 'draft' ? '#8a8a8a' : '#c0392b';
  return (
    <View fixed style={{ position: 'absolute', top: 330, left: 0, right: 0, alignItems: 'center' }}>
      <Text style={[textStyle(dir, 'center'), { fontSize: 80, fontWeight: 700, color, opacity: 0.12, transform: 'rotate(-30deg)' }]}>
        {labels.status[input.status]}
      </Text>
    </View>
  );
}
