/**
 * The saved survey as the customer sees it: the real public page (GET /api/surveys/:id/preview, same-origin and
 * frameable) in an iframe at phone width (375 px) or desktop width, in Persian or English.
 */
import { useState } from 'react';
import { Alert, Box, Group, Paper, SegmentedControl, Stack, Text } from '@mantine/core';
import { IconDeviceDesktop, IconDeviceMobile } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

export function SurveyPreview({ surveyId, version, unsaved }: { surveyId: string | null; version: string; unsaved: boolean }) {
  const { t } = useTranslation();
  const [device, setDevice] = useState<'phone' | 'desktop'>('phone');
  const [lang, setLang] = useState<'fa' | 'en'>('fa');
  if (!surveyId) return <Alert variant="light" color="blue" data-testid="preview-save-first">{t('surveys.preview.saveFirst')}</Alert>;
  const phone = device === 'phone';
  return (
    <Stack gap="sm" data-testid="survey-preview">
      <Group justify="space-between" wrap="wrap">
        <SegmentedControl
          value={device}
          onChange={(v) => setDevice(v as 'phone' | 'desktop')}
          data={[
            { value: 'phone', label: <Group gap={4} wrap="nowrap"><IconDeviceMobile size={16} /><span>{t('surveys.preview.phone')}</span></Group> },
            { value: 'desktop', label: <Group gap={4} wrap="nowrap"><IconDeviceDesktop size={16} /><span>{t('surveys.preview.desktop')}</span></Group> },
          ]}
          data-testid="preview-device"
        />
        <SegmentedControl value={lang} onChange={(v) => setLang(v as 'fa' | 'en')} data={[{ value: 'fa', label: 'فارسی' }, { value: 'en', label: 'English' }]} data-testid="preview-lang" />
      </Group>
      {unsaved && <Text size="xs" c="orange.8" data-testid="preview-unsaved">{t('surveys.preview.unsaved')}</Text>}
      <Box style={{ display: 'flex', justifyContent: 'center' }}>
        <Paper
          withBorder
          shadow={phone ? 'md' : undefined}
          radius={phone ? 28 : 'md'}
          p={phone ? 10 : 0}
          style={{ width: phone ? 375 + 22 : '100%', maxWidth: '100%', background: phone ? 'var(--mantine-color-dark-7)' : undefined, overflow: 'hidden' }}
        >
          <iframe
            key={`${version}-${lang}`}
            title={t('surveys.preview.title')}
            src={`/api/surveys/${surveyId}/preview?lang=${lang}`}
            data-testid="preview-frame"
            data-device={device}
            style={{ display: 'block', border: 0, width: phone ? 375 : '100%', height: phone ? 667 : 720, background: '#fff', borderRadius: phone ? 18 : 0 }}
          />
        </Paper>
      </Box>
    </Stack>
  );
}
