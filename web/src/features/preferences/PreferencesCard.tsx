/** The 360° view's preferences card: what the team should remember about this customer; edited by those who may edit the customer. */
import { useState } from 'react';
import { Button, Group, Paper, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSession } from '../session/session';
import { PreferenceLines, isEmpty, type Preferences } from './preferences.view';
import { PreferencesModal } from './PreferencesModal';

export function PreferencesCard({ customerId, section, onChanged }: { customerId: string; section: Preferences | undefined; onChanged: () => void }) {
  const { t } = useTranslation();
  const { can } = useSession();
  const [editing, setEditing] = useState(false);
  if (!section) return null;
  return (
    <Paper withBorder p="md" radius="md" data-testid="preferences-card">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h5">{t('preferences.card')}</Title>
        {can('customers', 'update') && <Button size="compact-sm" variant="subtle" onClick={() => setEditing(true)} data-testid="preferences-edit">{t('preferences.edit')}</Button>}
      </Group>
      {isEmpty(section) ? <Text size="sm" c="dimmed">{t('preferences.empty')}</Text> : <PreferenceLines p={section} />}
      {editing && <PreferencesModal customerId={customerId} initial={section} onClose={() => setEditing(false)} onSaved={() => { setEditing(false); onChanged(); }} />}
    </Paper>
  );
}
