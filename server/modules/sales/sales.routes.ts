import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app-context.ts';
import { productRoutes } from './products.routes.ts';
import { dealRoutes } from './deals.routes.ts';

/** Products, price lists, pipelines and deals. */
export function salesRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    await app.register(productRoutes(ctx));
    await app.register(dealRoutes(ctx));
  };
}
