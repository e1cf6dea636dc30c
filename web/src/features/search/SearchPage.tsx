/** /search?q=…: every kind of record that matches, grouped, with more of each than the Ctrl+K palette has room for. */
import { useEffect, useState } from 'react';
import { Badge, CloseButton, Group, Loader, Paper, Stack, Text, TextInput, Title, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { errorMessage } from '../../lib/errors';
import { useFormat } from '../../lib/format';
import { groupHits, HitText, KIND_ICON, type SearchAnswer } from './hits';

const PAGE_LIMIT = 100;

export function SearchPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [params, setParams] = useSearchParams();
  const [q, setQ] = useState(params.get('q') ?? '');
  const [debounced] = useDebouncedValue(q.trim(), 300);

  // The text is in the address: back/forward and a shared link show the same results.
  useEffect(() => setQ(params.get('q') ?? ''), [params]);
  useEffect(() => {
    if ((params.get('q') ?? '') !== debounced) setParams(debounced ? { q: debounced } : {}, { replace: true });
  }, [debounced]); // eslint-disable-line react-hooks/exhaustive-deps

  const search = useQuery({
    queryKey: ['search', 'page', debounced],
    queryFn: ({ signal }) => api.get<SearchAnswer>('/search', { q: debounced, limit: PAGE_LIMIT }, { signal }),
    enabled: debounced.length > 0,
    placeholderData: keepPreviousData,
  });
  const items = debounced ? search.data?.items ?? [] : [];
  const groups = groupHits(items);

  return (
    <Stack gap="md" maw={900}>
      <div>
        <Title order={1} size="h3">{t('search.pageTitle')}</Title>
        <Text c="dimmed" size="sm">{t('search.pageHint')}</Text>
      </div>
      <TextInput
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        placeholder={t('search.placeholder')}
        leftSection={<IconSearch size={16} />}
        rightSection={search.isFetching ? <Loader size="xs" /> : q ? <CloseButton size="sm" aria-label={t('common.clear')} onClick={() => setQ('')} /> : null}
        aria-label={t('search.title')}
        size="md"
        data-testid="search-page-input"
      />
      {!debounced && <Text c="dimmed" size="sm">{t('search.typeToSearch')}</Text>}
      {debounced && search.isError && <Text c="red" size="sm">{errorMessage(t, search.error)}</Text>}
      {debounced && search.isSuccess && !items.length && !search.isFetching && (
        <Text c="dimmed" size="sm" data-testid="search-page-empty">{t('search.noResults')}</Text>
      )}
      {groups.map((g) => {
        const KindIcon = KIND_ICON[g.kind];
        return (
          <Paper key={g.kind} withBorder p="sm" radius="md" data-testid={`search-group-${g.kind}`}>
            <Group gap="xs" mb="xs" wrap="nowrap">
              <KindIcon size={18} aria-hidden />
              <Title order={2} size="h5">{t(`search.kinds.${g.kind}`)}</Title>
              <Badge variant="light" size="sm">{fmt.number(g.hits.length)}</Badge>
            </Group>
            <Stack gap={2}>
              {g.hits.map(({ hit }) => (
                <UnstyledButton key={hit.id} component={Link} to={hit.url} p="xs" style={{ borderRadius: 8 }} data-testid="search-page-hit" data-kind={hit.kind}>
                  <HitText hit={hit} />
                </UnstyledButton>
              ))}
            </Stack>
          </Paper>
        );
      })}
    </Stack>
  );
}
