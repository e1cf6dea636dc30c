/** The lines table (its header repeats on every page it spans) and the totals, words, terms and signature blocks. */
import { Text, View } from '@react-pdf/renderer';
import type { Style } from '@react-pdf/types';
import { amountInWords, formatMoney } from '../../../../common/money.ts';
import { GROW, T, type BlockProps } from './blocks.tsx';
import { fitFontSize } from './fonts.ts';
import { textStyle, tint, type Dir } from './layout.ts';
import type { DocumentPdfInput } from './pdf.types.ts';
import { identifier, localDigits, pdfText, quantityText } from './text.ts';

type Column = { key: string; title: string; width?: number; grow?: boolean; align: 'start' | 'end' | 'center' };

function columnsOf(input: DocumentPdfInput, labels: BlockProps['labels']): Column[] {
  const c = labels.columns;
  const cols: Array<Column | false> = [
    { key: 'row', title: c.row, width: 24, align: 'center' },
    input.template.show.lineCodes && { key: 'code', title: c.code, width: 52, align: 'center' },
    { key: 'description', title: c.description, grow: true, align: 'start' },
    { key: 'quantity', title: c.quantity, width: 36, align: 'center' },
    { key: 'unit', title: c.unit, width: 38, align: 'center' },
    { key: 'unitPrice', title: c.unitPrice, width: 66, align: 'end' },
    { key: 'discount', title: c.discount, width: 56, align: 'end' },
    { key: 'tax', title: c.tax, width: 56, align: 'end' },
    { key: 'total', title: c.total, width: 72, align: 'end' },
  ];
  return cols.filter((col): col is Column => Boolean(col));
}

/** A cell is a single Text (no wrapping View): rendering time grows with the number of nodes. */
function cellStyle(col: Column, dir: Dir, border: string, last: boolean, align: Column['align']): Style {
  const size: Style = col.grow ? { flexGrow: 1, flexShrink: 1, flexBasis: 0 } : { width: col.width };
  // cells are separated by a rule on their reading-end side
  const rule: Style = last ? {} : dir.rtl ? { borderLeft: border } : { borderRight: border };
  return { ...textStyle(dir, align), ...size, ...rule, paddingHorizontal: 3, paddingVertical: 2.5 };
}

export function LinesTable({ input, dir, labels }: BlockProps) {
  const { template, unit, locale } = input;
  const cols = columnsOf(input, labels);
  const border = `0.5pt solid ${tint(template.primaryColor, 0.6)}`;
  const headerRule = `0.5pt solid ${tint(template.primaryColor, 0.35)}`;
  const money = (v: bigint) => formatMoney(v, { unit, locale, withUnit: false });
  const cellText = (key: string, i: number): string => {
    const line = input.lines[i];
    switch (key) {
      case 'row': return localDigits(i + 1, locale);
      case 'code': return line.code ? identifier(line.code, locale) : '';
      case 'description': return pdfText(line.description);
      case 'quantity': return quantityText(line.quantity, locale);
      case 'unit': return pdfText(line.unit);
      case 'unitPrice': return money(line.unitPrice);
      case 'discount': return line.discount === 0n ? '' : money(line.discount);
      case 'tax': return line.tax === 0n ? '' : money(line.tax);
      case 'total': return money(line.total);
      default: return '';
    }
  };
  return (
    <View style={{ marginTop: 10 }}>
      <T dir={dir} align="end" style={{ fontSize: 8, color: '#555', marginBottom: 2 }}>{labels.amountsIn(labels.unitName[unit])}</T>
      <View style={{ border }}>
        {/* fixed inside the table: drawn again at the top of each page the table continues on */}
        <View fixed style={{ flexDirection: dir.row, backgroundColor: template.primaryColor }}>
          {cols.map((col, ci) => (
            <Text key={col.key} style={[cellStyle(col, dir, headerRule, ci === cols.length - 1, 'center'), { fontSize: 8, fontWeight: 700, color: '#fff' }]}>
              {col.title}
            </Text>
          ))}
        </View>
        {input.lines.map((_, i) => (
          <View key={i} wrap={false} style={{ flexDirection: dir.row, borderTop: border, backgroundColor: i % 2 === 1 ? tint(template.accentColor, 0.4) : '#ffffff' }}>
            {cols.map((col, ci) => {
              const text = cellText(col.key, i);
              // 6 = the cell's horizontal padding
              const fontSize = col.key === 'description' ? 8.5 : col.width && text.length > 11 ? fitFontSize(text, col.width - 6, 8, 5) : 8;
              return (
                <Text key={col.key} style={[cellStyle(col, dir, border, ci === cols.length - 1, col.align), { fontSize }]}>
                  {text}
                </Text>
              );
            })}
          </View>
        ))}
      </View>
    </View>
  );
}

const TOTAL_VALUE_WIDTH = 120;

function TotalRow(props: { dir: Dir; label: string; value: string; strong?: boolean; color: string; border: string }) {
  const { dir, strong } = props;
  const size = strong ? 9.5 : 8.5;
  const text: Style = { fontSize: size, fontWeight: strong ? 700 : 400, color: strong ? '#fff' : '#111' };
  const valueSize = props.value.length > 18 ? fitFontSize(props.value, TOTAL_VALUE_WIDTH, size, 6, strong ? 700 : 400) : size;
  return (
    <View wrap={false} style={{ flexDirection: dir.row, borderTop: props.border, backgroundColor: strong ? props.color : undefined, paddingVertical: strong ? 3 : 2, paddingHorizontal: 5 }}>
      <T dir={dir} style={{ ...text, ...GROW }}>{props.label}</T>
      <T dir={dir} align="end" style={{ ...text, fontSize: valueSize, width: TOTAL_VALUE_WIDTH }}>{props.value}</T>
    </View>
  );
}

export function Totals({ input, dir, labels }: BlockProps) {
  const { totals, template, unit, locale } = input;
  const money = (v: bigint) => formatMoney(v, { unit, locale });
  const border = `0.5pt solid ${tint(template.primaryColor, 0.6)}`;
  const rows: Array<{ label: string; value: bigint; strong?: boolean }> = [
    { label: labels.subtotal, value: totals.subtotal },
    ...(totals.lineDiscounts !== 0n ? [{ label: labels.lineDiscounts, value: totals.lineDiscounts }] : []),
    ...(totals.documentDiscount !== 0n ? [{ label: labels.documentDiscount, value: totals.documentDiscount }] : []),
    ...totals.taxes.map((t) => ({ label: pdfText(t.label), value: t.amount })),
    ...totals.fees.map((f) => ({ label: pdfText(f.label), value: f.amount })),
    { label: labels.grandTotal, value: totals.grandTotal, strong: true },
    ...(totals.paid !== undefined ? [{ label: labels.paid, value: totals.paid }] : []),
    ...(totals.balance !== undefined ? [{ label: labels.balance, value: totals.balance }] : []),
  ];
  return (
    <View wrap={false} style={{ flexDirection: dir.row, justifyContent: 'flex-end', marginTop: 6 }}>
      <View style={{ width: 260, borderLeft: border, borderRight: border, borderBottom: border }}>
        {rows.map((r, i) => (
          <TotalRow key={i} dir={dir} label={r.label} value={money(r.value)} strong={r.strong} color={template.primaryColor} border={border} />
        ))}
      </View>
    </View>
  );
}

export function AmountInWords({ input, dir, labels }: BlockProps) {
  if (!input.template.show.amountInWords) return null;
  const words = amountInWords(input.totals.grandTotal, { unit: input.unit, locale: input.locale });
  return (
    <View wrap={false} style={{ marginTop: 6, backgroundColor: input.template.accentColor, borderRadius: 3, paddingHorizontal: 6, paddingVertical: 4, flexDirection: dir.row }}>
      <T dir={dir} style={{ fontSize: 8.5, fontWeight: 700, color: input.template.primaryColor, ...(dir.rtl ? { marginLeft: 4 } : { marginRight: 4 }) }}>{`${labels.amountInWords}:`}</T>
      <T dir={dir} style={{ ...GROW, fontSize: 8.5 }}>{words}</T>
    </View>
  );
}

export function TextSection(props: BlockProps & { title: string; text?: string }) {
  const { dir, input } = props;
  if (!props.text || !props.text.trim()) return null;
  return (
    <View style={{ marginTop: 6 }}>
      <T dir={dir} style={{ fontSize: 9, fontWeight: 700, color: input.template.primaryColor, marginBottom: 1 }}>{props.title}</T>
      {pdfText(props.text).split('\n').map((para, i) => (
        <T key={i} dir={dir} style={{ fontSize: 8.5, lineHeight: 1.4 }}>{para || ' '}</T>
      ))}
    </View>
  );
}

export function Signatures({ input, dir, labels }: BlockProps) {
  if (!input.template.show.signature) return null;
  const box: Style = { width: '48%', height: 62, border: `0.75pt solid ${tint(input.template.primaryColor, 0.5)}`, borderRadius: 3, padding: 5 };
  return (
    <View wrap={false} style={{ flexDirection: dir.row, justifyContent: 'space-between', marginTop: 10 }}>
      <View style={box}><T dir={dir} align="center" style={{ fontSize: 8.5, color: '#555' }}>{labels.sellerSignature}</T></View>
      <View style={box}><T dir={dir} align="center" style={{ fontSize: 8.5, color: '#555' }}>{labels.buyerSignature}</T></View>
    </View>
  );
}
