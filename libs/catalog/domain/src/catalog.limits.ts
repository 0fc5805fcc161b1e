/** Cart and order ask for a basket's worth of products; more in one call is a caller bug. */
export const MAX_SNAPSHOT_IDS = 100;

/** More words than this make a query no shopper types, and each one is another index scan. */
export const MAX_SEARCH_TERMS = 8;

export const MAX_SEARCH_QUERY_LENGTH = 200;
