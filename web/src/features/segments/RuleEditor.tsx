/**
 * The rule of a segment as nested groups: each group says "all" or "any" of its rows (and may be negated); a row is
 * field → operator → value, with the value's input chosen by the field's type. Reads right-to-left in Persian.
 */
import { ActionIcon, Button, Group, MultiSelect, NumberInput, Paper, SegmentedControl, Select, Stack, Switch, TagsInput, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { SegmentNode } from '../../../../common/segments.schemas';
import { DateField } from '../../components/DateFields';

export type FieldInfo = { field: string; type: string; ops: string[]; label: { fa: string; en: string }; group: string; options?: { value: string; label?: { fa: string; en: string } }[] };
export type Cond = { field: string; op: string; value?: unknown; withinDays?: number };
/** The editor's own shape: a group always has its mode and a list; "not" is a flag on the group. */
export type EditGroup = { mode: 'all' | 'any'; negate: boolean; items: (EditGroup | Cond)[] };

/** Built-in enumerations are named by the labels the rest of the app uses. */
const OPTION_KEYS: Record<string, string> = { lifecycleStage: 'stage', source: 'source', gender: 'gender', kind: 'kind', preferredChannel: 'channel' };

const isGroup = (x: EditGroup | Cond): x is EditGroup => 'items' in x;

export function toRules(g: EditGroup): SegmentNode {
  const items = g.items.map((i) => (isGroup(i) ? toRules(i) : (({ field, op, value, withinDays }) => ({ field, op, ...(value !== undefined && value !== '' ? { value } : {}), ...(withinDays ? { withinDays } : {}) }))(i) as SegmentNode));
  const node = g.mode === 'all' ? { all: items } : { any: items };
  return g.negate ? { not: node } : node;
}

export function fromRules(n: SegmentNode): EditGroup {
  if ('not' in n) {
    const inner = fromRules(n.not);
    return 'all' in n.not || 'any' in n.not ? { ...inner, negate: !inner.negate } : { mode: 'all', negate: true, items: [n.not as Cond] };
  }
  if ('all' in n) return { mode: 'all', negate: false, items: n.all.map((m) => ('all' in m || 'any' in m || 'not' in m ? fromRules(m) : (m as Cond))) };
  if ('any' in n) return { mode: 'any', negate: false, items: n.any.map((m) => ('all' in m || 'any' in m || 'not' in m ? fromRules(m) : (m as Cond))) };
  return { mode: 'all', negate: false, items: [n as Cond] };
}

function defaultValue(f: FieldInfo | undefined, op: string): unknown {
  if (!f) return undefined;
  if (op === 'exists') return true;
  if (f.type === 'bool' || (f.type === 'event' && op === 'eq')) return true;
  if (op === 'in') return [];
  if (op === 'between') return f.type === 'date' ? ['', ''] : [0, 0];
  if (f.type === 'birthday') return 7;
  if (op === 'withinLastDays') return 30;
  return '';
}

function ValueInput({ f, cond, onChange }: { f: FieldInfo | undefined; cond: Cond; onChange: (c: Cond) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'fa';
  const set = (value: unknown) => onChange({ ...cond, value });
  if (!f) return null;
  const optionData = f.options?.map((o) => ({ value: o.value, label: o.label?.[lang] ?? t(`${OPTION_KEYS[f.field] ?? f.field}.${o.value}`) }));
  if (cond.op === 'exists' || f.type === 'bool' || (f.type === 'event' && cond.op === 'eq')) {
    return <SegmentedControl size="xs" value={String(cond.value ?? true)} onChange={(v) => set(v === 'true')}
      data={[{ value: 'true', label: t(cond.op === 'exists' ? 'segments.has' : 'segments.yes') }, { value: 'false', label: t(cond.op === 'exists' ? 'segments.hasNot' : 'segments.no') }]} />;
  }
  if (cond.op === 'in') {
    return optionData
      ? <MultiSelect size="xs" data={optionData} value={(cond.value as string[]) ?? []} onChange={set} w={220} aria-label={t('segments.value')} />
      : <TagsInput size="xs" value={(cond.value as string[]) ?? []} onChange={set} w={220} placeholder={t('segments.enterValues')} aria-label={t('segments.value')} />;
  }
  if (f.type === 'birthday' || cond.op === 'withinLastDays') {
    return <Group gap={4} wrap="nowrap"><NumberInput size="xs" w={80} min={0} max={366} value={Number(cond.value ?? 0)} onChange={(v) => set(Number(v) || 0)} aria-label={t('segments.value')} /><Text size="xs">{t('segments.days')}</Text></Group>;
  }
  if (cond.op === 'between') {
    const [a, b] = (cond.value as unknown[]) ?? [];
    if (f.type === 'date') return <Group gap={4} wrap="nowrap"><DateField label={t('segments.from')} value={(a as string) || null} onChange={(v) => set([v ?? '', b])} /><DateField label={t('segments.to')} value={(b as string) || null} onChange={(v) => set([a, v ?? ''])} /></Group>;
    return <Group gap={4} wrap="nowrap"><NumberInput size="xs" w={110} value={Number(a ?? 0)} onChange={(v) => set([Number(v) || 0, b])} /><NumberInput size="xs" w={110} value={Number(b ?? 0)} onChange={(v) => set([a, Number(v) || 0])} /></Group>;
  }
  if (f.type === 'date') return <DateField label={t('segments.value')} value={(cond.value as string) || null} onChange={(v) => set(v ?? '')} />;
  if (f.type === 'number' || f.type === 'money') return <NumberInput size="xs" w={140} thousandSeparator="," value={cond.value === '' ? '' : Number(cond.value ?? 0)} onChange={(v) => set(v === '' ? '' : Number(v))} aria-label={t('segments.value')} />;
  if (optionData) return <Select size="xs" data={optionData} value={(cond.value as string) || null} onChange={(v) => set(v ?? '')} w={200} aria-label={t('segments.value')} data-testid="segment-value-select" />;
  if (f.type === 'user' && (cond.op === 'eq' || cond.op === 'neq')) {
    return <Select size="xs" data={[{ value: 'me', label: t('segments.me') }]} value={(cond.value as string) || null} onChange={(v) => set(v ?? '')} w={160} searchable aria-label={t('segments.value')} />;
  }
  return <TextInput size="xs" w={200} value={String(cond.value ?? '')} onChange={(e) => set(e.currentTarget.value)} aria-label={t('segments.value')} data-testid="segment-value" />;
}

function Row({ cond, fields, onChange, onRemove }: { cond: Cond; fields: FieldInfo[]; onChange: (c: Cond) => void; onRemove: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'fa';
  const f = fields.find((x) => x.field === cond.field);
  const groups = [...new Set(fields.map((x) => x.group))];
  return (
    <Group gap="xs" wrap="wrap" data-testid="segment-row">
      <Select size="xs" w={210} searchable data-testid="segment-field" aria-label={t('segments.field')}
        data={groups.map((g) => ({ group: t(`segments.group.${g}`, g), items: fields.filter((x) => x.group === g).map((x) => ({ value: x.field, label: x.label[lang] })) }))}
        value={cond.field} onChange={(v) => { const nf = fields.find((x) => x.field === v); const op = nf?.ops[0] ?? 'eq'; onChange({ field: v ?? cond.field, op, value: defaultValue(nf, op) }); }} />
      <Select size="xs" w={150} data-testid="segment-op" aria-label={t('segments.op')} data={(f?.ops ?? []).map((o) => ({ value: o, label: t(`segments.ops.${f?.type === 'birthday' ? 'birthday_' : ''}${o}`) }))}
        value={cond.op} onChange={(op) => op && onChange({ ...cond, op, value: defaultValue(f, op) })} />
      <ValueInput f={f} cond={cond} onChange={onChange} />
      {f?.type === 'event' && (
        <Group gap={4} wrap="nowrap"><Text size="xs">{t('segments.withinDays')}</Text>
          <NumberInput size="xs" w={80} min={1} placeholder="—" value={cond.withinDays ?? ''} onChange={(v) => onChange({ ...cond, withinDays: v === '' ? undefined : Number(v) })} aria-label={t('segments.withinDays')} /></Group>
      )}
      <ActionIcon variant="subtle" color="red" onClick={onRemove} aria-label={t('common.delete')}><IconTrash size={16} /></ActionIcon>
    </Group>
  );
}

export function GroupEditor({ group, fields, onChange, onRemove, depth = 0 }: { group: EditGroup; fields: FieldInfo[]; onChange: (g: EditGroup) => void; onRemove?: () => void; depth?: number }) {
  const { t } = useTranslation();
  const first = fields[0];
  const setItem = (i: number, v: EditGroup | Cond) => onChange({ ...group, items: group.items.map((x, j) => (j === i ? v : x)) });
  const removeItem = (i: number) => onChange({ ...group, items: group.items.filter((_, j) => j !== i) });
  return (
    <Paper withBorder p="sm" radius="md" bg={depth % 2 ? 'var(--mantine-color-gray-0)' : undefined} data-testid="segment-group">
      <Stack gap="xs">
        <Group gap="xs">
          <SegmentedControl size="xs" value={group.mode} onChange={(v) => onChange({ ...group, mode: v as 'all' | 'any' })}
            data={[{ value: 'all', label: t('segments.all') }, { value: 'any', label: t('segments.any') }]} data-testid="segment-mode" />
          <Switch size="xs" label={t('segments.negate')} checked={group.negate} onChange={(e) => onChange({ ...group, negate: e.currentTarget.checked })} />
          {onRemove && <ActionIcon variant="subtle" color="red" onClick={onRemove} aria-label={t('common.delete')}><IconTrash size={16} /></ActionIcon>}
        </Group>
        {group.items.map((item, i) => (isGroup(item)
          ? <GroupEditor key={i} group={item} fields={fields} depth={depth + 1} onChange={(g) => setItem(i, g)} onRemove={() => removeItem(i)} />
          : <Row key={i} cond={item} fields={fields} onChange={(c) => setItem(i, c)} onRemove={() => removeItem(i)} />))}
        <Group gap="xs">
          <Button size="xs" variant="light" leftSection={<IconPlus size={14} />} disabled={!first} data-testid="segment-add-row"
            onClick={() => onChange({ ...group, items: [...group.items, { field: first.field, op: first.ops[0], value: defaultValue(first, first.ops[0]) }] })}>{t('segments.addCondition')}</Button>
          {depth < 4 && <Button size="xs" variant="subtle" leftSection={<IconPlus size={14} />} data-testid="segment-add-group"
            onClick={() => onChange({ ...group, items: [...group.items, { mode: group.mode === 'all' ? 'any' : 'all', negate: false, items: [] }] })}>{t('segments.addGroup')}</Button>}
        </Group>
      </Stack>
    </Paper>
  );
}
