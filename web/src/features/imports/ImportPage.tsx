/**
 * The import wizard: upload → mapping and preview (with each row's errors) → options → start → progress bar →
 * summary with the rejected rows to download and undo. The import runs on the server; this page only polls it.
 */
import { useEffect, useState } from 'react';
import { Alert, Button, FileInput, Group, Progress, SegmentedControl, Select, SimpleGrid, Stack, Stepper, Text, Title, Paper } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconDownload, IconFileSpreadsheet, IconArrowBackUp } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { api, buildUrl } from '../../api/client';
import type { ImportMapping, ImportOptions, ImportPreview, ImportView } from '../../api/types';
import { errorMessage } from '../../lib/errors';
import { useFormat } from '../../lib/format';
import { useSession } from '../session/session';
import { IMPORT_ENCODINGS, IMPORT_KINDS, IMPORT_KIND_OBJECTS, type ImportKind } from '../../../../common/imports.schemas';
import { MappingStep } from './MappingStep';

const RUNNING = new Set(['queued', 'running']);
/** Where each kind's records are listed. */
const LIST_OF: Record<ImportKind, string> = { customers: '/customers', products: '/products', purchases: '/documents', interactions: '/customers', tickets: '/tickets' };

export function ImportPage() {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const { can } = useSession();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const id = params.get('id');
  const phone = useMediaQuery('(max-width: 48em)');
  const kinds = IMPORT_KINDS.filter((k) => can(IMPORT_KIND_OBJECTS[k], 'create'));
  const wanted = params.get('kind') as ImportKind | null;
  const [kind, setKind] = useState<ImportKind>(wanted && kinds.includes(wanted) ? wanted : kinds[0] ?? 'customers');
  const [file, setFile] = useState<File | null>(null);
  const [encoding, setEncoding] = useState<string>('auto');
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [mapping, setMapping] = useState<ImportMapping>({});
  const [options, setOptions] = useState<ImportOptions>({ dates: 'auto', moneyUnit: 'rial', onDuplicate: 'skip' });
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [undone, setUndone] = useState<{ removed: number; reverted: number } | null>(null);

  // The import's progress, polled while it runs (the address keeps the id, so a reload finds it again).
  const progress = useQuery({
    queryKey: ['import', id],
    queryFn: () => api.get<ImportView>(`/imports/${id}`),
    enabled: Boolean(id) && !preview,
    refetchInterval: (q) => (q.state.data && RUNNING.has(q.state.data.status) ? 1000 : false),
  });
  const view = progress.data;

  useEffect(() => {
    if (view && !RUNNING.has(view.status)) void queryClient.invalidateQueries({ queryKey: [view.kind === 'purchases' ? 'documents' : view.kind] });
  }, [view?.status]);

  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try { await fn(); } catch (err) { setError(errorMessage(t, err)); } finally { setBusy(false); }
  };

  const upload = () => run(async () => {
    if (!file) return;
    const p = await api.upload<ImportPreview>('/imports', file, { kind, fileName: file.name, encoding });
    setPreview(p);
    setMapping(p.mapping);
    setOptions(p.options);
    setDirty(false);
  });
  const apply = () => run(async () => {
    if (!preview) return;
    const p = await api.put<ImportPreview>(`/imports/${preview.id}`, { mapping, options });
    setPreview(p);
    setDirty(false);
  });
  const start = () => run(async () => {
    if (!preview) return;
    const v = await api.post<ImportView>(`/imports/${preview.id}/start`);
    queryClient.setQueryData(['import', v.id], v);
    setPreview(null);
    setParams({ id: v.id });
  });
  const cancel = () => run(async () => {
    const v = await api.post<ImportView>(`/imports/${id}/cancel`);
    queryClient.setQueryData(['import', id], v);
  });
  const undo = () => run(async () => {
    if (!window.confirm(t(view?.kind === 'customers' ? 'imports.undoConfirm' : 'imports.undoConfirmAny'))) return;
    setUndone(await api.post<{ removed: number; reverted: number }>(`/imports/${id}/undo`));
    await progress.refetch();
  });
  const restart = () => { setParams({}); setPreview(null); setFile(null); setUndone(null); setError(null); };

  const step = preview ? 1 : !id ? 0 : view && RUNNING.has(view.status) ? 2 : 3;
  if (!kinds.length) return <Alert color="red">{t('errors.FORBIDDEN')}</Alert>;
  const shownKind = view?.kind ?? preview?.kind ?? kind;

  return (
    <Stack gap="md" maw={1100}>
      <Group justify="space-between">
        <Title order={1} size="h3">{t('imports.titleAny')}</Title>
        <Button component={Link} to="/customers" variant="subtle">{t('imports.backToCustomers')}</Button>
      </Group>
      <Stepper active={step === 3 ? 4 : step} size="sm">
        <Stepper.Step label={t('imports.stepUpload')} />
        <Stepper.Step label={t('imports.stepMapping')} />
        <Stepper.Step label={t('imports.stepProgress')} />
        <Stepper.Step label={t('imports.stepSummary')} />
      </Stepper>
      {error && <Alert color="red" data-testid="import-error">{error}</Alert>}

      {step === 0 && (
        <Paper withBorder p="md">
          <Stack>
            <Stack gap={4}>
              <Text size="sm" fw={500}>{t('imports.whatKind')}</Text>
              <SegmentedControl
                data={kinds.map((k) => ({ value: k, label: t(`imports.kinds.${k}`) }))} value={kind}
                onChange={(v) => { setKind(v as ImportKind); setParams(v === 'customers' ? {} : { kind: v }); }}
                orientation={phone ? 'vertical' : 'horizontal'} fullWidth data-testid="import-kind"
              />
              <Text c="dimmed" size="sm" data-testid="kind-hint">{t(`imports.kindHint.${kind}`)}</Text>
            </Stack>
            <Text c="dimmed" size="sm">{t('imports.uploadHint')}</Text>
            <FileInput label={t('imports.file')} accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" value={file} onChange={setFile} leftSection={<IconFileSpreadsheet size={16} />} clearable data-testid="import-file" />
            <Select label={t('imports.encoding')} data={IMPORT_ENCODINGS.map((e) => ({ value: e, label: t(`imports.enc.${e}`) }))} value={encoding} onChange={(v) => setEncoding(v ?? 'auto')} allowDeselect={false} />
            <Group justify="flex-end"><Button onClick={upload} disabled={!file} loading={busy} data-testid="upload-file">{t('imports.upload')}</Button></Group>
          </Stack>
        </Paper>
      )}

      {step === 1 && preview && (
        <MappingStep
          kind={shownKind} preview={preview} mapping={mapping} options={options} busy={busy} dirty={dirty}
          onMapping={(m) => { setMapping(m); setDirty(true); }}
          onOptions={(o) => { setOptions(o); setDirty(true); }}
          onApply={apply} onStart={start}
        />
      )}

      {step >= 2 && view && (
        <Paper withBorder p="md" data-testid="import-status" data-status={view.status}>
          <Stack>
            <Group justify="space-between">
              <Text fw={600}>{t(`imports.kinds.${view.kind}`)} · {view.fileName}</Text>
              <Text>{t(`imports.status.${view.status}`)}</Text>
            </Group>
            <Progress value={view.total ? (100 * view.processed) / view.total : 0} animated={RUNNING.has(view.status)} size="lg" data-testid="import-progress" />
            <Text size="sm" c="dimmed">{t('imports.processed', { done: fmt.number(view.processed), n: fmt.number(view.total), count: view.total })}</Text>
            <SimpleGrid cols={{ base: 2, sm: 4 }}>
              {(['created', 'updated', 'skipped', 'rejected'] as const).map((k) => (
                <Paper key={k} withBorder p="sm" data-testid={`count-${k}`}>
                  <Text size="xs" c="dimmed">{t(`imports.count.${k}`)}</Text>
                  <Text fw={700} size="lg">{fmt.number(view[k])}</Text>
                </Paper>
              ))}
            </SimpleGrid>
            {undone && <Alert color="green" data-testid="undo-result">{t(view.kind === 'customers' ? 'imports.undone' : 'imports.undoneAny', { n: fmt.number(undone.removed), count: undone.removed, reverted: fmt.number(undone.reverted) })}</Alert>}
            <Group justify="flex-end">
              {RUNNING.has(view.status) && <Button color="red" variant="light" onClick={cancel} loading={busy}>{t('imports.cancel')}</Button>}
              {view.rejected > 0 && !RUNNING.has(view.status) && (
                <Button component="a" href={buildUrl(`/imports/${view.id}/rejected.csv`, { lang: i18n.language === 'en' ? 'en' : 'fa' })} download variant="default" leftSection={<IconDownload size={16} />} data-testid="download-rejected">{t('imports.downloadRejected')}</Button>
              )}
              {['done', 'cancelled', 'failed'].includes(view.status) && can(IMPORT_KIND_OBJECTS[view.kind], 'delete') && (view.created > 0 || view.updated > 0) && (
                <Button color="red" variant="light" onClick={undo} loading={busy} leftSection={<IconArrowBackUp size={16} />} data-testid="undo-import">{t('imports.undo')}</Button>
              )}
              {!RUNNING.has(view.status) && <Button onClick={restart} variant="default">{t('imports.another')}</Button>}
              {!RUNNING.has(view.status) && <Button component={Link} to={LIST_OF[view.kind]}>{t(`imports.seeList.${view.kind}`)}</Button>}
            </Group>
          </Stack>
        </Paper>
      )}
      {step >= 2 && progress.isError && <Alert color="red">{errorMessage(t, progress.error)}</Alert>}
    </Stack>
  );
}
