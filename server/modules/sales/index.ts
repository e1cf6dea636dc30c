// Sales: the catalog (products, price lists), pipelines with stages, deals on a board, and lead conversion.
export { products, priceLists, priceListItems, pipelines, pipelineStages, deals, dealItems, dealStageEvents } from './sales.tables.ts';
export {
  listProducts, getProduct, loadProduct, productsByIds, createProduct, updateProduct, setProductActive, deleteProduct,
  bulkEditProducts, productCategories, consumableCycles, productNamesByKeys, presentProduct, productSearchDoc, findProductByKey, type ProductView, type ProductRow,
} from './products.service.ts';
export { listPriceLists, getPriceList, createPriceList, updatePriceList, deletePriceList, setPriceListItems, resolvePrice, productPrice, activePriceList } from './price-lists.service.ts';
export {
  ensureDefaultPipeline, defaultPipelineId, listPipelines, getPipeline, createPipeline, updatePipeline, deletePipeline, stagesOf, loadStage, DEFAULT_PIPELINE,
} from './pipelines.service.ts';
export { loadVisibleDeal, visibleDealsSql, dealById, createDeal, updateDeal, deleteDeal, itemsOf, stageHistory, type DealView, type DealRow } from './deals.service.ts';
export { moveDeal, markDealWon } from './deal-move.service.ts';
export { bulkEditDeals, undoDealBulk } from './deals-bulk.service.ts';
export { listDeals, pipelineBoard } from './deals.query.ts';
export { searchDealHits, searchProductHits } from './sales.search.ts';
export { convertLead } from './conversion.service.ts';
export { lineTotal, itemsTotal, quantityMilli, applyPercent, divRound } from './sales.values.ts';
export { registerSalesViews, dealsSection } from './sales.timeline.ts';
export { registerSalesMover } from './sales.mover.ts';
export { registerSalesDataRights } from './sales.data-rights.ts';
