import { ClientProxy } from '@nestjs/microservices';
import { firstValueFrom, timeout, TimeoutError } from 'rxjs';
import { isRpcErrorBody } from '@bazaar/contracts';
import { ServiceError } from './service-error';

export const DEFAULT_CALL_TIMEOUT_MS = 3000;

/**
 * One request/response call to another service with a deadline. Whatever happens, the caller gets
 * a ServiceError that keeps the meaning: the callee's own error (404 stays 404), 504 when it does
 * not answer in time, 503 when it cannot be reached.
 */
export async function callService<T>(
  client: ClientProxy,
  service: string,
  pattern: string,
  data: unknown,
  timeoutMs = DEFAULT_CALL_TIMEOUT_MS,
): Promise<T> {
  try {
    return await firstValueFrom(client.send<T>(pattern, data).pipe(timeout(timeoutMs)));
  } catch (error) {
    if (isRpcErrorBody(error)) throw new ServiceError(error.statusCode, error.code, error.message);
    if (error instanceof TimeoutError) {
      throw new ServiceError(504, 'DEPENDENCY_TIMEOUT', `${service} did not answer within ${timeoutMs} ms`);
    }
    throw ServiceError.unavailable(service, (error as Error)?.message);
  }
}
