import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../http/context.ts';

/** Products, price lists, pipelines and deals. */
export function salesRoutes(_ctx: AppContext) {
  return async (_app: FastifyInstance) => {};
}
