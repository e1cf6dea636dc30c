/** What the palette and the results page share: the answer's type, grouping by kind, each kind's icon and one hit's row. */
import { Group, Text } from '@mantine/core';
import { IconFileCertificate, IconFileInvoice, IconLifebuoy, IconPackage, IconTargetArrow, IconUser, type Icon } from '@tabler/icons-react';
import type { SearchAnswer, SearchHit, SearchKind } from '../../../../common/search.schemas';
import { useFormat } from '../../lib/format';

export type { SearchAnswer, SearchHit, SearchKind };

export const KIND_ICON: Record<SearchKind, Icon> = {
  customer: IconUser, ticket: IconLifebuoy, document: IconFileInvoice, deal: IconTargetArrow, product: IconPackage, contract: IconFileCertificate,
};

export type HitGroup = { kind: SearchKind; hits: { hit: SearchHit; index: number }[] };

/** The server answers grouped (best group first); this keeps that order and numbers the hits for keyboard navigation. */
export function groupHits(items: SearchHit[]): HitGroup[] {
  const groups: HitGroup[] = [];
  items.forEach((hit, index) => {
    const last = groups[groups.length - 1];
    if (last && last.kind === hit.kind) last.hits.push({ hit, index });
    else groups.push({ kind: hit.kind, hits: [{ hit, index }] });
  });
  return groups;
}

/** Numbers (#12, phones, document numbers) follow the language's digits; names, emails and codes with letters stay as typed. */
const NUMBERISH = /^[#+\d\s()-]+$|^[A-Z]{1,4}-\d{4}-\d{3,}$/;

/**
 * One hit: title over subtitle. Each part is a bidi island (<bdi>), so a Latin code in the Persian UI or a
 * Persian name in the English UI never drags the punctuation around it to the wrong side.
 */
export function HitText({ hit }: { hit: SearchHit }) {
  const fmt = useFormat();
  // A number reads left to right whatever the language (#۱۲, ۰۹۱۲ ۱۲۳ ۴۵۶۷, PF-۱۴۰۵-۰۰۰۰۱); other text takes its own direction.
  const island = (s: string) => (NUMBERISH.test(s) ? <bdi dir="ltr">{fmt.digits(s)}</bdi> : <bdi dir="auto">{s}</bdi>);
  const parts = hit.subtitle ? hit.subtitle.split(' · ') : [];
  const KindIcon = KIND_ICON[hit.kind];
  return (
    <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
      <KindIcon size={18} aria-hidden style={{ flex: 'none' }} />
      <div style={{ minWidth: 0 }}>
        <Text size="sm" fw={600} truncate="end" data-testid="search-hit-title">{island(hit.title)}</Text>
        {parts.length > 0 && (
          <Text size="xs" c="dimmed" truncate="end" data-testid="search-hit-subtitle">
            {parts.map((p, i) => (
              <span key={i}>{i > 0 && ' · '}{island(p)}</span>
            ))}
          </Text>
        )}
      </div>
    </Group>
  );
}
