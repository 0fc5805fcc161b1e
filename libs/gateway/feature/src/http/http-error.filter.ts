import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ServiceError, toRpcErrorBody } from '@bazaar/shared/rpc';
import { MethodNotAllowed } from './method-not-allowed';

export interface HttpErrorBody {
  statusCode: number;
  code: string;
  message: string;
  requestId: string;
  /** Facts a client can act on, when the service sent them (e.g. PRICE_CHANGED's changed lines). */
  details?: Record<string, unknown>;
}

/**
 * One error shape at the edge: `{statusCode, code, message, requestId}` (and `details` when a
 * service sent facts a client can act on), for the API's own errors and Fastify's (malformed
 * JSON, 413, 415, no such route, 405 for a method a path does not take). A service's error keeps
 * its status (404 stays 404); validation failures are 400 with what is wrong; anything unexpected
 * is a 500 that leaks nothing. The health endpoints keep terminus's report, which orchestrators and people read.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(HttpErrorFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    if (exception instanceof HttpException && !(exception instanceof MethodNotAllowed) && request.url.startsWith('/health/')) {
      void reply.status(exception.getStatus()).send(exception.getResponse());
      return;
    }
    if (exception instanceof MethodNotAllowed) void reply.header('allow', exception.allowed.join(', '));
    const { statusCode, code, message, details } = toHttpError(exception);
    if (exception instanceof ServiceError && statusCode >= 500) {
      this.logger.warn(`${request.method} ${request.url}: ${message}${exception.detail ? ` (${exception.detail})` : ''}`);
    } else if (statusCode >= 500) {
      this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    }
    if (statusCode === 429) copyRetryAfter(reply);
    const body: HttpErrorBody = { statusCode, code, message, requestId: String(request.id), ...(details && { details }) };
    void reply.status(statusCode).send(body);
  }
}

/** Codes for the HTTP layer's own refusals (the framework's, not a service's). */
const HTTP_CODES: Record<number, string> = { 404: 'NOT_FOUND', 405: 'METHOD_NOT_ALLOWED', 413: 'PAYLOAD_TOO_LARGE', 415: 'UNSUPPORTED_MEDIA_TYPE' };

function toHttpError(exception: unknown): Omit<HttpErrorBody, 'requestId'> {
  if (exception instanceof HttpException && exception.getStatus() === 429) {
    return { statusCode: 429, code: 'RATE_LIMITED', message: 'Too many requests; slow down and retry shortly' };
  }
  if (exception instanceof HttpException && HTTP_CODES[exception.getStatus()]) {
    return { statusCode: exception.getStatus(), code: HTTP_CODES[exception.getStatus()], message: exception.message };
  }
  return toRpcErrorBody(exception);
}

/** The throttler names its header after the limit hit (Retry-After-checkout); clients read Retry-After. */
function copyRetryAfter(reply: FastifyReply): void {
  const seconds = Object.entries(reply.getHeaders()).find(([name]) => name.toLowerCase().startsWith('retry-after'))?.[1];
  if (seconds !== undefined) void reply.header('retry-after', seconds);
}
