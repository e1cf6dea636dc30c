/** Objects × operations, plus the read scope per object: the whole of a role on one screen. */
import { Checkbox, Select, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { OBJECTS, OPERATIONS, SCOPES, type Operation, type PermObject, type RolePermissions, type Scope } from '../../../../common/permissions';

type Props = { value: RolePermissions; onChange: (next: RolePermissions) => void; disabled?: boolean };

export function PermissionsMatrix({ value, onChange, disabled }: Props) {
  const { t } = useTranslation();

  const toggle = (object: PermObject, op: Operation, on: boolean) => {
    const current = value[object] ?? { ops: [], scope: 'all' as Scope };
    let ops = on ? [...new Set([...current.ops, op])] : current.ops.filter((o) => o !== op);
    // Writing without reading is meaningless; ticking any operation ticks read, unticking read clears the row.
    if (on && op !== 'read') ops = [...new Set<Operation>(['read', ...ops])];
    if (!on && op === 'read') ops = [];
    const next = { ...value };
    if (ops.length) next[object] = { ops: OPERATIONS.filter((o) => ops.includes(o)), scope: current.scope };
    else delete next[object];
    onChange(next);
  };
  const setScope = (object: PermObject, scope: Scope) => {
    const current = value[object];
    if (current) onChange({ ...value, [object]: { ...current, scope } });
  };

  return (
    <Table.ScrollContainer minWidth={680}>
      <Table withTableBorder withColumnBorders verticalSpacing={4} data-testid="permissions-matrix">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('roles.object')}</Table.Th>
            {OPERATIONS.map((op) => <Table.Th key={op} ta="center">{t(`roles.op.${op}`)}</Table.Th>)}
            <Table.Th>{t('roles.scope')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {OBJECTS.map((object) => {
            const perm = value[object];
            return (
              <Table.Tr key={object}>
                <Table.Td><Text size="sm">{t(`roles.objects.${object}`)}</Text></Table.Td>
                {OPERATIONS.map((op) => (
                  <Table.Td key={op} ta="center">
                    <Checkbox
                      style={{ display: 'inline-block' }}
                      checked={Boolean(perm?.ops.includes(op))}
                      onChange={(e) => toggle(object, op, e.currentTarget.checked)}
                      disabled={disabled}
                      aria-label={`${t(`roles.objects.${object}`)}: ${t(`roles.op.${op}`)}`}
                      data-testid={`perm-${object}-${op}`}
                    />
                  </Table.Td>
                ))}
                <Table.Td>
                  <Select
                    size="xs"
                    w={120}
                    data={SCOPES.map((s) => ({ value: s, label: t(`roles.scopes.${s}`) }))}
                    value={perm?.scope ?? null}
                    onChange={(v) => v && setScope(object, v as Scope)}
                    disabled={disabled || !perm}
                    allowDeselect={false}
                    aria-label={`${t(`roles.objects.${object}`)}: ${t('roles.scope')}`}
                  />
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
