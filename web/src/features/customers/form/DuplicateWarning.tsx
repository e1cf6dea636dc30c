import { Alert, Anchor, Button, Group, List, Text } from '@mantine/core';
import { IconCopy } from '@tabler/icons-react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { DuplicateMatch } from '../../../api/types';

type Props = {
  matches: DuplicateMatch[];
  /** After the server refused with DUPLICATE, the user may still insist. */
  onCreateAnyway?: () => void;
  onOpen?: () => void;
  busy?: boolean;
};

export function DuplicateWarning({ matches, onCreateAnyway, onOpen, busy }: Props) {
  const { t } = useTranslation();
  if (!matches.length) return null;
  return (
    <Alert color="orange" variant="light" icon={<IconCopy size={18} />} title={t('duplicates.title')} data-testid="duplicate-warning">
      <Text size="sm" mb={4}>{t(onCreateAnyway ? 'duplicates.blocked' : 'duplicates.hint')}</Text>
      <List size="sm" spacing={2}>
        {matches.map((m) => (
          <List.Item key={m.id}>
            <Anchor component={Link} to={`/customers/${m.id}`} onClick={onOpen} data-testid="duplicate-open">{m.displayName}</Anchor>
            <Text span size="xs" c="dimmed"> — {t('duplicates.matchedOn', { fields: m.matchedOn.map((f) => t(`duplicates.on.${f}`)).join(t('common.listSeparator')) })}</Text>
          </List.Item>
        ))}
      </List>
      {onCreateAnyway && (
        <Group mt="sm">
          <Button size="xs" color="orange" onClick={onCreateAnyway} loading={busy} data-testid="create-anyway">{t('duplicates.createAnyway')}</Button>
        </Group>
      )}
    </Alert>
  );
}
