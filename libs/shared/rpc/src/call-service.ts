import { ClientProxy } from '@nestjs/microservices';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { firstValueFrom, timeout, TimeoutError } from 'rxjs';
import { isRpcErrorBody } from '@bazaar/contracts';
import { callBudgetMs, withDeadlineField } from './deadline';
import { ServiceError } from './service-error';
import { withTraceContext } from './trace-context';

const tracer = trace.getTracer('@bazaar/shared/rpc');

export const DEFAULT_CALL_TIMEOUT_MS = 3000;

/**
 * One request/response call to another service with a deadline. Whatever happens, the caller gets
 * a ServiceError that keeps the meaning: the callee's own error (404 stays 404), 504 when it does
 * not answer in time, 503 when it cannot be reached.
 *
 * The call waits `timeoutMs` at most, and never longer than what is left of the ambient deadline
 * (the request being handled, see DeadlineInterceptor); with nothing left it fails at once without
 * sending. The callee gets the budget in the payload, so its own calls share the same deadline.
 */
export async function callService<T>(
  client: ClientProxy,
  service: string,
  pattern: string,
  data: unknown,
  timeoutMs = DEFAULT_CALL_TIMEOUT_MS,
): Promise<T> {
  const budgetMs = callBudgetMs(timeoutMs, `calling ${service} ${pattern}`);
  return tracer.startActiveSpan(`${service} ${pattern}`, { kind: SpanKind.CLIENT, attributes: { 'rpc.system': 'nestjs-tcp', 'rpc.service': service, 'rpc.method': pattern } }, async (span) => {
    try {
      return await send<T>(client, service, pattern, withDeadlineField(withTraceContext(data), budgetMs), budgetMs);
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      throw error;
    } finally {
      span.end();
    }
  });
}

async function send<T>(client: ClientProxy, service: string, pattern: string, data: unknown, timeoutMs: number): Promise<T> {
  try {
    return await firstValueFrom(client.send<T>(pattern, data).pipe(timeout(timeoutMs)));
  } catch (error) {
    if (isRpcErrorBody(error)) throw new ServiceError(error.statusCode, error.code, error.message, undefined, error.details);
    if (error instanceof TimeoutError) {
      throw new ServiceError(504, 'DEPENDENCY_TIMEOUT', `${service} did not answer within ${timeoutMs} ms`);
    }
    throw ServiceError.unavailable(service, (error as Error)?.message);
  }
}
