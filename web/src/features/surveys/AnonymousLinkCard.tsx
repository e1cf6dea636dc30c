/**
 * The walk-in side of a survey: the anonymous link to print or share, its QR code (GET /api/surveys/:id/qr.svg), and
 * the snippet that puts the survey on the business's website.
 */
import { Alert, Anchor, Button, Code, CopyButton, Group, Image, Paper, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { anonymousKey } from './surveys.api';

function Copy({ value, testId }: { value: string; testId: string }) {
  const { t } = useTranslation();
  return (
    <CopyButton value={value}>
      {({ copied, copy }) => (
        <Button size="compact-sm" variant={copied ? 'light' : 'default'} color={copied ? 'teal' : undefined} leftSection={copied ? <IconCheck size={14} /> : <IconCopy size={14} />} onClick={copy} data-testid={testId}>
          {copied ? t('common.copied') : t('common.copy')}
        </Button>
      )}
    </CopyButton>
  );
}

export function AnonymousLinkCard({ surveyId, url, enabledInForm, version }: { surveyId: string | null; url: string | null; enabledInForm: boolean; version: string }) {
  const { t } = useTranslation();
  if (!surveyId || !url) {
    return (
      <Alert variant="light" color="blue" data-testid="anonymous-off">
        {enabledInForm ? t('surveys.anon.saveFirst') : t('surveys.anon.off')}
      </Alert>
    );
  }
  // The widget loads from the public address customers reach (the link's origin), not necessarily this app's.
  const snippet = `<script src="${new URL(url, window.location.href).origin}/s/widget.js" data-key="${anonymousKey(url)}" data-lang="fa" defer></script>`;
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" data-testid="anonymous-card">
      <Stack gap="md">
        <Paper withBorder p="sm" radius="md">
          <Text fw={500} size="sm">{t('surveys.anon.link')}</Text>
          <Text size="xs" c="dimmed" mb={6}>{t('surveys.anon.linkHint')}</Text>
          <Group gap="xs" wrap="nowrap">
            <TextInput readOnly value={url} dir="ltr" style={{ flex: 1 }} onFocus={(e) => e.currentTarget.select()} aria-label={t('surveys.anon.link')} data-testid="anonymous-url" />
            <Copy value={url} testId="copy-anonymous-url" />
          </Group>
          <Anchor href={url} target="_blank" rel="noopener" size="xs" mt={4} display="inline-block">{t('surveys.anon.open')}</Anchor>
        </Paper>
        <Paper withBorder p="sm" radius="md">
          <Text fw={500} size="sm">{t('surveys.anon.widget')}</Text>
          <Text size="xs" c="dimmed" mb={6}>{t('surveys.anon.widgetHint')}</Text>
          <Code block dir="ltr" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', textAlign: 'left' }} data-testid="widget-snippet">{snippet}</Code>
          <Group justify="flex-end" mt={6}><Copy value={snippet} testId="copy-widget" /></Group>
        </Paper>
      </Stack>
      <Paper withBorder p="sm" radius="md">
        <Text fw={500} size="sm">{t('surveys.anon.qr')}</Text>
        <Text size="xs" c="dimmed" mb={6}>{t('surveys.anon.qrHint')}</Text>
        <Image src={`/api/surveys/${surveyId}/qr.svg?v=${encodeURIComponent(version)}`} alt={t('surveys.anon.qrAlt')} w={220} h={220} fit="contain" mx="auto" data-testid="anonymous-qr" />
        <Group justify="center" mt={6}>
          <Anchor href={`/api/surveys/${surveyId}/qr.svg`} download="survey-qr.svg" size="sm">{t('surveys.anon.download')}</Anchor>
        </Group>
      </Paper>
    </SimpleGrid>
  );
}
