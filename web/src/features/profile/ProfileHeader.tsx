import { Anchor, Badge, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconBuilding, IconMail, IconPhone, IconUser } from '@tabler/icons-react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Profile } from '../../api/types';
import { useActiveCustomFields } from '../../api/reference';
import { useFormat } from '../../lib/format';
import { Ltr } from '../../components/Ltr';
import { PhoneLink } from '../telephony/PhoneLink';
import { fieldLabel, formatCustomValue } from '../customers/custom/custom-field-values';
import { UserText } from '../../components/UserText';
import { useCustomerName } from '../customers/form/ReferrerField';

/** The referrer, linked; a referrer hidden from the reader reads as "a customer". */
function Referrer({ id }: { id: string }) {
  const { t } = useTranslation();
  const name = useCustomerName(id);
  return name
    ? <Anchor component={Link} to={`/customers/${id}`} size="sm" data-testid="profile-referred-by"><UserText>{name}</UserText></Anchor>
    : <Text size="sm" span data-testid="profile-referred-by">{t('customer.referredByHidden')}</Text>;
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">{label}</Text>
      <Text size="sm" component="div">{children}</Text>
    </div>
  );
}

export function ProfileHeader({ profile, actions }: { profile: Profile; actions: React.ReactNode }) {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const customFields = useActiveCustomFields();
  const c = profile.customer;
  const related = c.kind === 'person' ? profile.organizations : profile.members;

  return (
    <Paper withBorder p="md" radius="md" data-testid="profile-header">
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Group gap="sm" wrap="nowrap" align="flex-start">
          {c.kind === 'organization' ? <IconBuilding size={32} aria-hidden /> : <IconUser size={32} aria-hidden />}
          <div>
            <Title order={1} size="h3" data-testid="profile-name">{c.displayName}</Title>
            {c.latinName && <Text size="sm" c="dimmed" dir="ltr" ta="start">{c.latinName}</Text>}
            <Group gap={6} mt={6}>
              <Badge variant="light">{t(`kind.${c.kind}`)}</Badge>
              <Badge variant="filled" data-testid="profile-stage">{t(`stage.${c.lifecycleStage}`)}</Badge>
              {c.source && <Badge variant="outline" color="gray">{t(`source.${c.source}`)}</Badge>}
              {c.tags.map((tag) => <Badge key={tag} variant="outline" color="grape">{tag}</Badge>)}
            </Group>
          </div>
        </Group>
        <Group gap="xs">{actions}</Group>
      </Group>

      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="md" mt="md">
        <Fact label={t('customer.phones')}>
          <Stack gap={2}>
            {c.phones.length === 0 && '—'}
            {c.phones.map((p) => (
              <Group key={p.number} gap={4} wrap="nowrap">
                <IconPhone size={14} aria-hidden />
                <PhoneLink number={p.number} customerId={c.id} size="sm" testId="profile-phone" />
                <Text size="xs" c="dimmed">{t(`phoneLabel.${p.label}`)}</Text>
              </Group>
            ))}
          </Stack>
        </Fact>
        <Fact label={t('customer.emails')}>
          <Stack gap={2}>
            {c.emails.length === 0 && '—'}
            {c.emails.map((e) => (
              <Group key={e.address} gap={4} wrap="nowrap">
                <IconMail size={14} aria-hidden />
                <Anchor href={`mailto:${e.address}`} size="sm"><Ltr>{e.address}</Ltr></Anchor>
              </Group>
            ))}
          </Stack>
        </Fact>
        <Fact label={t('customer.owner')}>{c.owner?.name ?? '—'}</Fact>
        {c.referredByCustomerId && <Fact label={t('customer.referredBy')}><Referrer id={c.referredByCustomerId} /></Fact>}
        <Fact label={t('customer.consents')}>
          <Group gap={4}>
            <Badge size="sm" color={c.smsConsent ? 'teal' : 'gray'} variant="light">{t(c.smsConsent ? 'consent.smsYes' : 'consent.smsNo')}</Badge>
            <Badge size="sm" color={c.emailConsent ? 'teal' : 'gray'} variant="light">{t(c.emailConsent ? 'consent.emailYes' : 'consent.emailNo')}</Badge>
          </Group>
        </Fact>
        {c.city && <Fact label={t('customer.city')}>{[c.city, c.province].filter(Boolean).join('، ')}</Fact>}
        {c.nationalId && <Fact label={t('customer.nationalId')}><Ltr>{fmt.digits(c.nationalId)}</Ltr></Fact>}
        {c.companyNationalId && <Fact label={t('customer.companyNationalId')}><Ltr>{fmt.digits(c.companyNationalId)}</Ltr></Fact>}
        {c.birthday && <Fact label={t('customer.birthday')}>{fmt.date(c.birthday)}</Fact>}
        {c.preferredChannel && <Fact label={t('customer.preferredChannel')}>{t(`channel.${c.preferredChannel}`)}</Fact>}
        {related.length > 0 && (
          <Fact label={t(c.kind === 'person' ? 'customer.organizations' : 'customer.members')}>
            <Stack gap={2}>
              {related.map((r) => (
                <Anchor key={r.id} component={Link} to={`/customers/${r.id}`} size="sm">
                  <UserText>{r.displayName}</UserText>{r.roleTitle ? <> (<UserText>{r.roleTitle}</UserText>)</> : ''}
                </Anchor>
              ))}
            </Stack>
          </Fact>
        )}
        {customFields.filter((f) => c.custom[f.key] !== undefined && c.custom[f.key] !== null).map((f) => (
          <Fact key={f.id} label={fieldLabel(f, i18n.language)}>{formatCustomValue(t, f, c.custom[f.key], fmt)}</Fact>
        ))}
      </SimpleGrid>
    </Paper>
  );
}
