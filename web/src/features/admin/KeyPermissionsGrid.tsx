import { Checkbox, ScrollArea, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { OBJECTS, OPERATIONS, type Operation, type RolePermissions } from '../../../../common/permissions';

/**
 * A compact object × operation grid for a key's own permissions: only what `available` (the maker's own permissions)
 * grants can be ticked; the server refuses anything beyond the key's user anyway, naming the object.
 */
export function KeyPermissionsGrid({ available, value, onChange }: { available: RolePermissions; value: RolePermissions; onChange(next: RolePermissions): void }) {
  const { t } = useTranslation();
  const objects = OBJECTS.filter((o) => (available[o]?.ops.length ?? 0) > 0);
  const toggle = (object: (typeof OBJECTS)[number], op: Operation, on: boolean) => {
    const ops = new Set(value[object]?.ops ?? []);
    if (on) ops.add(op); else ops.delete(op);
    const next = { ...value };
    // "all" asks for no narrower scope than the user's own (the narrower one wins when the key is used).
    if (ops.size) next[object] = { ops: OPERATIONS.filter((o) => ops.has(o)), scope: 'all' }; else delete next[object];
    onChange(next);
  };
  if (objects.length === 0) return <Text size="sm" c="dimmed">{t('apiKeys.nothingToGrant')}</Text>;
  return (
    <ScrollArea.Autosize mah={320} type="auto">
      <Table striped withTableBorder verticalSpacing={4} horizontalSpacing="xs" fz="xs" data-testid="key-permissions-grid">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('roles.object')}</Table.Th>
            {OPERATIONS.map((op) => <Table.Th key={op} ta="center">{t(`roles.op.${op}`)}</Table.Th>)}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {objects.map((object) => (
            <Table.Tr key={object}>
              <Table.Td>{t(`roles.objects.${object}`)}</Table.Td>
              {OPERATIONS.map((op) => {
                const allowed = available[object]?.ops.includes(op) ?? false;
                return (
                  <Table.Td key={op} ta="center">
                    {allowed && (
                      <Checkbox
                        size="xs"
                        style={{ display: 'inline-block' }}
                        aria-label={`${t(`roles.objects.${object}`)} · ${t(`roles.op.${op}`)}`}
                        checked={value[object]?.ops.includes(op) ?? false}
                        onChange={(e) => toggle(object, op, e.currentTarget.checked)}
                        data-testid={`key-perm-${object}-${op}`}
                      />
                    )}
                  </Table.Td>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea.Autosize>
  );
}
