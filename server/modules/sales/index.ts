// Sales: the catalog (products, price lists), pipelines with stages, deals and lead conversion.
export { products, priceLists, priceListItems, pipelines, pipelineStages, deals, dealItems, dealStageEvents } from './sales.tables.ts';

/** Timeline sources and 360° sections of the sales module. Idempotent. */
export function registerSalesViews(): void {}
