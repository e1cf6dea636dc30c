/**
 * Ctrl+K / ⌘K (or the header's search button): one box for customers, tickets, quotes and invoices, deals, products and
 * contracts (GET /api/search). Searches as you type (debounced; a newer text cancels the request of an older one),
 * grouped by kind; ↑ ↓ move, Enter opens, Esc closes; the last option opens the full results page.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { Group, Loader, Modal, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconArrowRight, IconSearch } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { errorMessage } from '../../lib/errors';
import { groupHits, HitText, type SearchAnswer } from './hits';

const PALETTE_LIMIT = 20;

export function SearchSpotlight({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const [active, setActive] = useState(0);
  const [debounced] = useDebouncedValue(q.trim(), 200);
  const listRef = useRef<HTMLDivElement>(null);

  const search = useQuery({
    queryKey: ['search', 'palette', debounced],
    // The signal: when the text changes, the request for the older text is aborted.
    queryFn: ({ signal }) => api.get<SearchAnswer>('/search', { q: debounced, limit: PALETTE_LIMIT }, { signal }),
    enabled: opened && debounced.length > 0,
    placeholderData: keepPreviousData,
  });
  const hits = debounced ? search.data?.items ?? [] : [];
  const groups = groupHits(hits);
  // The options: every hit, then "see all results".
  const seeAllIndex = hits.length;
  const optionCount = debounced && hits.length ? hits.length + 1 : 0;

  useEffect(() => setActive(0), [debounced]);
  useEffect(() => {
    if (!opened) setQ('');
  }, [opened]);
  useEffect(() => {
    listRef.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const open = (url: string) => {
    onClose();
    navigate(url);
  };
  const choose = (i: number) => {
    if (i === seeAllIndex) open(`/search?q=${encodeURIComponent(q.trim())}`);
    else if (hits[i]) open(hits[i].url);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((i) => Math.min(i + 1, optionCount - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (e.key === 'Enter' && !e.nativeEvent.isComposing) {
      e.preventDefault();
      if (optionCount) choose(active);
      else if (q.trim()) open(`/search?q=${encodeURIComponent(q.trim())}`);
    }
  };

  const optionStyle = (i: number) => ({ borderRadius: 8, background: i === active ? 'var(--mantine-color-cyan-0)' : undefined });

  return (
    <Modal opened={opened} onClose={onClose} withCloseButton={false} size="lg" yOffset="8vh" padding="sm" title={null} aria-label={t('search.title')}>
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
        aria-label={t('search.title')}
        aria-expanded={optionCount > 0}
        aria-controls="spotlight-results"
        aria-activedescendant={optionCount ? `spotlight-option-${active}` : undefined}
        data-testid="spotlight-input"
      />
      <Stack gap={2} mt="sm" id="spotlight-results" role="listbox" aria-label={t('search.results')} ref={listRef} mah="60vh" style={{ overflowY: 'auto' }}>
        {!debounced && <Text c="dimmed" size="sm" ta="center" py="md">{t('search.hint')}</Text>}
        {debounced && search.isError && <Text c="red" size="sm" py="md" ta="center">{errorMessage(t, search.error)}</Text>}
        {debounced && search.isSuccess && hits.length === 0 && !search.isFetching && (
          <Text c="dimmed" size="sm" ta="center" py="md" data-testid="spotlight-empty">{t('search.noResults')}</Text>
        )}
        {groups.map((g) => (
          <div key={g.kind} role="group" aria-labelledby={`spotlight-group-${g.kind}`} data-testid={`spotlight-group-${g.kind}`}>
            <Text id={`spotlight-group-${g.kind}`} size="xs" fw={700} c="dimmed" px="xs" pt={6} pb={2}>{t(`search.kinds.${g.kind}`)}</Text>
            {g.hits.map(({ hit, index }) => (
              <UnstyledButton
                key={`${hit.kind}:${hit.id}`}
                id={`spotlight-option-${index}`}
                role="option"
                aria-selected={index === active}
                onMouseEnter={() => setActive(index)}
                onClick={() => choose(index)}
                p="xs"
                w="100%"
                style={optionStyle(index)}
                data-testid="spotlight-result"
                data-kind={hit.kind}
              >
                <HitText hit={hit} />
              </UnstyledButton>
            ))}
          </div>
        ))}
        {optionCount > 0 && (
          <UnstyledButton
            id={`spotlight-option-${seeAllIndex}`}
            role="option"
            aria-selected={active === seeAllIndex}
            onMouseEnter={() => setActive(seeAllIndex)}
            onClick={() => choose(seeAllIndex)}
            p="xs"
            mt={4}
            w="100%"
            style={optionStyle(seeAllIndex)}
            data-testid="spotlight-see-all"
          >
            <Group gap={6} wrap="nowrap" c="cyan.8">
              <Text size="sm" fw={600}>{t('search.seeAll')}</Text>
              <IconArrowRight size={16} style={{ transform: i18n.dir() === 'rtl' ? 'scaleX(-1)' : undefined }} aria-hidden />
            </Group>
          </UnstyledButton>
        )}
      </Stack>
    </Modal>
  );
}
