export { listUrl, authHeaders, parseWooError, fetchPage, pullAll, WooError, PER_PAGE, type WooCredentials, type WooResource, type Page } from './woocommerce.client.ts';
export { wooCustomer, wooOrder, wooLineItem, type WooCustomer, type WooOrder, type WooLineItem } from './woocommerce.types.ts';
export { wooSignature, verifyWooSignature } from './woocommerce.webhook.ts';
