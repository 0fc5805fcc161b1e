import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { finalize, Observable, throwError } from 'rxjs';
import { ServiceError } from '@bazaar/shared/rpc';
import { ShutdownState } from './shutdown-state';

/**
 * Counts the microservice requests being handled, so shutdown can wait for them before it closes
 * the sockets, and answers 503 to any that arrive once the drain has begun (a caller on a
 * persistent connection keeps sending until the socket closes; it gets a clear error, not a cut).
 */
@Injectable()
export class RpcDrainInterceptor implements NestInterceptor {
  constructor(
    private readonly state: ShutdownState,
    private readonly serviceName: string,
  ) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (this.state.refusesWork) return throwError(() => ServiceError.unavailable(this.serviceName, 'it is shutting down'));
    this.state.begin();
    return next.handle().pipe(finalize(() => this.state.end()));
  }
}
