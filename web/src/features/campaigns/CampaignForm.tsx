/** The new campaign's form: channel, text (and subject for email), the tracked link, the rate, the hold-out, an A/B test. */
import { Group, NumberInput, SegmentedControl, Select, Stack, Switch, Text, Textarea, TextInput, Button, Paper } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { smsParts } from '../../../../common/sms';
import { AB_RULES, type AbRule, type CampaignChannel } from '../../../../common/campaigns.schemas';

export type Draft = {
  name: string; segmentId: string | null; channel: CampaignChannel; subject: string; body: string; linkUrl: string; ratePerMinute: number | null;
  holdoutPercent: number; advertising: boolean; abPercent: number; bodyB: string; subjectB: string; abRule: AbRule; abHours: number;
};
export const NEW_DRAFT: Draft = {
  name: '', segmentId: null, channel: 'sms', subject: '', body: '{greeting} عزیز، ', linkUrl: '', ratePerMinute: null, holdoutPercent: 10, advertising: true,
  abPercent: 0, bodyB: '', subjectB: '', abRule: 'clicks', abHours: 4,
};

/** What the API takes: empty optional texts as null; variant B only with a test. */
export function draftBody(d: Draft) {
  const test = d.abPercent > 0;
  return {
    name: d.name, segmentId: d.segmentId, channel: d.channel, body: d.body, holdoutPercent: d.holdoutPercent, advertising: d.advertising,
    subject: d.channel === 'email' ? d.subject.trim() || null : null, linkUrl: d.linkUrl.trim() || null, ratePerMinute: d.ratePerMinute,
    abPercent: d.abPercent, bodyB: test ? d.bodyB.trim() || null : null, subjectB: test && d.channel === 'email' ? d.subjectB.trim() || null : null,
    abRule: d.channel === 'sms' ? 'clicks' : d.abRule, abHours: d.abHours,
  };
}

export function CampaignForm({ draft, setDraft, segments, onCreate, creating }: {
  draft: Draft; setDraft: (d: Draft) => void; segments: { value: string; label: string }[]; onCreate: () => void; creating: boolean;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const email = draft.channel === 'email';
  const parts = smsParts(draft.body);
  const set = (p: Partial<Draft>) => setDraft({ ...draft, ...p });
  return (
    <Paper withBorder radius="md" p="md">
      <Stack gap="sm">
        <TextInput label={t('campaigns.name')} value={draft.name} onChange={(e) => set({ name: e.currentTarget.value })} data-testid="campaign-name" />
        <div>
          <Text size="sm" fw={500} mb={4}>{t('campaigns.channelLabel')}</Text>
          <SegmentedControl value={draft.channel} onChange={(v) => set({ channel: v as CampaignChannel, abRule: 'clicks' })} data-testid="campaign-channel"
            data={[{ value: 'sms', label: t('campaigns.channel.sms') }, { value: 'email', label: t('campaigns.channel.email') }]} />
        </div>
        <Select label={t('campaigns.segment')} data={segments} value={draft.segmentId} onChange={(v) => set({ segmentId: v })} data-testid="campaign-segment"
          searchable nothingFoundMessage={t('campaigns.noSegments')} />
        {email && <TextInput label={t('campaigns.subject')} value={draft.subject} onChange={(e) => set({ subject: e.currentTarget.value })} data-testid="campaign-subject" />}
        <Textarea label={t(email ? 'campaigns.emailBody' : 'campaigns.body')} description={t('campaigns.placeholders')} autosize minRows={3} value={draft.body}
          onChange={(e) => set({ body: e.currentTarget.value })} data-testid="campaign-body" />
        {!email && <Text size="xs" c={parts.parts > 3 ? 'orange' : 'dimmed'} data-testid="campaign-parts">{t('campaigns.parts', { chars: f.number(parts.chars), parts: f.number(parts.parts) })}</Text>}
        <TextInput label={t('campaigns.linkUrl')} description={t('campaigns.linkHint')} placeholder="https://" dir="ltr" value={draft.linkUrl}
          onChange={(e) => set({ linkUrl: e.currentTarget.value })} data-testid="campaign-link" />
        <Group align="flex-end">
          <NumberInput label={t('campaigns.holdout')} min={0} max={50} w={170} suffix="٪" value={draft.holdoutPercent} onChange={(v) => set({ holdoutPercent: Number(v) || 0 })} data-testid="campaign-holdout" />
          <NumberInput label={t('campaigns.rate')} placeholder={t('campaigns.rateHint')} min={1} w={190} value={draft.ratePerMinute ?? ''}
            onChange={(v) => set({ ratePerMinute: v === '' ? null : Number(v) || null })} data-testid="campaign-rate" />
          {!email && <Switch label={t('campaigns.advertising')} checked={draft.advertising} onChange={(e) => set({ advertising: e.currentTarget.checked })} mb={8} data-testid="campaign-advertising" />}
        </Group>
        <Switch label={t('campaigns.abTest')} checked={draft.abPercent > 0} onChange={(e) => set({ abPercent: e.currentTarget.checked ? 20 : 0 })} data-testid="campaign-ab" />
        {draft.abPercent > 0 && (
          <Stack gap="xs" pl="md" style={{ borderInlineStart: '3px solid var(--mantine-color-blue-2)' }}>
            {email && <TextInput label={t('campaigns.subjectB')} value={draft.subjectB} onChange={(e) => set({ subjectB: e.currentTarget.value })} />}
            <Textarea label={t('campaigns.bodyB')} autosize minRows={2} value={draft.bodyB} onChange={(e) => set({ bodyB: e.currentTarget.value })} data-testid="campaign-body-b" />
            <Group align="flex-end">
              <NumberInput label={t('campaigns.abPercent')} min={2} max={100} w={170} suffix="٪" value={draft.abPercent} onChange={(v) => set({ abPercent: Number(v) || 0 })} />
              <NumberInput label={t('campaigns.abHours')} min={1} max={168} w={190} value={draft.abHours} onChange={(v) => set({ abHours: Number(v) || 1 })} />
              <Select label={t('campaigns.abRuleLabel')} w={190} value={draft.abRule} onChange={(v) => v && set({ abRule: v as AbRule })}
                data={AB_RULES.filter((r) => email || r === 'clicks').map((r) => ({ value: r, label: t(`campaigns.abRule.${r}`) }))} />
            </Group>
            <Text size="xs" c="dimmed">{t('campaigns.abExplain', { rule: t(`campaigns.abRule.${draft.abRule}`), hours: f.number(draft.abHours) })}</Text>
          </Stack>
        )}
        <Group justify="flex-end">
          <Button onClick={onCreate} loading={creating} disabled={!draft.name.trim() || !draft.segmentId || !draft.body.trim() || (email && !draft.subject.trim())} data-testid="campaign-create">
            {t('campaigns.create')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
