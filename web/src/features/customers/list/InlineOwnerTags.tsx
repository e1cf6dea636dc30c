/** Owner and tags edited in a customers list cell (when the user may update); read-only text otherwise. */
import { Badge, Group, Select, TagsInput, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useActiveUserOptions } from '../../../api/reference';
import { useFormat } from '../../../lib/format';
import { useInlinePatch } from './useInlinePatch';

const NONE = '__none';

export function InlineOwner({ id, owner, editable }: { id: string; owner: { id: string; name: string } | null; editable: boolean }) {
  const { t } = useTranslation();
  const users = useActiveUserOptions();
  const { value, save } = useInlinePatch<string | null>(id, 'ownerId', owner?.id ?? null);
  if (!editable) return <Text size="sm" dir="auto">{owner?.name ?? '—'}</Text>;
  // The current owner stays choosable even when no longer active (so the cell still shows their name).
  const data = [{ value: NONE, label: t('lists.unassigned') }, ...users, ...(owner && !users.some((u) => u.value === owner.id) ? [{ value: owner.id, label: owner.name }] : [])];
  return (
    <div onClick={(e) => e.stopPropagation()}>
      <Select
        size="xs" w={150} variant="filled" searchable allowDeselect={false} value={value ?? NONE} data={data}
        onChange={(v) => v && void save(v === NONE ? null : v)} aria-label={t('customers.col.owner')} data-testid="inline-owner" comboboxProps={{ withinPortal: true }}
      />
    </div>
  );
}

export function InlineTags({ id, tags, editable }: { id: string; tags: string[]; editable: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { value, save } = useInlinePatch(id, 'tags', tags);
  if (!editable) {
    return (
      <Group gap={4}>
        {tags.slice(0, 3).map((tag) => <Badge key={tag} variant="outline" size="xs" color="gray" data-testid="row-tag">{tag}</Badge>)}
        {tags.length > 3 && <Text size="xs" c="dimmed">+{fmt.number(tags.length - 3)}</Text>}
      </Group>
    );
  }
  return (
    <div onClick={(e) => e.stopPropagation()} onKeyDown={(e) => e.stopPropagation()}>
      <TagsInput
        size="xs" w={200} variant="filled" value={value} onChange={(v) => void save(v.map((x) => x.trim()).filter(Boolean))} maxTags={30}
        aria-label={t('customers.col.tags')} placeholder={value.length ? undefined : t('lists.tagPrompt')} clearable={false} data-testid="inline-tags"
        styles={{ pill: { maxWidth: 120 } }}
      />
    </div>
  );
}
