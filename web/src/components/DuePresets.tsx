/** One-click due times under a due-date field (in the user's time zone): later today, tomorrow 10:00, next week, in 2 weeks. */
import { Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { DUE_PRESETS, duePresets } from '../../../common/due-presets';
import { usePrefs } from '../lib/prefs';
import { DateTimeField } from './DateFields';

export function DuePresets({ onPick, testId = 'due-preset' }: { onPick: (iso: string) => void; testId?: string }) {
  const { t } = useTranslation();
  const { prefs } = usePrefs();
  const presets = duePresets(new Date(), prefs.timeZone);
  return (
    <Group gap={4} wrap="wrap" mt={4}>
      {DUE_PRESETS.map((p) => presets[p] && (
        <Button key={p} size="compact-xs" variant="light" color="gray" onClick={() => onPick(presets[p]!)} data-testid={`${testId}-${p}`}>
          {t(`tasks.preset.${p}`)}
        </Button>
      ))}
    </Group>
  );
}

/** A due-date field with the presets under it. */
export function DueField(props: { label: string; value: string | null; onChange: (v: string | null) => void; error?: string; required?: boolean; testId?: string }) {
  return (
    <div>
      <DateTimeField label={props.label} value={props.value} onChange={props.onChange} error={props.error} required={props.required} testId={props.testId} />
      <DuePresets onPick={props.onChange} testId={`${props.testId ?? 'due'}-preset`} />
    </div>
  );
}
