/**
 * The new campaign's form: channel (SMS, email, or each customer's preferred one — then both texts), text (and subject
 * for email), English texts for English-speaking customers, the offer {offer} falls back on, the tracked link, the
 * rate, the hold-out, an A/B test, and the start time (Jalali date and time, Tehran).
 */
import { Group, NumberInput, SegmentedControl, Select, Stack, Switch, Text, Textarea, TextInput, Button, Paper } from '@mantine/core';
import { DateTimeField } from '../../components/DateFields';
import { TEHRAN } from '../../../../common/jalali';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../lib/format';
import { smsParts } from '../../../../common/sms';
import { AB_RULES, CAMPAIGN_CHANNELS, type AbRule, type CampaignChannel } from '../../../../common/campaigns.schemas';

export type Draft = {
  name: string; segmentId: string | null; channel: CampaignChannel; subject: string; body: string; linkUrl: string; ratePerMinute: number | null;
  holdoutPercent: number; advertising: boolean; abPercent: number; bodyB: string; subjectB: string; abRule: AbRule; abHours: number;
  emailBody: string; english: boolean; bodyEn: string; subjectEn: string; emailBodyEn: string; offerText: string; offerTextEn: string; scheduledAt: string | null;
};
export const NEW_DRAFT: Draft = {
  name: '', segmentId: null, channel: 'sms', subject: '', body: '{greeting} عزیز، ', linkUrl: '', ratePerMinute: null, holdoutPercent: 10, advertising: true,
  abPercent: 0, bodyB: '', subjectB: '', abRule: 'clicks', abHours: 4,
  emailBody: '', english: false, bodyEn: '', subjectEn: '', emailBodyEn: '', offerText: '', offerTextEn: '', scheduledAt: null,
};
const orNull = (v: string) => v.trim() || null;

/** What the API takes: empty optional texts as null; variant B only with a test. */
export function draftBody(d: Draft) {
  const test = d.abPercent > 0;
  return {
    name: d.name, segmentId: d.segmentId, channel: d.channel, body: d.body, holdoutPercent: d.holdoutPercent, advertising: d.advertising,
    subject: d.channel === 'email' ? d.subject.trim() || null : null, linkUrl: d.linkUrl.trim() || null, ratePerMinute: d.ratePerMinute,
    abPercent: d.abPercent, bodyB: test ? d.bodyB.trim() || null : null, subjectB: test && d.channel === 'email' ? d.subjectB.trim() || null : null,
    abRule: d.channel === 'sms' ? 'clicks' : d.abRule, abHours: d.abHours,
    ...(d.channel !== 'sms' ? { subject: orNull(d.subject) } : {}),
    emailBody: d.channel === 'preferred' ? orNull(d.emailBody) : null,
    bodyEn: d.english ? orNull(d.bodyEn) : null, subjectEn: d.english && d.channel !== 'sms' ? orNull(d.subjectEn) : null,
    emailBodyEn: d.english && d.channel === 'preferred' ? orNull(d.emailBodyEn) : null,
    offerText: orNull(d.offerText), offerTextEn: orNull(d.offerTextEn), scheduledAt: d.scheduledAt,
  };
}

export function CampaignForm({ draft, setDraft, segments, onCreate, creating }: {
  draft: Draft; setDraft: (d: Draft) => void; segments: { value: string; label: string }[]; onCreate: () => void; creating: boolean;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const email = draft.channel === 'email';
  const preferred = draft.channel === 'preferred';
  const mails = draft.channel !== 'sms';
  const parts = smsParts(draft.body);
  const partsEn = smsParts(draft.bodyEn);
  const set = (p: Partial<Draft>) => setDraft({ ...draft, ...p });
  return (
    <Paper withBorder radius="md" p="md">
      <Stack gap="sm">
        <TextInput label={t('campaigns.name')} value={draft.name} onChange={(e) => set({ name: e.currentTarget.value })} data-testid="campaign-name" />
        <div>
          <Text size="sm" fw={500} mb={4}>{t('campaigns.channelLabel')}</Text>
          <SegmentedControl value={draft.channel} onChange={(v) => set({ channel: v as CampaignChannel, abRule: 'clicks' })} data-testid="campaign-channel"
            data={CAMPAIGN_CHANNELS.map((c) => ({ value: c, label: t(`campaigns.channel.${c}`) }))} />
          {preferred && <Text size="xs" c="dimmed" mt={4}>{t('campaigns.preferredHint')}</Text>}
        </div>
        <Select label={t('campaigns.segment')} data={segments} value={draft.segmentId} onChange={(v) => set({ segmentId: v })} data-testid="campaign-segment"
          searchable nothingFoundMessage={t('campaigns.noSegments')} />
        {email && <TextInput label={t('campaigns.subject')} value={draft.subject} onChange={(e) => set({ subject: e.currentTarget.value })} data-testid="campaign-subject" />}
        <Textarea label={t(email ? 'campaigns.emailBody' : 'campaigns.body')} description={t('campaigns.placeholders')} autosize minRows={3} value={draft.body}
          onChange={(e) => set({ body: e.currentTarget.value })} data-testid="campaign-body" />
        {!email && <Text size="xs" c={parts.parts > 3 ? 'orange' : 'dimmed'} data-testid="campaign-parts">{t('campaigns.parts', { chars: t('smsSize.chars', { n: f.number(parts.chars), count: parts.chars }), parts: t('smsSize.smsParts', { n: f.number(parts.parts), count: parts.parts }) })}</Text>}
        {preferred && <>
          <TextInput label={t('campaigns.subject')} value={draft.subject} onChange={(e) => set({ subject: e.currentTarget.value })} data-testid="campaign-subject" />
          <Textarea label={t('campaigns.emailBody')} autosize minRows={3} value={draft.emailBody} onChange={(e) => set({ emailBody: e.currentTarget.value })} data-testid="campaign-email-body" />
        </>}
        <Group grow align="flex-start">
          <TextInput label={t('campaigns.offerText')} description={t('campaigns.offerHint')} value={draft.offerText} onChange={(e) => set({ offerText: e.currentTarget.value })} data-testid="campaign-offer" />
          {draft.english && <TextInput label={t('campaigns.offerTextEn')} dir="ltr" value={draft.offerTextEn} onChange={(e) => set({ offerTextEn: e.currentTarget.value })} data-testid="campaign-offer-en" />}
        </Group>
        <Switch label={t('campaigns.english')} description={t('campaigns.englishHint')} checked={draft.english} disabled={draft.abPercent > 0}
          onChange={(e) => set({ english: e.currentTarget.checked })} data-testid="campaign-english" />
        {draft.english && (
          <Stack gap="xs" pl="md" style={{ borderInlineStart: '3px solid var(--mantine-color-grape-2)' }} dir="ltr">
            {email && <TextInput label={t('campaigns.subjectEn')} value={draft.subjectEn} onChange={(e) => set({ subjectEn: e.currentTarget.value })} data-testid="campaign-subject-en" />}
            <Textarea label={t(email ? 'campaigns.emailBodyEn' : 'campaigns.bodyEn')} autosize minRows={2} value={draft.bodyEn} onChange={(e) => set({ bodyEn: e.currentTarget.value })} data-testid="campaign-body-en" />
            {!email && draft.bodyEn && <Text size="xs" c={partsEn.parts > 3 ? 'orange' : 'dimmed'}>{t('campaigns.parts', { chars: t('smsSize.chars', { n: f.number(partsEn.chars), count: partsEn.chars }), parts: t('smsSize.smsParts', { n: f.number(partsEn.parts), count: partsEn.parts }) })}</Text>}
            {preferred && <>
              <TextInput label={t('campaigns.subjectEn')} value={draft.subjectEn} onChange={(e) => set({ subjectEn: e.currentTarget.value })} data-testid="campaign-subject-en" />
              <Textarea label={t('campaigns.emailBodyEn')} autosize minRows={2} value={draft.emailBodyEn} onChange={(e) => set({ emailBodyEn: e.currentTarget.value })} data-testid="campaign-email-body-en" />
            </>}
          </Stack>
        )}
        <TextInput label={t('campaigns.linkUrl')} description={t('campaigns.linkHint')} placeholder="https://" dir="ltr" value={draft.linkUrl}
          onChange={(e) => set({ linkUrl: e.currentTarget.value })} data-testid="campaign-link" />
        <Group align="flex-end">
          <NumberInput label={t('campaigns.holdout')} min={0} max={50} w={170} suffix="٪" value={draft.holdoutPercent} onChange={(v) => set({ holdoutPercent: Number(v) || 0 })} data-testid="campaign-holdout" />
          <NumberInput label={t('campaigns.rate')} placeholder={t('campaigns.rateHint')} min={1} w={190} value={draft.ratePerMinute ?? ''}
            onChange={(v) => set({ ratePerMinute: v === '' ? null : Number(v) || null })} data-testid="campaign-rate" />
          {mails && !email && <Text size="xs" c="dimmed" maw={220}>{t('campaigns.preferredQuiet')}</Text>}
          {!email && <Switch label={t('campaigns.advertising')} checked={draft.advertising} onChange={(e) => set({ advertising: e.currentTarget.checked })} mb={8} data-testid="campaign-advertising" />}
        </Group>
        <DateTimeField label={t('campaigns.scheduleLabel')} description={t('campaigns.scheduleHint')} value={draft.scheduledAt} timeZone={TEHRAN}
          onChange={(v) => set({ scheduledAt: v })} testId="campaign-schedule" placeholder={t('campaigns.scheduleNow')} />
        <Switch label={t('campaigns.abTest')} disabled={preferred || draft.english} checked={draft.abPercent > 0} onChange={(e) => set({ abPercent: e.currentTarget.checked ? 20 : 0 })} data-testid="campaign-ab" />
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
            <Text size="xs" c="dimmed">{t('campaigns.abExplain', { rule: t(`campaigns.abRule.${draft.abRule}`), n: f.number(draft.abHours), count: draft.abHours })}</Text>
          </Stack>
        )}
        <Group justify="flex-end">
          <Button onClick={onCreate} loading={creating} disabled={!draft.name.trim() || !draft.segmentId || !draft.body.trim() || (mails && !draft.subject.trim()) || (preferred && !draft.emailBody.trim())} data-testid="campaign-create">
            {t('campaigns.create')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
