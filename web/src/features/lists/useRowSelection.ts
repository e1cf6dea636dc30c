/** Checkbox selection of a list page: toggle one, shift-click for the range since the last click, all on the page. */
import { useCallback, useEffect, useRef, useState } from 'react';

export function useRowSelection(pageIds: string[]) {
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const anchor = useRef<number | null>(null);
  const pageKey = pageIds.join(',');
  // Another page, filter or sort: the selection is of rows no longer shown.
  useEffect(() => { setSelected(new Set()); anchor.current = null; }, [pageKey]);

  const toggle = useCallback((id: string, shift: boolean) => {
    const index = pageIds.indexOf(id);
    setSelected((prev) => {
      const next = new Set(prev);
      const on = !prev.has(id);
      if (shift && anchor.current !== null && index >= 0) {
        const [a, b] = anchor.current < index ? [anchor.current, index] : [index, anchor.current];
        for (const rid of pageIds.slice(a, b + 1)) { if (on) next.add(rid); else next.delete(rid); }
      } else if (on) next.add(id);
      else next.delete(id);
      return next;
    });
    anchor.current = index;
  }, [pageKey]);

  const allOnPage = pageIds.length > 0 && pageIds.every((id) => selected.has(id));
  const someOnPage = pageIds.some((id) => selected.has(id));
  const toggleAll = useCallback(() => setSelected(allOnPage ? new Set() : new Set(pageIds)), [allOnPage, pageKey]);
  const clear = useCallback(() => setSelected(new Set()), []);
  return { selected, ids: [...selected], toggle, toggleAll, allOnPage, someOnPage, clear };
}
export type RowSelection = ReturnType<typeof useRowSelection>;
