// Search: the one search box (Ctrl+K, GET /api/search) — composes the search function each module exports for its own records.
export { searchEverything, shareOut } from './search.service.ts';
