/**
 * One question of the builder: its short id, type, Persian (required) and English wording, required switch, the
 * options of a choice question, and for a score the optional "what could we do better?" when the score is low.
 * Errors arrive keyed by the server's paths (`questions.1.followUp.maxScore`) and show beside their input.
 */
import { ActionIcon, Badge, Button, Checkbox, Group, Paper, Select, SimpleGrid, Stack, Switch, Text, TextInput, Tooltip } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { isScored } from '../../../../common/survey.schemas';
import { toLatinDigits } from '../../../../common/fa-normalize';
import { useFormat } from '../../lib/format';
import { PICKER_TYPES, changeType, defaultMaxScore, isChoice, nextId, scaleOf, type Bilingual, type QuestionDraft } from './surveys.api';

type Props = {
  q: QuestionDraft;
  index: number;
  count: number;
  /** The error at `questions.<index>.<path>`, if any. */
  err: (path: string) => string | undefined;
  onChange: (q: QuestionDraft) => void;
  onMove: (delta: -1 | 1) => void;
  onRemove: () => void;
};

/** Persian and English wording side by side; the English box is left to right. */
export function BilingualInputs({ value, onChange, label, errFa, errEn, testId, required = true }: {
  value: Bilingual; onChange: (v: Bilingual) => void; label: string; errFa?: string; errEn?: string; testId: string; required?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
      <TextInput label={`${label} (${t('surveys.lang.fa')})`} required={required} dir="rtl" value={value.fa} onChange={(e) => onChange({ ...value, fa: e.currentTarget.value })} error={errFa} data-testid={`${testId}-fa`} />
      <TextInput label={`${label} (${t('surveys.lang.enOptional')})`} dir="ltr" value={value.en} onChange={(e) => onChange({ ...value, en: e.currentTarget.value })} error={errEn} data-testid={`${testId}-en`} />
    </SimpleGrid>
  );
}

export function QuestionCard({ q, index, count, err, onChange, onMove, onRemove }: Props) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const scale = scaleOf(q.type);
  const set = (patch: Partial<QuestionDraft>) => onChange({ ...q, ...patch });
  const tid = `question-${index}`;
  const optionsErr = err('options');

  return (
    <Paper withBorder radius="md" p="sm" data-testid={tid} data-qid={q.id}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Group gap="xs" wrap="wrap" align="flex-start">
            <Badge variant="light" color="gray" mt={8}>{t('surveys.q.number', { n: fmt.number(index + 1) })}</Badge>
            <Select
              aria-label={t('surveys.q.type')}
              data={PICKER_TYPES.map((type) => ({ value: type, label: t(`surveys.type.${type}`) }))}
              value={q.type}
              onChange={(v) => v && onChange(changeType(q, v as QuestionDraft['type']))}
              allowDeselect={false}
              error={err('type')}
              w={210}
              data-testid={`${tid}-type`}
            />
            <Tooltip label={t('surveys.q.idHint')} multiline w={260}>
              <TextInput
                aria-label={t('surveys.q.id')}
                placeholder={t('surveys.q.idShort')}
                dir="ltr"
                w={130}
                value={q.id}
                onChange={(e) => set({ id: e.currentTarget.value.toLowerCase() })}
                error={err('id')}
                data-testid={`${tid}-id`}
              />
            </Tooltip>
          </Group>
          <Group gap={4} wrap="nowrap">
            <ActionIcon variant="subtle" color="gray" disabled={index === 0} onClick={() => onMove(-1)} aria-label={t('surveys.q.up')} data-testid={`${tid}-up`}><IconArrowUp size={16} /></ActionIcon>
            <ActionIcon variant="subtle" color="gray" disabled={index === count - 1} onClick={() => onMove(1)} aria-label={t('surveys.q.down')} data-testid={`${tid}-down`}><IconArrowDown size={16} /></ActionIcon>
            <ActionIcon variant="subtle" color="red" onClick={onRemove} aria-label={t('surveys.q.remove')} data-testid={`${tid}-remove`}><IconTrash size={16} /></ActionIcon>
          </Group>
        </Group>
        {scale && <Text size="xs" c="dimmed">{t(`surveys.typeHint.${q.type}`, { min: fmt.number(scale.min), max: fmt.number(scale.max) })}</Text>}

        <BilingualInputs label={t('surveys.q.text')} value={q.text} onChange={(text) => set({ text })} errFa={err('text.fa') ?? err('text')} errEn={err('text.en')} testId={`${tid}-text`} />
        <Switch label={t('surveys.q.required')} checked={q.required} onChange={(e) => set({ required: e.currentTarget.checked })} data-testid={`${tid}-required`} />

        {isChoice(q.type) && (
          <Stack gap={6} data-testid={`${tid}-options`}>
            <Text size="sm" fw={500}>{t('surveys.q.options')}</Text>
            {q.options.map((o, i) => (
              <Group key={o.id} gap="xs" wrap="nowrap" align="flex-start">
                <TextInput style={{ flex: 1 }} aria-label={t('surveys.q.optionFa', { n: fmt.number(i + 1) })} placeholder={t('surveys.q.optionFa', { n: fmt.number(i + 1) })} dir="rtl"
                  value={o.text.fa} onChange={(e) => set({ options: q.options.map((x) => (x.id === o.id ? { ...x, text: { ...x.text, fa: e.currentTarget.value } } : x)) })}
                  error={err(`options.${i}.text.fa`) ?? err(`options.${i}.text`) ?? err(`options.${i}.id`)} data-testid={`${tid}-option-${i}-fa`} />
                <TextInput style={{ flex: 1 }} aria-label={t('surveys.q.optionEn', { n: i + 1 })} placeholder={t('surveys.q.optionEn', { n: i + 1 })} dir="ltr"
                  value={o.text.en} onChange={(e) => set({ options: q.options.map((x) => (x.id === o.id ? { ...x, text: { ...x.text, en: e.currentTarget.value } } : x)) })}
                  error={err(`options.${i}.text.en`)} data-testid={`${tid}-option-${i}-en`} />
                <ActionIcon variant="subtle" color="gray" mt={4} onClick={() => set({ options: q.options.filter((x) => x.id !== o.id) })} aria-label={t('surveys.q.removeOption')} data-testid={`${tid}-option-${i}-remove`}>
                  <IconX size={16} />
                </ActionIcon>
              </Group>
            ))}
            {optionsErr && <Text size="xs" c="red" role="alert" data-testid={`${tid}-options-error`}>{optionsErr}</Text>}
            <Button variant="subtle" size="compact-sm" leftSection={<IconPlus size={14} />} style={{ alignSelf: 'flex-start' }} disabled={q.options.length >= 12}
              onClick={() => set({ options: [...q.options, { id: nextId(q.options.map((x) => x.id), 'o'), text: { fa: '', en: '' } }] })} data-testid={`${tid}-add-option`}>
              {t('surveys.q.addOption')}
            </Button>
          </Stack>
        )}
        {!isChoice(q.type) && optionsErr && <Text size="xs" c="red" role="alert">{optionsErr}</Text>}

        {isScored(q.type) && scale && (
          <Stack gap={6}>
            <Checkbox
              label={t('surveys.q.followUp')}
              checked={Boolean(q.followUp)}
              onChange={(e) => set({ followUp: e.currentTarget.checked ? { maxScore: defaultMaxScore(q.type), text: { fa: t('surveys.q.followUpDefaultFa'), en: t('surveys.q.followUpDefaultEn') } } : undefined })}
              data-testid={`${tid}-followup`}
            />
            {q.followUp && (
              <Paper bg="var(--mantine-color-gray-0)" p="xs" radius="sm">
                <Stack gap="xs">
                  <Group gap="xs" align="flex-start" wrap="wrap">
                    <Text size="sm" pt={6}>{t('surveys.q.followUpWhen')}</Text>
                    <TextInput
                      aria-label={t('surveys.q.maxScore')}
                      inputMode="numeric"
                      w={70}
                      value={Number.isFinite(q.followUp.maxScore) ? fmt.digits(String(q.followUp.maxScore)) : ''}
                      onChange={(e) => {
                        const raw = toLatinDigits(e.currentTarget.value).replace(/[^0-9]/g, '').slice(0, 2);
                        set({ followUp: { ...q.followUp!, maxScore: raw === '' ? Number.NaN : Number(raw) } });
                      }}
                      error={Boolean(err('followUp.maxScore') ?? err('followUp'))}
                      styles={{ input: { textAlign: 'center' } }}
                      data-testid={`${tid}-maxscore`}
                    />
                    <Text size="sm" pt={6} c="dimmed">{t('surveys.q.scaleRange', { min: fmt.number(scale.min), max: fmt.number(scale.max) })}</Text>
                  </Group>
                  {(err('followUp.maxScore') ?? err('followUp')) && <Text size="xs" c="red" role="alert" mt={-6} data-testid={`${tid}-maxscore-error`}>{err('followUp.maxScore') ?? err('followUp')}</Text>}
                  <BilingualInputs label={t('surveys.q.followUpText')} value={q.followUp.text} onChange={(text) => set({ followUp: { ...q.followUp!, text } })}
                    errFa={err('followUp.text.fa')} errEn={err('followUp.text.en')} testId={`${tid}-followup-text`} />
                </Stack>
              </Paper>
            )}
          </Stack>
        )}
        {!isScored(q.type) && err('followUp') && <Text size="xs" c="red" role="alert">{err('followUp')}</Text>}
      </Stack>
    </Paper>
  );
}
