import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../http/context.ts';
import { actorOf } from '../../http/auth-hooks.ts';
import { withTx } from '../../db/tx.ts';
import {
  productCreate, productUpdate, productListQuery, productBulk, productPriceQuery, priceListCreate, priceListUpdate, priceListItemsSet,
  productPage, categoryList, bulkEditResult, productView, productPriceView, priceListList, priceListView, priceListDetail,
} from '../../../common/sales.schemas.ts';
import { noContent } from '../../../common/api.schemas.ts';
import {
  listProducts, getProduct, createProduct, updateProduct, setProductActive, deleteProduct, bulkEditProducts, productCategories,
  listPriceLists, getPriceList, createPriceList, updatePriceList, deletePriceList, setPriceListItems, productPrice,
} from './index.ts';

const idParam = z.object({ id: z.uuid() });
const tags = ['sales'];

/** The catalog: products, categories, price lists. */
export function productRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const db = ctx.database.db;
    const tx = <T>(fn: (tx: typeof db) => Promise<T>) => withTx(ctx.database, fn);

    r.get('/api/products', { schema: { tags, summary: 'Search (code/name, fa_norm), filter and page products', querystring: productListQuery, response: { 200: productPage } } },
      async (req) => listProducts(db, actorOf(req), req.query));
    r.get('/api/product-categories', { schema: { tags, summary: 'Distinct product categories with counts', response: { 200: categoryList } } },
      async (req) => productCategories(db, actorOf(req)));
    r.post('/api/products/bulk', { schema: { tags, summary: 'Bulk edit: set category/active/tax class, change prices by a percent or an amount (all or nothing)', body: productBulk, response: { 200: bulkEditResult } } },
      async (req) => tx((t) => bulkEditProducts(t, actorOf(req), ctx.clock, req.body)));
    r.get('/api/products/:id', { schema: { tags, summary: 'One product', params: idParam, response: { 200: productView } } },
      async (req) => getProduct(db, actorOf(req), req.params.id));
    r.get('/api/products/:id/price', { schema: { tags, summary: 'The price of a product: the price list’s override, else the list price', params: idParam, querystring: productPriceQuery, response: { 200: productPriceView } } },
      async (req) => productPrice(db, actorOf(req), req.params.id, req.query.priceListId));
    r.post('/api/products', { schema: { tags, summary: 'Create a product (409 when the code is taken, case-insensitively)', body: productCreate, response: { 201: productView } } },
      async (req, reply) => reply.status(201).send(await tx((t) => createProduct(t, actorOf(req), ctx.clock, req.body))));
    r.patch('/api/products/:id', { schema: { tags, summary: 'Edit a product (audited)', params: idParam, body: productUpdate, response: { 200: productView } } },
      async (req) => tx((t) => updateProduct(t, actorOf(req), ctx.clock, req.params.id, req.body)));
    r.post('/api/products/:id/deactivate', { schema: { tags, summary: 'Deactivate a product (kept on its deals and documents)', params: idParam, response: { 200: productView } } },
      async (req) => tx((t) => setProductActive(t, actorOf(req), ctx.clock, req.params.id, false)));
    r.delete('/api/products/:id', { schema: { tags, summary: 'Delete a never-used product (409 once used: deactivate it)', params: idParam, response: { 204: noContent } } }, async (req, reply) => {
      await tx((t) => deleteProduct(t, actorOf(req), req.params.id));
      return reply.status(204).send();
    });

    r.get('/api/price-lists', { schema: { tags, summary: 'Price lists', response: { 200: priceListList } } }, async (req) => listPriceLists(db, actorOf(req)));
    r.post('/api/price-lists', { schema: { tags, summary: 'Create a price list', body: priceListCreate, response: { 201: priceListView } } },
      async (req, reply) => reply.status(201).send(await tx((t) => createPriceList(t, actorOf(req), req.body))));
    r.get('/api/price-lists/:id', { schema: { tags, summary: 'A price list with its prices', params: idParam, response: { 200: priceListDetail } } },
      async (req) => getPriceList(db, actorOf(req), req.params.id));
    r.patch('/api/price-lists/:id', { schema: { tags, summary: 'Rename or (de)activate a price list', params: idParam, body: priceListUpdate, response: { 200: priceListDetail } } },
      async (req) => tx((t) => updatePriceList(t, actorOf(req), req.params.id, req.body)));
    r.delete('/api/price-lists/:id', { schema: { tags, summary: 'Delete a price list and its prices', params: idParam, response: { 204: noContent } } }, async (req, reply) => {
      await tx((t) => deletePriceList(t, actorOf(req), req.params.id));
      return reply.status(204).send();
    });
    r.post('/api/price-lists/:id/items', { schema: { tags, summary: 'Set (or with null remove) the list’s prices of products', params: idParam, body: priceListItemsSet, response: { 200: priceListDetail } } },
      async (req) => tx((t) => setPriceListItems(t, actorOf(req), req.params.id, req.body)));
  };
}
