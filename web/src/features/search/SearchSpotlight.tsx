/** Ctrl+K / ⌘K: find any customer by name, phone (any format) or email and jump to the profile. */
import { useEffect, useState, type KeyboardEvent } from 'react';
import { Badge, Group, Loader, Modal, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconBuilding, IconSearch, IconUser } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Items, SearchHit } from '../../api/types';
import { useFormat } from '../../lib/format';
import { errorMessage } from '../../lib/errors';
import { Ltr } from '../../components/Ltr';

export function SearchSpotlight({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const [active, setActive] = useState(0);
  const [debounced] = useDebouncedValue(q.trim(), 200);

  const search = useQuery({
    queryKey: ['search', debounced],
    queryFn: ({ signal }) => api.get<Items<SearchHit>>('/customers/search', { q: debounced, limit: 10 }, { signal }),
    enabled: opened && debounced.length > 0,
    placeholderData: keepPreviousData,
  });
  const hits = debounced ? search.data?.items ?? [] : [];

  useEffect(() => setActive(0), [debounced]);
  useEffect(() => {
    if (!opened) setQ('');
  }, [opened]);

  const go = (hit: SearchHit | undefined) => {
    if (!hit) return;
    onClose();
    navigate(`/customers/${hit.id}`);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((i) => Math.min(i + 1, hits.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      go(hits[active]);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} withCloseButton={false} size="lg" yOffset="10vh" padding="sm" title={null} aria-label={t('search.title')}>
      <TextInput
        data-autofocus
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        onKeyDown={onKeyDown}
        placeholder={t('search.placeholder')}
        leftSection={<IconSearch size={16} />}
        rightSection={search.isFetching ? <Loader size="xs" /> : null}
        size="md"
        role="combobox"
        aria-expanded={hits.length > 0}
        aria-controls="spotlight-results"
        aria-activedescendant={hits[active] ? `spotlight-${hits[active].id}` : undefined}
        data-testid="spotlight-input"
      />
      <Stack gap={2} mt="sm" id="spotlight-results" role="listbox" aria-label={t('search.results')}>
        {!debounced && <Text c="dimmed" size="sm" ta="center" py="md">{t('search.hint')}</Text>}
        {debounced && search.isError && <Text c="red" size="sm" py="md" ta="center">{errorMessage(t, search.error)}</Text>}
        {debounced && search.isSuccess && hits.length === 0 && !search.isFetching && (
          <Text c="dimmed" size="sm" ta="center" py="md" data-testid="spotlight-empty">{t('search.noResults')}</Text>
        )}
        {hits.map((hit, i) => (
          <UnstyledButton
            key={hit.id}
            id={`spotlight-${hit.id}`}
            role="option"
            aria-selected={i === active}
            onMouseEnter={() => setActive(i)}
            onClick={() => go(hit)}
            p="xs"
            style={{ borderRadius: 8, background: i === active ? 'var(--mantine-color-cyan-0)' : undefined }}
            data-testid="spotlight-result"
          >
            <Group justify="space-between" wrap="nowrap">
              <Group gap="xs" wrap="nowrap">
                {hit.kind === 'organization' ? <IconBuilding size={18} /> : <IconUser size={18} />}
                <div>
                  <Text size="sm" fw={600}>{hit.displayName}</Text>
                  <Text size="xs" c="dimmed">
                    {hit.phone && <Ltr>{fmt.phone(hit.phone)}</Ltr>}
                    {hit.phone && hit.email && ' · '}
                    {hit.email && <Ltr>{hit.email}</Ltr>}
                    {hit.city && ` · ${hit.city}`}
                  </Text>
                </div>
              </Group>
              <Badge variant="light" size="sm">{t(`stage.${hit.lifecycleStage}`)}</Badge>
            </Group>
          </UnstyledButton>
        ))}
      </Stack>
    </Modal>
  );
}
