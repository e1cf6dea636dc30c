import { useState, type ReactNode } from 'react';
import { Badge, Box, Code, Group, Text, UnstyledButton, useDirection } from '@mantine/core';
import { IconChevronDown, IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Ltr } from '../../components/Ltr';
import { isNullable, isPrimitiveArray, resolve, typeLabel, type JsonSchema, type OpenApiDoc } from './openapi';

type Child = { name: string; schema: JsonSchema; required: boolean; kind: 'prop' | 'items' | 'map' | 'variant' };

/** The nested parts of a schema, as named rows: properties, array items, map values, "one of" variants. */
function childrenOf(doc: OpenApiDoc, s: JsonSchema, variantLabel: (n: number) => string): Child[] {
  const out: Child[] = [];
  const parts = s.allOf ? [s, ...s.allOf.map((x) => resolve(doc, x))] : [s];
  for (const p of parts) {
    for (const [name, child] of Object.entries(p.properties ?? {})) out.push({ name, schema: child, required: Boolean(p.required?.includes(name)), kind: 'prop' });
    if (p.items && !isPrimitiveArray(p)) out.push({ name: '[ ]', schema: p.items, required: false, kind: 'items' });
    if (p.additionalProperties && typeof p.additionalProperties === 'object') out.push({ name: '{ key }', schema: p.additionalProperties, required: false, kind: 'map' });
    const variants = (p.anyOf ?? p.oneOf ?? []).filter((v) => v.type !== 'null');
    if (variants.length > 1) variants.forEach((v, i) => out.push({ name: variantLabel(i + 1), schema: v, required: false, kind: 'variant' }));
    else if (variants.length === 1) out.push(...childrenOf(doc, resolve(doc, variants[0]), variantLabel));
  }
  return out;
}

/** A single "anyOf [X, null]" reads as X, nullable. */
function unwrap(doc: OpenApiDoc, s: JsonSchema): JsonSchema {
  const r = resolve(doc, s);
  const variants = (r.anyOf ?? r.oneOf ?? []).filter((v) => v.type !== 'null');
  if (!r.type && variants.length === 1 && !r.properties) return { ...resolve(doc, variants[0]), nullable: true, description: r.description ?? variants[0].description };
  return r;
}

function Node({ doc, child, depth, seen }: { doc: OpenApiDoc; child: Child; depth: number; seen: string[] }) {
  const { t } = useTranslation();
  const schema = unwrap(doc, child.schema);
  const ref = child.schema.$ref;
  const cyclic = Boolean(ref && seen.includes(ref));
  const kids = cyclic || depth > 10 ? [] : childrenOf(doc, schema, (n) => t('apiDocs.variant', { n }));
  const [open, setOpen] = useState(depth < 2);
  const { dir } = useDirection();
  const Closed = dir === 'rtl' ? IconChevronLeft : IconChevronRight;
  const toggle = kids.length > 0;
  const label = (
    <Group gap={6} wrap="wrap" align="baseline">
      {toggle && (
        <Box component="span" style={{ display: 'inline-flex', alignSelf: 'center' }}>{open ? <IconChevronDown size={14} /> : <Closed size={14} />}</Box>
      )}
      <Ltr><Text span ff="monospace" fz="sm" fw={child.kind === 'prop' ? 600 : 400} c={child.kind === 'prop' ? undefined : 'dimmed'}>{child.name}</Text></Ltr>
      <Ltr><Text span fz="xs" c="blue.7" ff="monospace">{typeLabel(schema)}</Text></Ltr>
      {child.required && <Badge size="xs" color="red" variant="light">{t('apiDocs.required')}</Badge>}
      {isNullable(schema) && <Badge size="xs" color="gray" variant="light">{t('apiDocs.nullable')}</Badge>}
      {cyclic && <Badge size="xs" color="gray" variant="outline">{t('apiDocs.recursive')}</Badge>}
    </Group>
  );
  return (
    <Box py={2}>
      {toggle ? <UnstyledButton onClick={() => setOpen((o) => !o)} aria-expanded={open} style={{ display: 'block', width: '100%' }}>{label}</UnstyledButton> : label}
      <Box ps={toggle ? 20 : 0}>
        {schema.description && <Text fz="xs" c="dimmed">{schema.description}</Text>}
        {(schema.enum ?? (isPrimitiveArray(schema) ? schema.items?.enum : undefined)) && (
          <Group gap={4} mt={2}>
            <Text fz="xs" c="dimmed">{t('apiDocs.oneOfValues')}</Text>
            {(schema.enum ?? schema.items?.enum ?? []).map((v) => <Code key={String(v)} fz="xs" dir="ltr">{JSON.stringify(v)}</Code>)}
          </Group>
        )}
        {schema.pattern && !schema.format && <Text fz="xs" c="dimmed">{t('apiDocs.pattern')} <Code fz="xs" dir="ltr">{schema.pattern.length > 60 ? `${schema.pattern.slice(0, 60)}…` : schema.pattern}</Code></Text>}
      </Box>
      {toggle && open && (
        <Box ms={6} ps="sm" style={{ borderInlineStart: '1px solid var(--mantine-color-default-border)' }}>
          {kids.map((k, i) => <Node key={`${k.name}-${i}`} doc={doc} child={k} depth={depth + 1} seen={ref ? [...seen, ref] : seen} />)}
        </Box>
      )}
    </Box>
  );
}

/** A JSON schema as a readable tree: each field with its type, whether it is required or nullable, and its values. */
export function SchemaTree({ doc, schema, rootName }: { doc: OpenApiDoc; schema: JsonSchema | undefined; rootName?: ReactNode }) {
  const { t } = useTranslation();
  if (!schema) return <Text fz="sm" c="dimmed">{t('apiDocs.noBody')}</Text>;
  const root = unwrap(doc, schema);
  const kids = childrenOf(doc, root, (n) => t('apiDocs.variant', { n }));
  if (kids.length === 0) {
    return <Group gap={6}>{rootName}<Ltr><Text span fz="xs" c="blue.7" ff="monospace">{typeLabel(root)}</Text></Ltr>{root.description && <Text fz="xs" c="dimmed">{root.description}</Text>}</Group>;
  }
  return (
    <Box data-testid="schema-tree">
      {root.description && <Text fz="xs" c="dimmed" mb={4}>{root.description}</Text>}
      {kids.map((k, i) => <Node key={`${k.name}-${i}`} doc={doc} child={k} depth={0} seen={schema.$ref ? [schema.$ref] : []} />)}
    </Box>
  );
}
