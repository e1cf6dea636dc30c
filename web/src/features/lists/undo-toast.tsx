/** "12 customers updated — Undo": the toast after a bulk edit, with its undo for as long as the server keeps it. */
import { Button, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { TFunction } from 'i18next';

export function showUndoToast(t: TFunction, message: string, onUndo: (() => Promise<void>) | null) {
  const id = `bulk-${Date.now()}`;
  notifications.show({
    id,
    autoClose: 10_000,
    withBorder: true,
    message: (
      <Group justify="space-between" wrap="nowrap" gap="sm" data-testid="bulk-toast">
        <Text size="sm">{message}</Text>
        {onUndo && (
          <Button size="compact-sm" variant="light" data-testid="bulk-undo" onClick={async () => {
            notifications.hide(id);
            try {
              await onUndo();
              notifications.show({ message: t('lists.undone'), color: 'teal', autoClose: 4000 });
            } catch {
              notifications.show({ message: t('lists.undoFailed'), color: 'red' });
            }
          }}>{t('lists.undo')}</Button>
        )}
      </Group>
    ),
  });
}
