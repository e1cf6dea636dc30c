/** The admin lists' table: scrolls sideways on narrow screens, one header per column and a last, unlabelled actions column. */
import type { ReactNode } from 'react';
import { Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';

type Props = { columns: string[]; minWidth: number; testId: string; highlightOnHover?: boolean; children: ReactNode };

export function ListTable({ columns, minWidth, testId, highlightOnHover, children }: Props) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={minWidth}>
      <Table verticalSpacing="xs" highlightOnHover={highlightOnHover} data-testid={testId}>
        <Table.Thead>
          <Table.Tr>
            {columns.map((c) => <Table.Th key={c}>{c}</Table.Th>)}
            <Table.Th aria-label={t('common.actions')} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>{children}</Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
