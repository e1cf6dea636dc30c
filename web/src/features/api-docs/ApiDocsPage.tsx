import { useMemo, useState } from 'react';
import { Accordion, Anchor, Badge, Code, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { Ltr } from '../../components/Ltr';
import { QueryStates } from '../../components/States';
import { groupByTag, jsonSchemaOf, matches, typeLabel, type Endpoint, type Method, type OpenApiDoc } from './openapi';
import { SchemaTree } from './SchemaTree';

const METHOD_COLOR: Record<Method, string> = { get: 'blue', post: 'teal', put: 'orange', patch: 'yellow', delete: 'red' };

export function MethodBadge({ method }: { method: Method }) {
  return <Badge color={METHOD_COLOR[method]} variant="filled" w={64} radius="sm" style={{ flexShrink: 0 }}>{method.toUpperCase()}</Badge>;
}

function EndpointDetails({ doc, e }: { doc: OpenApiDoc; e: Endpoint }) {
  const { t } = useTranslation();
  const params = e.op.parameters ?? [];
  const body = jsonSchemaOf(e.op.requestBody);
  return (
    <Stack gap="sm">
      {e.op.description && <Text size="sm">{e.op.description}</Text>}
      {params.length > 0 && (
        <div>
          <Title order={6} mb={4}>{t('apiDocs.parameters')}</Title>
          <Table withTableBorder fz="sm" verticalSpacing={4}>
            <Table.Thead><Table.Tr><Table.Th>{t('apiDocs.name')}</Table.Th><Table.Th>{t('apiDocs.in')}</Table.Th><Table.Th>{t('apiDocs.type')}</Table.Th><Table.Th /></Table.Tr></Table.Thead>
            <Table.Tbody>
              {params.map((p) => (
                <Table.Tr key={`${p.in}:${p.name}`}>
                  <Table.Td><Ltr><Code>{p.name}</Code></Ltr>{p.description && <Text fz="xs" c="dimmed">{p.description}</Text>}</Table.Td>
                  <Table.Td>{t(`apiDocs.location.${p.in}`, { defaultValue: p.in })}</Table.Td>
                  <Table.Td><Ltr><Text span fz="xs" ff="monospace">{p.schema ? typeLabel(p.schema) : '—'}</Text></Ltr>{p.schema?.enum && <Text fz="xs" c="dimmed" dir="ltr">{p.schema.enum.map(String).join(' | ')}</Text>}</Table.Td>
                  <Table.Td>{p.required && <Badge size="xs" color="red" variant="light">{t('apiDocs.required')}</Badge>}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      )}
      {e.op.requestBody && (
        <div>
          <Title order={6} mb={4}>{t('apiDocs.requestBody')}</Title>
          <Paper withBorder p="xs" radius="sm"><SchemaTree doc={doc} schema={body} /></Paper>
        </div>
      )}
      <div>
        <Title order={6} mb={4}>{t('apiDocs.responses')}</Title>
        <Stack gap="xs">
          {Object.entries(e.op.responses ?? {}).map(([status, r]) => (
            <Paper key={status} withBorder p="xs" radius="sm">
              <Group gap="xs" mb={4}>
                <Badge variant="light" color={status.startsWith('2') ? 'teal' : status.startsWith('4') ? 'orange' : 'gray'} dir="ltr">{status}</Badge>
                {r.description && r.description !== 'Default Response' && <Text fz="xs" c="dimmed">{r.description}</Text>}
              </Group>
              <SchemaTree doc={doc} schema={jsonSchemaOf(r)} />
            </Paper>
          ))}
        </Stack>
      </div>
    </Stack>
  );
}

/** The API's own OpenAPI document, browsable: operations by tag, their parameters and request/response schemas. */
export function ApiDocsPage() {
  const { t } = useTranslation();
  const doc = useQuery({ queryKey: ['openapi'], queryFn: () => api.get<OpenApiDoc>('/openapi.json'), staleTime: Infinity });
  const [search, setSearch] = useState('');
  const [open, setOpen] = useState<string[]>([]);
  const groups = useMemo(() => (doc.data ? groupByTag(doc.data, t('apiDocs.untagged')) : []), [doc.data, t]);
  const shown = useMemo(() => groups.map((g) => ({ ...g, endpoints: g.endpoints.filter((e) => matches(e, search)) })).filter((g) => g.endpoints.length > 0), [groups, search]);
  const total = shown.reduce((n, g) => n + g.endpoints.length, 0);

  return (
    <Stack gap="md" data-testid="api-docs">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>{t('apiDocs.title')}</Title>
          {doc.data?.info?.version && <Text size="sm" c="dimmed">{doc.data.info.title} · <Ltr>v{doc.data.info.version}</Ltr></Text>}
        </div>
        <Anchor href="/api/openapi.json" target="_blank" size="sm"><Ltr>openapi.json</Ltr></Anchor>
      </Group>
      <Paper withBorder p="sm" radius="md">
        <Stack gap={6}>
          <Text size="sm">{t('apiDocs.auth')} <Code dir="ltr">Authorization: Bearer mhv_…</Code></Text>
          <Text size="sm">{t('apiDocs.errors')} <Code dir="ltr">{'\u200e{"error": {"code", "message", "details"}}\u200e'}</Code></Text>
          <Text size="sm">{t('apiDocs.rateLimits')} <Code dir="ltr">429</Code> <Code dir="ltr">Retry-After</Code> <Code dir="ltr">X-RateLimit-Remaining</Code></Text>
          <Text size="sm">{t('apiDocs.idempotency')} <Code dir="ltr">Idempotency-Key</Code></Text>
        </Stack>
      </Paper>
      <TextInput
        leftSection={<IconSearch size={16} />}
        placeholder={t('apiDocs.search')}
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        data-testid="api-docs-search"
        aria-label={t('apiDocs.search')}
      />
      <QueryStates query={doc} isEmpty={Boolean(doc.data) && total === 0} empty={<Text c="dimmed">{t('apiDocs.noMatch')}</Text>} />
      {doc.data && shown.map((g) => (
        <section key={g.tag} aria-labelledby={`tag-${g.tag}`}>
          <Group gap="xs" mb={6}>
            <Title order={4} id={`tag-${g.tag}`} tt="capitalize">{g.tag}</Title>
            <Badge variant="light" color="gray">{g.endpoints.length}</Badge>
          </Group>
          <Accordion multiple value={open} onChange={setOpen} variant="separated" radius="sm" chevronPosition="left">
            {g.endpoints.map((e) => (
              <Accordion.Item key={e.id} value={e.id} data-testid="api-operation">
                <Accordion.Control>
                  <Group gap="sm" wrap="nowrap">
                    <MethodBadge method={e.method} />
                    <Ltr><Text ff="monospace" fz="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>{e.path}</Text></Ltr>
                    {e.op.summary && <Text fz="sm" c="dimmed" lineClamp={1} visibleFrom="sm">{e.op.summary}</Text>}
                  </Group>
                </Accordion.Control>
                <Accordion.Panel>{open.includes(e.id) && <EndpointDetails doc={doc.data} e={e} />}</Accordion.Panel>
              </Accordion.Item>
            ))}
          </Accordion>
        </section>
      ))}
    </Stack>
  );
}
