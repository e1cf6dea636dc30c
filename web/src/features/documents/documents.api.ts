/** Queries and cache keys of quotes and invoices. */
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { DocumentDetail, DocumentPage } from './documents.types';

export const DOCS_PAGE_SIZE = 25;
export type DocumentFilters = { kind?: string; status?: string; q?: string; from?: string; to?: string; customerId?: string; ownerId?: string; sort?: string };

export const documentKey = (id: string) => ['document', id];

export const useDocuments = (filters: DocumentFilters, page: number) =>
  useQuery({
    queryKey: ['documents', filters, page],
    queryFn: ({ signal }) => api.get<DocumentPage>('/documents', { ...filters, page, pageSize: DOCS_PAGE_SIZE }, { signal }),
    placeholderData: keepPreviousData,
  });

export const useDocument = (id: string | undefined) =>
  useQuery({ queryKey: documentKey(id ?? ''), queryFn: () => api.get<DocumentDetail>(`/documents/${id}`), enabled: Boolean(id) });

/** After a change: this document, the lists, and the customer's 360° view (purchases, timeline) are stale. */
export function useDocumentChanged() {
  const queryClient = useQueryClient();
  return (doc: DocumentDetail) => {
    queryClient.setQueryData(documentKey(doc.id), doc);
    void queryClient.invalidateQueries({ queryKey: ['documents'] });
    void queryClient.invalidateQueries({ queryKey: ['customer', doc.customerId] });
    void queryClient.invalidateQueries({ queryKey: ['timeline', doc.customerId] });
  };
}
