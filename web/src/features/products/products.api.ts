/** Shapes and queries of the catalog: products, categories, price lists (docs/api.md, Sales). */
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';

export type ProductKind = 'product' | 'service';
export type TaxClass = 'standard' | 'exempt';

export type Product = {
  id: string;
  code: string;
  kind: ProductKind;
  nameFa: string;
  nameEn: string | null;
  category: string | null;
  unit: string;
  /** Whole Rials as a decimal string. */
  price: string;
  taxClass: TaxClass;
  active: boolean;
  description: string | null;
  createdAt: string;
  updatedAt: string;
};
export type ProductPage = { items: Product[]; total: number; page: number; pageSize: number };
export type Category = { name: string; count: number; activeCount: number };
export type PriceList = { id: string; name: string; active: boolean; createdAt: string; itemCount?: number };
export type PriceListItem = { productId: string; code: string; nameFa: string; price: string; productPrice: string; active: boolean };
export type PriceListDetail = PriceList & { items: PriceListItem[] };
export type BulkResult = { matched: number; changed: number };

export type ProductFilters = { q?: string; category?: string; kind?: ProductKind; active?: 'true' | 'false'; sort?: string };

export const productsKey = ['products'] as const;

export const useCategories = () =>
  useQuery({ queryKey: ['products', 'categories'], queryFn: () => api.get<{ items: Category[] }>('/product-categories'), staleTime: 30_000 });

export const usePriceLists = () => useQuery({ queryKey: ['price-lists'], queryFn: () => api.get<{ items: PriceList[] }>('/price-lists') });

/** The product's name in the user's language (the Persian name when there is no English one). */
export const productName = (p: { nameFa: string; nameEn?: string | null }, locale: string) => (locale === 'en' && p.nameEn ? p.nameEn : p.nameFa);
