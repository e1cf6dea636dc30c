/** Step 2: each column's target (a select per column), the options, and the first rows as they will be stored. */
import { Alert, Badge, Button, Group, ScrollArea, Select, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ReactNode } from 'react';
import { useCustomFields } from '../../api/reference';
import { Ltr } from '../../components/Ltr';
import { useFormat } from '../../lib/format';
import type { ImportMapping, ImportOptions, ImportPreview } from '../../api/types';
import { DATE_MODES, IMPORT_FIELDS, MONEY_UNITS, ON_DUPLICATE, type ImportKind } from '../../../../common/imports.schemas';
import { reasonText } from '../../../../common/import-reasons';

type Props = {
  kind: ImportKind;
  preview: ImportPreview;
  mapping: ImportMapping;
  options: ImportOptions;
  busy: boolean;
  onMapping: (m: ImportMapping) => void;
  onOptions: (o: ImportOptions) => void;
  onApply: () => void;
  onStart: () => void;
  dirty: boolean;
};

type Fmt = ReturnType<typeof useFormat>;

/** A stored value as the rest of the app shows it: phones formatted, dates in the user's calendar, codes left to right. */
function show(fmt: Fmt, column: string, v: unknown): ReactNode {
  if (v == null || v === '') return '';
  if (column === 'phones') return (v as { number: string }[]).map((p) => <div key={p.number} style={{ whiteSpace: 'nowrap' }}><Ltr>{fmt.phone(p.number)}</Ltr></div>);
  if (column === 'emails') return (v as { address: string }[]).map((e) => <div key={e.address}><Ltr>{e.address}</Ltr></div>);
  if (column === 'birthday' || column === 'date') return fmt.date(String(v).slice(0, 10));
  if (column === 'occurredAt') return fmt.date(String(v).slice(0, 10));
  if (['total', 'unitPrice', 'price', 'paid'].includes(column) && /^\d+$/.test(String(v))) return <Ltr>{fmt.number(Number(v))}</Ltr>;
  if (column === 'nationalId' || column === 'externalId' || column === 'quantity' || column === 'invoiceNumber' || column === 'ticketNumber' || column === 'code') return <Ltr>{fmt.digits(String(v))}</Ltr>;
  if (Array.isArray(v)) return v.map(String).join('، ');
  return String(v);
}

const PREVIEW_COLUMNS = ['kind', 'firstName', 'lastName', 'orgName', 'phones', 'emails', 'nationalId', 'birthday', 'city', 'tags', 'externalId'] as const;

const ENUM_COLUMNS = new Set(['kind', 'status', 'priority', 'channel', 'taxClass', 'direction', 'active']);

/** The other kinds show the values their rows will be stored with, in the order the server gives them. */
function columnsOf(kind: ImportKind, preview: ImportPreview): string[] {
  if (kind === 'customers') return [...PREVIEW_COLUMNS];
  const seen = new Set<string>();
  for (const r of preview.preview) if (!r.errors.length) for (const [k, v] of Object.entries(r.values)) if (v != null && v !== '' && !(Array.isArray(v) && !v.length)) seen.add(k);
  return [...seen];
}

export function MappingStep({ kind, preview, mapping, options, busy, onMapping, onOptions, onApply, onStart, dirty }: Props) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'fa';
  const columns = columnsOf(kind, preview);
  const label = (c: string) => (kind === 'customers' ? t(`imports.preview.${c}`) : t(`imports.kcol.${c}`, { defaultValue: c }));
  const fmt = useFormat();
  const customFields = useCustomFields();
  const targets = [
    { value: 'ignore', label: t('imports.ignore') },
    ...IMPORT_FIELDS[kind].map((f) => ({ value: f, label: t(`imports.field.${f}`) })),
    ...(kind !== 'customers' ? [] : customFields.data?.items ?? []).filter((f) => f.active).flatMap((f) => [
      { value: `custom:${f.key}`, label: `${t('imports.customField')}: ${f.labelFa}` },
      ...(f.type === 'number' ? [{ value: `money:${f.key}`, label: `${t('imports.moneyField')}: ${f.labelFa}` }] : []),
    ]),
  ];
  const errorRows = preview.preview.filter((r) => r.errors.length).length;
  return (
    <Stack gap="md">
      <Group gap="xs">
        <Badge variant="light">{t('imports.rowsInFile', { n: fmt.number(preview.total) })}</Badge>
        {preview.format === 'csv' && <Badge variant="light" color="gray">{t('imports.encoding')}: {preview.encoding}</Badge>}
        <Badge variant="light" color="gray">{preview.format.toUpperCase()}</Badge>
      </Group>
      <Table withTableBorder data-testid="mapping-table">
        <Table.Thead><Table.Tr><Table.Th>{t('imports.column')}</Table.Th><Table.Th>{t('imports.targetAny')}</Table.Th></Table.Tr></Table.Thead>
        <Table.Tbody>
          {preview.headers.map((h, i) => (
            <Table.Tr key={i}>
              <Table.Td>{h || `#${i + 1}`}</Table.Td>
              <Table.Td>
                <Select
                  aria-label={t('imports.targetOf', { column: h || `#${i + 1}` })}
                  data={targets}
                  value={mapping[String(i)] ?? 'ignore'}
                  onChange={(v) => onMapping({ ...mapping, [String(i)]: (v ?? 'ignore') as ImportMapping[string] })}
                  searchable
                  allowDeselect={false}
                  data-testid={`map-${i}`}
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group grow align="flex-end">
        <Select label={t('imports.dates')} data={DATE_MODES.map((d) => ({ value: d, label: t(`imports.dateMode.${d}`) }))} value={options.dates} onChange={(v) => v && onOptions({ ...options, dates: v as ImportOptions['dates'] })} allowDeselect={false} />
        <Select label={t('imports.moneyUnit')} data={MONEY_UNITS.map((d) => ({ value: d, label: t(`imports.money.${d}`) }))} value={options.moneyUnit} onChange={(v) => v && onOptions({ ...options, moneyUnit: v as ImportOptions['moneyUnit'] })} allowDeselect={false} />
        <Select label={t(kind === 'customers' ? 'imports.onDuplicate' : `imports.onDuplicateOf.${kind}`)} data={ON_DUPLICATE.map((d) => ({ value: d, label: t(kind === 'customers' ? `imports.duplicate.${d}` : `imports.duplicateAny.${d}`) }))} value={options.onDuplicate} onChange={(v) => v && onOptions({ ...options, onDuplicate: v as ImportOptions['onDuplicate'] })} allowDeselect={false} data-testid="on-duplicate" />
      </Group>
      <Group justify="space-between">
        <Text fw={600}>{t('imports.previewTitle', { n: fmt.number(preview.preview.length) })}</Text>
        {errorRows > 0 && <Badge color="red" variant="light">{t('imports.previewErrors', { n: fmt.number(errorRows) })}</Badge>}
      </Group>
      <ScrollArea>
        <Table striped withTableBorder data-testid="preview-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>#</Table.Th>
              {columns.map((c) => <Table.Th key={c}>{label(c)}</Table.Th>)}
              <Table.Th>{t('imports.errors')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {preview.preview.map((r) => (
              <Table.Tr key={r.row} bg={r.errors.length ? 'var(--mantine-color-red-light)' : undefined}>
                <Table.Td>{fmt.number(r.row)}</Table.Td>
                {columns.map((c) => <Table.Td key={c}>{r.errors.length ? '' : c === 'kind' && kind === 'customers' ? t(`kind.${String(r.values.kind)}`)
                  : typeof r.values[c] === 'boolean' ? t(`imports.kval.${String(r.values[c])}`)
                  : c === 'customer' ? <Ltr>{fmt.digits(String(r.values[c]))}</Ltr>
                  : ENUM_COLUMNS.has(c) ? t(`imports.kval.${String(r.values[c])}`, { defaultValue: String(r.values[c]) }) : show(fmt, c, r.values[c])}</Table.Td>)}
                <Table.Td>{r.errors.map((e) => <Text key={e} size="sm" c="red" dir="auto">{reasonText(e, lang)}</Text>)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>
      {dirty && <Alert color="yellow">{t('imports.applyFirst')}</Alert>}
      <Group justify="flex-end">
        <Button variant="default" onClick={onApply} loading={busy} disabled={!dirty} data-testid="apply-mapping">{t('imports.apply')}</Button>
        <Button onClick={onStart} loading={busy} disabled={dirty} data-testid="start-import">{t('imports.start')}</Button>
      </Group>
    </Stack>
  );
}
