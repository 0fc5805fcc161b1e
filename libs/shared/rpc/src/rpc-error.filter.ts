import { ArgumentsHost, Catch, HttpException, Logger, RpcExceptionFilter } from '@nestjs/common';
import { Observable, throwError } from 'rxjs';
import { RpcErrorBody } from '@bazaar/contracts';
import { unavailableDependency } from './dependency-failure';
import { ServiceError } from './service-error';

/**
 * The reply's error: a ServiceError's own; a dependency that could not be reached (a driver's
 * network error, also one thrown before its client noticed the outage) as 503 naming it, which
 * callers retry; anything unexpected as 500 without its details.
 */
export function toRpcErrorBody(exception: unknown): RpcErrorBody {
  if (exception instanceof ServiceError) return exception.toBody();
  const dependency = unavailableDependency(exception);
  if (dependency) return ServiceError.unavailable(dependency, (exception as Error)?.message).toBody();
  if (exception instanceof HttpException) {
    const response = exception.getResponse() as { message?: string | string[] } | string;
    const message = typeof response === 'string' ? response : [response.message ?? exception.message].flat().join('; ');
    return { statusCode: exception.getStatus(), code: exception.getStatus() === 400 ? 'VALIDATION_FAILED' : 'REQUEST_FAILED', message };
  }
  return { statusCode: 500, code: 'INTERNAL_ERROR', message: 'Internal error' };
}

/** Every failed message handler replies with an RpcErrorBody; unexpected errors are logged, not leaked. */
@Catch()
export class RpcErrorFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger(RpcErrorFilter.name);

  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    const body = toRpcErrorBody(exception);
    if (exception instanceof ServiceError && exception.statusCode >= 500) {
      this.logger.warn(`${exception.message}${exception.detail ? ` (${exception.detail})` : ''}`);
    } else if (body.code === 'DEPENDENCY_UNAVAILABLE') {
      this.logger.warn(`${body.message}: ${(exception as Error)?.message}`);
    } else if (body.statusCode >= 500) {
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    }
    return throwError(() => body);
  }
}
