/** The cart's per-line limit (contracts' MAX_LINE_QUANTITY), as a value: the store imports only types from contracts. */
export const MAX_LINE_QUANTITY = 20;
