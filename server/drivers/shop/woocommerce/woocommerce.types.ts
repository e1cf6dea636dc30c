/** The parts of WooCommerce's REST v3 shapes Mehvar reads (https://woocommerce.github.io/woocommerce-rest-api-docs/). */
import { z } from 'zod';

const str = z.string().nullable().optional().transform((v) => v ?? '');

export const wooBilling = z.object({
  first_name: str, last_name: str, company: str, email: str, phone: str, city: str, address_1: str, postcode: str,
}).partial().passthrough();

export const wooCustomer = z.object({
  id: z.number().int(),
  email: str,
  first_name: str,
  last_name: str,
  date_modified_gmt: z.string().nullable().optional(),
  billing: wooBilling.nullable().optional(),
}).passthrough();
export type WooCustomer = z.infer<typeof wooCustomer>;

export const wooLineItem = z.object({
  id: z.number().int(),
  name: str,
  sku: str,
  quantity: z.number(),
  price: z.union([z.number(), z.string()]).optional(),
  subtotal: z.string().optional(),
  total: z.string(),
}).passthrough();
export type WooLineItem = z.infer<typeof wooLineItem>;

export const wooOrder = z.object({
  id: z.number().int(),
  number: z.string().optional(),
  status: z.string(),
  currency: z.string().optional(),
  customer_id: z.number().int().optional(),
  date_created_gmt: z.string().nullable().optional(),
  date_modified_gmt: z.string().nullable().optional(),
  date_paid_gmt: z.string().nullable().optional(),
  total: z.string(),
  shipping_total: z.string().optional(),
  discount_total: z.string().optional(),
  payment_method: str,
  payment_method_title: str,
  transaction_id: str,
  billing: wooBilling.nullable().optional(),
  line_items: z.array(wooLineItem).default([]),
}).passthrough();
export type WooOrder = z.infer<typeof wooOrder>;
