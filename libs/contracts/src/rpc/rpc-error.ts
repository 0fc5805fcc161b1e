/**
 * What a service replies when a request fails, so the error keeps its meaning across the hop:
 * the gateway answers with the same status (404 stays 404, 400 stays 400).
 */
export interface RpcErrorBody {
  statusCode: number;
  /** A stable machine-readable code, e.g. PRODUCT_NOT_FOUND, OUT_OF_STOCK, VALIDATION_FAILED. */
  code: string;
  message: string;
  /** Facts about the failure a client can act on, shaped per code (e.g. PriceChangedDetails for PRICE_CHANGED). */
  details?: Record<string, unknown>;
}

export function isRpcErrorBody(value: unknown): value is RpcErrorBody {
  const body = value as RpcErrorBody | null;
  return typeof body?.statusCode === 'number' && typeof body.code === 'string' && typeof body.message === 'string';
}
