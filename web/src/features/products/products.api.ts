/** Shapes and queries of the catalog: products, categories, price lists (docs/api.md, Sales). */
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Answer } from '../../api/types';
import type {
  PRODUCT_KINDS, TAX_CLASSES, productView, productPage, categoryList, priceListView, priceListItemView, priceListDetail, bulkEditResult,
} from '../../../../common/sales.schemas';

export type ProductKind = (typeof PRODUCT_KINDS)[number];
export type TaxClass = (typeof TAX_CLASSES)[number];

/** Money is whole Rials as a decimal string. */
export type Product = Answer<typeof productView>;
export type ProductPage = Answer<typeof productPage>;
export type Category = Answer<typeof categoryList>['items'][number];
export type PriceList = Answer<typeof priceListView>;
export type PriceListItem = Answer<typeof priceListItemView>;
export type PriceListDetail = Answer<typeof priceListDetail>;
export type BulkResult = Answer<typeof bulkEditResult>;

export type ProductFilters = { q?: string; category?: string; kind?: ProductKind; active?: 'true' | 'false'; sort?: string };

export const productsKey = ['products'] as const;

export const useCategories = () =>
  useQuery({ queryKey: ['products', 'categories'], queryFn: () => api.get<{ items: Category[] }>('/product-categories'), staleTime: 30_000 });

export const usePriceLists = () => useQuery({ queryKey: ['price-lists'], queryFn: () => api.get<{ items: PriceList[] }>('/price-lists') });

/** The product's name in the user's language (the Persian name when there is no English one). */
export const productName = (p: { nameFa: string; nameEn?: string | null }, locale: string) => (locale === 'en' && p.nameEn ? p.nameEn : p.nameFa);
