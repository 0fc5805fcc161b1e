import { RpcErrorBody } from '@bazaar/contracts';

/**
 * An expected failure with an HTTP status and a stable code. Services throw it; it crosses the
 * microservice hop as an RpcErrorBody and becomes the same status at the gateway.
 */
export class ServiceError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    /** For the logs only: never sent across the hop or to a client (it may name internal hosts). */
    readonly detail?: string,
    /** Sent with the error (RpcErrorBody.details): facts a client can act on, such as the lines whose price changed. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ServiceError';
  }

  static badRequest(message: string, code = 'VALIDATION_FAILED') {
    return new ServiceError(400, code, message);
  }

  static notFound(code: string, message: string) {
    return new ServiceError(404, code, message);
  }

  static conflict(code: string, message: string, details?: Record<string, unknown>) {
    return new ServiceError(409, code, message, undefined, details);
  }

  static unavailable(dependency: string, detail?: string) {
    return new ServiceError(503, 'DEPENDENCY_UNAVAILABLE', `${dependency} is unavailable`, detail);
  }

  toBody(): RpcErrorBody {
    return { statusCode: this.statusCode, code: this.code, message: this.message, ...(this.details && { details: this.details }) };
  }
}
