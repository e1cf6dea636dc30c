/** Price lists: named sets of prices that override the list price of some products (e.g. «عمده‌فروشی»). */
import { useEffect, useState } from 'react';
import { ActionIcon, Badge, Button, Grid, Group, NavLink, Paper, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { Ltr } from '../../components/Ltr';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { submitHandler, useFormSubmit } from '../../components/useFormSubmit';
import { errorMessage } from '../../lib/errors';
import { useFormat } from '../../lib/format';
import { useSession } from '../session/session';
import { amountError, MoneyInput } from '../../components/MoneyInput';
import { useMoney } from '../../lib/money';
import { ProductPicker } from './ProductPicker';
import { productName, usePriceLists, type PriceList, type PriceListDetail, type Product } from './products.api';

function NewPriceListForm({ onCreated }: { onCreated: (p: PriceList) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const { busy, errors, setErrors, formError, run } = useFormSubmit();
  async function create() {
    if (!name.trim()) return setErrors({ name: t('fieldErrors.required') });
    await run(async () => {
      const created = await api.post<PriceList>('/price-lists', { name: name.trim() });
      await queryClient.invalidateQueries({ queryKey: ['price-lists'] });
      setName('');
      onCreated(created);
    });
  }
  return (
    <form onSubmit={submitHandler(create)} noValidate data-testid="new-price-list-form">
      <Stack gap={6}>
        <FormErrorAlert error={errors.name ? null : formError} />
        <Group gap="xs" align="flex-start" wrap="nowrap">
          <TextInput style={{ flex: 1 }} aria-label={t('sales.priceLists.name')} placeholder={t('sales.priceLists.namePlaceholder')} value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} data-testid="price-list-name" />
          <Button type="submit" loading={busy} leftSection={<IconPlus size={16} />} data-testid="create-price-list">{t('common.create')}</Button>
        </Group>
      </Stack>
    </form>
  );
}

function PriceListEditor({ id, canEdit }: { id: string; canEdit: boolean }) {
  const { t, i18n } = useTranslation();
  const money = useMoney();
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const detail = useQuery({ queryKey: ['price-lists', id], queryFn: () => api.get<PriceListDetail>(`/price-lists/${id}`) });
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [adding, setAdding] = useState<Product | null>(null);
  const [addPrice, setAddPrice] = useState('');
  const { busy, errors, setErrors, formError, run } = useFormSubmit();

  useEffect(() => setDrafts({}), [id]);

  const save = async (items: { productId: string; price: string | null }[]) => {
    await run(async () => {
      const updated = await api.post<PriceListDetail>(`/price-lists/${id}/items`, { items });
      queryClient.setQueryData(['price-lists', id], updated);
      await queryClient.invalidateQueries({ queryKey: ['price-lists'], exact: true });
      notifications.show({ color: 'teal', message: t('sales.priceLists.saved') });
    });
  };

  async function saveDrafts() {
    const items: { productId: string; price: string }[] = [];
    const found: Record<string, string> = {};
    for (const [productId, text] of Object.entries(drafts)) {
      const p = money.parse(text);
      if (!p.ok) found[productId] = amountError(t, p)!;
      else items.push({ productId, price: p.rials });
    }
    setErrors(found);
    if (Object.keys(found).length || !items.length) return;
    await save(items);
    setDrafts({});
  }

  async function add() {
    if (!adding) return setErrors({ add: t('fieldErrors.required') });
    const p = money.parse(addPrice || money.toInput(adding.price));
    if (!p.ok) return setErrors({ addPrice: amountError(t, p)! });
    await save([{ productId: adding.id, price: p.rials }]);
    setAdding(null);
    setAddPrice('');
  }

  async function setActive(active: boolean) {
    try {
      const updated = await api.patch<PriceListDetail>(`/price-lists/${id}`, { active });
      queryClient.setQueryData(['price-lists', id], updated);
      await queryClient.invalidateQueries({ queryKey: ['price-lists'], exact: true });
    } catch (err) {
      notifications.show({ color: 'red', message: errorMessage(t, err) });
    }
  }

  if (detail.isPending) return <LoadingState />;
  if (detail.isError) return <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />;
  const list = detail.data;
  return (
    <Stack gap="sm" data-testid="price-list-editor">
      <Group justify="space-between">
        <Title order={2} size="h5">{list.name}</Title>
        <Switch label={t('sales.priceLists.active')} checked={list.active} disabled={!canEdit} onChange={(e) => void setActive(e.currentTarget.checked)} />
      </Group>
      <FormErrorAlert error={formError} />
      {list.items.length === 0 ? <Text size="sm" c="dimmed">{t('sales.priceLists.noItems')}</Text> : (
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing={4} data-testid="price-list-items">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('sales.products.code')}</Table.Th>
                <Table.Th>{t('sales.products.name')}</Table.Th>
                <Table.Th>{t('sales.priceLists.listPrice')}</Table.Th>
                <Table.Th>{t('sales.priceLists.price')}</Table.Th>
                <Table.Th aria-label={t('common.actions')} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.items.map((it) => (
                <Table.Tr key={it.productId} data-testid="price-list-item">
                  <Table.Td><Text size="sm"><Ltr>{fmt.code(it.code)}</Ltr></Text></Table.Td>
                  <Table.Td><Text size="sm" c={it.active ? undefined : 'dimmed'}>{productName(it, i18n.language)}</Text></Table.Td>
                  <Table.Td><Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>{money.format(it.productPrice)}</Text></Table.Td>
                  <Table.Td miw={170}>
                    {canEdit ? (
                      <MoneyInput size="xs" aria-label={t('sales.priceLists.price')} value={drafts[it.productId] ?? money.toInput(it.price)} onChange={(v) => setDrafts((d) => ({ ...d, [it.productId]: v }))} error={errors[it.productId]} />
                    ) : <Text size="sm">{money.format(it.price)}</Text>}
                  </Table.Td>
                  <Table.Td>
                    {canEdit && (
                      <ActionIcon variant="subtle" color="red" aria-label={t('sales.priceLists.removeItem', { name: it.nameFa })} onClick={() => void save([{ productId: it.productId, price: null }])}>
                        <IconTrash size={16} />
                      </ActionIcon>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {canEdit && Object.keys(drafts).length > 0 && (
        <Group justify="flex-end"><Button onClick={() => void saveDrafts()} loading={busy} data-testid="save-price-list-items">{t('sales.priceLists.saveChanges')}</Button></Group>
      )}
      {canEdit && (
        <Paper withBorder p="sm" radius="md">
          <Text size="sm" fw={600} mb={6}>{t('sales.priceLists.addItem')}</Text>
          <Group gap="xs" align="flex-start" wrap="wrap">
            <div style={{ flex: '2 1 220px' }}>
              <ProductPicker value={adding ? { id: adding.id, label: `${adding.code} — ${productName(adding, i18n.language)}` } : null} onPick={(p) => { setAdding(p); setAddPrice(p ? money.toInput(p.price) : ''); }} error={errors.add} exclude={list.items.map((i) => i.productId)} testId="price-list-product" />
            </div>
            <MoneyInput style={{ flex: '1 1 150px' }} aria-label={t('sales.priceLists.price')} value={addPrice} onChange={setAddPrice} error={errors.addPrice} testId="price-list-price" />
            <Button variant="light" onClick={() => void add()} loading={busy} data-testid="add-price-list-item">{t('common.add')}</Button>
          </Group>
        </Paper>
      )}
    </Stack>
  );
}

export function PriceListsTab() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { can } = useSession();
  const lists = usePriceLists();
  const [current, setCurrent] = useState<string | null>(null);
  const items = lists.data?.items ?? [];
  const chosen = current && items.some((l) => l.id === current) ? current : items[0]?.id ?? null;

  return (
    <Grid gutter="md">
      <Grid.Col span={{ base: 12, md: 4 }}>
        <Paper withBorder p="sm" radius="md">
          <Stack gap="xs">
            {can('products', 'create') && <NewPriceListForm onCreated={(p) => setCurrent(p.id)} />}
            {lists.isPending && <LoadingState />}
            {lists.isError && <ErrorState error={lists.error} onRetry={() => void lists.refetch()} />}
            {lists.data && items.length === 0 && <EmptyState title={t('sales.priceLists.emptyTitle')} hint={t('sales.priceLists.emptyHint')} />}
            <div data-testid="price-lists">
              {items.map((l) => (
                <NavLink
                  key={l.id}
                  label={l.name}
                  active={l.id === chosen}
                  onClick={() => setCurrent(l.id)}
                  rightSection={<Group gap={4} wrap="nowrap">{!l.active && <Badge size="xs" color="gray" variant="outline">{t('sales.products.activeNo')}</Badge>}<Badge size="sm" variant="light">{fmt.number(l.itemCount ?? 0)}</Badge></Group>}
                  data-testid="price-list-link"
                />
              ))}
            </div>
          </Stack>
        </Paper>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 8 }}>
        {chosen && <Paper withBorder p="md" radius="md"><PriceListEditor id={chosen} canEdit={can('products', 'update')} /></Paper>}
      </Grid.Col>
    </Grid>
  );
}
